"""今日提醒's expiring reservations (预约到期) send an SMS to the prospects (ui/sms/install.py) on a
real database: the whole listed section or the selection, the 预约到期提醒 template, the preview
with a reservation's skip reason, queued to the outbox by reservation; no button without the
send right."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from crm_desktop.services import auth, sms
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.reminders.tab import RemindersTab
from tests.support import TEST_PASSWORD

TIMEOUT = 15000

# A registration day whose 20-working-day window ends within the next 3 working days.
EXPIRING_REGISTRATION = """
    SELECT d::date FROM generate_series(current_date - 45, current_date, interval '1 day') d
     WHERE crm.add_working_days(d::date, 20) BETWEEN current_date AND crm.add_working_days(current_date, 3)
     ORDER BY d DESC LIMIT 1"""


@pytest.fixture
def prospects(db):
    db.make_staff("rs_info", name="王信息", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("rs_hq", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("rs_mkt", name="孙营销")
    with db.session("rs_hq") as conn:
        sms.set_quota(conn, db.scalar("SELECT id FROM crm.staff WHERE login = 'rs_info'"), 100)
        sms.block_number(conn, mobile="13800001111", kind="blacklisted")
    ids = {}
    with db.admin() as conn:
        registered = conn.execute(EXPIRING_REGISTRATION).fetchone()[0]
        for name, mobile in (("李预约", "13912345678"), ("赵预约", "18612345678"), ("钱预约", "13800001111")):
            ids[name] = conn.execute(
                "INSERT INTO crm.reservation (staff_id, branch_id, name, mobile, registered_on) "
                "SELECT s.id, s.branch_id, %s, %s, %s FROM crm.staff s WHERE s.login = 'rs_mkt' RETURNING id",
                (name, mobile, registered)).fetchone()[0]
    db.ids = ids
    return db


@pytest.fixture
def reminders_tab(qtbot, runner, profile):
    opened = []

    def open_(login: str) -> RemindersTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = RemindersTab(runner, connector, info)
        qtbot.addWidget(tab)
        tab.resize(1400, 900)
        tab.show()
        opened.append((tab, connector))
        qtbot.waitUntil(lambda: tab.loaded_once and not tab.loading, timeout=TIMEOUT)
        return tab

    yield open_
    for tab, connector in opened:
        if tab.sms is not None and tab.sms.dialog is not None:
            tab.sms.dialog.reject()
        tab.shutdown()
    runner.wait()
    for _, connector in opened:
        connector.close()


def wait_preview(qtbot, dialog) -> sms.Preview:
    qtbot.waitUntil(lambda: dialog.preview_text == dialog.text() and not dialog.preview_busy.isVisible(),
                    timeout=TIMEOUT)
    return dialog.preview


def test_send_to_the_expiring_reservations_of_the_section(qtbot, prospects, reminders_tab):
    tab = reminders_tab("rs_info")
    section = tab.due.reservations
    assert section.model.rowCount() == 3
    button = tab.sms.reservation_button
    assert button.isVisible() and button.text() == "Send SMS…"
    if os.environ.get("CRM_SCREENSHOT_DIR"):
        tab.grab().save(os.path.join(os.environ["CRM_SCREENSHOT_DIR"], "reminders_reservations.png"))

    button.click()                                      # nothing selected: every listed reservation
    dialog = tab.sms.dialog
    assert sorted(dialog.source.reservation_ids) == sorted(prospects.ids.values())
    assert "3 reservations about to expire" in dialog.recipients_label.text()
    qtbot.waitUntil(lambda: dialog.text() != "", timeout=TIMEOUT)
    assert dialog.template_combo.currentData().code == "reservation_expiring"
    preview = wait_preview(qtbot, dialog)
    assert (preview.recipients, preview.sendable, preview.skipped_by_reason) == (3, 2, {"blacklisted": 1})
    assert {r.customer_name for r in preview.rows} == {"李预约", "赵预约", "钱预约"}
    assert all(r.text.startswith(f"尊敬的{r.customer_name}先生/女士") for r in preview.rows)
    with qtbot.waitSignal(dialog.queued, timeout=TIMEOUT) as queued:
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert queued.args[0].queued == 2
    assert prospects.scalar("SELECT array_agg(reservation_id ORDER BY reservation_id) FROM crm.sms_message "
                            "WHERE customer_id IS NULL") == sorted([prospects.ids["李预约"], prospects.ids["赵预约"]])
    dialog.reject()

    section.view.selectRow(0)                           # a selection: only those
    button.click()
    assert tab.sms.dialog.source.reservation_ids == [section.selected_rows()[0]["id"]]
    assert "1 selected reservations" in tab.sms.dialog.recipients_label.text()


def test_no_reservation_button_without_the_send_right(prospects, reminders_tab):
    tab = reminders_tab("rs_mkt")
    assert tab.due.reservations.model.rowCount() == 3 and tab.sms is None
