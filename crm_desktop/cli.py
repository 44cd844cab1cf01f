"""`crm-admin`: the headless operator CLI.

Bad input is refused with one line on stderr and exit code 2, changing nothing (the server
functions validate and run in one transaction). `--json` prints machine-readable output.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import warnings
from pathlib import Path
from typing import Any, Callable

EXIT_REFUSED = 2
EXIT_INTERRUPTED = 130     # as a shell reports a process ended by Ctrl+C

warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")


class Output:
    def __init__(self, as_json: bool):
        self.as_json = as_json

    def result(self, data: Any, text: str | Callable[[], str]) -> None:
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, default=str, indent=2))
        else:
            print(text() if callable(text) else text)


def _admin_conn(migrate: bool = True):
    import psycopg

    from crm_desktop.db import bootstrap

    return psycopg.connect(bootstrap.target(migrate=migrate).admin_url, autocommit=True)


def _table(rows: list[dict], columns: list[str]) -> str:
    if not rows:
        return "(none)"

    def fmt(value: Any) -> str:
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        return "" if value is None else str(value)

    cells = [[fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths))]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


# server / db -----------------------------------------------------------------------------

def cmd_server(args, out: Output) -> int:
    from crm_desktop.config import crm_home, external_admin_url
    from crm_desktop.db import bootstrap, embedded

    if external_admin_url() and args.action in ("start", "stop"):
        raise _refuse("CRM_DATABASE_URL points at an external server: start and stop it there")
    if args.action == "start":
        target = bootstrap.target()
        out.result({"running": True, "url": target.admin_url}, f"running: {target.admin_url}")
    elif args.action == "stop":
        stopped = embedded.stop()
        out.result({"stopped": stopped}, "stopped" if stopped else "not running")
    elif args.action == "url":
        target = bootstrap.target()
        out.result({"url": target.admin_url}, target.admin_url)
    else:
        url = external_admin_url()
        server = None if url else embedded.running_server()
        data = {"external": bool(url), "running": bool(url) or server is not None,
                "url": url or (server.admin_url if server else None), "home": str(crm_home())}
        out.result(data, lambda: "\n".join(f"{k}: {v}" for k, v in data.items()))
    return 0


EXIT_CHECK_FAILED = 1


def _server_objects_report(admin_url: str, out: Output, check: bool) -> int:
    import psycopg

    from crm_desktop.db import server_objects

    with psycopg.connect(admin_url, autocommit=True) as conn:
        data = {"object_files": len(server_objects.object_names()),
                "database_objects": len(server_objects.database_object_names(conn)),
                "without_file": server_objects.objects_without_file(conn),
                "file_without_object": server_objects.files_without_object(conn),
                "body_errors": [{"function": name, "error": error}
                                for name, error in server_objects.function_body_errors(conn)]}

    def text() -> str:
        lines = [f"{data['object_files']} object files under {server_objects.objects_dir()}, "
                 f"{data['database_objects']} functions and views in the database"]
        lines += [f"no object file: {name} (add db/sql/objects/{name}.sql)" for name in data["without_file"]]
        lines += [f"not in the database: {name} (apply it from a migration)" for name in data["file_without_object"]]
        lines += [f"does not compile: {e['function']}: {e['error']}" for e in data["body_errors"]]
        return "\n".join(lines)

    out.result(data, text)
    problems = data["without_file"] or data["file_without_object"] or data["body_errors"]
    return EXIT_CHECK_FAILED if check and problems else 0


def cmd_db(args, out: Output) -> int:
    from crm_desktop.db import bootstrap, migrations

    target = bootstrap.target(migrate=False)
    if args.action == "objects":
        return _server_objects_report(target.admin_url, out, args.check)
    if args.action == "upgrade":
        before, after = migrations.upgrade(target.admin_url)
        out.result({"before": before, "after": after}, f"database at revision {after} (was {before})")
    else:
        current, head = migrations.current_revision(target.admin_url), migrations.head_revision()
        data = {"current": current, "head": head, "up_to_date": current == head}
        out.result(data, f"current {current}, head {head}" + ("" if current == head else "  (run: crm-admin db upgrade)"))
    return 0


# staff -------------------------------------------------------------------------------------

STAFF_COLUMNS = ["login", "name", "branch_code", "staff_type", "status", "superior_login", "customer_scope",
                 "roles", "posts", "macs", "last_login_at"]


def cmd_staff(args, out: Output) -> int:
    from crm_desktop.services import staff_admin

    with _admin_conn() as conn:
        action = args.staff_action
        if action == "create":
            spec = staff_admin.StaffSpec(
                login=args.login, name=args.name, branch=args.branch, superior=args.superior,
                staff_type=args.type, roles=args.role or ["marketing"], posts=args.post or [],
                scope=args.scope, public_pool=args.public_pool, branch_scope=args.branch_scope or [],
                mac_binding=not args.no_mac_binding)
            password = staff_admin.create_staff(conn, spec)
            out.result({"login": args.login, "temporary_password": password},
                       f"created {args.login}; temporary password (valid 24 h, must be changed at first login):\n{password}")
        elif action == "reset-password":
            password = staff_admin.reset_password(conn, args.login)
            out.result({"login": args.login, "temporary_password": password},
                       f"password of {args.login} reset; temporary password:\n{password}")
        elif action == "list":
            rows = staff_admin.list_staff(conn, args.branch, args.status)
            out.result(rows, lambda: _table(rows, STAFF_COLUMNS))
        elif action == "show":
            row = staff_admin.show_staff(conn, args.login)
            out.result(row, lambda: "\n".join(f"{k}: {v}" for k, v in row.items()))
        elif action == "freeze":
            staff_admin.freeze(conn, args.login, args.reason)
            out.result({"login": args.login, "status": "frozen"}, f"{args.login} frozen")
        elif action == "unfreeze":
            staff_admin.unfreeze(conn, args.login)
            out.result({"login": args.login, "status": "active"}, f"{args.login} unfrozen")
        elif action == "close":
            staff_admin.close(conn, args.login)
            out.result({"login": args.login, "status": "closed"}, f"{args.login} closed (history kept)")
        elif action == "bind-mac":
            mac = staff_admin.bind_mac(conn, args.login, args.mac, args.note)
            out.result({"login": args.login, "mac": mac}, f"{mac} bound to {args.login}")
        elif action == "unbind-mac":
            staff_admin.unbind_mac(conn, args.login, args.mac)
            out.result({"login": args.login, "mac": args.mac}, f"{args.mac} unbound from {args.login}")
        elif action == "set-superior":
            superior = None if args.superior in ("-", "none") else args.superior
            staff_admin.set_superior(conn, args.login, superior)
            out.result({"login": args.login, "superior": superior}, f"superior of {args.login}: {superior or '(none)'}")
        elif action in ("grant", "revoke"):
            if not (args.role or args.post or args.scope or args.public_pool is not None or args.branch_scope):
                raise _refuse("nothing to change: give --role, --post, --scope, --public-pool or --branch-scope")
            fn = staff_admin.grant if action == "grant" else staff_admin.revoke
            fn(conn, args.login, roles=args.role or [], posts=args.post or [])
            if action == "grant" and (args.scope or args.public_pool is not None or args.branch_scope):
                staff_admin.set_scope(conn, args.login, args.scope, args.public_pool, args.branch_scope)
            row = staff_admin.show_staff(conn, args.login)
            out.result(row, f"{args.login}: roles {','.join(row['roles']) or '-'}; posts {','.join(row['posts']) or '-'}; "
                            f"scope {row['customer_scope']}{' +public pool' if row['public_pool'] else ''}")
    return 0


def cmd_session(args, out: Output) -> int:
    from crm_desktop.services import staff_admin

    with _admin_conn() as conn:
        if args.session_action == "list":
            rows = staff_admin.list_sessions(conn, include_closed=args.all)
            out.result(rows, lambda: _table(rows, ["id", "login", "branch_code", "hostname", "macs", "opened_at",
                                                   "idle_for", "closed_at", "close_reason"]))
        else:
            ended = staff_admin.end_session(conn, args.id, args.reason)
            out.result({"id": args.id, "backend_terminated": ended},
                       f"session {args.id} ended" + ("" if ended else " (its connection was already gone)"))
    return 0


def cmd_maintenance(args, out: Output) -> int:
    from crm_desktop.services import staff_admin

    with _admin_conn() as conn:
        on = args.state == "on"
        if on and not args.message:
            raise _refuse("maintenance on needs --message TEXT (shown to staff at login)")
        staff_admin.set_maintenance(conn, on, args.message or "")
        out.result({"maintenance": on, "message": args.message or ""},
                   f"maintenance {'on: ' + args.message if on else 'off'}")
    return 0


def cmd_policy(args, out: Output) -> int:
    from crm_desktop.services import staff_admin

    with _admin_conn() as conn:
        if args.policy_action == "set":
            settings: dict[str, Any] = {}
            for item in args.settings:
                key, sep, value = item.partition("=")
                if not sep:
                    raise _refuse(f"expected NAME=VALUE, got {item!r}")
                settings[key.strip()] = value.strip()
            policy = staff_admin.update_policy(conn, settings)
        else:
            policy = staff_admin.get_policy(conn)
        policy.pop("id", None)
        out.result(policy, lambda: "\n".join(f"{k}: {v}" for k, v in policy.items()))
    return 0


# demo / agent / bench ----------------------------------------------------------------------

def _stderr_progress(stage: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{stage}: {done:,}/{total:,}   ", end="", file=sys.stderr, flush=True)


def cmd_demo(args, out: Output) -> int:
    from crm_desktop.db import bootstrap
    from crm_desktop.tools import demo

    target = bootstrap.target()
    report = demo.seed(target.admin_url, customers=args.customers, days=args.days, seed=args.seed,
                       progress=_stderr_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    out.result(report.as_dict(), lambda: "\n".join(report.lines()))
    return 0


def cmd_agent(args, out: Output) -> int:
    from crm_desktop.agent import jobs
    from crm_desktop.db import bootstrap

    target = bootstrap.target()
    if args.action == "status":
        from crm_desktop.services import admin_queries

        with jobs.connect_agent(target.admin_url) as conn:
            health = admin_queries.agent_health(conn)
            waiting = jobs.backlog(conn)
        out.result({"jobs": health, "backlog": waiting}, lambda: _table(
            [dict(h, ok="yes" if h["ok"] else "FAILED", summary=json.dumps(h["summary"], ensure_ascii=False))
             for h in health],
            ["job", "last_run", "ok", "skipped_last_run", "skipped_total", "last_error_at", "last_error",
             "summary"]) + "\n\nbacklog:\n" + "\n".join(
                f"  {name}: {'unknown' if count is None else count}" for name, count in waiting.items()))
        return 0 if all(h["ok"] for h in health) else 1
    if args.once:
        report = jobs.run_once(target.admin_url)
        out.result(report.as_dict(), lambda: "\n".join(
            [f"{k}: {v}" for k, v in report.as_dict().items() if k not in ("ok", "errors", "skipped")]
            + [f"records skipped ({job}): {n}" for job, n in report.skipped.items() if n]
            + [f"FAILED {job}: {error}" for job, error in report.errors.items()]))
        return 0 if report.ok else 1
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    try:
        jobs.run_forever(target.admin_url, interval=args.interval)
    except KeyboardInterrupt:
        pass
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def cmd_sync(args, out: Output) -> int:
    """T+1 counter load (柜台数据): `sync import DIR --date D` and `sync status`."""
    from datetime import date

    from crm_desktop.services import t1_load
    from crm_desktop.services.tasks import TaskContext

    if args.sync_action == "import":
        try:
            trade_date = date.fromisoformat(args.date)
        except ValueError:
            raise _refuse(f"--date must be YYYY-MM-DD, got {args.date!r}") from None
        # SIGTERM (a service manager, `kill`) ends the load like Ctrl+C: psycopg cancels the
        # running statement on KeyboardInterrupt and the transaction rolls back.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            with _admin_conn() as conn:
                try:
                    result = t1_load.load_export(conn, args.dir, trade_date, ctx=TaskContext(_stderr_progress),
                                                 force=args.force)
                except t1_load.T1LoadRefused as error:
                    if error.result is not None:
                        refused = error.result
                        out.result(refused.as_dict(), lambda: "\n".join(refused.lines()))
                    hint = " (--force loads it anyway)" if error.forcible else ""
                    raise _refuse(f"{error}{hint}") from None
        except KeyboardInterrupt:
            print("crm-admin: interrupted: the load was cancelled, nothing changed", file=sys.stderr)
            return EXIT_INTERRUPTED
        finally:
            signal.signal(signal.SIGTERM, previous)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        out.result(result.as_dict(), lambda: "\n".join(result.lines()))
    else:
        with _admin_conn() as conn:
            rows = t1_load.status(conn, args.limit)
        out.result(rows, lambda: _table(rows, ["trade_date", "status", "account_rows", "daily_rows", "rows_in_db",
                                               "new_accounts", "changed_accounts", "replaced_rows", "warnings",
                                               "load_count", "loaded_at", "loaded_by"]))
    return 0


def cmd_sms(args, out: Output) -> int:
    from crm_desktop.agent import sms_dispatch

    if args.sms_action == "gateway":
        import time

        if not 0 <= args.port <= 65535:
            raise _refuse("a port is from 0 to 65535")
        gateway = sms_dispatch.start_local_gateway(args.port)
        print(f"SMS gateway on {gateway.url} (API: crm_desktop/agent/sms_gateway.py); "
              f"the agent of this CRM home now sends to it. Ctrl+C stops it.", file=sys.stderr, flush=True)
        out.result({"url": gateway.url}, gateway.url)
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            gateway.stop()
        return 0
    if args.sms_action == "configure":
        from pathlib import Path

        if not args.url.startswith(("http://", "https://")):
            raise _refuse("the gateway URL starts with http:// or https://")
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise _refuse(f"cannot read the token file: {error.strerror}") from None
        if len(token) < 16:
            raise _refuse("the token file holds no token of at least 16 characters")
        sms_dispatch.save_config(args.url, token)
        out.result({"url": args.url}, f"the agent sends SMS to {args.url}")
        return 0
    raise _refuse(f"unknown sms action {args.sms_action}")


def _benchmark(what: str):
    """The function that runs `crm-admin bench WHAT` (imported here, not by name, so that the
    import contracts see every edge); the Qt ones are on the GUI side (crm_desktop.ui.bench)."""
    if what == "startup":
        from crm_desktop.ui.bench.startup import startup as run
    elif what == "scroll":
        from crm_desktop.ui.bench.scroll import scroll as run
    elif what == "customers":
        from crm_desktop.tools.bench.customers import customers as run
    elif what == "export":
        from crm_desktop.tools.bench.export import export as run
    elif what == "approvals":
        from crm_desktop.tools.bench.approvals import approvals as run
    elif what == "reservations":
        from crm_desktop.tools.bench.reservations import reservations as run
    elif what == "handover":
        from crm_desktop.tools.bench.handover import handover as run
    elif what == "pivot":
        from crm_desktop.tools.bench.pivot import pivot_bench as run
    elif what == "sms":
        from crm_desktop.tools.bench.sms import sms as run
    elif what == "sms-subscriptions":
        from crm_desktop.tools.bench.sms_subscriptions import sms_subscriptions as run
    elif what == "sync":
        from crm_desktop.tools.bench.sync import sync_bench as run
    elif what == "recycle":
        from crm_desktop.tools.bench.recycle import recycle as run
    elif what == "targets":
        from crm_desktop.tools.bench.targets import targets as run
    elif what == "load":
        from crm_desktop.tools.bench.load import load as run
    else:
        from crm_desktop.tools.bench.rls import rls as run
    return run


def cmd_bench(args, out: Output) -> int:
    from crm_desktop.db import bootstrap
    from crm_desktop.tools.demo import DEMO_PASSWORD

    target = bootstrap.target()
    run = _benchmark(args.what)
    if args.what == "sync":
        result = run(target.admin_url, accounts=args.accounts, daily=args.daily, days=args.days)
    elif args.what == "load":
        result = run(target.admin_url, password=DEMO_PASSWORD, clients=args.clients, minutes=args.minutes,
                     storm_seconds=args.storm_seconds, think_seconds=args.think_seconds,
                     idle_close=args.idle_close, csv_path=args.csv)
    elif args.what == "sms-subscriptions":
        result = run(target.admin_url, password=DEMO_PASSWORD, subscribers=args.subscribers)
    elif args.what == "handover":
        result = run(target.admin_url, password=DEMO_PASSWORD, past_days=args.past_days)
    else:
        result = run(target.admin_url, password=DEMO_PASSWORD)
    if out.as_json:
        out.result(result, "")
    return 0


# releases ----------------------------------------------------------------------------------

def cmd_release(args, out: Output) -> int:
    from crm_desktop import __version__
    from crm_desktop.services import releases

    with _admin_conn() as conn:
        if args.release_action == "set":
            releases.set_release(conn, args.newest, args.minimum, args.url)
        release = releases.current_release(conn)
    if release is None:
        out.result(None, "no release recorded: the app shows nothing at sign-in")
        return 0
    out.result(release.__dict__, f"newest {release.newest}, minimum {release.minimum}, download {release.download_url} "
                                 f"(this crm-admin is {__version__})")
    return 0


# backups -----------------------------------------------------------------------------------

def cmd_replica(args, out: Output) -> int:
    from crm_desktop.db import bootstrap, standby

    try:
        if args.replica_action == "create":
            admin_url = bootstrap.target(migrate=False).admin_url
            state = standby.create(admin_url, args.data_dir, args.port, listen=args.listen,
                                   progress=lambda message: print(message, file=sys.stderr),
                                   max_slot_wal_keep=args.max_slot_wal_keep_size)
        elif args.replica_action == "status":
            state = standby.status(args.data_dir, bootstrap.target(migrate=False).admin_url)
        elif args.replica_action == "drop":
            if not args.yes:
                raise _refuse("replica drop stops the standby, drops its replication slot and login on the primary "
                              "and deletes its data directory: add --yes to do it")
            done = standby.drop(bootstrap.target(migrate=False).admin_url, args.data_dir, args.slot)
            out.result(done, f"standby {'stopped' if done['stopped'] else 'was not running'}; slot {done['slot']} "
                             f"{'dropped' if done['slot_dropped'] else 'not found'}; replication login "
                             f"{'dropped' if done['login_dropped'] else 'not found'}; data directory "
                             f"{'deleted' if done['data_removed'] else 'not touched'}")
            return 0
        else:
            stopped = standby.stop(args.data_dir)
            out.result({"stopped": stopped}, "stopped" if stopped else "not running")
            return 0
    except standby.StandbyError as error:
        raise _refuse(str(error)) from None
    lag = "unknown" if state.lag_seconds is None else f"{state.lag_seconds:.1f} s"
    out.result(state.as_dict(), lambda: "\n".join([
        f"standby: {state.data_dir} (port {state.port})",
        f"recovery: {'yes' if state.in_recovery else 'NO (not a standby)'}, receiver: {state.receiver or 'not connected'}",
        f"replay lag: {lag} (replayed {state.replay_lsn}, primary at {state.primary_lsn})",
        _slot_line(state.slot),
        f"profile entry: \"analysis_hosts\": [{{\"host\": \"{state.data_dir}\", \"port\": {state.port}}}]"]))
    return 0


def _slot_line(slot) -> str:
    if slot is None:
        return "replication slot: none (a standby off longer than the primary keeps WAL must be made again)"
    if not slot.exists:
        return f"replication slot: {slot.name} MISSING on the primary"
    limit = "no limit: a standby that never returns fills the primary's disk" \
        if slot.safe_wal_bytes is None else f"{slot.safe_wal_bytes / 2**20:,.0f} MB more before it is lost"
    return (f"replication slot: {slot.name}, {'active' if slot.active else 'INACTIVE'}, holds "
            f"{(slot.retained_bytes or 0) / 2**20:,.1f} MB of WAL on the primary (wal_status {slot.wal_status}; "
            f"max_slot_wal_keep_size {slot.max_slot_wal_keep_size}: {limit})")


def cmd_backup(args, out: Output) -> int:
    from crm_desktop.db import bootstrap
    from crm_desktop.services import backup

    manifest = backup.backup(bootstrap.target(migrate=False).admin_url, args.directory)
    size = sum(f["bytes"] for f in manifest.files.values())
    out.result(manifest.__dict__, f"backup of {manifest.database} (schema {manifest.schema_revision}, "
                                  f"{manifest.customers:,} customers, {manifest.roles} roles) in {args.directory}: "
                                  f"{size / 2**20:.1f} MiB")
    return 0


def cmd_restore(args, out: Output) -> int:
    from crm_desktop.db import bootstrap
    from crm_desktop.services import backup

    # Not migrated first: the schema comes from the backup.
    target = bootstrap.target(migrate=False)
    manifest = backup.restore(target.admin_url, args.directory)
    if target.embedded:
        # The embedded server keeps its own gate password (the backup carries the old one) and
        # is migrated to this app's schema, as at every start.
        target = bootstrap.target()
    out.result(manifest.__dict__, f"restored {manifest.customers:,} customers and {manifest.roles} roles "
                                  f"(backup of {manifest.created_at}, schema {manifest.schema_revision}) into "
                                  f"{target.admin_url}" + ("" if target.embedded else
                                                           "; run `crm-admin db upgrade` if the app is newer"))
    return 0


# parser ------------------------------------------------------------------------------------

class _Refused(Exception):
    pass


def _refuse(message: str) -> _Refused:
    return _Refused(message)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-admin", description="Branch CRM operator CLI")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("server", help="the embedded PostgreSQL")
    p.add_argument("action", choices=["start", "stop", "status", "url"])
    p.set_defaults(func=cmd_server)

    p = sub.add_parser("db", help="schema migrations; `objects`: functions and views against db/sql/objects/")
    p.add_argument("action", choices=["upgrade", "status", "objects"])
    p.add_argument("--check", action="store_true",
                   help="objects: exit 1 when a function or view has no file, a file no object, or a body fails")
    p.set_defaults(func=cmd_db)

    staff = sub.add_parser("staff", help="staff accounts (each a PostgreSQL login)")
    ss = staff.add_subparsers(dest="staff_action", required=True)
    p = ss.add_parser("create", help="create an account; prints the temporary password last")
    p.add_argument("login")
    p.add_argument("--name", required=True)
    p.add_argument("--branch", required=True, help="branch code, e.g. BJ01")
    p.add_argument("--superior", help="login of the superior (上级员工)")
    p.add_argument("--type", default="marketing", help="staff type (marketing, broker, manager, back_office, hq)")
    p.add_argument("--role", action="append", help="role code; repeatable")
    p.add_argument("--post", action="append", help="approval post; repeatable")
    p.add_argument("--scope", default="own", choices=["own", "subordinates", "branch", "all"])
    p.add_argument("--public-pool", action="store_true", help="customer scope includes the public pool")
    p.add_argument("--branch-scope", action="append", help="extra branch in 营业部范围; repeatable")
    p.add_argument("--no-mac-binding", action="store_true", help="may sign in from any PC")
    for name in ("show", "freeze", "unfreeze", "reset-password", "close"):
        p = ss.add_parser(name)
        p.add_argument("login")
        if name == "freeze":
            p.add_argument("--reason", default="administrator")
    p = ss.add_parser("list")
    p.add_argument("--branch")
    p.add_argument("--status", choices=["active", "frozen", "closed"])
    for name in ("bind-mac", "unbind-mac"):
        p = ss.add_parser(name)
        p.add_argument("login")
        p.add_argument("mac")
        if name == "bind-mac":
            p.add_argument("--note")
    p = ss.add_parser("set-superior")
    p.add_argument("login")
    p.add_argument("superior", help="login of the new superior, or '-' for none")
    for name in ("grant", "revoke"):
        p = ss.add_parser(name, help=f"{name} roles/posts" + (" and set scopes" if name == "grant" else ""))
        p.add_argument("login")
        p.add_argument("--role", action="append")
        p.add_argument("--post", action="append")
        p.add_argument("--scope", choices=["own", "subordinates", "branch", "all"] if name == "grant" else [])
        p.add_argument("--public-pool", dest="public_pool", action="store_const", const=True, default=None)
        p.add_argument("--no-public-pool", dest="public_pool", action="store_const", const=False)
        p.add_argument("--branch-scope", action="append")
    staff.set_defaults(func=cmd_staff)

    p = sub.add_parser("session", help="signed-in sessions")
    sp = p.add_subparsers(dest="session_action", required=True)
    q = sp.add_parser("list")
    q.add_argument("--all", action="store_true", help="include closed sessions")
    q = sp.add_parser("end")
    q.add_argument("id", type=int)
    q.add_argument("--reason", default="ended by administrator")
    p.set_defaults(func=cmd_session)

    p = sub.add_parser("maintenance", help="系统维护: only administrators may sign in")
    p.add_argument("state", choices=["on", "off"])
    p.add_argument("--message")
    p.set_defaults(func=cmd_maintenance)

    p = sub.add_parser("policy", help="lockout, timeouts, password rules")
    pp = p.add_subparsers(dest="policy_action", required=True)
    pp.add_parser("show")
    q = pp.add_parser("set")
    q.add_argument("settings", nargs="+", metavar="NAME=VALUE")
    p.set_defaults(func=cmd_policy)

    p = sub.add_parser("demo", help="demo data")
    dp = p.add_subparsers(dest="demo_action", required=True)
    q = dp.add_parser("seed", help="deterministic demo branches, staff, customers and daily facts")
    q.add_argument("--customers", type=int, default=20000)
    q.add_argument("--days", type=int, default=60)
    q.add_argument("--seed", type=int, default=1)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("agent", help="the HQ agent loop (lockout watcher, session timeouts)")
    p.add_argument("action", nargs="?", choices=["run", "status"], default="run",
                   help="run the loop (default) or print each job's health record")
    p.add_argument("--once", action="store_true", help="run every job once and exit")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
    p.set_defaults(func=cmd_agent)

    p = sub.add_parser("release", help="the newest and minimum app version branch PCs are told at sign-in")
    rp = p.add_subparsers(dest="release_action", required=True)
    rp.add_parser("show")
    q = rp.add_parser("set", help="record a release: older apps get a notice, apps below --minimum are refused")
    q.add_argument("--newest", required=True, help="the newest app version, e.g. 0.2.0")
    q.add_argument("--minimum", required=True, help="the oldest app version still allowed to sign in")
    q.add_argument("--url", required=True, help="where branch IT downloads the new version (https://...)")
    p.set_defaults(func=cmd_release)

    from crm_desktop.db.standby import DEFAULT_MAX_SLOT_WAL_KEEP

    p = sub.add_parser("replica", help="streaming read replicas (hot standbys) for the heavy reads")
    rp = p.add_subparsers(dest="replica_action", required=True)
    q = rp.add_parser("create", help="pg_basebackup -R of the server into an empty folder, start it, report lag")
    q.add_argument("--data-dir", required=True, type=Path, help="the standby's new (empty) data directory")
    q.add_argument("--port", required=True, type=int, help="the standby's port (its socket is in --data-dir)")
    q.add_argument("--listen", default="", help="listen_addresses for TCP clients (default: the socket only)")
    q.add_argument("--max-slot-wal-keep-size", default=DEFAULT_MAX_SLOT_WAL_KEEP,
                   help="set on the primary when it has no limit: the most WAL a standby's slot may keep "
                        "(default %(default)s)")
    for name, text in (("status", "recovery state, replay lag and the WAL its slot keeps on the primary"),
                       ("stop", "stop the standby")):
        q = rp.add_parser(name, help=text)
        q.add_argument("--data-dir", required=True, type=Path)
    q = rp.add_parser("drop", help="remove a standby: stop it, drop its slot and replication login, delete its data")
    q.add_argument("--data-dir", type=Path, help="the standby's data directory (deleted)")
    q.add_argument("--slot", help="only a leftover slot crm_standby_<port> whose standby is gone")
    q.add_argument("--yes", action="store_true", help="confirm: the data directory is deleted")
    p.set_defaults(func=cmd_replica)

    p = sub.add_parser("backup", help="pg_dump of the CRM database plus its roles into an empty folder")
    p.add_argument("directory", type=Path)
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", help="restore a backup folder into a fresh server's empty CRM database")
    p.add_argument("directory", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("sync", help="T+1 counter load (柜台数据)")
    sp = p.add_subparsers(dest="sync_action", required=True)
    q = sp.add_parser("import", help="load the export of one trading date (accounts_YYYYMMDD.csv, daily_YYYYMMDD.csv)")
    q.add_argument("dir", help="folder with the two files (or with a YYYYMMDD sub-folder)")
    q.add_argument("--date", required=True, help="trading date YYYY-MM-DD")
    q.add_argument("--force", action="store_true",
                   help="load even if the daily file has fewer than half the rows of the earlier loads "
                        "or of the accounts on file (a deliberately shorter export)")
    q = sp.add_parser("status", help="loaded trading dates with row counts")
    q.add_argument("--limit", type=int, default=None)
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("sms", help="短信: the local SMS gateway and the agent's provider")
    sp = p.add_subparsers(dest="sms_action", required=True)
    q = sp.add_parser("gateway", help="serve the provider API on 127.0.0.1 (demo, tests) and point the agent at it")
    q.add_argument("--port", type=int, default=0, help="TCP port (0: any free port)")
    q = sp.add_parser("configure", help="point the agent at a provider (URL, bearer token from a file)")
    q.add_argument("--url", required=True)
    q.add_argument("--token-file", required=True)
    p.set_defaults(func=cmd_sms)

    p = sub.add_parser("bench", help="benchmarks that print figures")
    p.add_argument("what", choices=["rls", "startup", "customers", "export", "scroll", "pivot", "sync", "approvals",
                                      "reservations", "sms", "sms-subscriptions", "handover", "recycle", "targets",
                                      "load"])
    p.add_argument("--accounts", type=int, default=1_000_000, help="bench sync: account rows")
    p.add_argument("--daily", type=int, default=5_000_000, help="bench sync: daily rows (over --days dates)")
    p.add_argument("--days", type=int, default=5, help="bench sync: trading dates")
    p.add_argument("--past-days", type=int, default=0,
                   help="bench handover: effective this many days before the latest loaded day (0: today)")
    p.add_argument("--clients", type=int, default=300, help="bench load: simulated signed-in staff")
    p.add_argument("--minutes", type=float, default=3.0, help="bench load: length of the day after the sign-in storm")
    p.add_argument("--storm-seconds", type=float, default=50.0, help="bench load: the sign-ins spread over this")
    p.add_argument("--think-seconds", type=float, default=30.0, help="bench load: mean pause between actions")
    p.add_argument("--idle-close", type=float, default=60.0,
                   help="bench load: a client's extra worker connection closes after this many idle seconds")
    p.add_argument("--subscribers", type=int, default=200_000,
                   help="bench sms-subscriptions: live subscribers of the scratch column")
    p.add_argument("--csv", help="bench load: where to write every action (default under CRM_HOME/bench_load)")
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # --json is accepted anywhere on the line, not only before the verb.
    as_json = "--json" in argv
    args = parser.parse_args([a for a in argv if a != "--json"])
    args.json = args.json or as_json
    out = Output(args.json)
    from crm_desktop.services.errors import CrmRefusal, as_refusal

    try:
        return args.func(args, out)
    except _Refused as error:
        print(f"crm-admin: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except CrmRefusal as error:
        print(f"crm-admin: {error.message}", file=sys.stderr)
        return EXIT_REFUSED
    except ValueError as error:
        print(f"crm-admin: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except Exception as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        print(f"crm-admin: {refusal.message}", file=sys.stderr)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
