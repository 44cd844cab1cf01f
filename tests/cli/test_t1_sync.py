"""crm-admin sync import / status: counts, loaded/replaced, bad rows listed, one-line refusals."""

import json
from pathlib import Path

import pytest

from crm_desktop.cli import EXIT_REFUSED, main

DATA = Path(__file__).resolve().parent.parent / "data" / "t1"


@pytest.fixture
def admin_cli(db, monkeypatch, capsys):
    monkeypatch.setenv("CRM_DATABASE_URL", db.admin_url)

    def run(*argv):
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def test_import_then_replace_then_status(admin_cli, db):
    code, out, err = admin_cli("sync", "import", str(DATA / "gbk"), "--date", "2024-01-03")
    assert code == 0, err
    assert out.splitlines()[0] == "2024-01-03: loaded"
    assert "accounts: 5 rows (new 5, changed 0, unchanged 0)" in out and "daily:    5 rows" in out
    assert "rows/s" in out and "accounts line 6 [80000005]: mobile is not" in out
    code, out, err = admin_cli("sync", "import", str(DATA / "gbk"), "--date", "2024-01-03", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["status"], data["replaced_rows"], data["daily_rows"]) == ("replaced", 5, 5)
    assert db.scalar("SELECT count(*) FROM crm.customer_daily") == 5
    code, out, err = admin_cli("sync", "status")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:5] == ["trade_date", "status", "account_rows", "daily_rows", "rows_in_db"]
    assert row.split()[:5] == ["2024-01-03", "replaced", "5", "5", "5"]
    code, out, _ = admin_cli("--json", "sync", "status")
    assert json.loads(out)[0]["load_count"] == 2


def test_bad_export_lists_rows_and_refuses_in_one_line(admin_cli, db):
    code, out, err = admin_cli("sync", "import", str(DATA / "bad"), "--date", "2024-01-05")
    assert code == EXIT_REFUSED
    assert err.strip() == "crm-admin: export for 2024-01-05 refused: 14 bad row(s), nothing changed"
    assert "accounts line 3 [80000012]: missing name (客户姓名)" in out
    assert "daily line 4 [99999999]: unknown account number" in out
    assert db.scalar("SELECT count(*) FROM crm.customer") == 0


@pytest.mark.parametrize("argv, message", [
    (("sync", "import", str(DATA / "missing"), "--date", "2024-01-05"), "missing column(s) 营业部代码 (branch_code)"),
    (("sync", "import", str(DATA / "gbk"), "--date", "2024-13-01"), "--date must be YYYY-MM-DD"),
    (("sync", "import", str(DATA / "gbk"), "--date", "2024-01-04"), "no accounts_20240104.csv"),
    (("sync", "import", str(DATA / "nowhere"), "--date", "2024-01-04"), "not a folder"),
])
def test_refusals_are_one_line_and_exit_2(admin_cli, db, argv, message):
    code, out, err = admin_cli(*argv)
    assert code == EXIT_REFUSED and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err
    assert db.scalar("SELECT count(*) FROM crm.t1_load") == 0


def test_a_collapsing_daily_file_needs_force(admin_cli, db, tmp_path):
    assert admin_cli("sync", "import", str(DATA / "gbk"), "--date", "2024-01-03")[0] == 0
    (tmp_path / "accounts_20240103.csv").write_text("account_no,name,id_no,mobile,gender,birthday,open_date,"
                                                    "branch_code,status\n")
    (tmp_path / "daily_20240103.csv").write_text("trade_date,account_no,total_assets,market_value,cash,trade_volume,"
                                                 "commission,net_commission,interest_spread,pnl\n")
    code, out, err = admin_cli("sync", "import", str(tmp_path), "--date", "2024-01-03")
    assert code == EXIT_REFUSED and out == ""
    assert err.strip() == ("crm-admin: export for 2024-01-03 refused: the daily file has 0 row(s), fewer than half of "
                           "the 5 the earlier load of 2024-01-03 had: a truncated export? Nothing changed "
                           "(--force loads it anyway)")
    assert db.scalar("SELECT count(*) FROM crm.customer_daily") == 5
    code, out, err = admin_cli("sync", "import", str(tmp_path), "--date", "2024-01-03", "--force")
    assert code == 0, err
    assert out.splitlines()[0] == "2024-01-03: replaced (5 earlier daily rows of this date replaced)"
    assert "daily: loaded by force: the daily file has 0 row(s)" in out
    assert db.scalar("SELECT count(*) FROM crm.customer_daily") == 0
