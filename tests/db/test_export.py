"""Export to .xlsx (issue #4, FAQ 8-9, 11) against a seeded database: the file read back with
openpyxl equals the list (order, columns, values), the server logs and audits every export,
a cancelled export leaves no file, and a summary equals an aggregate written here by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import psycopg
import pytest

from crm_desktop.services import export
from crm_desktop.tools import demo
from crm_desktop.services.customer_query import columns as list_columns
from crm_desktop.services.customer_query.columns import BOOL, DATE, DATETIME
from crm_desktop.services.customer_query.filters import Condition, Group, to_dict
from crm_desktop.services.customer_query.ordering import export_statement
from crm_desktop.services.customer_query.paging import fetch_page
from crm_desktop.services.customer_query.query import CustomerQuery
from crm_desktop.services.customer_query.summary import summarize
from crm_desktop.services.customer_query.words import VALUE_LABELS, value_label
from crm_desktop.services.errors import CrmRefusal
from crm_desktop.services.tasks import TaskCancelled, TaskContext
from crm_desktop.tools import demo
from tests import support

TEMPLATE = "crm"
HQ = "hq_marketing"            # scope "all", has the export right
DIRECTOR = "bj01_director"     # RLS: the director's subtree and the branch's pool; has the right
MARKETER = "bj01_mkt01"        # no export right


@pytest.fixture(scope="module")
def seeded(cluster, cluster_state):
    verifier, baseline = cluster_state
    with support.test_database(cluster, TEMPLATE, verifier, baseline) as database:
        demo.seed(database.admin_url, customers=3000, days=3, seed=5)
        with database.admin() as conn:
            # Awkward values: a formula-looking name, quotes, a NULL gender and birthday.
            conn.execute("UPDATE crm.customer SET name = '=HYPERLINK(\"x\")', gender = NULL, birthday = NULL "
                         "WHERE id = (SELECT min(id) FROM crm.customer)")
            conn.execute("ANALYZE")
        yield database


def session(seeded: support.TestDatabase, login: str) -> psycopg.Connection:
    return seeded.session(login, demo.DEMO_PASSWORD)


@pytest.fixture(scope="module")
def hq(seeded):
    conn = session(seeded, HQ)
    yield conn
    conn.close()


def whole_list(conn: psycopg.Connection, query: CustomerQuery) -> list[dict]:
    """The list as the paged list model reads it: keyset pages from the first to the end."""
    rows: list[dict] = []
    page = fetch_page(conn, query, limit=500)
    rows += page.rows
    while page.has_more:
        page = fetch_page(conn, query, after=page.last_key, limit=500)
        rows += page.rows
    return rows


def expected_cell(key: str, value):
    """What the export writes for a list value, as openpyxl reads it back."""
    col = list_columns.COLUMNS[key]
    if value is None:
        return None
    if key in VALUE_LABELS:
        return value_label(key, value, "zh")
    if col.type == BOOL:
        return "是" if value else "否"
    if col.unit == "cents":
        return pytest.approx(value / 100)
    if col.type == DATE:
        return dt.datetime(value.year, value.month, value.day)
    if col.type == DATETIME:
        return normalise(value.astimezone().replace(tzinfo=None))
    return value


def read_back(path: Path) -> tuple[list, list[list]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return rows[0], rows[1:]


def normalise(cell):
    if isinstance(cell, dt.datetime):
        return cell.replace(microsecond=0) if cell.microsecond < 500000 else \
            (cell + dt.timedelta(microseconds=1000000 - cell.microsecond)).replace(microsecond=0)
    return cell


COLUMNS = ("account_no", "name", "gender", "birthday", "open_date", "branch_name", "status", "developer",
           "total_assets", "vip_level")
SORTS = [("account_no", False), ("name", True), ("status", False), ("developer", False),
         ("total_assets", True), ("age", False), ("gender", True), ("in_public_pool", False)]


@pytest.mark.parametrize("sort,descending", SORTS)
def test_file_equals_the_list(seeded, hq, tmp_path, sort, descending):
    query = CustomerQuery(columns=COLUMNS, sort=sort, descending=descending,
                          filter=Group("or", [Condition("status", "in", ["normal", "closed"]),
                                              Condition("gender", "empty")]))
    expected = whole_list(hq, query)
    assert len(expected) > 1000
    target = tmp_path / "list.xlsx"
    result = export.export_customers(TaskContext(), hq, query, target, "zh", itersize=700)
    assert result.rows == len(expected) and Path(result.path) == target
    header, rows = read_back(target)
    assert header == [list_columns.COLUMNS[k].label("zh") for k in COLUMNS]
    assert len(rows) == len(expected)
    for got, row in zip(rows, expected):
        assert [normalise(c) for c in got] == [expected_cell(k, row[k]) for k in COLUMNS], row
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.xlsx"]      # no temporary file left


def test_vip_levels_are_named_as_the_reference_table(seeded):
    """Issue #12 item 13: the names the list, export and summary show are crm.vip_level's."""
    with seeded.admin() as conn:
        table = {level: (zh, en) for level, zh, en in conn.execute("SELECT level, name_zh, name_en FROM crm.vip_level")}
    assert VALUE_LABELS["vip_level"] == table


def test_integers_have_no_trailing_point_and_averages_two_decimals(seeded, hq, tmp_path):
    """Issue #12 item 13: "#,##0.##" showed 12 as "12." in Excel."""
    target = tmp_path / "numbers.xlsx"
    export.export_table(TaskContext(), hq, "summary", {}, ["n", "avg"], [(12, Decimal("2.5")), (1234, 3)], target,
                        [export.NUMBER, export.NUMBER])
    book = openpyxl.load_workbook(target)
    cells = [[(c.value, c.number_format) for c in row] for row in book.worksheets[0].iter_rows(min_row=2)]
    book.close()
    assert cells == [[(12, "#,##0"), (2.5, "#,##0.00")], [(1234, "#,##0"), (3, "#,##0")]]


def test_formats_frozen_header_and_literal_text(seeded, hq, tmp_path):
    query = CustomerQuery(columns=("name", "total_assets", "open_date", "ext_modified_at", "in_public_pool"))
    target = tmp_path / "formats.xlsx"
    export.export_customers(TaskContext(), hq, query, target, "en")
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert [c.value for c in sheet[1]] == ["Name", "Total assets", "Opened", "Ext. data modified", "Public pool"]
    money = next(row[1] for row in sheet.iter_rows(min_row=2) if row[1].value is not None)
    assert isinstance(money.value, (int, float)) and money.number_format == "#,##0.00"
    assert isinstance(sheet["C2"].value, dt.datetime) and sheet["C2"].number_format == "yyyy-mm-dd"
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert '=HYPERLINK("x")' in names                    # written as text, never as a formula
    assert {row[4].value for row in sheet.iter_rows(min_row=2)} <= {"Yes", "No"}
    book.close()


def test_export_is_logged_and_audited_with_filter_and_row_count(seeded, tmp_path):
    query = CustomerQuery(columns=("account_no", "name"), search="", sort="name",
                          filter=Group("and", [Condition("status", "eq", "normal")]))
    with session(seeded, DIRECTOR) as conn:
        visible = conn.execute("SELECT count(*) FROM crm.customer WHERE status = 'normal'").fetchone()[0]
        result = export.export_customers(TaskContext(), conn, query, tmp_path / "d.xlsx", "zh")
    assert result.rows == visible > 0
    with seeded.admin() as admin:
        log = admin.execute(
            "SELECT e.kind, e.details, e.row_count, e.status, e.actor, s.login, e.finished_at IS NOT NULL "
            "FROM crm.export_log e JOIN crm.staff s ON s.id = e.staff_id WHERE e.id = %s",
            (result.export_id,)).fetchone()
        audit = admin.execute(
            "SELECT action, actor, new_values FROM crm.audit_log WHERE table_name = 'export_log' "
            "AND row_key = %s ORDER BY id", (str(result.export_id),)).fetchall()
    kind, details, rows, status, actor, login, finished = log
    assert (kind, rows, status, actor, login, finished) == ("customers", visible, "done", DIRECTOR, DIRECTOR, True)
    assert details["filter"] == to_dict(query.filter)
    assert details["sort"] == "name" and details["columns"] == ["account_no", "name"]
    assert "状态" in details["filter_text"]
    assert [a[0] for a in audit] == ["insert", "update"] and {a[1] for a in audit} == {DIRECTOR}
    assert audit[-1][2]["row_count"] == visible and audit[-1][2]["status"] == "done"


def test_refused_without_the_right_writes_nothing(seeded, tmp_path):
    before = seeded.scalar("SELECT count(*) FROM crm.export_log")
    with session(seeded, MARKETER) as conn:
        with pytest.raises(CrmRefusal) as info:
            export.export_customers(TaskContext(), conn, CustomerQuery(), tmp_path / "no.xlsx")
    assert info.value.kind == "not_permitted" and info.value.sqlstate == "42501"
    assert list(tmp_path.iterdir()) == []
    assert seeded.scalar("SELECT count(*) FROM crm.export_log") == before


def test_personal_data_exported_masked_and_in_full_only_with_the_second_right(seeded, tmp_path):
    """ID numbers and mobiles leave masked, as the list shows them; in full only with the export
    personal data right (role personal_data_export, granted by HQ), recorded in the log."""
    query = CustomerQuery(columns=("account_no", "mobile", "id_no", "ext_mobile"), sort="account_no")
    with seeded.admin() as admin:
        raw = {r[0]: r[1:] for r in admin.execute(
            "SELECT c.account_no, c.mobile, c.id_no, x.mobile, c.mobile_masked, c.id_no_masked, x.mobile_masked "
            "FROM crm.customer c LEFT JOIN crm.customer_ext x ON x.customer_id = c.id")}
    with session(seeded, DIRECTOR) as conn:
        masked = export.export_customers(TaskContext(), conn, query, tmp_path / "masked.xlsx", "zh", itersize=300)
        _, rows = read_back(tmp_path / "masked.xlsx")
        assert len(rows) == masked.rows > 300
        assert all(tuple(r[1:]) == raw[r[0]][3:] for r in rows)
        with pytest.raises(CrmRefusal) as info:
            export.export_customers(TaskContext(), conn, query, tmp_path / "full.xlsx", "zh", personal_data=True)
        assert info.value.kind == "not_permitted" and "导出个人信息" in str(info.value)
        assert not (tmp_path / "full.xlsx").exists()
    with seeded.admin() as admin:
        admin.execute("SELECT crm.grant_role(%s, 'personal_data_export')", (DIRECTOR,))
    try:
        with session(seeded, DIRECTOR) as conn:
            full = export.export_customers(TaskContext(), conn, query, tmp_path / "full.xlsx", "zh",
                                           itersize=300, personal_data=True)
        _, rows = read_back(tmp_path / "full.xlsx")
        assert len(rows) == full.rows == masked.rows
        assert all(tuple(r[1:]) == raw[r[0]][:3] for r in rows)
        with seeded.admin() as admin:
            log = admin.execute("SELECT details -> 'personal_data', row_count, status FROM crm.export_log "
                                "WHERE id = %s", (full.export_id,)).fetchone()
        assert log == (True, full.rows, "done")
    finally:
        with seeded.admin() as admin:
            admin.execute("SELECT crm.revoke_role(%s, 'personal_data_export')", (DIRECTOR,))


def test_invalid_query_is_refused_before_the_log(seeded, hq, tmp_path):
    before = seeded.scalar("SELECT count(*) FROM crm.export_log")
    with pytest.raises(CrmRefusal):
        export.export_customers(TaskContext(), hq, CustomerQuery(columns=("name", "password")), tmp_path / "x.xlsx")
    assert seeded.scalar("SELECT count(*) FROM crm.export_log") == before


def test_cancel_leaves_no_file_and_logs_cancelled(seeded, hq, tmp_path):
    target = tmp_path / "cancelled.xlsx"
    target_seen: list[int] = []

    def progress(stage: str, done: int, total: int) -> None:
        target_seen.append(done)
        if done >= 400:
            ctx.cancel()

    ctx = TaskContext(progress=progress)
    with pytest.raises(TaskCancelled):
        export.export_customers(ctx, hq, CustomerQuery(), target, itersize=200)
    assert list(tmp_path.iterdir()) == []
    row = hq.execute("SELECT status, row_count FROM crm.export_log ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "cancelled" and 400 <= row[1] < 3000
    assert hq.execute("SELECT 1").fetchone() == (1,)          # the connection is usable again
    assert hq.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_cancel_during_the_server_query(seeded, hq, tmp_path, monkeypatch):
    """ctx.cancel() while a FETCH runs cancels it on the server (ctx.watch)."""
    ctx = TaskContext()
    real = export_statement

    def slow(query, **kw):
        statement, params = real(query, **kw)
        # The same rows, each one slowed down (an extra last column the writer ignores): the
        # FETCH is still running when cancel() comes.
        return psycopg.sql.SQL("SELECT s.*, pg_sleep(0.01) FROM ({}) s").format(statement), params

    monkeypatch.setattr(export, "export_statement", slow)
    import threading

    timer = threading.Timer(0.5, ctx.cancel)
    timer.start()
    try:
        with pytest.raises(TaskCancelled):
            export.export_customers(ctx, hq, CustomerQuery(), tmp_path / "slow.xlsx", itersize=5000)
    finally:
        timer.cancel()
    assert list(tmp_path.iterdir()) == []
    assert hq.execute("SELECT status FROM crm.export_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "cancelled"


def test_summary_equals_a_direct_aggregate_and_exports(seeded, tmp_path):
    query = CustomerQuery(filter=Group("and", [Condition("open_date", "gt", "2000-01-01")]), search="")
    with session(seeded, DIRECTOR) as conn:
        got = summarize(conn, query, ["branch", "status"],
                           [("count", None), ("sum", "total_assets"), ("avg", "total_assets"),
                            ("max", "vip_level"), ("min", "age")])
        # Written by hand, as the same staff member (RLS applies to both).
        direct = conn.execute(
            """SELECT b.code, c.status, count(*), sum(l.total_assets_cents), avg(l.total_assets_cents),
                      max(l.vip_level), min(date_part('year', age(current_date, c.birthday))::int)
                 FROM crm.customer c JOIN crm.branch b ON b.id = c.branch_id
                 LEFT JOIN crm.customer_latest l ON l.customer_id = c.id
                WHERE c.open_date > DATE '2000-01-01'
                GROUP BY b.code, c.status ORDER BY b.code, c.status""").fetchall()
        assert [(r["branch"], r["status"], r["count"], r["sum_total_assets"], r["avg_total_assets"],
                 r["max_vip_level"], r["min_age"]) for r in got] == [tuple(r) for r in direct]
        assert sum(r[2] for r in direct) == conn.execute(
            "SELECT count(*) FROM crm.customer WHERE open_date > DATE '2000-01-01'").fetchone()[0]

        headers = ["营业部代码", "状态", "客户数", "总资产 合计", "总资产 平均", "贵宾等级 最大", "年龄 最小"]
        rows = [(r["branch"], value_label("status", r["status"]), r["count"], r["sum_total_assets"],
                 r["avg_total_assets"], r["max_vip_level"], r["min_age"]) for r in got]
        formats = ["text", "text", "number", "money", "money", "number", "number"]
        result = export.export_table(TaskContext(), conn, "summary", {"group_by": ["branch", "status"]},
                                     headers, rows, tmp_path / "summary.xlsx", formats)
    header, back = read_back(tmp_path / "summary.xlsx")
    assert header == headers and len(back) == len(direct) == result.rows
    for cells, r in zip(back, direct):
        assert cells[0] == r[0] and cells[1] == value_label("status", r[1]) and cells[2] == r[2]
        assert cells[3] == (None if r[3] is None else pytest.approx(float(r[3]) / 100))
        assert cells[4] == (None if r[4] is None else pytest.approx(float(r[4] / Decimal(100))))
    with seeded.admin() as admin:
        kind, details, count, status = admin.execute(
            "SELECT kind, details, row_count, status FROM crm.export_log WHERE id = %s",
            (result.export_id,)).fetchone()
    assert (kind, count, status) == ("summary", len(direct), "done") and details["group_by"] == ["branch", "status"]


def test_export_table_refused_without_the_right(seeded, tmp_path):
    with session(seeded, MARKETER) as conn:
        with pytest.raises(CrmRefusal) as info:
            export.export_table(TaskContext(), conn, "group_statistics", {}, ["a"], [("x",)], tmp_path / "g.xlsx")
    assert info.value.kind == "not_permitted"
    assert list(tmp_path.iterdir()) == []


def test_unwritable_target_is_a_refusal_logged_as_failed(seeded, hq, tmp_path):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()                                   # a directory where the file should go
    with pytest.raises(CrmRefusal) as info:
        export.export_customers(TaskContext(), hq, CustomerQuery(columns=("account_no",)), folder)
    assert info.value.kind == "file_error"
    assert hq.execute("SELECT status FROM crm.export_log ORDER BY id DESC LIMIT 1").fetchone()[0] == "failed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.xlsx"]


def test_a_late_cancel_that_aborted_the_rollback_still_logs_the_export(seeded, hq):
    """The cancel request is asynchronous: it can land on the ROLLBACK that ends the export's
    transaction and leave the connection in a failed transaction. finish_export ends it and logs."""
    export_id = export.begin_export(hq, "customers", {"test": "late cancel"})
    hq.execute("BEGIN")
    with pytest.raises(psycopg.errors.DivisionByZero):
        hq.execute("SELECT 1 / 0")
    assert hq.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
    export.finish_export(hq, export_id, 0, "cancelled")
    assert hq.execute("SELECT status FROM crm.export_log WHERE id = %s", (export_id,)).fetchone()[0] == "cancelled"
