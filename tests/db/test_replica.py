"""A real streaming standby of the test session's server (issue #16): made with
`pg_basebackup -R` from the bundled binaries (crm_desktop.db.standby, `crm-admin replica create`),
read under row-level security with the replica session proof, as a branch analyst and as HQ.

The analysis pane's pivots, a ready-made report and an export read on the standby must give what
the primary gives, each login seeing only its scope; the router sends heavy reads there and falls
back to the primary when the standby lags or cannot be reached.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path
from unittest import mock

import openpyxl
import psycopg
import pytest

from crm_desktop import cli
from crm_desktop.db import standby
from crm_desktop.services import auth, export, machine, pivot, replica
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.pivot import Layout, TopN, Value
from crm_desktop.services.tasks import TaskContext
from crm_desktop.tools import demo
from tests import support

pytestmark = pytest.mark.replica

HQ, ANALYST = "hq_analyst", "bj01_analyst"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _caught_up(primary_admin: str, data_dir: Path, timeout: float = 30) -> None:
    """Wait until the standby has replayed everything the primary wrote so far."""
    with psycopg.connect(primary_admin, autocommit=True) as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    deadline = time.monotonic() + timeout
    url = standby.standby_url(data_dir, standby.status(data_dir).port)
    with psycopg.connect(url, autocommit=True) as conn:
        while not conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()[0]:
            assert time.monotonic() < deadline, "the standby did not catch up"
            time.sleep(0.1)


class Standby:
    def __init__(self, db: support.TestDatabase, data_dir: Path, port: int):
        self.db, self.data_dir, self.port = db, data_dir, port

    def conninfo(self, login: str) -> str:
        return psycopg.conninfo.make_conninfo(user=login, password=demo.DEMO_PASSWORD, dbname=self.db.name,
                                              host=str(self.data_dir), port=str(self.port))

    def connect(self, login: str) -> psycopg.Connection:
        return psycopg.connect(self.conninfo(login), autocommit=True)

    def catch_up(self) -> None:
        _caught_up(self.db.admin_url, self.data_dir)


@pytest.fixture(scope="module")
def seeded(cluster, cluster_state):
    verifier, baseline = cluster_state
    with support.test_database(cluster, "crm", verifier, baseline) as database:
        demo.seed(database.admin_url, customers=800, days=30, seed=11)
        yield database


@pytest.fixture(scope="module")
def replica_server(seeded):
    parent = Path(tempfile.mkdtemp(prefix="crmsb-"))
    data_dir, port = parent / "sb", _free_port()
    try:
        started = time.perf_counter()
        printed = io.StringIO()
        # As IT runs it: the operator CLI against the server CRM_DATABASE_URL names.
        with mock.patch.dict(os.environ, {"CRM_DATABASE_URL": seeded.admin_url}), \
                contextlib.redirect_stdout(printed), contextlib.redirect_stderr(io.StringIO()):
            assert cli.main(["replica", "create", "--data-dir", str(data_dir), "--port", str(port), "--json"]) == 0
        created = json.loads(printed.getvalue())
        assert created["in_recovery"] and created["receiver"] == "streaming" and created["port"] == port
        print(f"standby created and streaming in {time.perf_counter() - started:.1f} s: {created}")
        yield Standby(seeded, data_dir, port)
    finally:
        # Whatever test_replica_drop left: a slot nobody reads keeps WAL for the rest of the session.
        standby.drop(seeded.admin_url, data_dir if (data_dir / "standby.signal").exists() else None,
                     slot=standby.slot_name(port))
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def pair(seeded, replica_server):
    """pair(login) -> (primary connection with a CRM session, standby connection with it proven)."""
    opened: list[psycopg.Connection] = []

    def make(login: str) -> tuple[psycopg.Connection, psycopg.Connection]:
        primary = seeded.session(login, demo.DEMO_PASSWORD)
        opened.append(primary)
        secret = replica.issue_secret(primary)
        replica_server.catch_up()
        standby_conn = replica_server.connect(login)
        opened.append(standby_conn)
        replica.attach(standby_conn, secret)
        return primary, standby_conn

    yield make
    for conn in opened:
        conn.close()


def test_the_standby_streams_is_read_only_and_reports_no_lag(seeded, replica_server):
    state = standby.status(replica_server.data_dir, seeded.admin_url)
    assert state.in_recovery and state.receiver == "streaming"
    with psycopg.connect(standby.standby_url(replica_server.data_dir, replica_server.port), autocommit=True) as conn:
        feedback = conn.execute("SHOW hot_standby_feedback").fetchone()[0]
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE crm.nope (x int)")
    assert feedback == "on"
    # Its slot on the primary is in use and bounded: WAL it has not received yet is kept, but never
    # without limit.
    assert state.slot.name == standby.slot_name(replica_server.port)
    assert state.slot.exists and state.slot.active and state.slot.wal_status == "reserved"
    assert state.slot.max_slot_wal_keep_size not in (None, "-1") and state.slot.safe_wal_bytes > 0
    replica_server.catch_up()
    with replica_server.connect(HQ) as conn:
        in_recovery, lag = conn.execute("SELECT * FROM crm.replica_status()").fetchone()
    assert in_recovery and lag == 0


def test_no_proof_no_rows_and_open_session_cannot_run_on_the_standby(replica_server):
    with replica_server.connect(ANALYST) as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM crm.customer_daily").fetchone()[0] == 0
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("SELECT * FROM crm.open_session(%s, 'pc', 'x')", (machine.local_macs(),))


LAYOUTS = [
    Layout(rows=("branch",), columns=("month",), values=(Value("trade_volume", "sum"), Value("customers", "count"))),
    Layout(rows=("staff",), columns=("relationship_kind",), values=(Value("commission", "sum"),)),
    Layout(rows=("gender", "age_band"), values=(Value("assets_avg", "avg"), Value("pnl", "sum"))),
    Layout(rows=("customer",), values=(Value("pnl", "sum"),), top=TopN(50, bottom=True, below_zero=True)),
]


@pytest.mark.parametrize("login", [HQ, ANALYST])
def test_pivots_and_a_report_on_the_standby_equal_the_primary_under_rls(pair, login):
    primary, standby_conn = pair(login)
    for layout in LAYOUTS + [pivot.report_layout(primary, "branch_monthly")]:
        on_primary = pivot.run(primary, layout)
        on_standby = pivot.run(standby_conn, layout)
        assert on_standby.records == on_primary.records, layout
        assert on_standby.records, layout
    branches = {r[0] for r in pivot.run(standby_conn, LAYOUTS[0]).records if r[0] is not None}
    with primary.cursor() as cur:
        codes = {c for (c,) in cur.execute("SELECT code FROM crm.branch WHERE id = ANY (%s)", (list(branches),))}
    if login == ANALYST:
        assert codes == {"BJ01"}
    else:
        assert {"BJ01", "SH01"} <= codes


def _rows(path: Path) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


@pytest.mark.parametrize("login", [HQ, ANALYST])
def test_an_export_reads_on_the_standby_and_logs_on_the_primary(pair, seeded, tmp_path, login):
    primary, standby_conn = pair(login)
    query = CustomerQuery(columns=("account_no", "name", "branch", "total_assets"), sort="account_no")
    from_standby = export.export_customers(TaskContext(), primary, query, tmp_path / "standby.xlsx",
                                           rows_from=standby_conn)
    from_primary = export.export_customers(TaskContext(), primary, query, tmp_path / "primary.xlsx")
    assert _rows(tmp_path / "standby.xlsx") == _rows(tmp_path / "primary.xlsx")
    assert from_standby.rows == from_primary.rows > 0
    visible = primary.execute("SELECT count(*) FROM crm.customer").fetchone()[0]
    total = seeded.scalar("SELECT count(*) FROM crm.customer")
    assert from_standby.rows == visible
    assert (visible < total) == (login == ANALYST)
    logged = seeded.scalar("SELECT row_count FROM crm.export_log WHERE id = %s", (from_standby.export_id,))
    assert logged == from_standby.rows


def test_the_secret_goes_stale_on_the_standby_when_the_session_ends(pair, replica_server):
    primary, standby_conn = pair(ANALYST)
    assert standby_conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] > 0
    primary.execute("SELECT crm.close_session()")
    replica_server.catch_up()
    assert standby_conn.execute("SELECT count(*) FROM crm.customer").fetchone()[0] == 0


def _connector(seeded, login: str, hosts) -> StaffConnector:
    profile = auth.ServerProfile.from_conninfo("test", seeded.conninfo_for(login), analysis_hosts=hosts)
    connector = StaffConnector(profile, login, demo.DEMO_PASSWORD)
    return connector


def test_the_router_reads_on_the_standby_and_falls_back_when_it_lags_or_is_gone(seeded, replica_server):
    layout = LAYOUTS[0]
    routes: list[replica.ReadRoute] = []
    connector = _connector(seeded, ANALYST, [(str(replica_server.data_dir), str(replica_server.port))])
    try:
        reads = replica.ReadRouter(connector, on_route=routes.append)
        expected = pivot.run(connector.connection(), layout).records
        assert reads.run(TaskContext(), lambda conn: pivot.run(conn, layout)).records == expected
        assert reads.route.on_replica and routes[-1].reason == replica.REPLICA
        # A second task on the same thread reuses the proven connection.
        conn, host = reads.connection()
        assert host == str(replica_server.data_dir)
        assert conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]

        lagging = replica.ReadRouter(connector, max_lag_s=-1, on_route=routes.append)
        assert lagging.run(TaskContext(), lambda conn: pivot.run(conn, layout)).records == expected
        assert lagging.route.reason == replica.LAGGING and lagging.route.fell_back
        lagging.close()
        reads.close()
    finally:
        connector.close()

    gone = _connector(seeded, ANALYST, [("/nonexistent-crm-replica", "5999")])
    try:
        reads = replica.ReadRouter(gone, on_route=routes.append)
        started = time.perf_counter()
        assert reads.run(TaskContext(), lambda conn: pivot.run(conn, layout)).records == expected
        assert reads.route.reason == replica.UNREACHABLE and reads.route.fell_back
        # Marked down: the next task goes straight to the primary without trying again.
        conn, host = reads.connection()
        assert host is None and not conn.execute("SELECT pg_is_in_recovery()").fetchone()[0]
        assert time.perf_counter() - started < auth.CONNECT_TIMEOUT_S
        reads.close()
    finally:
        gone.close()


def _standby_backends(replica_server, login: str) -> list[int]:
    with psycopg.connect(standby.standby_url(replica_server.data_dir, replica_server.port), autocommit=True) as conn:
        return [pid for (pid,) in conn.execute("SELECT pid FROM pg_stat_activity WHERE usename = %s", (login,))]


def _until(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.05)


def test_replica_connections_close_when_idle_and_reopen_with_the_session_proven_again(seeded, replica_server):
    """The primary's idle policy holds for replica connections: closed after idle_close_s, reopened on
    the next heavy read, where the new backend proves the session again (with the sign-in's secret
    while its session row is open, with a new one once it has closed)."""
    layout = LAYOUTS[0]
    idle = 0.4
    profile = auth.ServerProfile.from_conninfo("test", seeded.conninfo_for(ANALYST),
                                               analysis_hosts=[(str(replica_server.data_dir), str(replica_server.port))])
    connector = StaffConnector(profile, ANALYST, demo.DEMO_PASSWORD, idle_close_s=idle)
    reads = replica.ReadRouter(connector)
    try:
        expected = pivot.run(connector.connection(), layout).records
        assert reads.run(TaskContext(), lambda conn: pivot.run(conn, layout)).records == expected
        assert reads.route.on_replica and reads.held() == 1
        first_backends = _standby_backends(replica_server, ANALYST)
        assert len(first_backends) == 1
        first_secret = reads._secret

        # Not while a task runs on it, however long it takes.
        def slow(conn):
            time.sleep(idle * 3)
            return pivot.run(conn, layout)
        assert reads.run(TaskContext(), slow).records == expected
        assert _standby_backends(replica_server, ANALYST) == first_backends

        _until(lambda: reads.held() == 0)
        _until(lambda: not _standby_backends(replica_server, ANALYST))
        # Reopened on demand: a new backend, proven with the same (still open) session's secret.
        assert reads.run(TaskContext(), lambda conn: pivot.run(conn, layout)).records == expected
        assert reads.route.on_replica and reads.held() == 1
        assert _standby_backends(replica_server, ANALYST) not in ([], first_backends)
        assert reads._secret == first_secret
        conn, host = reads.connection()
        assert host is not None and conn.execute("SELECT crm.current_staff_id()").fetchone()[0] is not None

        # The session that secret belongs to ends (the primary connection it was issued on is
        # closed): the reopened replica connection cannot use it and gets a new one.
        _until(lambda: reads.held() == 0)
        connector.reset()
        replica_server.catch_up()
        assert reads.run(TaskContext(), lambda conn: pivot.run(conn, layout)).records == expected
        assert reads.route.on_replica and reads._secret != first_secret
    finally:
        reads.close()
        connector.close()
    assert reads.held() == 0
    _until(lambda: not _standby_backends(replica_server, ANALYST))


def test_the_primary_named_as_a_replica_is_refused_as_no_standby(seeded):
    params = psycopg.conninfo.conninfo_to_dict(seeded.admin_url)
    connector = _connector(seeded, ANALYST, [(params["host"], params.get("port"))])
    try:
        reads = replica.ReadRouter(connector)
        conn, host = reads.connection()
        assert host is None and reads.route.reason == replica.NOT_A_STANDBY
        reads.close()
    finally:
        connector.close()


def test_replica_create_refuses_a_used_folder_a_bad_port_and_a_standby_as_primary(seeded, replica_server, tmp_path,
                                                                                 monkeypatch, capsys):
    monkeypatch.setenv("CRM_DATABASE_URL", seeded.admin_url)
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "file").write_text("x")
    assert cli.main(["replica", "create", "--data-dir", str(tmp_path / "used"), "--port", "6543"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert cli.main(["replica", "create", "--data-dir", str(tmp_path / "new"), "--port", "80"]) == 2
    assert "port 80" in capsys.readouterr().err
    monkeypatch.setenv("CRM_DATABASE_URL", standby.standby_url(replica_server.data_dir, replica_server.port))
    assert cli.main(["replica", "create", "--data-dir", str(tmp_path / "new"), "--port", "6543"]) == 2
    assert "itself a standby" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
    monkeypatch.setenv("CRM_DATABASE_URL", seeded.admin_url)
    # The port of a standby whose slot is still on the primary: refused before anything is made.
    assert cli.main(["replica", "create", "--data-dir", str(tmp_path / "new"), "--port", str(replica_server.port)]) == 2
    assert f"already has the replication slot crm_standby_{replica_server.port}" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()
    assert cli.main(["replica", "status", "--data-dir", str(replica_server.data_dir), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["receiver"] == "streaming"
    assert shown["slot"]["name"] == f"crm_standby_{replica_server.port}" and shown["slot"]["active"]
    assert cli.main(["replica", "status", "--data-dir", str(replica_server.data_dir)]) == 0
    assert f"replication slot: crm_standby_{replica_server.port}, active, holds" in capsys.readouterr().out


@pytest.fixture
def chinese(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from crm_desktop.config import data_dir

    translator = QTranslator()
    assert translator.load("crm_desktop_zh_CN", str(data_dir("translations")))
    assert QCoreApplication.installTranslator(translator)
    yield translator
    QCoreApplication.removeTranslator(translator)


def _window_on(qtbot, seeded, login: str, hosts):
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.tasks import TaskRunner

    profile = auth.ServerProfile.from_conninfo("test", seeded.admin_url, analysis_hosts=hosts)
    conn, info = auth.sign_in(profile, login, demo.DEMO_PASSWORD)
    connector = StaffConnector(profile, login, demo.DEMO_PASSWORD)
    connector.adopt(conn)
    runner = TaskRunner()
    window = MainWindow(runner, connector, info, profile)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    keys = [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
    tab = window.tabs.widget(keys.index("tab_analysis"))
    window.tabs.setCurrentWidget(tab)
    return window, tab, runner, connector


def _close_window(window, runner, connector) -> None:
    window.close()             # stops the listener, closes the connector and its replica connections
    runner.cancel_all()
    assert runner.wait()
    assert replica.ReadRouter._routers.get(connector) is None


@pytest.mark.parametrize("where", ["standby", "gone"])
def test_the_analysis_pane_reads_on_the_standby_and_the_status_bar_says_where(qtbot, chinese, seeded, replica_server,
                                                                             where, tmp_path):
    hosts = [(str(replica_server.data_dir), str(replica_server.port))] if where == "standby" \
        else [("/nonexistent-crm-replica", "5999")]
    window, tab, runner, connector = _window_on(qtbot, seeded, ANALYST, hosts)
    try:
        layout = Layout(rows=("branch",), values=(Value("commission", "sum"),))
        tab.set_layout(layout)
        qtbot.waitUntil(lambda: not tab.running and tab.result is not None and tab.result.layout.rows == ("branch",),
                        timeout=20000)
        with seeded.session(ANALYST, demo.DEMO_PASSWORD) as primary:
            assert tab.result.records == pivot.run(primary, tab.result.layout).records
        label = window.read_route_label
        qtbot.waitUntil(lambda: bool(label.text()), timeout=5000)
        if where == "standby":
            assert label.text() == "分析：只读副本"
            assert replica.ReadRouter.of(connector).route.on_replica
        else:
            assert label.text() == "分析在主服务器上运行：无法连接只读副本"
            assert "无法连接只读副本" in window.statusBar().currentMessage()
        window.grab().save(str(tmp_path / f"h8_read_route_{where}.png"))
        shutil.copy(tmp_path / f"h8_read_route_{where}.png", f"/tmp/h8_read_route_{where}.png")
    finally:
        _close_window(window, runner, connector)


def _fetch(seeded, name: str) -> tuple | None:
    """(active, bytes of WAL kept) of a replication slot on the primary, None without one."""
    with seeded.admin() as conn:
        return conn.execute("SELECT active, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn) "
                            "FROM pg_replication_slots WHERE slot_name = %s", (name,)).fetchone()


def test_replica_drop_removes_the_standby_its_slot_and_login_the_last_test(seeded, replica_server, tmp_path,
                                                                          monkeypatch, capsys):
    """Runs last in this file: it removes the module's standby."""
    monkeypatch.setenv("CRM_DATABASE_URL", seeded.admin_url)
    slot = standby.slot_name(replica_server.port)
    assert cli.main(["replica", "stop", "--data-dir", str(replica_server.data_dir)]) == 0
    capsys.readouterr()
    # Stopped, the standby's slot keeps every byte of WAL the primary writes meanwhile.
    _, kept_before = _fetch(seeded, slot)
    with seeded.admin() as conn:
        conn.execute("CREATE TABLE public.h4_wal AS SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000) g")
        conn.execute("DROP TABLE public.h4_wal")
    deadline = time.monotonic() + 10
    while (state := _fetch(seeded, slot))[0]:
        assert time.monotonic() < deadline, "the stopped standby's walsender still holds the slot"
        time.sleep(0.2)
    assert state[1] >= kept_before + 4_000_000

    # Not without --yes; never a folder that is not a standby's.
    assert cli.main(["replica", "drop", "--data-dir", str(replica_server.data_dir)]) == 2
    assert "--yes" in capsys.readouterr().err
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "PG_VERSION").write_text("17")
    assert cli.main(["replica", "drop", "--data-dir", str(tmp_path / "mine"), "--yes"]) == 2
    assert "not the data directory of a standby" in capsys.readouterr().err
    assert (tmp_path / "mine" / "PG_VERSION").exists()
    assert cli.main(["replica", "drop", "--slot", "pg_other_slot", "--yes"]) == 2
    assert "not a slot" in capsys.readouterr().err
    assert _fetch(seeded, slot) is not None and replica_server.data_dir.exists()

    assert cli.main(["replica", "drop", "--data-dir", str(replica_server.data_dir), "--yes", "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done == {"data_dir": str(replica_server.data_dir), "stopped": False, "slot": slot, "slot_dropped": True,
                    "login_dropped": True, "data_removed": True}
    assert _fetch(seeded, slot) is None
    assert not replica_server.data_dir.exists()
    assert seeded.scalar("SELECT count(*) FROM pg_roles WHERE rolname = %s", (slot,)) == 0
