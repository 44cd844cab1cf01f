"""The 今日提醒 Reminders tab on a real database: the lists show what RLS allows in the right order,
double-click / Enter open the customer detail, Ctrl+C copies TSV, F5 reloads, and inside the main
window a committed T+1 load (NOTIFY crm_t1_loaded) refreshes the lists and the tab's badge; the
care queue (visit follow-ups due) with "Log a visit" answered by a saved visit, and reservations
about to expire shown in 审批 › 预约."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.reminders.tab import RemindersTab
from tests.gui.test_main_window import open_window
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


def birthday_in(today: dt.date, days: int) -> str:
    day = today + dt.timedelta(days=days)
    return dt.date(1980, day.month, day.day).isoformat()        # 1980 is a leap year


@pytest.fixture
def data(db):
    """rm_mkt owns two customers with birthdays (today, in 2 days) and one new account; rm_other
    owns a birthday today; a public-pool account opened on the latest loaded date."""
    db.make_staff("rm_mkt", name="孙营销")
    db.make_staff("rm_other", name="李营销")
    today = db.scalar("SELECT current_date")
    with db.admin() as conn:
        for day in ("2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05"):
            conn.execute("INSERT INTO crm.t1_load (trade_date, source) VALUES (%s, 'test')", (day,))
    ids = {
        "today": db.make_customer("810001", name="寿星甲", birthday=birthday_in(today, 0), mobile="13800000001"),
        "soon": db.make_customer("810002", name="寿星乙", birthday=birthday_in(today, 2)),
        "other": db.make_customer("810003", name="别人的寿星", birthday=birthday_in(today, 0)),
        "new": db.make_customer("810004", name="新客户", birthday=None, open_date="2024-01-04"),
        "old": db.make_customer("810005", name="老客户", birthday=None, open_date="2024-01-02"),
        "pool": db.make_customer("810006", name="公有新客户", birthday=None, open_date="2024-01-05"),
    }
    for key in ("today", "soon", "new", "old"):
        db.relate(ids[key], "rm_mkt")
    db.relate(ids["other"], "rm_other")
    db.ids = ids
    db.today = today
    return db


@pytest.fixture
def open_tab(qtbot, runner, profile, model_tester):
    opened = []

    def open_(login: str) -> RemindersTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = RemindersTab(runner, connector, info)
        qtbot.addWidget(tab)
        for box in (tab.birthdays, tab.new_accounts, tab.due.follow_ups, tab.due.reservations):
            model_tester(box.proxy)     # and its source model
        tab.resize(1300, 700)
        tab.show()
        opened.append(tab)
        qtbot.waitUntil(lambda: tab.loaded_once and not tab.loading, timeout=TIMEOUT)
        return tab

    yield open_
    for tab in opened:
        for window in list(tab.detail_windows):
            window.close()
        tab.shutdown()
    wait_idle(runner)
    for tab in opened:
        tab.connector.close()


def shown(box, column: int = 2) -> list[str]:
    return [box.proxy.index(r, column).data() for r in range(box.proxy.rowCount())]


def test_lists_show_the_marketers_reminders(qtbot, data, open_tab):
    tab = open_tab("rm_mkt")
    assert shown(tab.birthdays) == ["寿星甲", "寿星乙"]                          # not 别人的寿星 (RLS)
    assert shown(tab.birthdays, 0) == ["Today", "In 2 days"]
    first = tab.birthdays.proxy.index(0, 0)
    assert first.data(Qt.ItemDataRole.FontRole).bold()
    assert tab.birthdays.proxy.index(0, 5).data() == "138****0001"          # personal data masked
    assert tab.birthdays.proxy.index(0, 6).data() == "孙营销"
    assert tab.birthdays.proxy.index(0, 4).data() == str(data.today.year - 1980)
    assert shown(tab.new_accounts, 2) == ["新客户"]                              # 2024-01-02 is 4 loads back
    assert tab.counts["badge"] == 2 and tab.counts["birthdays_today"] == 1
    assert "2024-01-05" in tab.date_label.text() and "2024-01-03" in tab.date_label.text()
    assert data.today.isoformat() in tab.date_label.text()
    assert tab.birthdays.title().endswith("1 today")


def test_director_sees_the_public_pool_account(qtbot, data, open_tab):
    data.make_staff("rm_dir", roles=("marketing_director",), scope="branch", public_pool=True)
    tab = open_tab("rm_dir")
    assert sorted(shown(tab.birthdays)) == sorted(["寿星甲", "寿星乙", "别人的寿星"])
    assert shown(tab.new_accounts, 2) == ["公有新客户", "新客户"]                # newest first
    assert tab.new_accounts.proxy.index(0, 4).data() == "Public pool (公有客户)"
    assert tab.counts["badge"] == 2 + 2


def test_double_click_and_enter_open_the_detail(qtbot, data, open_tab):
    tab = open_tab("rm_mkt")
    view = tab.birthdays.view
    index = tab.birthdays.proxy.index(1, 2)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)    # the view wants the press first
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: len(tab.detail_windows) == 1, timeout=TIMEOUT)
    dialog = tab.detail_windows[0]
    assert dialog.customer_id == data.ids["soon"]
    qtbot.waitUntil(lambda: "寿星乙" in dialog.name_label.text(), timeout=TIMEOUT)
    assert not tab.has_unsaved_changes()
    dialog.close()
    qtbot.waitUntil(lambda: not tab.detail_windows, timeout=TIMEOUT)

    accounts = tab.new_accounts.view
    accounts.setFocus()
    accounts.setCurrentIndex(tab.new_accounts.proxy.index(0, 0))
    qtbot.keyClick(accounts, Qt.Key.Key_Return)
    assert [w.customer_id for w in tab.detail_windows] == [data.ids["new"]]
    tab.detail_windows[0].close()


def test_copy_selected_rows_as_tsv(qtbot, data, open_tab):
    tab = open_tab("rm_mkt")
    view = tab.birthdays.view
    view.setFocus()
    view.selectAll()
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().split("\n")
    assert lines[0].split("\t")[:4] == ["When", "Date", "Name", "Account no."]
    assert [line.split("\t")[2] for line in lines[1:]] == ["寿星甲", "寿星乙"]
    assert lines[1].split("\t")[3] == "810001"


def test_f5_reloads(qtbot, data, open_tab):
    tab = open_tab("rm_mkt")
    late = data.make_customer("810007", name="刚补录", birthday=birthday_in(data.today, 1))
    data.relate(late, "rm_mkt")
    tab.birthdays.view.setFocus()
    qtbot.keyClick(tab.birthdays.view, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: shown(tab.birthdays) == ["寿星甲", "刚补录", "寿星乙"], timeout=TIMEOUT)
    assert shown(tab.birthdays, 0)[1] == "Tomorrow"


def test_a_committed_load_refreshes_the_tab_and_its_badge(qtbot, data, runner, profile):
    window = open_window(qtbot, runner, profile, "rm_mkt")
    try:
        index = next(i for i in range(window.tabs.count()) if window.tabs.widget(i).objectName() == "tab_reminders")
        tab = window.tabs.widget(index)
        assert isinstance(tab, RemindersTab)
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "Reminders (2)", timeout=TIMEOUT)
        assert "1 birthdays today, 1 new accounts" in window.tabs.tabToolTip(index)
        assert window.notifications.listening.wait(10)
        fresh = data.make_customer("810008", name="今日新开", birthday=None, open_date="2024-01-08")
        data.relate(fresh, "rm_mkt")
        with data.admin() as conn:       # another connection: the HQ load commits and notifies
            conn.execute("INSERT INTO crm.t1_load (trade_date, source) VALUES ('2024-01-08', 'test')")
            conn.execute("NOTIFY crm_t1_loaded, '2024-01-08'")
        qtbot.waitUntil(lambda: shown(tab.new_accounts) == ["今日新开", "新客户"], timeout=TIMEOUT)
        qtbot.waitUntil(lambda: window.tabs.tabText(index) == "Reminders (3)", timeout=TIMEOUT)
        assert "2024-01-08" in tab.date_label.text()
    finally:
        window.request_logout()
    qtbot.waitUntil(lambda: not window.notifications.running, timeout=5000)


def test_columns_fit_their_texts_bold_ones_too(qtbot, data, open_tab):
    """Issue #12 item 15: today's birthdays are bold; their account and mobile are not clipped."""
    from PySide6.QtGui import QFontMetrics

    tab = open_tab("rm_mkt")
    for box in (tab.birthdays, tab.new_accounts):
        proxy, view = box.proxy, box.view
        for column in range(proxy.columnCount() - 1):        # the last column stretches
            for row in range(proxy.rowCount()):
                index = proxy.index(row, column)
                font = index.data(Qt.ItemDataRole.FontRole)
                metrics = QFontMetrics(font) if font is not None else view.fontMetrics()
                assert view.columnWidth(column) > metrics.horizontalAdvance(index.data() or ""), (row, column)


# Follow-ups due and expiring reservations -----------------------------------------------------------------------

def follow_up(data, key: str, login: str, days_from_today: int) -> None:
    with data.admin() as conn:
        conn.execute("INSERT INTO crm.visit (customer_id, staff_id, visited_at, channel, content, next_follow_up) "
                     "SELECT %s, s.id, now() - interval '10 days', 'phone', '问了  新股', current_date + %s "
                     "FROM crm.staff s WHERE s.login = %s", (data.ids[key], days_from_today, login))


def reserve_expiring(data, login: str, name: str) -> int:
    """An open reservation whose window ends today (registered 20 working days ago)."""
    with data.admin() as conn:
        return conn.execute(
            "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, registered_on) "
            "SELECT s.id, s.branch_id, %s, '13912345678', "
            "       (SELECT max(d)::date FROM generate_series(current_date - 60, current_date, interval '1 day') d "
            "         WHERE crm.add_working_days(d::date, 20) = current_date) "
            "FROM crm.staff s WHERE s.login = %s RETURNING id", (name, login)).fetchone()[0]


def test_care_queue_and_expiring_reservations(qtbot, data, open_tab):
    follow_up(data, "old", "rm_mkt", -3)
    follow_up(data, "new", "rm_mkt", 0)
    follow_up(data, "soon", "rm_mkt", 2)                   # not yet due
    follow_up(data, "other", "rm_other", -1)               # not rm_mkt's customer (RLS)
    if data.scalar("SELECT extract(isodow FROM current_date) < 6"):        # a window ends on working days only
        reserve_expiring(data, "rm_mkt", "预约将到期")
    tab = open_tab("rm_mkt")
    due = tab.due
    assert shown(due.follow_ups) == ["老客户", "新客户"]
    assert shown(due.follow_ups, 0) == ["3 days overdue", "Due today"]
    assert due.follow_ups.proxy.index(0, 6).data() == "问了 新股"
    assert due.follow_ups.proxy.index(0, 7).data() == "孙营销"
    assert tab.counts["follow_ups_due"] == 2 and due.follow_ups.title().endswith("— 2 · 1 today")
    expiring = 1 if data.scalar("SELECT extract(isodow FROM current_date) < 6") else 0
    assert shown(due.reservations) == ["预约将到期"] * expiring
    assert tab.counts["badge"] == 2 + 2 + expiring
    assert not due.log_visit_button.isEnabled()

    # Log a visit: the customer's window opens on its visits page with the form; saving it
    # answers the follow-up and the queue reloads without it.
    due.follow_ups.view.setFocus()
    due.follow_ups.view.setCurrentIndex(due.follow_ups.proxy.index(0, 0))
    assert due.log_visit_button.isEnabled()
    qtbot.keyClick(due.follow_ups.view, Qt.Key.Key_V,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [w.customer_id for w in tab.detail_windows] == [data.ids["old"]]
    dialog = tab.detail_windows[0]
    qtbot.waitUntil(lambda: dialog.visits_page.visit_dialog is not None, timeout=TIMEOUT)
    assert dialog.tabs.currentWidget() is dialog.visits_page
    form = dialog.visits_page.visit_dialog
    form.content_edit.setPlainText("电话回访：客户已了解")
    form.submit()
    qtbot.waitUntil(lambda: shown(due.follow_ups) == ["新客户"], timeout=TIMEOUT)
    assert tab.counts["follow_ups_due"] == 1
    dialog.close()


def test_expiring_reservation_opens_in_approvals(qtbot, data, runner, profile):
    if not data.scalar("SELECT extract(isodow FROM current_date) < 6"):
        pytest.skip("a reservation window ends on a working day; today is a weekend")
    reservation = reserve_expiring(data, "rm_mkt", "预约将到期")
    window = open_window(qtbot, runner, profile, "rm_mkt")
    try:
        tab = next(t for t in window.crm_tabs() if t.objectName() == "tab_reminders")
        approvals = next(t for t in window.crm_tabs() if t.objectName() == "tab_approvals")
        qtbot.waitUntil(lambda: shown(tab.due.reservations) == ["预约将到期"], timeout=TIMEOUT)
        view = tab.due.reservations.view
        view.setCurrentIndex(tab.due.reservations.proxy.index(0, 0))
        tab.due.show_reservation_button.click()
        assert window.tabs.currentWidget() is approvals
        assert approvals.pages.currentWidget() is approvals.reservations_page
        page = approvals.reservations_page
        qtbot.waitUntil(lambda: (page.selected() or {}).get("id") == reservation, timeout=TIMEOUT)
    finally:
        window.request_logout()
    qtbot.waitUntil(lambda: not window.notifications.running, timeout=5000)
