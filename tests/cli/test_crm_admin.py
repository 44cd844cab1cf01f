"""crm-admin against the test database: results, --json, and one-line refusals with exit 2."""

import json

import pytest

from crm_desktop.cli import EXIT_REFUSED, main


@pytest.fixture
def admin_cli(db, monkeypatch, capsys):
    monkeypatch.setenv("CRM_DATABASE_URL", db.admin_url)

    def run(*argv):
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_create_prints_temporary_password_last(admin_cli, db):
    code, out, err = admin_cli("staff", "create", "wang_wu", "--name", "王五", "--branch", "BR01")
    assert code == 0, err
    password = out.strip().splitlines()[-1]
    assert len(password) == 14 and " " not in password
    assert db.scalar("SELECT must_change_password FROM crm.staff WHERE login = 'wang_wu'") is True
    db.created_logins.append("wang_wu")


def test_create_json_has_password_field(admin_cli, db):
    code, out, _ = admin_cli("--json", "staff", "create", "zhao_liu", "--name", "赵六", "--branch", "br01")
    assert code == 0
    data = json.loads(out)
    assert data["login"] == "zhao_liu" and len(data["temporary_password"]) == 14


@pytest.mark.parametrize("argv, message", [
    (("staff", "create", "Bad-Name", "--name", "x", "--branch", "BR01"), "must be 3-32 characters"),
    (("staff", "create", "x", "--name", "x", "--branch", "BR01"), "must be 3-32 characters"),
    (("staff", "create", "robert_drop_table", "--name", "x", "--branch", "NOPE"), 'unknown branch "NOPE"'),
    (("staff", "create", "new_one", "--name", "x", "--branch", "BR01", "--superior", "ghost"), 'unknown superior "ghost"'),
    (("staff", "create", "pg_evil", "--name", "x", "--branch", "BR01"), "reserved"),
    (("staff", "bind-mac", "nobody_here", "00-11-22-33-44-55"), "unknown staff login"),
    (("maintenance", "on"), "needs --message"),
    (("policy", "set", "lockout_threshold=abc"), "invalid input"),
    (("policy", "set", "no_such_setting=1"), "unknown policy setting"),
])
def test_bad_input_is_one_line_and_exit_2(admin_cli, db, argv, message):
    before = db.scalar("SELECT count(*) FROM crm.staff")
    code, out, err = admin_cli(*argv)
    assert code == EXIT_REFUSED
    assert len(err.strip().splitlines()) == 1 and message in err
    assert db.scalar("SELECT count(*) FROM crm.staff") == before


def test_duplicate_login_and_malformed_mac_refused(admin_cli, db):
    db.make_staff("li_lei")
    code, _, err = admin_cli("staff", "create", "li_lei", "--name", "x", "--branch", "BR01")
    assert code == EXIT_REFUSED and "already exists" in err
    code, _, err = admin_cli("staff", "bind-mac", "li_lei", "00-1A-2B")
    assert code == EXIT_REFUSED and "not a MAC address" in err


def test_superior_cycle_refused(admin_cli, db):
    db.make_staff("boss_a")
    db.make_staff("mid_b", superior="boss_a")
    db.make_staff("low_c", superior="mid_b")
    code, _, err = admin_cli("staff", "set-superior", "boss_a", "low_c")
    assert code == EXIT_REFUSED and "cycle" in err
    assert db.scalar("SELECT superior_id FROM crm.staff WHERE login = 'boss_a'") is None


def test_bind_mac_normalises_and_list_shows_it(admin_cli, db):
    db.make_staff("han_mei", bind_this_pc=False)
    code, out, _ = admin_cli("staff", "bind-mac", "han_mei", "AA-BB-CC-DD-EE-0F")
    assert code == 0 and "aa:bb:cc:dd:ee:0f" in out
    code, out, _ = admin_cli("--json", "staff", "show", "han_mei")
    assert json.loads(out)["macs"] == ["aa:bb:cc:dd:ee:0f"]


def test_freeze_unfreeze_and_grant(admin_cli, db):
    db.make_staff("xu_qing")
    assert admin_cli("staff", "freeze", "xu_qing")[0] == 0
    assert db.scalar("SELECT status FROM crm.staff WHERE login = 'xu_qing'") == "frozen"
    assert admin_cli("staff", "unfreeze", "xu_qing")[0] == 0
    code, out, _ = admin_cli("staff", "grant", "xu_qing", "--role", "analyst", "--post", "trading_manager",
                             "--scope", "branch")
    assert code == 0 and "analyst" in out and "trading_manager" in out and "scope branch" in out


def test_maintenance_and_policy(admin_cli, db):
    assert admin_cli("maintenance", "on", "--message", "系统升级中")[0] == 0
    assert db.scalar("SELECT maintenance_message FROM crm.policy") == "系统升级中"
    code, out, _ = admin_cli("--json", "policy", "set", "lockout_threshold=4", "idle_minutes=10")
    data = json.loads(out)
    assert data["lockout_threshold"] == 4 and data["idle_minutes"] == 10 and data["server_idle_seconds"] == 600


def test_session_list_and_end(admin_cli, db):
    db.make_staff("song_jia")
    conn = db.session("song_jia")
    code, out, _ = admin_cli("--json", "session", "list")
    sessions = json.loads(out)
    assert [s["login"] for s in sessions] == ["song_jia"]
    code, out, _ = admin_cli("session", "end", str(sessions[0]["id"]))
    assert code == 0 and "ended" in out
    import psycopg
    with pytest.raises(psycopg.OperationalError):
        conn.execute("SELECT 1")
    conn.close()


def test_db_status_and_agent_once(admin_cli):
    code, out, _ = admin_cli("--json", "db", "status")
    assert json.loads(out)["up_to_date"] is True
    code, out, _ = admin_cli("--json", "agent", "--once")
    assert code == 0 and "swept_sessions" in json.loads(out)


def test_agent_once_and_status_report_failures_and_skipped_records(admin_cli, db, monkeypatch):
    from crm_desktop.agent import jobs

    code, out, _ = admin_cli("agent", "--once")
    assert code == 0 and "FAILED" not in out
    code, out, _ = admin_cli("--json", "agent", "status")
    health = {h["job"]: h for h in json.loads(out)["jobs"]}
    assert code == 0 and set(health) == set(jobs.JOBS) and all(h["ok"] for h in health.values())
    assert json.loads(out)["backlog"]["t1_drop_folder_exports"] == 0
    assert isinstance(json.loads(out)["backlog"]["auth_log_unread_bytes"], int)
    assert json.loads(out)["backlog"]["sms_outbox_waiting"] == 0

    def unreadable(conn):
        raise OSError("drop folder unreadable")

    monkeypatch.setattr(jobs, "import_drop_folder", unreadable)
    code, out, _ = admin_cli("agent", "--once")
    assert code == 1 and "FAILED t1_import: OSError: drop folder unreadable" in out
    assert "swept_sessions" in out            # the other jobs ran
    code, out, _ = admin_cli("agent", "status")
    assert code == 1 and "backlog:" in out and "t1_drop_folder_exports: 0" in out
    line = next(line for line in out.splitlines() if line.startswith("t1_import"))
    assert "FAILED" in line and "drop folder unreadable" in line


def test_db_objects_check_names_a_function_without_a_file(admin_cli, db):
    code, out, err = admin_cli("db", "objects", "--check")
    assert code == 0, out + err
    assert "object files under" in out and "no object file" not in out
    with db.admin() as conn:
        conn.execute("SET check_function_bodies = off")
        conn.execute("CREATE FUNCTION crm.stray_helper() RETURNS int LANGUAGE sql AS 'SELECT missing FROM crm.branch'")
    code, out, _ = admin_cli("--json", "db", "objects", "--check")
    assert code == 1
    data = json.loads(out)
    assert data["without_file"] == ["crm.stray_helper"] and data["file_without_object"] == []
    assert [e["function"] for e in data["body_errors"]] == ["crm.stray_helper()"]
    assert 'column "missing" does not exist' in data["body_errors"][0]["error"]
    # Without --check it reports and succeeds.
    code, out, _ = admin_cli("db", "objects")
    assert code == 0 and "no object file: crm.stray_helper" in out


def test_demo_seed_then_a_benchmark(admin_cli, db):
    """`demo seed` and `bench` reach the operator tools (crm_desktop.tools) from the CLI."""
    code, _, err = admin_cli("bench", "rls")
    assert code == EXIT_REFUSED and "seed the demo data first" in err and len(err.strip().splitlines()) == 1

    code, out, err = admin_cli("--json", "demo", "seed", "--customers", "300", "--days", "2", "--seed", "7")
    assert code == 0, err
    report = json.loads(out)
    assert report["customers"] == 300 and report["days"] == 2
    assert db.scalar("SELECT count(*) FROM crm.customer") == 300

    code, out, err = admin_cli("bench", "rls")
    assert code == 0, err
    assert "RLS benchmark" in out and "bj01_director" in out and "hq_marketing" in out
    # The figures themselves are not asserted (DESIGN.md section 7); the counts are facts.
    hq_line = next(line for line in out.splitlines() if "hq_marketing" in line)
    assert "300 rows" in hq_line
