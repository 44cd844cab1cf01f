"""The send dialog (ui/sms/send_dialog.py) on a real database: template and placeholders, the
per-recipient preview with skip reasons, parts and cost over all recipients, the remaining quota,
queueing through the background task (the quota is charged, the outbox holds the messages),
refusals in words (no HQ quota, no send right, an empty placeholder, over the quota) with nothing
sent, and the entry points on 今日提醒 and the Customers tab."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from crm_desktop.services import auth, sms
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.sms.send_dialog import SendSmsDialog
from tests.support import TEST_PASSWORD, wait_idle

TIMEOUT = 15000


@pytest.fixture
def shop(db):
    """An information manager who sees the branch, an HQ administrator, a marketer without the
    right; customers with a Mobile, a Unicom, a Hong Kong, a blacklisted and no mobile."""
    db.make_staff("gs_info", name="王信息", roles=("info_manager",), scope="branch", public_pool=True)
    db.make_staff("gs_hq", branch="HQ", staff_type="hq", roles=("hq_admin",), scope="all")
    db.make_staff("gs_mkt", name="孙营销")
    today = db.scalar("SELECT current_date")
    birthday = dt.date(1980, today.month, today.day) if (today.month, today.day) != (2, 29) else dt.date(1980, 2, 29)
    ids = {}
    for key, account, name, gender, mobile in [("mobile", "G001", "张三", "M", "13912345678"),
                                               ("unicom", "G002", "李四", "F", "18612345678"),
                                               ("hk", "G003", "陈五", "M", "+85291234567"),
                                               ("black", "G004", "赵六", "F", "13812345678"),
                                               ("none", "G005", "钱七", "M", None)]:
        cid = db.make_customer(account, name=name, birthday=birthday.isoformat())
        with db.admin() as conn:
            conn.execute("UPDATE crm.customer SET gender = %s WHERE id = %s", (gender, cid))
            conn.execute("UPDATE crm.customer_ext SET mobile = %s WHERE customer_id = %s", (mobile, cid))
        ids[key] = cid
    with db.session("gs_hq") as conn:
        sms.block_number(conn, mobile="13812345678", kind="blacklisted", note="投诉")
    db.ids = ids
    return db


def give_quota(db, login: str, quota: int | None) -> None:
    staff_id = db.scalar("SELECT id FROM crm.staff WHERE login = %s", (login,))
    with db.session("gs_hq") as conn:
        sms.set_quota(conn, staff_id, quota)


@pytest.fixture
def open_dialog(qtbot, runner, profile):
    opened = []

    def open_(login: str, source: sms.RecipientSource, template_code: str | None = None,
              with_info: bool = True) -> SendSmsDialog:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        dialog = SendSmsDialog(runner, connector, source, "test recipients", template_code=template_code,
                               info=info if with_info else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        qtbot.addWidget(dialog)
        dialog.show()
        opened.append((dialog, connector))
        qtbot.waitUntil(lambda: dialog.quota is not None or dialog.refusal.isVisible(), timeout=TIMEOUT)
        return dialog

    yield open_
    for dialog, _ in opened:
        dialog.reject()
    wait_idle(runner)
    for _, connector in opened:
        connector.close()


def wait_preview(qtbot, dialog: SendSmsDialog) -> sms.Preview:
    qtbot.waitUntil(lambda: dialog.preview_text == dialog.text() and not dialog.preview_busy.isVisible(),
                    timeout=TIMEOUT)
    return dialog.preview


def cells(dialog: SendSmsDialog, column: int) -> list[str]:
    return [dialog.proxy.index(r, column).data() for r in range(dialog.proxy.rowCount())]


def test_preview_skips_costs_and_sends(qtbot, shop, open_dialog):
    give_quota(shop, "gs_info", 100)
    dialog = open_dialog("gs_info", sms.RecipientSource(customer_ids=list(shop.ids.values())), "birthday")
    assert dialog.template_combo.currentData().code == "birthday"
    dialog.editor.setPlainText("")
    dialog.editor.insertPlainText("您好")
    qtbot.keyClick(dialog.editor, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)     # {姓名}
    qtbot.keyClick(dialog.editor, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)     # {称呼}
    assert dialog.text() == "您好{姓名}{称呼}"
    preview = wait_preview(qtbot, dialog)
    assert preview.recipients == 5 and preview.sendable == 2
    assert preview.skipped_by_reason == {"hk_macau": 1, "blacklisted": 1, "no_mobile": 1}
    assert preview.parts == 2 and preview.cost == Decimal("0.085")
    by_name = dict(zip(cells(dialog, 0), range(dialog.proxy.rowCount())))
    row = by_name["张三"]
    assert dialog.proxy.index(row, 7).data() == "您好张三先生"
    assert dialog.proxy.index(row, 1).data() == "139****5678"            # masked: staff never read mobiles
    assert dialog.proxy.index(row, 2).data() == "China Mobile"
    assert dialog.proxy.index(row, 6).data() == "¥0.05"
    assert dialog.proxy.index(by_name["李四"], 7).data() == "您好李四女士"
    assert dialog.proxy.index(by_name["李四"], 6).data() == "¥0.035"
    assert dialog.proxy.index(by_name["陈五"], 3).data().startswith("Hong Kong / Macau number")
    assert dialog.proxy.index(by_name["钱七"], 3).data() == "No mobile in the extended data"
    assert "5 recipients: 2 sendable, 3 skipped" in dialog.totals.text()
    assert "2 message parts, cost ¥0.085" in dialog.totals.text()
    assert "Remaining this month: 100 of 100 parts" in dialog.quota_label.text()
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == "Send 2 messages"

    with qtbot.waitSignal(dialog.queued, timeout=TIMEOUT) as queued:
        qtbot.keyClick(dialog.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    result = queued.args[0]
    assert result.queued == 2 and result.parts == 2
    assert "Queued 2 messages (2 parts, ¥0.085)" in dialog.status.text()
    assert "Remaining this month: 98 of 100 parts" in dialog.quota_label.text()
    assert not dialog.send_button.isEnabled() and dialog.editor.isReadOnly()
    assert shop.scalar("SELECT count(*) FROM crm.sms_message WHERE status = 'queued'") == 2
    assert shop.scalar("SELECT string_agg(body, '|' ORDER BY body) FROM crm.sms_message") == "您好张三先生|您好李四女士"


def test_long_text_counts_parts_and_the_quota_limits(qtbot, shop, open_dialog):
    give_quota(shop, "gs_info", 3)
    dialog = open_dialog("gs_info", sms.RecipientSource(customer_ids=[shop.ids["mobile"], shop.ids["unicom"]]))
    dialog.editor.setPlainText("好" * 71)
    assert dialog.counter.text().startswith("71 characters · 2 part(s)")
    preview = wait_preview(qtbot, dialog)
    assert preview.parts == 4 and cells(dialog, 5) == ["2", "2"]
    assert not dialog.send_button.isEnabled()
    assert "4 message parts do not fit your remaining monthly quota of 3" in dialog.send_button.toolTip()
    assert dialog.more_button.isVisible() and dialog.more_button.text() == "Ask HQ to raise your quota to 100"
    dialog.more_button.click()
    qtbot.waitUntil(lambda: "is with HQ" in dialog.status.text(), timeout=TIMEOUT)
    assert shop.scalar("SELECT flow_code || ':' || status FROM crm.approval_request") == "sms_quota:pending"
    dialog.editor.setPlainText("好" * 70)
    assert wait_preview(qtbot, dialog).parts == 2
    assert dialog.send_button.isEnabled() and not dialog.more_button.isVisible()


def test_empty_placeholder_and_unknown_placeholder_are_refused_in_words(qtbot, shop, open_dialog):
    give_quota(shop, "gs_info", 100)
    with shop.admin() as conn:
        conn.execute("UPDATE crm.customer SET gender = NULL WHERE id = %s", (shop.ids["mobile"],))
    dialog = open_dialog("gs_info", sms.RecipientSource(customer_ids=[shop.ids["mobile"]]))
    dialog.editor.setPlainText("{姓名}{称呼}您好")
    preview = wait_preview(qtbot, dialog)
    assert preview.missing_fields == ["称呼"]
    assert dialog.missing.isVisible() and "{称呼}" in dialog.missing.text()
    assert not dialog.send_button.isEnabled()
    dialog.editor.setPlainText("{生日}快乐")
    wait_preview(qtbot, dialog)
    assert dialog.preview is None and "生日" in dialog.missing.text()
    assert not dialog.send_button.isEnabled()
    dialog.send()                                   # refused in the dialog: nothing queued
    assert shop.scalar("SELECT count(*) FROM crm.sms_message") == 0


def test_no_hq_quota_and_no_send_right_are_explained(qtbot, shop, open_dialog):
    dialog = open_dialog("gs_info", sms.RecipientSource(customer_ids=[shop.ids["mobile"]]))
    assert dialog.refusal.isVisible() and "HQ has set no monthly SMS quota" in dialog.refusal.text()
    assert dialog.quota_label.text() == "Monthly quota: none"
    dialog.editor.setPlainText("您好")
    wait_preview(qtbot, dialog)
    assert not dialog.send_button.isEnabled() and "no monthly SMS quota" in dialog.send_button.toolTip()

    other = open_dialog("gs_mkt", sms.RecipientSource(customer_ids=[shop.ids["mobile"]]))
    assert other.refusal.isVisible() and "You do not hold the SMS send right (短信发送)" in other.refusal.text()
    assert not other.send_button.isEnabled()
    # Whatever the client believes, the server refuses the non-sender (the right revoked meanwhile).
    stale = open_dialog("gs_mkt", sms.RecipientSource(customer_ids=[shop.ids["mobile"]]), with_info=False)
    stale.editor.setPlainText("您好")
    wait_preview(qtbot, stale)
    assert stale.preview is None and "短信发送" in stale.refusal.text() and "not permitted" in stale.refusal.text()
    assert not stale.send_button.isEnabled()


def test_birthday_section_opens_the_greeting_for_the_whole_window(qtbot, shop, runner, profile):
    from crm_desktop.ui.reminders.tab import RemindersTab

    give_quota(shop, "gs_info", 100)
    conn, info = auth.sign_in(profile, "gs_info", TEST_PASSWORD)
    connector = StaffConnector(profile, "gs_info", TEST_PASSWORD)
    connector.adopt(conn)
    tab = RemindersTab(runner, connector, info)
    qtbot.addWidget(tab)
    tab.show()
    try:
        qtbot.waitUntil(lambda: tab.loaded_once and not tab.loading, timeout=TIMEOUT)
        assert tab.sms is not None
        tab.sms.birthday_button.click()
        dialog = tab.sms.dialog
        qtbot.waitUntil(lambda: dialog.text() != "", timeout=TIMEOUT)
        assert dialog.template_combo.currentData().code == "birthday"
        assert dialog.source.reminder[0] == "birthday"
        preview = wait_preview(qtbot, dialog)
        assert preview.recipients == 5 and preview.sendable == 2
        dialog.reject()

        tab.birthdays.view.selectRow(0)
        tab.sms.birthday_button.click()
        assert tab.sms.dialog.source.customer_ids == [tab.birthdays.selected_rows()[0]["id"]]
        tab.sms.dialog.reject()

        assert tab.sms.send_follow_ups() is None                 # nothing due: said so, no dialog
        notice = tab.findChild(QMessageBox, "smsNotice")
        assert notice.text() == "No visit follow-ups are due."
        notice.close()
        with shop.admin() as conn:
            conn.execute("INSERT INTO crm.visit (customer_id, staff_id, visited_at, channel, content, next_follow_up) "
                         "SELECT %s, s.id, now() - interval '3 days', 'phone', '回访', current_date "
                         "FROM crm.staff s WHERE s.login = 'gs_info'", (shop.ids["unicom"],))
        tab.refresh()
        qtbot.waitUntil(lambda: tab.due.follow_ups.model.rowCount() == 1 and not tab.loading, timeout=TIMEOUT)
        tab.sms.follow_up_button.click()
        assert tab.sms.dialog.source.customer_ids == [shop.ids["unicom"]]
        assert "care queue" in tab.sms.dialog.recipients_label.text()
        tab.sms.dialog.reject()
    finally:
        tab.shutdown()
        runner.wait()
        connector.close()


def test_no_send_button_without_the_right(qtbot, shop, runner, profile):
    from crm_desktop.ui.reminders.tab import RemindersTab

    conn, info = auth.sign_in(profile, "gs_mkt", TEST_PASSWORD)
    connector = StaffConnector(profile, "gs_mkt", TEST_PASSWORD)
    connector.adopt(conn)
    tab = RemindersTab(runner, connector, info)
    qtbot.addWidget(tab)
    try:
        assert tab.sms is None and tab.findChild(object, "sendBirthdaySms") is None
    finally:
        tab.shutdown()
        runner.wait()
        connector.close()


def test_customers_tab_sends_to_the_filtered_list_and_a_group(qtbot, shop, runner, profile):
    from crm_desktop.services import customer_groups
    from crm_desktop.ui.customer_groups.dialog import GroupsDialog
    from crm_desktop.ui.customers.tab import CustomersTab

    give_quota(shop, "gs_info", 100)
    conn, info = auth.sign_in(profile, "gs_info", TEST_PASSWORD)
    connector = StaffConnector(profile, "gs_info", TEST_PASSWORD)
    connector.adopt(conn)
    tab = CustomersTab(runner, connector, info)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    try:
        qtbot.waitUntil(lambda: tab.model.rowCount() == 5 and tab.model.row(0) is not None, timeout=TIMEOUT)
        dialog = tab.sms.send_list()                     # no search, no filter: every visible customer
        dialog.editor.setPlainText("{姓名}您好")
        assert wait_preview(qtbot, dialog).recipients == 5
        dialog.reject()
        tab.search.setText("李四")                        # name contains: resolved on the server
        tab.run_query()
        qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=TIMEOUT)
        dialog = tab.sms.send_list()
        assert dialog.source.customer_filter is not None and "李四" in dialog.recipients_label.text()
        dialog.editor.setPlainText("{姓名}您好")
        preview = wait_preview(qtbot, dialog)
        assert preview.recipients == 1 and [r.text for r in preview.rows] == ["李四您好"]
        dialog.reject()

        tab.search.clear()
        tab.run_query()
        qtbot.waitUntil(lambda: tab.model.rowCount() == 5 and tab.model.row(0) is not None, timeout=TIMEOUT)
        tab.view.selectRow(0)
        qtbot.waitUntil(lambda: tab.selected_customer_ids() != [], timeout=TIMEOUT)
        tab.activateWindow()
        tab.view.setFocus()
        qtbot.waitUntil(tab.view.hasFocus, timeout=TIMEOUT)
        qtbot.keyClick(tab.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        assert tab.sms.dialog.source.customer_ids == tab.selected_customer_ids()
        assert "1 selected customers" in tab.sms.dialog.recipients_label.text()
        tab.sms.dialog.reject()

        with shop.session("gs_info") as own:
            group = customer_groups.create_group(own, "短信测试群")
            customer_groups.add_customers(own, group["id"], [shop.ids["mobile"], shop.ids["unicom"]])
        groups = GroupsDialog(runner, connector, info)
        qtbot.addWidget(groups)
        groups.show()
        qtbot.waitUntil(lambda: groups.select_group(group["id"]), timeout=TIMEOUT)
        qtbot.waitUntil(lambda: (groups.group or {}).get("id") == group["id"], timeout=TIMEOUT)
        button = groups.findChild(QPushButton, "sendGroupSmsButton")
        assert button.isVisible()
        button.click()
        sent = groups.sms_dialog
        assert sent.source.group_id == group["id"] and "短信测试群" in sent.recipients_label.text()
        sent.editor.setPlainText("{姓名}您好")
        assert wait_preview(qtbot, sent).sendable == 2
        sent.reject()
        groups.close()
    finally:
        tab.shutdown()
        runner.cancel_all()
        runner.wait()
        connector.close()


def test_a_large_list_is_queued_in_chunks_with_progress(qtbot, shop, open_dialog, monkeypatch):
    from crm_desktop.services.customer_query.filters import Condition
    from crm_desktop.services.customer_query.query import CustomerQuery

    monkeypatch.setattr(sms, "QUEUE_CHUNK", 2)         # 5 recipients: more than one chunk
    give_quota(shop, "gs_info", 100)
    query = CustomerQuery(filter=Condition("account_no", "starts_with", "G"))
    dialog = open_dialog("gs_info", sms.RecipientSource(customer_filter=query))
    dialog.editor.setPlainText("{姓名}您好")
    preview = wait_preview(qtbot, dialog)
    assert preview.recipients == 5 and preview.sendable == 2
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.queued, timeout=TIMEOUT) as queued:
        dialog.send()
    result = queued.args[0]
    assert isinstance(result, sms.ChunkedQueueResult) and len(result.batches) == 1     # chunks 2 and 3: none sendable
    assert (result.recipients, result.done, result.queued, result.stopped) == (5, 5, 2, None)
    assert progress and progress[-1] == 5 and dialog.progress.maximum() == 5
    assert "Queued 2 messages (2 parts, ¥0.085)" in dialog.status.text()
    assert shop.scalar("SELECT count(DISTINCT batch_id) FROM crm.sms_message") == len(result.batches)


def test_a_whole_list_is_counted_in_chunks_that_can_be_stopped_and_send_does_not_wait(qtbot, shop, open_dialog,
                                                                                        monkeypatch):
    """The preview of a list from the server counts chunk by chunk (totals marked "so far" with
    how far into the list), 停止统计 cancels the count and keeps the totals so far, and Send does
    not wait for the count: it queues the whole list in chunks (the server re-checks each)."""
    import threading

    from crm_desktop.services.customer_query.filters import Condition
    from crm_desktop.services.customer_query.query import CustomerQuery
    from crm_desktop.ui.sms import common

    monkeypatch.setattr(sms, "PREVIEW_FIRST_CHUNK", 2)
    monkeypatch.setattr(sms, "PREVIEW_CHUNK", 1)
    give_quota(shop, "gs_info", 100)
    query = CustomerQuery(filter=Condition("account_no", "starts_with", "G"))
    dialog = open_dialog("gs_info", sms.RecipientSource(customer_filter=query))
    totals_seen: list[str] = []
    dialog.editor.setPlainText("{姓名}您好")
    dialog.refresh_preview()           # now, not after the typing pause
    while dialog.preview_text != dialog.text() or dialog.preview_busy.isVisible():
        qtbot.waitUntil(lambda: dialog.totals.text() not in totals_seen[-1:] or not dialog.preview_busy.isVisible(),
                        timeout=TIMEOUT)
        totals_seen.append(dialog.totals.text())
    preview = dialog.preview
    assert dialog.preview_complete and preview.recipients == 5 and preview.sendable == 2
    assert preview.skipped_by_reason == {"hk_macau": 1, "blacklisted": 1, "no_mobile": 1}
    assert any(t.startswith("Counting, about") and "so far" in t for t in totals_seen)
    assert dialog.totals.text().startswith("5 recipients: 2 sendable, 3 skipped")
    assert dialog.proxy.rowCount() == 2                       # the first chunk's rows; later chunks add totals
    assert dialog.send_button.text() == "Send 2 messages"

    # Stop: the second chunk waits until the dialog has stopped the count, then finds its task cancelled.
    release, entered = threading.Event(), threading.Event()
    real_step = common.preview_step

    def held_step(ctx, connector, source, text, after, chunk, rows, last_id):
        if after:
            entered.set()
            release.wait(10)
        return real_step(ctx, connector, source, text, after, chunk, rows, last_id)

    monkeypatch.setattr(common, "preview_step", held_step)
    dialog.editor.setPlainText("{姓名}，您好")
    qtbot.waitUntil(entered.is_set, timeout=TIMEOUT)
    assert dialog.preview_stop.isVisible() and dialog.preview.recipients == 2
    assert dialog.totals.text().startswith("Counting, about")
    assert dialog.send_button.isEnabled() and dialog.send_button.text() == "Send to the whole list"
    qtbot.mouseClick(dialog.preview_stop, Qt.MouseButton.LeftButton)
    release.set()
    assert not dialog.preview_stop.isVisible() and dialog.preview_stopped and not dialog.preview_complete
    assert dialog.totals.text().startswith("Stopped counting at about")
    assert not dialog.more_button.isVisible()                  # a partial count asks HQ for nothing
    wait_idle(dialog.runner)                             # the cancelled chunk has ended
    assert dialog.preview.recipients == 2                       # and added nothing

    # Send without the count: the whole list goes in chunks, checked by the server.
    with qtbot.waitSignal(dialog.queued, timeout=TIMEOUT) as queued:
        dialog.send()
    result = queued.args[0]
    assert isinstance(result, sms.ChunkedQueueResult) and (result.recipients, result.queued) == (5, 2)
    assert shop.scalar("SELECT string_agg(body, '|' ORDER BY body) FROM crm.sms_message") == "张三，您好|李四，您好"
