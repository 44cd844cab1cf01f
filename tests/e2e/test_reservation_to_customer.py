"""Issue #5 "done when", end to end on the real server: a marketing staff member registers a
reservation (with a full-width mobile and an ideographic space in the name); HQ drops the
counter export and the agent loads it; the marketer's open window shows the new T+1 date
without a restart; the reservation is matched; the trading manager and the marketing director
approve from their own Approvals tabs; the customer appears in the marketer's customer list."""

from __future__ import annotations

import datetime as dt

from crm_desktop.agent import jobs
from crm_desktop.services import reservations
from crm_desktop.ui.approvals.tab import ApprovalsTab
from tests.gui.test_approvals_tab import ScriptedPrompts, wait_rows
from tests.gui.test_main_window import open_window
from tests.support import wait_idle

TIMEOUT = 20000


def _write_export(folder, day: dt.date) -> None:
    folder.mkdir(parents=True)
    stamp = day.strftime("%Y%m%d")
    (folder / f"accounts_{stamp}.csv").write_text(
        "branch_code,account_no,name,id_no,mobile,gender,birthday,open_date,status\n"
        f"BR01,80550001,张伟,110101198005060111,13800138111,M,1980-05-06,{day.isoformat()},normal\n"
        f"BR01,80550002,李娜,110101198107070222,13900139222,F,1981-07-07,{day.isoformat()},normal\n",
        encoding="utf-8")
    (folder / f"daily_{stamp}.csv").write_text(
        "account_no,trade_date,total_assets,market_value,cash,trade_volume,commission,net_commission,"
        "interest_spread,pnl\n"
        f"80550001,{stamp},100000.00,80000.00,20000.00,5000.00,12.50,10.00,1.00,-30.00\n"
        f"80550002,{stamp},2000.00,0.00,2000.00,0.00,0.00,0.00,0.00,0.00\n", encoding="utf-8")
    (folder / ".done").write_text("")


def test_reservation_matched_approved_and_in_the_list_without_a_restart(qtbot, db, runner, profile, tmp_path,
                                                                        monkeypatch):
    db.make_staff("dir5", name="赵总监", roles=("marketing_director",), posts=("marketing_director",),
                  scope="branch")
    db.make_staff("tm5", name="钱经理", roles=("trading_manager",), posts=("trading_manager",), scope="branch",
                  superior="dir5")
    db.make_staff("mkt5", name="孙营销", superior="dir5")
    today = db.scalar("SELECT current_date")
    branch = db.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'")

    window = open_window(qtbot, runner, profile, "mkt5")
    opened = [window]
    try:
        customers_tab = window.tabs.findChild(object, "tab_customers")
        window.tabs.setCurrentWidget(customers_tab)
        qtbot.waitUntil(lambda: customers_tab.count_label.text() != "", timeout=TIMEOUT)
        assert customers_tab.model.rowCount() == 0
        with db.session("mkt5") as conn:               # as the register dialog does
            reservation = reservations.register(conn, branch, "张\u3000伟", None, "１３８００１３８１１１", "朋友介绍")
        assert window.notifications.listening.wait(10)

        drop = tmp_path / "drop"
        _write_export(drop / today.strftime("%Y%m%d"), today)
        monkeypatch.setenv("CRM_DROP_DIR", str(drop))
        report = jobs.run_once(db.admin_url)            # the HQ agent's round
        assert [r["status"] for r in report.t1_loads] == ["loaded"]

        qtbot.waitUntil(lambda: window.load_label.text().endswith(today.isoformat()), timeout=TIMEOUT)
        with db.session("mkt5") as conn:
            mine = {r["id"]: r for r in reservations.list_reservations(conn, mine_only=True)}
        assert mine[reservation]["status"] == "matched", mine[reservation]
        request_id = db.scalar("SELECT request_id FROM crm.reservation WHERE id = %s", (reservation,))

        for login in ("tm5", "dir5"):
            approver = open_window(qtbot, runner, profile, login)
            opened.append(approver)
            tab = approver.tabs.findChild(ApprovalsTab)
            tab.prompts = ScriptedPrompts()
            approver.tabs.setCurrentWidget(tab)
            wait_rows(qtbot, tab.waiting_page, 1)
            assert tab.waiting_page.model.row(0)["id"] == request_id
            tab.waiting_page.select_ids([request_id])
            tab.approve(ask=False)
            qtbot.waitUntil(lambda: not tab._deciding and tab.waiting_page.model.rowCount() == 0
                            and not tab.waiting_page.model.loading, timeout=TIMEOUT)
        assert db.scalar("SELECT status FROM crm.approval_request WHERE id = %s", (request_id,)) == "approved"

        customers_tab.search.setText("张伟")
        qtbot.waitUntil(lambda: customers_tab.model.rowCount() == 1 and customers_tab.model.row(0) is not None,
                        timeout=TIMEOUT)
        assert customers_tab.model.row(0)["account_no"] == "80550001"
    finally:
        for w in opened:
            w.request_logout()
        wait_idle(runner)
        for w in opened:
            w.connector.close()
