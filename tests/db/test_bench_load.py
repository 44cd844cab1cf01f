"""`crm-admin bench load` end to end on a small demo: clients sign in, live a short day and sign
out; figures are printed and written, not asserted against time targets."""

from __future__ import annotations

import csv

from crm_desktop.tools.bench import load as bench_load


def test_bench_load_runs_end_to_end(demo_db, tmp_path, monkeypatch):
    db = demo_db(customers=1500, days=3, seed=3)
    monkeypatch.setenv("CRM_HOME", str(tmp_path / "home"))
    lines: list[str] = []
    result = bench_load.load(db.admin_url, clients=5, minutes=0.1, storm_seconds=1, think_seconds=0.5,
                             idle_close=1, csv_path=tmp_path / "load.csv", out=lines.append)
    assert result["storm"]["signed_in"] == 5
    assert result["errors"] == 0, result["error_kinds"]
    assert result["actions"]["sign_in"]["ok"] == 5
    assert sum(a["count"] for name, a in result["actions"].items() if name != "sign_in") > 0
    assert result["t1_load"]["outcome"].startswith("ok")
    assert result["notifications"]["clients_that_heard_t1"] == 5
    # At rest each client holds its sign-in's connection and LISTEN, before and after the day.
    assert result["storm"]["backends"]["app_backends"] == 10
    assert result["rest_after_day"]["backends"]["app_backends"] == 10
    with open(tmp_path / "load.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"sign_in", "list_page"} <= {r["action"] for r in rows}
    assert any("targets:" in line for line in lines)
    # Everyone signed out at the end: one sign-in and one sign-out each, no sign-in per connection.
    events = db.scalar("SELECT json_object_agg(outcome, n) FROM (SELECT outcome, count(*) AS n FROM crm.login_event "
                       "WHERE source IN ('open_session', 'close_session') GROUP BY outcome) e")
    assert events == {"success": 5, "logout": 5}
    assert db.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'crm-desktop' "
                     "AND datname = current_database()") == 0


def test_bench_logins_are_made_by_the_product_and_sign_in(db):
    """When the demo has too few staff the bench makes marketing logins with crm.create_staff."""
    import psycopg

    from crm_desktop.services import auth
    from crm_desktop.tools.demo import DEMO_PASSWORD

    with psycopg.connect(db.admin_url, autocommit=True) as admin:
        made = bench_load._create_bench_logins(admin, 2, 0, lambda line: None)
    assert made == [("bench_0001", "marketing"), ("bench_0002", "marketing")]
    profile = auth.ServerProfile.from_conninfo("test", db.admin_url)
    conn, info = auth.sign_in(profile, "bench_0001", DEMO_PASSWORD)
    try:
        assert info.login == "bench_0001"
        # Created through crm.create_staff: audited like any account an administrator creates.
        assert db.scalar("SELECT count(*) FROM crm.audit_log WHERE table_name = 'staff' "
                         "AND new_values->>'login' = 'bench_0001'") >= 1
    finally:
        conn.close()
