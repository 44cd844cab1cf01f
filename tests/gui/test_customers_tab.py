"""The Customers tab on a seeded database, as a marketing director would use it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester

from crm_desktop.services import auth, demo
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.customers_tab import CustomersTab

TIMEOUT = 15000


@pytest.fixture
def director_tab(qtbot, db, runner, gate_password):
    demo.seed(db.admin_url, customers=3000, days=3)
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url, gate_password=gate_password)
    conn, info = auth.sign_in(profile, "bj01_director", demo.DEMO_PASSWORD)
    connector = StaffConnector(profile, "bj01_director", demo.DEMO_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    QAbstractItemModelTester(tab.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
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
    assert len(tab._detail_windows) == 1
    window = tab._detail_windows[0]
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
