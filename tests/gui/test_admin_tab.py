"""The Administration tab against the real server, signed in as a branch (or HQ) administrator."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QAbstractItemModelTester

from crm_desktop.agent import jobs
from crm_desktop.services import auth, machine
from crm_desktop.services.connector import StaffConnector
from crm_desktop.ui.admin.common import Prompts
from crm_desktop.ui.admin.features import AdminTabParts
from crm_desktop.ui.admin.tab import AdminTab
from crm_desktop.ui.tasks import TaskRunner
from tests.support import TEST_PASSWORD, wait_idle

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal
TIMEOUT = 15000


class ScriptedPrompts(Prompts):
    """Answers every question without a modal dialog and records what was asked and shown."""

    def __init__(self):
        self.confirm_answer = True
        self.text_answers: list[str | None] = []
        self.choice: str | None = None
        self.asked: list[tuple[str, str]] = []
        self.refusals: list[tuple[str, BaseException]] = []
        self.informed: list[str] = []

    def confirm(self, parent, title, text, ok_text=None, destructive=False) -> bool:
        self.asked.append((title, text))
        return self.confirm_answer

    def ask_text(self, parent, title, label, text=""):
        self.asked.append((title, label))
        return self.text_answers.pop(0) if self.text_answers else ""

    def choose(self, parent, title, label, items):
        self.asked.append((title, label))
        return self.choice if self.choice in items else None

    def inform(self, parent, title, text) -> None:
        self.informed.append(text)

    def show_refusal(self, parent, title, error) -> None:
        self.refusals.append((title, error))


@dataclass
class Admin:
    qtbot: object
    tab: AdminTab
    prompts: ScriptedPrompts
    runner: TaskRunner
    connector: StaffConnector
    info: auth.SessionInfo
    testers: list = field(default_factory=list)

    def wait_idle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.tab.busy, timeout=TIMEOUT)

    def staff_row(self, login: str) -> dict | None:
        page = self.tab.staff_page
        index = page.model.find(lambda r: r["login"] == login)
        return page.model.row(index) if index >= 0 else None

    def select(self, login: str) -> dict:
        page = self.tab.staff_page
        page.search.clear()
        page.status_filter.setCurrentIndex(0)
        assert page.select_login(login), login
        return page.selected()

    def test_models(self, *models) -> None:
        for model in models:
            self.testers.append(QAbstractItemModelTester(model, Fatal))


@pytest.fixture
def open_admin(qtbot, db):
    """open_admin(login) -> Admin: a real sign-in, a runner, and the tab shown."""
    runners, connectors, tabs = [], [], []

    def open_(login: str) -> Admin:
        profile = auth.ServerProfile.from_conninfo("test", db.admin_url)
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        runner = TaskRunner()
        prompts = ScriptedPrompts()
        tab = AdminTab(runner, connector, info, prompts=prompts)
        qtbot.addWidget(tab)
        assert isinstance(tab, AdminTabParts)      # all its features may use is there
        tab.resize(1400, 800)
        tab.show()
        runners.append(runner)
        connectors.append(connector)
        tabs.append(tab)
        admin = Admin(qtbot, tab, prompts, runner, connector, info)
        admin.wait_idle()
        return admin

    yield open_
    for runner in runners:
        runner.cancel_all()
    wait_idle(*runners)  # every result delivered while the widgets still exist
    for runner in runners:
        assert runner.wait(10000), "background tasks still running after the test"
    for tab in tabs:
        page = tab.staff_page
        for dialog in (page.dialog, page.password_dialog):
            if dialog is not None:
                dialog.reject()
    for connector in connectors:
        connector.close()   # from the test thread: the GUI-thread guard is not enabled in tests
    for runner in runners:
        runner.deleteLater()


@pytest.fixture
def branches(db):
    db.make_branch("BR02", "上海陆家嘴营业部")
    db.make_staff("adm_a", name="刘管理", roles=("branch_admin",))
    db.make_staff("mgr_b1", name="王经理", staff_type="manager", roles=("marketing", "trading_manager"),
                  posts=("trading_manager",), scope="subordinates", public_pool=True)
    db.make_staff("mkt_b2", name="李营销", superior="mgr_b1")
    db.make_staff("mkt_c", name="张远方", branch="BR02")
    return db


def staff_logins(admin: Admin) -> set[str]:
    return {row["login"] for row in admin.tab.staff_page.model.rows}


# Staff accounts --------------------------------------------------------------------------------

def test_staff_table_shows_the_administered_branch_only(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=TIMEOUT)
    assert staff_logins(admin) == {"adm_a", "mgr_b1", "mkt_b2"}
    admin.test_models(page.model, page.proxy)

    texts = {page.proxy.index(r, c).data() for r in range(page.proxy.rowCount()) for c in range(page.proxy.columnCount())}
    assert {"mgr_b1", "王经理", "北京金融街营业部", "Active"} <= texts
    b2 = page.proxy.row(next(r for r in range(page.proxy.rowCount()) if page.proxy.row(r)["login"] == "mkt_b2"))
    assert b2["superior_login"] == "mgr_b1"
    mgr_row = page.model.find(lambda r: r["login"] == "mgr_b1")
    scope_text = page.model.index(mgr_row, 8).data()
    assert "public pool" in scope_text
    assert page.model.index(mgr_row, 7).data() == "Trading department manager"

    # the filter box and the status filter work on the loaded rows
    page.search.setText("王经理")
    assert [r["login"] for r in page.rows()] == ["mgr_b1"]
    assert "1 of 3" in page.count_label.text()
    page.search.setText("")
    page.status_filter.setCurrentIndex(page.status_filter.findData("frozen"))
    assert page.rows() == []
    page.status_filter.setCurrentIndex(0)
    # only the other pages load when first shown
    assert not admin.tab.sessions_page.loaded and not admin.tab.audit_page.loaded
    assert admin.tab.staff_page.loaded


def test_create_account_through_the_dialog(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    assert page.create_action.isEnabled()
    page.create_action.trigger()
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.branch_combo.currentData() == "BR01" and dialog.branch_combo.count() == 1   # BR01 only
    dialog.login_edit.setText("new_mkt")
    dialog.name_edit.setText("赵新人")
    dialog.superior_combo.setCurrentIndex(dialog.superior_combo.findData("mgr_b1"))
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData("subordinates"))
    dialog.public_pool.setChecked(True)
    admin.qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    admin.qtbot.waitUntil(lambda: page.password_dialog is not None, timeout=TIMEOUT)
    admin.wait_idle()
    assert not admin.prompts.refusals
    password_dialog = page.password_dialog
    password = password_dialog.password()
    assert len(password) == 14
    assert "24 h" in password_dialog.note.text() and "first sign-in" in password_dialog.note.text()
    admin.qtbot.mouseClick(password_dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == password
    password_dialog.close()
    assert page.password_dialog is None

    row = admin.staff_row("new_mkt")
    assert row is not None and row["name"] == "赵新人" and row["superior_login"] == "mgr_b1"
    assert row["roles"] == ["marketing"] and row["posts"] == []      # approval posts: HQ's (four eyes)
    assert row["customer_scope"] == "subordinates" and row["public_pool"] and row["must_change_password"]
    assert page.selected()["login"] == "new_mkt"
    status = page.model.index(page.model.find(lambda r: r["login"] == "new_mkt"), 4).data()
    assert status == "Must change password"
    # the temporary password works, and only for changing it
    profile = auth.ServerProfile.from_conninfo("test", branches.admin_url)
    with pytest.raises(Exception) as refused:
        auth.sign_in(profile, "new_mkt", password)
    assert getattr(refused.value, "kind", None) == "password_change_required"
    refused.value.connection.close()


def test_create_refusal_keeps_the_dialog_open(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    dialog = page.create_account()
    dialog.login_edit.setText("mkt_b2")          # exists
    dialog.name_edit.setText("重复")
    dialog.submit()
    admin.qtbot.waitUntil(lambda: "already exists" in dialog.message.text().lower(), timeout=TIMEOUT)
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    dialog.login_edit.setText("x")                 # refused before asking the server
    dialog.submit()
    assert "3-32" in dialog.message.text()
    dialog.reject()


def test_freeze_and_unfreeze(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    target = branches.session("mkt_b2")        # signed in elsewhere: freezing signs them out
    try:
        admin.select("mkt_b2")
        assert page.freeze_action.isEnabled() and not page.unfreeze_action.isEnabled()
        admin.prompts.text_answers = ["on holiday"]
        page.freeze_action.trigger()
        admin.wait_idle()
        assert not admin.prompts.refusals
        row = admin.staff_row("mkt_b2")
        assert row["status"] == "frozen" and row["freeze_reason"] == "on holiday"
        assert page.selected()["login"] == "mkt_b2"
        assert page.unfreeze_action.isEnabled() and not page.freeze_action.isEnabled()
        assert page.model.index(page.model.find(lambda r: r["login"] == "mkt_b2"), 4).data() == "Frozen"
        with pytest.raises(psycopg.OperationalError):
            target.execute("SELECT 1")
    finally:
        target.close()

    page.unfreeze_action.trigger()
    admin.wait_idle()
    assert admin.staff_row("mkt_b2")["status"] == "active"
    assert branches.scalar("SELECT status FROM crm.staff WHERE login = 'mkt_b2'") == "active"
    branches.session("mkt_b2").close()           # can sign in again

    # a cancelled question changes nothing
    admin.prompts.text_answers = [None]
    page.freeze_action.trigger()
    admin.wait_idle()
    assert branches.scalar("SELECT status FROM crm.staff WHERE login = 'mkt_b2'") == "active"


def test_refusal_is_shown(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("mgr_b1")
    page.close_action.trigger()                    # still the superior of mkt_b2
    admin.wait_idle()
    assert len(admin.prompts.refusals) == 1
    title, error = admin.prompts.refusals[0]
    assert error.kind == "invalid_input" and "superior" in error.message
    assert "history" in admin.prompts.asked[-1][1]
    assert admin.staff_row("mgr_b1")["status"] == "active"


def test_close_account(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("mkt_b2")
    page.close_action.trigger()
    admin.wait_idle()
    row = admin.staff_row("mkt_b2")
    assert row["status"] == "closed" and row["closed_at"] is not None
    admin.select("mkt_b2")
    assert not page.edit_action.isEnabled() and not page.reset_action.isEnabled()
    assert not page.close_action.isEnabled() and not page.freeze_action.isEnabled()


def test_reset_password_shows_it_once(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("mkt_b2")
    page.reset_action.trigger()
    admin.qtbot.waitUntil(lambda: page.password_dialog is not None, timeout=TIMEOUT)
    admin.wait_idle()
    password = page.password_dialog.password()
    assert len(password) == 14 and admin.staff_row("mkt_b2")["must_change_password"]
    page.password_dialog.reject()
    with pytest.raises(psycopg.OperationalError):
        branches.connect("mkt_b2", TEST_PASSWORD).close()


def test_edit_permissions(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("mkt_b2")
    dialog = page.edit_permissions()
    assert dialog.superior_login() == "mgr_b1" and dialog.roles.checked() == ["marketing"]
    assert dialog.changes() == {}
    dialog.submit()
    assert "Nothing changed" in dialog.message.text()
    dialog.superior_combo.setCurrentIndex(0)                         # (none)
    dialog.roles.set_checked(["marketing", "analyst"])
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData("branch"))
    dialog.mac_binding.setChecked(False)
    assert dialog.changes() == {"superior": None, "grant_roles": ["analyst"], "scope": "branch", "mac_binding": False}
    admin.qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    admin.qtbot.waitUntil(lambda: page.dialog is None, timeout=TIMEOUT)
    admin.wait_idle()
    row = admin.staff_row("mkt_b2")
    assert row["superior_login"] is None and row["roles"] == ["analyst", "marketing"]
    assert row["posts"] == [] and row["customer_scope"] == "branch"
    assert not row["mac_binding_required"]

    # refused changes are all-or-nothing: 'all' needs HQ, so the role revoke is rolled back too
    admin.select("mkt_b2")
    dialog = page.edit_permissions()
    dialog.roles.set_checked(["marketing"])
    dialog.scope_combo.setCurrentIndex(dialog.scope_combo.findData("all"))
    dialog.submit()
    admin.qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=TIMEOUT)
    assert "HQ" in dialog.message.text() and dialog.isVisible()
    dialog.reject()
    assert branches.scalar("SELECT array_agg(role_code ORDER BY role_code) FROM crm.staff_role r "
                           "JOIN crm.staff s ON s.id = r.staff_id WHERE s.login = 'mkt_b2'") == ["analyst", "marketing"]


def test_four_eyes_in_the_staff_page(branches, open_admin):
    """Nobody edits their own permissions (the action is off; the server refuses anyway), and
    rights only HQ grants are refused in words, changing nothing."""
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("adm_a")
    assert not page.edit_action.isEnabled() and "Another administrator" in page.edit_action.toolTip()
    admin.select("mkt_b2")
    assert page.edit_action.isEnabled()
    dialog = page.edit_permissions()
    dialog.roles.set_checked(["marketing", "data_export"])
    dialog.submit()
    admin.qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=TIMEOUT)
    assert "only HQ administrators grant or revoke the role" in dialog.message.text() and dialog.isVisible()
    dialog.reject()
    dialog = page.edit_permissions()
    dialog.posts.set_checked(["trading_manager"])
    dialog.submit()
    admin.qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=TIMEOUT)
    assert "only HQ administrators grant or revoke approval posts" in dialog.message.text()
    dialog.reject()
    assert branches.scalar("SELECT array_agg(role_code ORDER BY role_code) FROM crm.staff_role r "
                           "JOIN crm.staff s ON s.id = r.staff_id WHERE s.login = 'mkt_b2'") == ["marketing"]


def test_bind_and_unbind_mac_by_hand(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("mkt_b2")
    admin.prompts.text_answers = ["not-a-mac"]
    page.bind_action.trigger()
    admin.wait_idle()
    assert admin.prompts.refusals and "not a MAC" in admin.prompts.refusals[-1][1].message
    admin.prompts.text_answers = ["0E-11-22-33-44-66"]
    page.bind_action.trigger()
    admin.wait_idle()
    assert "0e:11:22:33:44:66" in admin.staff_row("mkt_b2")["macs"]
    admin.select("mkt_b2")
    assert page.unbind_action.isEnabled()
    admin.prompts.choice = "0e:11:22:33:44:66"
    page.unbind_action.trigger()
    admin.wait_idle()
    assert "0e:11:22:33:44:66" not in admin.staff_row("mkt_b2")["macs"]
    assert len(admin.prompts.refusals) == 1


def test_bind_the_mac_of_the_last_refused_sign_in(branches, open_admin):
    branches.make_staff("mkt_x", name="新电脑", bind_this_pc=False)
    with pytest.raises(psycopg.Error) as refused:
        branches.session("mkt_x")
    assert refused.value.sqlstate == "CR001"
    # The refusal reaches login_event through the agent reading the server log (written asynchronously).
    deadline = time.monotonic() + 8
    while True:
        jobs.run_once(branches.admin_url)
        if branches.scalar("SELECT last_refused_macs FROM crm.staff_overview WHERE login = 'mkt_x'"):
            break
        assert time.monotonic() < deadline, "the agent did not record the refused sign-in"
        time.sleep(0.2)

    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("adm_a")
    assert not page.bind_refused_action.isEnabled()
    row = admin.select("mkt_x")
    assert set(row["last_refused_macs"]) == set(machine.local_macs())
    assert page.bind_refused_action.isEnabled()
    assert "last refused PC" in page.details.text()
    page.bind_refused_action.trigger()
    admin.wait_idle()
    assert not admin.prompts.refusals
    assert set(admin.staff_row("mkt_x")["macs"]) == set(machine.local_macs())
    admin.select("mkt_x")
    assert not page.bind_refused_action.isEnabled()
    branches.session("mkt_x").close()        # this PC may sign in now


# Sessions ------------------------------------------------------------------------------------------

def test_sessions_list_and_end_session(branches, open_admin):
    other = branches.session("mkt_b2", hostname="pc-lisi")
    other_thread = branches.session("mkt_b2", hostname="pc-lisi")     # the same sign-in's second connection
    hidden = branches.session("mkt_c", hostname="pc-far")
    try:
        admin = open_admin("adm_a")
        page = admin.tab.show_page(admin.tab.sessions_page)
        admin.wait_idle()
        admin.test_models(page.model, page.proxy)
        logins = {r["login"] for r in page.model.rows}
        assert "mkt_b2" in logins and "adm_a" in logins and "mkt_c" not in logins
        # One row per sign-in, counted as sign-ins; its connections inside.
        assert [r["login"] for r in page.model.rows].count("mkt_b2") == 1
        row = next(r for r in page.model.rows if r["login"] == "mkt_b2")
        assert row["hostname"] == "pc-lisi" and row["open"] and row["open_connections"] == 2
        signed_in = sum(1 for r in page.model.rows if r["open"])
        assert page.count_label.text().startswith(str(signed_in))
        assert page.select_session(row["id"]) and page.end_button.isEnabled()
        admin.test_models(page.connections, page.connections_proxy)
        assert page.connections.rowCount() == 2
        admin.qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
        admin.wait_idle()
        assert not admin.prompts.refusals
        for conn in (other, other_thread):
            with pytest.raises(psycopg.OperationalError):
                conn.execute("SELECT 1")
        assert "mkt_b2" not in {r["login"] for r in page.model.rows}
        page.include_closed.setChecked(True)
        admin.wait_idle()
        closed = [r for r in page.model.rows if r["login"] == "mkt_b2"]
        assert closed and not closed[0]["open"]
        assert page.select_session(closed[0]["id"]) and not page.end_button.isEnabled()
    finally:
        other.close()
        other_thread.close()
        hidden.close()


# Login events ------------------------------------------------------------------------------------

def test_login_events(branches, open_admin):
    with branches.admin() as conn:
        conn.execute("INSERT INTO crm.login_event (login, staff_id, branch_id, outcome, hostname, source) "
                     "SELECT s.login, s.id, s.branch_id, 'bad_password', 'pc-9', 'test' "
                     "FROM crm.staff s WHERE s.login IN ('mkt_b2', 'mkt_c')")
    admin = open_admin("adm_a")
    page = admin.tab.show_page(admin.tab.login_events_page)
    admin.wait_idle()
    admin.test_models(page.model, page.proxy)
    rows = page.model.rows
    assert {r["login"] for r in rows} >= {"adm_a", "mkt_b2"} and "mkt_c" not in {r["login"] for r in rows}
    page.login_edit.setText("b2")
    page.outcome_combo.setCurrentIndex(page.outcome_combo.findData("bad_password"))
    admin.qtbot.mouseClick(page.search_button, Qt.MouseButton.LeftButton)
    admin.wait_idle()
    assert [(r["login"], r["outcome"]) for r in page.model.rows] == [("mkt_b2", "bad_password")]
    assert page.model.index(0, 4).data() == "Wrong password"
    assert page.model.index(0, 5).data() == "pc-9"
    assert "1 events" in page.note.text()
    # the newest 1000 only, with a note
    with branches.admin() as conn:
        conn.execute("INSERT INTO crm.login_event (at, login, staff_id, branch_id, outcome, source) "
                     "SELECT now() - make_interval(secs => g), s.login, s.id, s.branch_id, 'bad_password', 'test' "
                     "FROM crm.staff s, generate_series(1, 1000) g WHERE s.login = 'mkt_b2'")
    page.refresh()
    admin.wait_idle()
    assert page.model.rowCount() == 1000 and "newest 1000" in page.note.text()


# Policy ----------------------------------------------------------------------------------------------

def test_policy_is_read_only_for_a_branch_administrator(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.show_page(admin.tab.policy_page)
    admin.wait_idle()
    assert page.policy is not None and page.fields["idle_minutes"].value() == 30
    assert not page.save_button.isEnabled() and not page.fields["idle_minutes"].isEnabled()
    assert page.read_only_note.isVisibleTo(page)
    assert not admin.tab.has_unsaved_changes()


def test_policy_save_as_hq_administrator(branches, open_admin):
    branches.make_staff("hq_adm", name="总部管理", branch="HQ", roles=("hq_admin",), scope="all")
    admin = open_admin("hq_adm")
    page = admin.tab.show_page(admin.tab.policy_page)
    admin.wait_idle()
    assert not page.read_only_note.isVisibleTo(page) and not page.save_button.isEnabled()
    page.fields["idle_minutes"].setValue(20)
    page.fields["maintenance_message"].setText("升级中")
    assert page.changes() == {"idle_minutes": 20, "maintenance_message": "升级中"}
    assert admin.tab.has_unsaved_changes() and page.save_button.isEnabled()
    admin.qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    admin.wait_idle()
    assert not admin.prompts.refusals
    assert branches.scalar("SELECT idle_minutes FROM crm.policy") == 20
    assert branches.scalar("SELECT server_idle_seconds FROM crm.policy") == 1200
    assert branches.scalar("SELECT updated_by FROM crm.policy") == "hq_adm"
    assert not admin.tab.has_unsaved_changes() and "hq_adm" in page.updated_label.text()
    # the main window's "save before signing out" path
    page.fields["lockout_threshold"].setValue(7)
    assert admin.tab.save_changes()
    assert branches.scalar("SELECT lockout_threshold FROM crm.policy") == 7
    page.fields["lockout_threshold"].setValue(9)
    admin.tab.discard_changes()
    assert page.fields["lockout_threshold"].value() == 7 and not admin.tab.has_unsaved_changes()
    # HQ sees every branch's staff
    admin.tab.show_page(admin.tab.staff_page)
    admin.wait_idle()
    assert {"mkt_c", "adm_a", "hq_adm"} <= staff_logins(admin)


# Audit ------------------------------------------------------------------------------------------------

def test_audit_shows_the_freeze(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.staff_page
    admin.select("mkt_b2")
    admin.prompts.text_answers = ["audit me"]
    page.freeze_action.trigger()
    admin.wait_idle()
    audit = admin.tab.show_page(admin.tab.audit_page)
    admin.wait_idle()
    admin.test_models(audit.model, audit.proxy)
    audit.actor_edit.setText("adm_a")
    audit.table_combo.setCurrentIndex(audit.table_combo.findData("staff"))
    admin.qtbot.mouseClick(audit.search_button, Qt.MouseButton.LeftButton)
    admin.wait_idle()
    rows = audit.model.rows
    assert len(rows) == 1 and rows[0]["actor"] == "adm_a" and rows[0]["row_key"] == "mkt_b2"
    changes = audit.model.index(0, 6).data()
    # columns and coded values in words (in Chinese: 状态: 正常 → 已冻结)
    assert "Status: Active → Frozen" in changes and "Reason frozen: ∅ → audit me" in changes
    assert "Version" not in changes and "Version" in audit.model.index(0, 6).data(Qt.ItemDataRole.ToolTipRole)
    assert audit.model.index(0, 1).data() == "adm_a" and audit.model.index(0, 4).data() == "changed"


def test_audit_words_a_security_refusal_the_agent_recorded(branches, open_admin):
    """Issue #11: a refused attack (here a raw personal-data column) rolls back its transaction; the
    agent writes it to the audit from the server log, and the audit page says what it was, in
    English and in Chinese."""
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication, QTranslator

    with branches.session("mkt_b2") as conn:
        with pytest.raises(psycopg.Error) as info:
            conn.execute("SELECT id_no FROM crm.customer")
        assert info.value.sqlstate == "42501"
    deadline = time.monotonic() + 15
    while not branches.scalar("SELECT count(*) FROM crm.audit_log WHERE table_name = 'security_refusal'"):
        assert time.monotonic() < deadline, "the agent did not record the refusal"
        assert jobs.run_once(branches.admin_url).ok
        time.sleep(0.1)

    admin = open_admin("adm_a")
    audit = admin.tab.show_page(admin.tab.audit_page)
    admin.wait_idle()
    admin.test_models(audit.model, audit.proxy)
    audit.table_combo.setCurrentIndex(audit.table_combo.findData("security_refusal"))
    assert audit.table_combo.currentText() == "Security refusals"
    admin.qtbot.mouseClick(audit.search_button, Qt.MouseButton.LeftButton)
    admin.wait_idle()
    assert [(r["actor"], r["row_key"]) for r in audit.model.rows] == [("mkt_b2", "42501")]
    cell = lambda column: audit.model.index(0, column).data()
    assert (cell(1), cell(2), cell(3), cell(4)) == ("mkt_b2", "BR01", "Security refusals", "refused by the server")
    assert cell(6).startswith("Refusal = Insufficient privilege (42501); Server message = permission denied")
    assert "Client address = " in audit.model.index(0, 6).data(Qt.ItemDataRole.ToolTipRole)

    translator = QTranslator()
    assert translator.load("crm_desktop_zh_CN", str(Path(__file__).resolve().parents[2] / "resources" / "translations"))
    QCoreApplication.installTranslator(translator)
    try:
        assert (cell(3), cell(4)) == ("安全拒绝", "被服务器拒绝")
        assert cell(6).startswith("拒绝原因 = 权限不足 (42501); 服务器消息 = permission denied")
    finally:
        QCoreApplication.removeTranslator(translator)


# Re-login ----------------------------------------------------------------------------------------------

def test_set_connector_reloads_with_the_new_connection(branches, open_admin):
    admin = open_admin("adm_a")
    profile = auth.ServerProfile.from_conninfo("test", branches.admin_url)
    fresh = StaffConnector(profile, "adm_a", TEST_PASSWORD)
    try:
        branches.make_staff("mkt_new", name="后来者")
        admin.tab.set_connector(fresh)
        assert admin.tab.connector is fresh
        admin.wait_idle()
        assert "mkt_new" in staff_logins(admin)
        assert not admin.tab.sessions_page.loaded   # hidden pages reload when shown
    finally:
        wait_idle(admin.runner)
        fresh.close()


def test_audit_changes_name_columns_and_codes_in_words():
    from crm_desktop.ui.admin.audit_page import render_changes

    names = {"roles": {"analyst": "Analyst role"}, "posts": {}, "staff_types": {}}
    role = {"table_name": "staff_role", "action": "insert", "old_values": None,
            "new_values": {"staff_id": 7, "role_code": "analyst"}}
    assert render_changes(role, names=names) == "Staff no. = 7; Role = Analyst role"
    unknown = dict(role, new_values={"staff_id": 7, "role_code": "gone"})
    assert render_changes(unknown, names=names) == "Staff no. = 7; Role = gone"      # a code no longer defined
    staff = {"table_name": "staff", "action": "update",
             "old_values": {"status": "frozen", "freeze_reason": "lockout", "public_pool": False},
             "new_values": {"status": "active", "freeze_reason": None, "public_pool": True}}
    assert render_changes(staff) == ("Status: Frozen → Active; Reason frozen: too many wrong passwords → ∅; "
                                     "Public pool: no → yes")
    visit = {"table_name": "visit", "action": "delete", "old_values": {"channel": "wechat"}, "new_values": None}
    assert render_changes(visit) == "Channel = WeChat"


def test_every_audited_table_and_its_codes_have_words():
    from crm_desktop.services.admin_queries import AUDITED_TABLES
    from crm_desktop.ui.admin.audit_page import action_label, render_changes, table_label

    assert [t for t in AUDITED_TABLES if table_label(t) == t] == []
    reservation = {"table_name": "reservation", "action": "update",
                   "old_values": {"status": "open", "reason": None}, "new_values": {"status": "expired",
                                                                                   "reason": "no_account"}}
    assert render_changes(reservation).startswith("Status: Open → Expired; Reason: ∅ → ")
    assert "no_account" not in render_changes(reservation)
    step = {"table_name": "approval_step", "action": "insert", "old_values": None,
            "new_values": {"decision": "approved", "post_code": "trading_manager", "flow_code": "service"}}
    assert render_changes(step, names={"flows": {"service": "Service relationship"}}) == \
        "Decision = Approved; Approval post = Trading dept. manager; Flow = Service relationship"
    # The agent's rows of refused attacks: the state in words, and the summary past the hourly cap.
    refused = {"table_name": "security_refusal", "action": "refused", "old_values": None,
               "new_values": {"client": "[local]", "message": "you cannot change your own roles",
                              "state_code": "CR033"}}
    assert render_changes(refused) == ("Refusal = Four eyes (nobody decides for themselves) (CR033); "
                                       "Server message = you cannot change your own roles; Client address = [local]")
    dropped = {"table_name": "security_refusal", "action": "dropped", "old_values": None,
               "new_values": {"limit": 100, "dropped": 30}}
    assert render_changes(dropped) == "Further refusals not recorded = 30; Recorded per hour at most = 100"
    assert [action_label(a) for a in ("refused", "dropped")] == ["refused by the server", "more refusals, not recorded"]


def test_hq_administrator_sees_the_agent_health_and_lock_events(branches, open_admin, monkeypatch):
    """Issue #11: a failing or skipping agent round shows in the Administration tab for HQ
    administrators; locks are listed with their reason in words and the client addresses."""
    from psycopg.types.json import Jsonb

    branches.make_staff("hq_adm", name="总部管理", branch="HQ", roles=("hq_admin",), scope="all")
    with branches.admin() as conn:
        conn.execute("SET ROLE crm_agent")
        conn.execute("SELECT crm.agent_ingest_auth_log('zzzz-synthetic.json', 0, 1, %s)",
                     (Jsonb([{"kind": "failure", "user": "mkt_b2", "client": "198.51.100.4"}] * 5),))
        conn.execute("RESET ROLE")

    def unreadable(conn):
        raise OSError("drop folder unreadable")

    monkeypatch.setattr(jobs, "import_drop_folder", unreadable)
    jobs.run_once(branches.admin_url)
    admin = open_admin("hq_adm")
    page = admin.tab.show_page(admin.tab.policy_page)
    admin.wait_idle()
    assert page.agent_box.isVisibleTo(page)
    text = page.agent_health.text()
    assert "drop folder unreadable" in text and "T+1" in text
    events = admin.tab.show_page(admin.tab.login_events_page)
    admin.wait_idle()
    rows = [r for r in events.model.rows if r["outcome"] == "locked"]
    assert len(rows) == 1
    detail = events.model.index(events.model.rows.index(rows[0]), 7).data()
    assert "198.51.100.4" in detail and "lockout_temporary" not in detail


def test_branch_administrator_does_not_see_the_agent_health(branches, open_admin):
    admin = open_admin("adm_a")
    page = admin.tab.show_page(admin.tab.policy_page)
    admin.wait_idle()
    assert not page.agent_box.isVisibleTo(page)
