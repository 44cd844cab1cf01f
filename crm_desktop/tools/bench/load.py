"""`crm-admin bench load --clients N --minutes M`: N signed-in staff at once, without a GUI.

Each simulated client is what the desktop app is after sign-in, minus Qt: `auth.sign_in` (the
staff member's own login and password, `crm.open_session` with this PC's MACs and a hostname of
its own), a `StaffConnector` with the product's budget (the sign-in's connection, at most
`CRM_WORKER_CONNECTIONS` while busy, extra ones closed after `--idle-close` seconds and reopened
with `crm.resume_session`) and a LISTEN connection on the channels the main window listens to.
Every action is a real service function run as a task (`TaskContext.run`), as the GUI's workers
do.

1. Logins: the seeded demo staff (password DEMO_PASSWORD) and, when there are fewer than N,
   bench marketing logins `bench_NNNN` made by the product's `crm.create_staff` (as the superuser,
   spread over the branches, bound to this PC's MACs), given the demo password the way the demo
   seeder gives its staff one (one SCRAM verifier with the server's iteration count, accepted with
   `crm_server.accept_password`). The temporary password create_staff hashes is thrown away at
   once, so it is hashed with 4 096 iterations (`SET scram_iterations`, a user setting the product
   leaves open; tests/support.py does the same). They stay for the next run.
2. Sign-in storm: every client signs in at a random moment within `--storm-seconds` (50 s: all
   300 within the target's 60 s) and then opens its LISTEN connection (timed apart, as the main
   window opens it in the background). Then the backends at rest are counted.
3. The day (`--minutes`): with think time (exponential, mean `--think-seconds`, 30 s: a busy
   person at a CRM, not a script; 300 clients then make ~10 actions a second), marketing staff
   page the customer list, search by name, open a customer (what the detail window loads:
   its data, visits and 120 days of history, in one task), edit its 扩展资料 (notes) and now and then claim a public-pool
   customer; approvers hear `crm_approvals` on LISTEN, read "waiting for me" and approve; analysts
   run pivots over the rollups. Half-way through, the agent's T+1 load replaces the latest trading
   date with the same figures (`t1_load.load_export`, files written at the start), which NOTIFYs
   every client.
4. Rest: the clients stop; after `--idle-close` seconds (+5) the backends are counted again.

Prints p50/p95/p99 per action, errors (a bug or a lost connection) apart from refusals a busy
day produces (an approval someone else decided, a customer already claimed), the server's
backends and memory (sum of the server processes' RSS, and PSS which counts shared memory once;
only when the server runs on this machine), the client connections held; writes every action to
a CSV. It changes the database: claims become relationships, notes are edited, the latest date is
reloaded, bench logins are created. Targets (issue #16, this 2-core machine, 300 clients): storm
within 60 s with p95 sign-in < 2 s, p95 list page < 200 ms, p95 approval decision < 300 ms, no
errors, server backends at rest <= 2.2 x clients.
"""

from __future__ import annotations

import csv
import math
import os
import random
import selectors
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import psycopg
from psycopg import sql

from crm_desktop.config import crm_home
from crm_desktop.services import approvals, auth, customer_detail, machine, pivot, t1_load
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.list_source import CustomerListSource
from crm_desktop.services.errors import as_refusal
from crm_desktop.services.tasks import TaskContext
from crm_desktop.tools.bench.connections import BenchError
from crm_desktop.tools.demo import DEMO_PASSWORD, UNBOUND_LOGIN

BENCH_PREFIX = "bench_"
CHANNELS = ("crm_t1_loaded", "crm_approvals")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄")
# Outcomes of a busy day, not failures: someone else decided / claimed first, or no right.
EXPECTED_REFUSALS = {"already_decided", "already_pending", "relationship_conflict", "not_permitted",
                     "not_found", "four_eyes"}
TARGETS = {"storm_s": 60.0, "sign_in_p95_ms": 2000.0, "list_page_p95_ms": 200.0,
           "approval_decision_p95_ms": 300.0, "backends_per_client_at_rest": 2.2}
ROLE_SHARE = {"approver": 0.06, "analyst": 0.03, "marketing": 0.91, "office": 0.0}
PIVOT_LAYOUTS = (pivot.Layout(rows=("branch",), columns=("month",)),
                 pivot.Layout(rows=("vip_level",), columns=("quarter",)),
                 pivot.Layout(rows=("age_band",), columns=("gender",)))


@dataclass
class Sample:
    at: float
    client: str
    action: str
    ms: float
    outcome: str             # ok / refused:<kind> / error:<type>


@dataclass
class Client:
    login: str
    role: str                # marketing / approver / analyst / office (administrators, back office)
    hostname: str
    connector: StaffConnector | None = None
    listen: psycopg.Connection | None = None
    notified: threading.Event = field(default_factory=threading.Event)
    notes: int = 0
    customers: list[int] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)


class Recorder:
    def __init__(self, started: float):
        self.started = started
        self.samples: list[Sample] = []
        self.errors: dict[str, int] = {}
        self._lock = threading.Lock()

    def timed(self, client: Client, action: str, fn: Callable[[TaskContext], object]) -> object:
        """Run fn as a task of the client (as the GUI's TaskRunner does) and record it."""
        t0 = time.perf_counter()
        outcome, result = "ok", None
        try:
            result = TaskContext().run(fn)
        except Exception as error:  # noqa: BLE001 - every outcome is a figure of the bench
            refusal = as_refusal(error)
            if refusal is not None and refusal.kind in EXPECTED_REFUSALS:
                outcome = f"refused:{refusal.kind}"
            else:
                outcome = f"error:{type(error).__name__}"
                with self._lock:
                    key = f"{action}: {type(error).__name__}: {str(error).strip().splitlines()[0][:160] if str(error).strip() else ''}"
                    self.errors[key] = self.errors.get(key, 0) + 1
        ms = (time.perf_counter() - t0) * 1000
        with self._lock:
            self.samples.append(Sample(time.perf_counter() - self.started, client.login, action, ms, outcome))
        return result


# logins -----------------------------------------------------------------------------------------------

def _logins(admin: psycopg.Connection, clients: int, out: Callable[[str], None]) -> list[Client]:
    macs = machine.local_macs()
    query = """
        SELECT s.login,
               CASE WHEN EXISTS (SELECT 1 FROM crm.staff_post p WHERE p.staff_id = s.id) THEN 'approver'
                    WHEN EXISTS (SELECT 1 FROM crm.staff_role r WHERE r.staff_id = s.id AND r.role_code = 'analyst')
                    THEN 'analyst'
                    WHEN s.staff_type IN ('marketing', 'broker') THEN 'marketing' ELSE 'office' END
          FROM crm.staff s
         WHERE s.status = 'active' AND NOT s.must_change_password AND s.login <> %(unbound)s
           AND (s.password_expires_at IS NULL OR s.password_expires_at > now())
           AND (NOT s.mac_binding_required OR EXISTS (
                SELECT 1 FROM crm.staff_mac m WHERE m.staff_id = s.id AND m.mac = ANY (%(macs)s)))
         ORDER BY s.login"""
    rows = admin.execute(query, {"unbound": UNBOUND_LOGIN, "macs": macs}).fetchall()
    if not any(role == "marketing" for _, role in rows):
        raise BenchError("no marketing staff: seed the demo first (crm-admin demo seed)")
    approvers_and_analysts = sum(min(sum(r == role for _, r in rows), max(1, round(ROLE_SHARE[role] * clients)))
                                 for role in ("approver", "analyst"))
    missing = clients - approvers_and_analysts - sum(r == "marketing" for _, r in rows)
    if missing > 0:
        rows += _create_bench_logins(admin, missing, len([r for r in rows if r[0].startswith(BENCH_PREFIX)]), out)
    # A branch's mix: about 6 % approvers and 3 % analysts (as many as there are), the rest marketing.
    by_role = {role: [login for login, r in rows if r == role] for role in ROLE_SHARE}
    picked = []
    for role, share in ROLE_SHARE.items():
        if role in ("approver", "analyst"):
            picked += [(login, role) for login in by_role[role][:max(1, round(share * clients))]]
    picked += [(login, "marketing") for login in by_role["marketing"][:clients - len(picked)]]
    # Administrators and back office (no customers of their own) only when marketing runs out.
    picked += [(login, "office") for login in by_role["office"][:clients - len(picked)]]
    picked = picked[:clients]
    return [Client(login, role, f"bench-pc-{n:04d}", rng=random.Random(n)) for n, (login, role) in enumerate(picked)]


def _create_bench_logins(admin: psycopg.Connection, count: int, existing: int,
                         out: Callable[[str], None]) -> list[tuple[str, str]]:
    started = time.perf_counter()
    branches = [r[0] for r in admin.execute("SELECT code FROM crm.branch WHERE kind = 'branch' ORDER BY code")]
    if not branches:
        raise BenchError("no branch: seed the demo first (crm-admin demo seed)")
    verifier = admin.pgconn.encrypt_password(DEMO_PASSWORD.encode(), b"bench", b"scram-sha-256").decode()
    macs = machine.local_macs()
    made = []
    admin.execute("SET scram_iterations = 4096")     # the throw-away temporary passwords only
    try:
        for n in range(existing + 1, existing + count + 1):
            login = f"{BENCH_PREFIX}{n:04d}"
            branch = branches[n % len(branches)]
            admin.execute("SELECT crm.create_staff(%s, %s, %s, NULL, 'marketing', ARRAY['marketing'], '{}', 'own', "
                          "true, '{}', true)", (login, f"压测员{n:04d}", branch))
            for mac in macs:
                admin.execute("SELECT crm.bind_mac(%s, %s, 'bench load: this PC')", (login, mac))
            admin.execute(sql.SQL("ALTER ROLE {} PASSWORD {} VALID UNTIL 'infinity'").format(
                sql.Identifier(login), sql.Literal(verifier)))
            admin.execute("SELECT crm_server.accept_password(%s)", (login,))
            admin.execute("UPDATE crm.staff SET must_change_password = false, password_expires_at = NULL "
                          "WHERE login = %s", (login,))
            made.append((login, "marketing"))
    finally:
        admin.execute("RESET scram_iterations")
    out(f"created {count} bench logins ({BENCH_PREFIX}NNNN, marketing, this PC's MACs) "
        f"in {time.perf_counter() - started:.1f} s")
    return made


# the server -------------------------------------------------------------------------------------------

def _backends(admin: psycopg.Connection) -> dict:
    row = admin.execute("""
        SELECT count(*) FILTER (WHERE backend_type = 'client backend'),
               count(*) FILTER (WHERE backend_type = 'client backend' AND application_name = 'crm-desktop'),
               count(*) FILTER (WHERE backend_type = 'client backend' AND state = 'active'),
               (SELECT setting::int FROM pg_settings WHERE name = 'max_connections')
          FROM pg_stat_activity""").fetchone()
    return {"client_backends": row[0], "app_backends": row[1], "active": row[2], "max_connections": row[3]}


def _server_memory(admin: psycopg.Connection) -> dict | None:
    """Sum of RSS and of PSS over the server's processes (postmaster and its children), from
    /proc; None when the server is not on this machine."""
    pids = [r[0] for r in admin.execute("SELECT pid FROM pg_stat_activity")]
    try:
        with open(f"/proc/{pids[0]}/stat", encoding="ascii") as f:
            postmaster = int(f.read().rsplit(")", 1)[1].split()[1])
        children = [int(p) for p in Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()]
    except (OSError, IndexError, ValueError):
        return None
    rss = pss = 0
    for pid in [postmaster, *children]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return {"processes": 1 + len(children), "rss_mb": round(rss / 1024, 1), "pss_mb": round(pss / 1024, 1)}


def _t1_files(admin: psycopg.Connection) -> tuple[Path, object] | None:
    """The latest loaded date as the counter would export it again (same figures, no new
    accounts), for the T+1 load in the middle of the day."""
    latest = t1_load.latest_date(admin)
    if latest is None:
        return None
    folder = crm_home() / "bench_load"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = latest.strftime("%Y%m%d")
    (folder / f"accounts_{stamp}.csv").write_text(
        "account_no,name,id_no,mobile,gender,birthday,open_date,branch_code,status\n", encoding="utf-8")
    with open(folder / f"daily_{stamp}.csv", "wb") as f, admin.cursor().copy("""
            COPY (SELECT d.trade_date, c.account_no, d.total_assets_cents / 100.0 AS total_assets,
                         d.market_value_cents / 100.0 AS market_value, d.cash_cents / 100.0 AS cash,
                         d.trade_volume_cents / 100.0 AS trade_volume, d.commission_cents / 100.0 AS commission,
                         d.net_commission_cents / 100.0 AS net_commission,
                         d.interest_spread_cents / 100.0 AS interest_spread, d.pnl_cents / 100.0 AS pnl
                    FROM crm.customer_daily d JOIN crm.customer c ON c.id = d.customer_id
                   WHERE d.trade_date = %s)
            TO STDOUT (FORMAT csv, HEADER)""", (latest,)) as copy:
        for chunk in copy:
            f.write(chunk)
    return folder, latest


# a client ---------------------------------------------------------------------------------------------

def _sign_in(client: Client, profile: auth.ServerProfile, password: str, idle_close_s: float,
             recorder: Recorder) -> bool:
    macs = machine.local_macs()

    def sign_in(ctx: TaskContext) -> None:
        conn, _ = auth.sign_in(profile, client.login, password, macs, client.hostname)
        client.connector = StaffConnector(profile, client.login, password, macs, client.hostname,
                                          idle_close_s=idle_close_s)
        client.connector.adopt(conn)

    def listen(ctx: TaskContext) -> None:
        # The main window opens it after sign-in, in the background: timed on its own.
        conn = client.connector.dedicated_connection()
        for channel in CHANNELS:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        client.listen = conn

    recorder.timed(client, "sign_in", sign_in)
    if client.connector is not None:
        recorder.timed(client, "listen_connect", listen)
    return client.listen is not None


def _list_page(client: Client, source: CustomerListSource) -> Callable[[TaskContext], object]:
    def run(ctx: TaskContext) -> None:
        page = source.first(client.connector.connection(), 50)
        ids = [row["id"] for row in page.rows if "id" in row]
        if ids:
            client.customers = ids
    return run


def _detail(client: Client) -> Callable[[TaskContext], object]:
    customer_id = client.rng.choice(client.customers)
    # What the detail window's one loading task runs (ui/customer_detail/common.load_all).
    return lambda ctx: customer_detail.open_window(client.connector.connection(), customer_id, ctx=ctx)


def _edit(client: Client) -> Callable[[TaskContext], object]:
    customer_id = client.rng.choice(client.customers)

    def run(ctx: TaskContext) -> None:
        conn = client.connector.connection()
        ext, writable = customer_detail.read_ext(conn, customer_id)
        if writable:
            client.notes += 1
            customer_detail.save_ext(conn, customer_id, ext.version,
                                     {"notes": f"bench load {client.login} #{client.notes}"})
    return run


def _claim(client: Client) -> Callable[[TaskContext], object]:
    def run(ctx: TaskContext) -> None:
        conn = client.connector.connection()
        pool = CustomerListSource(public_pool_only=True).first(conn, 20).rows
        if pool:
            approvals.claim_customer(conn, client.rng.choice(pool)["id"], "bench load")
    return run


def _approve(client: Client, recorder: Recorder) -> None:
    waiting = recorder.timed(client, "approval_page",
                             lambda ctx: approvals.waiting_page(client.connector.connection(), limit=20)) or []
    for request in waiting[:3]:
        recorder.timed(client, "approval_decision",
                       lambda ctx, r=request: approvals.decide(client.connector.connection(), r["id"],
                                                               r["current_step"], "approve", "bench load"))


def _act(client: Client, recorder: Recorder) -> None:
    rng = client.rng
    if client.role == "approver":
        if client.notified.is_set() or rng.random() < 0.3:
            client.notified.clear()
            _approve(client, recorder)
        else:
            recorder.timed(client, "list_page", _list_page(client, CustomerListSource()))
        return
    if client.role == "analyst" and rng.random() < 0.6:
        layout = rng.choice(PIVOT_LAYOUTS)
        recorder.timed(client, "pivot", lambda ctx: pivot.run(client.connector.connection(), layout, ctx))
        return
    roll = rng.random()
    if not client.customers or roll < 0.35:
        recorder.timed(client, "list_page", _list_page(client, CustomerListSource()))
    elif roll < 0.55:
        recorder.timed(client, "search", _list_page(client, CustomerListSource(search=rng.choice(SURNAMES))))
    elif roll < 0.83:
        recorder.timed(client, "detail", _detail(client))
    elif roll < 0.96 or client.role != "marketing":     # only marketing staff hold customers
        recorder.timed(client, "edit", _edit(client))
    else:
        recorder.timed(client, "claim", _claim(client))


def _day(client: Client, recorder: Recorder, until: float, think_s: float) -> None:
    rng = client.rng
    while True:
        pause = rng.expovariate(1.0 / think_s) if client.role != "approver" else rng.uniform(0.5, think_s / 2)
        wake = time.monotonic() + pause
        if wake >= until:
            return
        # An approver is woken by the LISTEN notification, as the tab's badge is.
        client.notified.wait(max(0.0, wake - time.monotonic())) if client.role == "approver" else \
            time.sleep(max(0.0, wake - time.monotonic()))
        if time.monotonic() >= until:
            return
        _act(client, recorder)


class _Notifications:
    """One thread reads every client's LISTEN connection (libpq's consume_input + notifies), so
    300 clients do not need 300 listening threads; counts what arrives."""

    def __init__(self, clients: list[Client]):
        self.counts = {channel: 0 for channel in CHANNELS}
        self.t1_heard: set[str] = set()
        self._clients = clients
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        selector = selectors.DefaultSelector()
        for client in self._clients:
            if client.listen is not None:
                selector.register(client.listen.pgconn.socket, selectors.EVENT_READ, client)
        while not self._stop.is_set():
            for key, _ in selector.select(timeout=0.2):
                client: Client = key.data
                pgconn = client.listen.pgconn
                try:
                    pgconn.consume_input()
                except psycopg.OperationalError:
                    selector.unregister(key.fileobj)
                    continue
                while (note := pgconn.notifies()) is not None:
                    channel = note.relname.decode()
                    self.counts[channel] = self.counts.get(channel, 0) + 1
                    if channel == "crm_approvals":
                        client.notified.set()
                    else:
                        self.t1_heard.add(client.login)
        selector.close()


# figures ----------------------------------------------------------------------------------------------

def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def _summary(samples: list[Sample]) -> dict[str, dict]:
    by_action: dict[str, list[Sample]] = {}
    for s in samples:
        by_action.setdefault(s.action, []).append(s)
    out = {}
    for action, rows in sorted(by_action.items()):
        ok = [s.ms for s in rows if s.outcome == "ok"]
        out[action] = {"count": len(rows), "ok": len(ok),
                       "refused": sum(s.outcome.startswith("refused") for s in rows),
                       "errors": sum(s.outcome.startswith("error") for s in rows),
                       "p50_ms": round(_percentile(ok, 50), 1) if ok else None,
                       "p95_ms": round(_percentile(ok, 95), 1) if ok else None,
                       "p99_ms": round(_percentile(ok, 99), 1) if ok else None,
                       "mean_ms": round(statistics.fmean(ok), 1) if ok else None}
    return out


def _client_cpu() -> float:
    times = os.times()
    return times.user + times.system


def _held(clients: list[Client]) -> int:
    return sum((c.connector.held() if c.connector else 0) + (1 if c.listen is not None and not c.listen.closed else 0)
               for c in clients)


def load(admin_url: str, password: str = DEMO_PASSWORD, *, clients: int = 300, minutes: float = 3.0,
         storm_seconds: float = 50.0, think_seconds: float = 30.0, idle_close: float = 60.0,
         csv_path: str | os.PathLike | None = None, out: Callable[[str], None] = print) -> dict:
    if clients < 1:
        raise BenchError("--clients must be at least 1")
    profile = auth.ServerProfile.from_conninfo("bench", admin_url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        population = _logins(admin, clients, out)
        t1 = _t1_files(admin)
        before = _backends(admin)
        if before["max_connections"] < before["client_backends"] + 2.2 * clients + 10:
            raise BenchError(f"the server allows {before['max_connections']} connections; {clients} clients need "
                             f"about {int(2.2 * clients) + 10} (max_connections, see README: HQ server)")
    roles = {r: sum(c.role == r for c in population) for r in ("marketing", "approver", "analyst")}
    out(f"{len(population)} clients: {roles['marketing']} marketing, {roles['approver']} approvers, "
        f"{roles['analyst']} analysts; storm over {storm_seconds:.0f} s, day {minutes:g} min, "
        f"think time {think_seconds:g} s, idle close {idle_close:g} s")
    started = time.perf_counter()
    cpu_at_start = _client_cpu()
    recorder = Recorder(started)
    result: dict = {"clients": len(population), "roles": roles, "minutes": minutes}

    # 1. the sign-in storm
    def storm(client: Client) -> None:
        time.sleep(client.rng.uniform(0, storm_seconds))
        _sign_in(client, profile, password, idle_close, recorder)

    threads = [threading.Thread(target=storm, args=(c,), daemon=True) for c in population]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    storm_s = time.perf_counter() - started
    storm_cpu = _client_cpu() - cpu_at_start
    signed_in = [c for c in population if c.listen is not None]
    listener = _Notifications(signed_in)
    listener.start()
    time.sleep(1.0)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        rest_after_storm = _backends(admin)
        memory_after_storm = _server_memory(admin)
    result["storm"] = {"seconds": round(storm_s, 1), "signed_in": len(signed_in), "client_cpu_s": round(storm_cpu, 1),
                       "backends": rest_after_storm, "server_memory": memory_after_storm,
                       "client_connections": _held(signed_in)}
    out(f"sign-in storm: {len(signed_in)}/{len(population)} signed in within {storm_s:.1f} s; at rest "
        f"{rest_after_storm['app_backends']} app backends ({rest_after_storm['app_backends'] / max(1, len(signed_in)):.2f} "
        f"per client), client connections held {_held(signed_in)}, server memory {memory_after_storm}; "
        f"this bench process used {storm_cpu:.1f} CPU s (libpq's SCRAM proofs of 300 PCs on one machine)")

    # 2. the day, with the T+1 load half-way
    day_start = time.monotonic()
    until = day_start + minutes * 60
    peak = {"app_backends": 0, "client_connections": 0, "rss_mb": 0.0, "pss_mb": 0.0}
    stop_sampling = threading.Event()

    def sample() -> None:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            while not stop_sampling.wait(2.0):
                backends = _backends(admin)
                memory = _server_memory(admin) or {}
                peak["app_backends"] = max(peak["app_backends"], backends["app_backends"])
                peak["client_connections"] = max(peak["client_connections"], _held(signed_in))
                peak["rss_mb"] = max(peak["rss_mb"], memory.get("rss_mb", 0.0))
                peak["pss_mb"] = max(peak["pss_mb"], memory.get("pss_mb", 0.0))

    def t1_in_the_middle() -> None:
        time.sleep(max(0.0, minutes * 30))
        if t1 is None:
            return
        folder, day = t1
        t0 = time.perf_counter()
        outcome, retries = "ok", None
        try:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                loaded = t1_load.load_export(admin, folder, day, force=True)
            outcome, retries = f"ok ({loaded.rows} rows)", loaded.apply_retries
        except Exception as error:  # noqa: BLE001 - reported as a figure
            outcome = f"error: {error}"
        result["t1_load"] = {"date": day.isoformat(), "seconds": round(time.perf_counter() - t0, 2),
                             "outcome": outcome, "apply_retries": retries,
                             "from_s": round(t0 - started, 2), "to_s": round(time.perf_counter() - started, 2)}

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t1_thread = threading.Thread(target=t1_in_the_middle, daemon=True)
    t1_thread.start()
    threads = [threading.Thread(target=_day, args=(c, recorder, until, think_seconds), daemon=True)
               for c in signed_in]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    t1_thread.join()
    day_cpu = _client_cpu() - cpu_at_start - storm_cpu
    result["day_client_cpu_s"] = round(day_cpu, 1)
    stop_sampling.set()
    sampler.join()
    result["peak"] = peak

    # 3. at rest again: the extra worker connections close after the idle time
    time.sleep(min(idle_close, 120.0) + 5.0)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        rest_after_day = _backends(admin)
        memory_after_day = _server_memory(admin)
    held_after_day = _held(signed_in)
    listener.stop()
    for client in signed_in:
        client.connector.close()
        client.listen.close()

    summary = _summary(recorder.samples)
    if "t1_load" in result:
        # What readers and writers saw while the reload ran (issue #16): the actions whose time
        # overlaps the load's.
        load_from, load_to = result["t1_load"]["from_s"], result["t1_load"]["to_s"]
        overlapping = [x for x in recorder.samples if x.at >= load_from and x.at - x.ms / 1000 <= load_to]
        result["during_t1_load"] = {
            action: {**s, "max_ms": max((round(x.ms, 1) for x in overlapping
                                         if x.action == action and x.outcome == "ok"), default=None)}
            for action, s in _summary(overlapping).items()}
    errors = sum(v["errors"] for v in summary.values())
    result.update(actions=summary, errors=errors, error_kinds=recorder.errors,
                  rest_after_day={"backends": rest_after_day, "server_memory": memory_after_day,
                                  "client_connections": held_after_day},
                  notifications={"counts": listener.counts, "clients_that_heard_t1": len(listener.t1_heard)})
    per_client = rest_after_day["app_backends"] / max(1, len(signed_in))
    sign_in = summary.get("sign_in", {})
    checks = {
        "storm_within_60_s": storm_s <= TARGETS["storm_s"] and len(signed_in) == len(population),
        "sign_in_p95_under_2_s": (sign_in.get("p95_ms") or 1e9) < TARGETS["sign_in_p95_ms"],
        "list_page_p95_under_200_ms": (summary.get("list_page", {}).get("p95_ms") or 0) < TARGETS["list_page_p95_ms"],
        "approval_decision_p95_under_300_ms":
            (summary.get("approval_decision", {}).get("p95_ms") or 0) < TARGETS["approval_decision_p95_ms"],
        "no_errors": errors == 0,
        "backends_at_rest_within_2_2_per_client": per_client <= TARGETS["backends_per_client_at_rest"],
    }
    result["targets"] = checks

    out("")
    out(f"{'action':<18}{'count':>7}{'ok':>7}{'refused':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for action, s in summary.items():
        out(f"{action:<18}{s['count']:>7}{s['ok']:>7}{s['refused']:>9}{s['errors']:>8}"
            f"{s['p50_ms'] if s['p50_ms'] is not None else '-':>9}{s['p95_ms'] if s['p95_ms'] is not None else '-':>9}"
            f"{s['p99_ms'] if s['p99_ms'] is not None else '-':>9}")
    for kind, count in sorted(recorder.errors.items()):
        out(f"  error x{count}: {kind}")
    if "t1_load" in result:
        out(f"T+1 load of {result['t1_load']['date']} during the day: {result['t1_load']['outcome']} in "
            f"{result['t1_load']['seconds']} s (apply retried after a deadlock: {result['t1_load']['apply_retries']}); "
            f"{len(listener.t1_heard)}/{len(signed_in)} clients heard crm_t1_loaded")
        for action, s in result["during_t1_load"].items():
            out(f"  {action:<16} during the load: {s['count']:>5} p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, "
                f"max {s['max_ms']} ms")
    out(f"the day: this bench process used {day_cpu:.1f} CPU s of the machine's {os.cpu_count() * minutes * 60:.0f} "
        f"({os.cpu_count()} cores x {minutes:g} min)")
    out(f"peak during the day: {peak['app_backends']} app backends, {peak['client_connections']} client "
        f"connections, server RSS {peak['rss_mb']} MB / PSS {peak['pss_mb']} MB")
    out(f"at rest after the day: {rest_after_day['app_backends']} app backends ({per_client:.2f} per client), "
        f"client connections held {held_after_day}, server memory {memory_after_day}")
    out("targets: " + ", ".join(f"{name} {'met' if ok else 'NOT met'}" for name, ok in checks.items()))

    path = Path(csv_path) if csv_path else crm_home() / "bench_load" / f"load_{len(population)}x{minutes:g}min.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["seconds", "client", "action", "ms", "outcome"])
        for s in recorder.samples:
            writer.writerow([round(s.at, 3), s.client, s.action, round(s.ms, 2), s.outcome])
    out(f"every action: {path}")
    result["csv"] = str(path)
    return result
