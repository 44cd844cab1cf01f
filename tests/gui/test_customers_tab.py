"""The Customers tab on a seeded database, as a marketing director would use it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTabWidget, QWidget

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.words import VALUE_LABELS
from crm_desktop.tools import demo
from crm_desktop.ui.customers import tab as customers_tab
from crm_desktop.ui.customers.features import CustomerList
from crm_desktop.ui.customers.paged_model import PagedRowModel
from crm_desktop.ui.customers.tab import CustomersTab
from tests.support import wait_idle

TIMEOUT = 15000


@pytest.fixture
def db(demo_db):
    """Every test here works on the demo (3 000 customers, 3 trading days) beside HQ and BR01."""
    return demo_db(customers=3000, days=3)


@pytest.fixture
def director_tab(qtbot, db, runner, gate_password):
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
    conn, info = auth.sign_in(profile, "bj01_director", demo.DEMO_PASSWORD)
    connector = StaffConnector(profile, "bj01_director", demo.DEMO_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    assert isinstance(tab, CustomerList)      # all its features may use is there
    tab.resize(1200, 700)
    tab.show()
    yield tab
    runner.wait()
    connector.close()


def visible_ids(db, login: str) -> set[int]:
    with db.connect(login, demo.DEMO_PASSWORD) as conn:
        from crm_desktop.services import machine
        conn.execute("SELECT * FROM crm.open_session(%s, 'pc', 't')", (machine.local_macs(),))
        return {r[0] for r in conn.execute("SELECT id FROM crm.customer")}


def test_list_shows_exactly_what_rls_allows(qtbot, db, director_tab):
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0 and tab.model.row(0) is not None, timeout=TIMEOUT)
    tab.count_exactly()
    qtbot.waitUntil(lambda: tab.model.is_exact(), timeout=TIMEOUT)
    assert tab.model.rowCount() == len(visible_ids(db, "bj01_director"))


def test_search_by_mobile_finds_the_customer(qtbot, db, director_tab):
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    ids = sorted(visible_ids(db, "bj01_director"))
    mobile, masked = db.scalar("SELECT ARRAY[mobile, mobile_masked] FROM crm.customer WHERE id = %s",
                               (ids[len(ids) // 2],))
    qtbot.keyClicks(tab.search, mobile)
    # Found by the whole mobile (compared on the server), shown masked.
    qtbot.waitUntil(lambda: tab.model.rowCount() >= 1 and tab.model.row(0) is not None
                    and tab.model.row(0)["mobile"] == masked, timeout=TIMEOUT)


def test_end_key_reaches_the_last_row_and_copy(qtbot, db, director_tab):
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    tab.go_to_end()
    last = tab.model.rowCount() - 1
    qtbot.waitUntil(lambda: tab.model.row(last) is not None, timeout=TIMEOUT)
    highest = db.scalar("SELECT max(account_no COLLATE \"C\") FROM crm.customer WHERE id = ANY(%s)",
                        (list(visible_ids(db, "bj01_director")),))
    assert tab.model.row(last)["account_no"] == highest
    assert tab.model.pages_fetched <= 4
    tab.view.selectRow(last)
    tab.copy_selection()
    assert highest in QGuiApplication.clipboard().text()


def test_double_click_opens_the_detail(qtbot, db, director_tab):
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    tab.open_detail(0)
    assert len(tab.detail_windows) == 1
    window = tab.detail_windows[0]
    qtbot.waitUntil(lambda: tab.model.row(0)["name"] in window.windowTitle() or window.isVisible(), timeout=TIMEOUT)
    assert not tab.has_unsaved_changes()
    window.close()


def test_latest_assets_are_shown_after_a_seed(qtbot, db, director_tab):
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    with_assets = db.scalar("SELECT count(*) FROM crm.customer_latest")
    assert with_assets == db.scalar("SELECT count(DISTINCT customer_id) FROM crm.customer_daily") > 0


def test_select_all_copies_the_loaded_rows_and_adds_the_whole_list(qtbot, db, director_tab):
    """Ctrl+A on a list longer than its loaded pages: nothing walks the cells one by one, Copy
    says what it left out, and "add selected to a group" becomes the whole list on the server."""
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    total, loaded = tab.model.rowCount(), tab.model.loaded_rows()
    assert 0 < loaded < total
    tab.view.selectAll()
    assert tab.whole_list_selected() and tab.selected_row_count() == total
    assert tab.selected_customer_ids() == [tab.model.row(i)["id"] for i in range(loaded)]
    tab.copy_selection()
    lines = QGuiApplication.clipboard().text().split("\n")
    assert len(lines) == loaded + 1 and lines[1].startswith(tab.model.row(0)["account_no"])
    assert f"{loaded:,}" in tab.count_label.text() and f"{total:,}" in tab.count_label.text()
    whole = tab.customer_groups.add_selected()
    assert whole.ids is None and whole.query == tab.current_query()
    whole.reject()

    # A selection reaching past the loaded rows adds the loaded ones and says how many it left out.
    tab.view.clearSelection()
    tab.view.selectionModel().select(
        QItemSelection(tab.model.index(loaded - 2, 0), tab.model.index(loaded + 4, 0)),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert not tab.whole_list_selected() and tab.selected_row_count() == 7
    part = tab.customer_groups.add_selected()
    assert part.ids == [tab.model.row(loaded - 2)["id"], tab.model.row(loaded - 1)["id"]] and part.not_loaded == 5
    assert "5" in part.summary.text()
    part.reject()


class RowCountingModel(PagedRowModel):
    """The Customers tab's paged model, noting which rows Qt asks data() for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows_asked: set[int] = set()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid():
            self.rows_asked.add(index.row())
        return super().data(index, role)


class HeadquartersSizedList:
    """The real list source against PostgreSQL, reporting the size of an HQ list (2 000 000);
    its first page waits for `release` (the page is "in flight" until the test says so)."""

    release = threading.Event()

    def __init__(self, source):
        self.source = source

    def first(self, conn, limit):
        assert self.release.wait(TIMEOUT / 1000)
        return self.source.first(conn, limit)

    def estimate_count(self, conn) -> int:
        return 2_000_000

    def size(self, conn) -> tuple[int, bool]:
        return 2_000_000, False

    def __getattr__(self, name):
        return getattr(self.source, name)


@pytest.mark.parametrize("hide", ["other tab", "minimised", "closed"])
def test_first_page_of_a_huge_list_arriving_off_screen_reads_only_the_rows_in_view(
        qtbot, db, runner, gate_password, monkeypatch, hide):
    """Issue #12 item 0: the first page of a 2 M-row list lands while the tab is not on screen;
    sizing the columns must not walk the model (each placeholder row would fetch its page)."""
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
    conn, info = auth.sign_in(profile, "hq_marketing", demo.DEMO_PASSWORD)
    connector = StaffConnector(profile, "hq_marketing", demo.DEMO_PASSWORD)
    connector.adopt(conn)
    monkeypatch.setattr(customers_tab, "PagedRowModel", RowCountingModel)
    HeadquartersSizedList.release.clear()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tab = CustomersTab(runner, connector, info)
    monkeypatch.setattr(tab, "current_source", lambda: HeadquartersSizedList(CustomersTab.current_source(tab)))
    tabs.addTab(tab, "客户")
    tabs.addTab(QWidget(), "今日提醒")
    tabs.resize(1200, 700)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert tab.model.source is not None              # the query started when the tab was shown
    {"other tab": lambda: tabs.setCurrentIndex(1), "minimised": tabs.showMinimized, "closed": tabs.close}[hide]()
    tab.model.rows_asked.clear()
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        HeadquartersSizedList.release.set()
    wait_idle(runner)                 # what sizing the columns asked for has been fetched
    assert tab.model.rowCount() == 2_000_000
    assert tabs.isMinimized() if hide == "minimised" else not tab.isVisible()
    assert len(tab.model.rows_asked) <= tab.model.page_size
    assert tab.model.pages_fetched == 1
    widths = [tab.view.columnWidth(c) for c in range(tab.model.columnCount())]
    assert all(width > 20 for width in widths)
    runner.wait()
    connector.close()


def test_columns_fit_their_widest_expected_value_and_header(qtbot, db, director_tab):
    """Issue #12 item 15: money and long headers are not clipped."""
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None and tab.count_label.text() != tab.tr("Searching…"),
                    timeout=TIMEOUT)
    metrics = tab.view.fontMetrics()
    header = tab.view.horizontalHeader()
    for number, column in enumerate(tab.model.columns):
        needed = max(metrics.horizontalAdvance(tab.widest_expected(column.key)),
                     header.fontMetrics().horizontalAdvance(column.header))
        assert tab.view.columnWidth(number) > needed, column.key
        for position in range(20):
            text = column.text(tab.model.row(position))
            assert tab.view.columnWidth(number) > metrics.horizontalAdvance(text), (column.key, text)
    vip = [c.key for c in tab.model.columns].index("vip_level")           # issue #12 item 13: by name
    names = {label for labels in VALUE_LABELS["vip_level"].values() for label in labels}
    assert {tab.model.index(p, vip).data() for p in range(20)} - {""} <= names


def test_a_short_number_says_what_the_search_expects(qtbot, db, director_tab):
    """Issue #12 item 9: "139" finds no mobile (personal data is compared only whole, issue #11
    part 5); the tab says so, and a whole mobile finds its customer, shown masked."""
    tab = director_tab
    qtbot.waitUntil(lambda: tab.model.row(0) is not None, timeout=TIMEOUT)
    assert tab.search_hint.isHidden()
    qtbot.keyClicks(tab.search, "139")
    tab.run_query()
    assert tab.search_hint.isVisible() and "11" in tab.search_hint.text()
    mobile = db.scalar("SELECT mobile FROM crm.customer WHERE mobile IS NOT NULL AND id = ANY(%s) LIMIT 1",
                       (list(visible_ids(db, "bj01_director")),))
    tab.search.setText(mobile[:7])
    tab.run_query()
    assert tab.search_hint.isVisible()
    tab.search.setText(mobile)
    tab.run_query()
    assert tab.search_hint.isHidden()
    qtbot.waitUntil(lambda: tab.model.row(0) is not None and tab.model.row(0)["mobile"] == mobile[:3] + "****" + mobile[-4:],
                    timeout=TIMEOUT)
    tab.search.setText("张")
    tab.run_query()
    assert tab.search_hint.isHidden()


def test_menu_buttons_keep_their_arrow_beside_the_text(qtbot, db, director_tab):
    """Issue #12 item 15: the menu arrow of 已保存的过滤条件 / 加入客户群 was drawn over the text."""
    from PySide6.QtWidgets import QToolButton

    buttons = [b for b in director_tab.findChildren(QToolButton) if b.menu() is not None]
    assert {b.objectName() for b in buttons} >= {"savedFiltersButton"} and len(buttons) >= 2
    for button in buttons:
        assert button.sizeHint().width() >= button.fontMetrics().horizontalAdvance(button.text()) + 16
