"""Reservations (预约): normalisation, the 20-working-day window across a holiday, review and expiry
reasons of crm.match_reservations, a clean match through its approval, the services'
register/update/delete and the .xlsx template and import."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from crm_desktop.services import approvals, reservations
from crm_desktop.services.errors import CrmRefusal

REGISTERED = dt.date(2025, 9, 1)          # a Monday
HOLIDAY = dt.date(2025, 9, 3)             # a Wednesday made a holiday
ID_A = "11010519491231002X"               # valid check digits


def _check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def valid_id(seed: int) -> str:
    first = f"1101051980{seed:07d}"[:17]
    return first + _check_digit(first)


def add_working_days(day: dt.date, n: int, holidays: set[dt.date]) -> dt.date:
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            n -= 1
    return day


@pytest.fixture
def setup(db):
    db.make_branch("BR02")
    db.make_staff("mkt_a", name="营销甲")
    db.make_staff("mkt_b", name="营销乙")
    db.make_staff("tm1", name="交易经理", staff_type="manager", roles=("trading_manager",), posts=("trading_manager",))
    db.make_staff("director", name="营销总监", staff_type="manager", roles=("marketing_director",),
                  posts=("marketing_director",))
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.holiday (day, name) VALUES (%s, '测试假日')", (HOLIDAY,))
    return db


def reserve(db, login: str, name: str, id_no: str | None = None, mobile: str | None = None,
            branch: str = "BR01", registered_on: dt.date = REGISTERED) -> int:
    """As the operator (who may back-date): a reservation of `login`."""
    with db.admin() as conn:
        return conn.execute(
            "INSERT INTO crm.reservation (staff_id, branch_id, name, id_no, mobile, registered_on) "
            "SELECT s.id, b.id, %s, %s, %s, %s FROM crm.staff s, crm.branch b WHERE s.login = %s AND b.code = %s "
            "RETURNING id", (name, id_no, mobile, registered_on, login, branch)).fetchone()[0]


def match(db, as_of: dt.date) -> dict:
    with db.admin() as conn:
        return reservations.match(conn, as_of)


def state(db, reservation_id: int) -> tuple:
    with db.admin() as conn:
        return conn.execute("SELECT r.status, r.reason, c.account_no FROM crm.reservation r "
                            "LEFT JOIN crm.customer c ON c.id = r.customer_id WHERE r.id = %s",
                            (reservation_id,)).fetchone()


# Normalisation -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, name, id_no, mobile", [
    ("张 三", "张三", None, None),
    ("张\u3000三", "张三", None, None),                      # ideographic space inside
    ("\u00a0张三\t\n", "张三", None, None),
    ("ＡＢＣ", "ABC", None, None),                          # full-width letters
    ("１３８ ００１３ ８０００", None, None, "13800138000"),   # full-width digits
    ("+86 138-0013-8000", None, None, "13800138000"),
    ("0086 13800138000", None, None, "13800138000"),
    ("8613800138000", None, None, "13800138000"),
    ("11010519491231002x", None, "11010519491231002X", None),   # lower-case check letter
    ("１１０１０５１９４９１２３１００２ｘ", None, "11010519491231002X", None),
    ("  ", None, None, None),
])
def test_normalisation_in_sql_and_python_agree(db, raw, name, id_no, mobile):
    with db.admin() as conn:
        got = conn.execute("SELECT crm.normalize_name(%s), crm.normalize_id_no(%s), crm.normalize_mobile(%s)",
                           (raw, raw, raw)).fetchone()
    py = (reservations.normalize_name(raw), reservations.normalize_id_no(raw), reservations.normalize_mobile(raw))
    assert got == py
    if name is not None:
        assert got[0] == name
    if id_no is not None:
        assert got[1] == id_no
    if mobile is not None:
        assert got[2] == mobile
    if not raw.strip():
        assert got == (None, None, None)


def test_the_trigger_stores_normalised_keys_and_the_window(setup):
    rid = reserve(setup, "mkt_a", "王\u3000五 ", "11010519491231002x", "＋８６ １３８００１３８０００")
    with setup.admin() as conn:
        row = conn.execute("SELECT name_norm, id_no_norm, mobile_norm, window_end, status, version "
                           "FROM crm.reservation WHERE id = %s", (rid,)).fetchone()
        sql_end = conn.execute("SELECT crm.add_working_days(%s, 20)", (REGISTERED,)).fetchone()[0]
    expected_end = add_working_days(REGISTERED, 20, {HOLIDAY})
    assert row == ("王五", "11010519491231002X", "13800138000", expected_end, "open", 1)
    assert sql_end == expected_end == dt.date(2025, 9, 30)


# Matching ---------------------------------------------------------------------------------------------------

def test_twenty_working_day_boundary_across_a_holiday(setup):
    db = setup
    day20 = add_working_days(REGISTERED, 20, {HOLIDAY})
    day21 = add_working_days(REGISTERED, 21, {HOLIDAY})
    on_time = reserve(db, "mkt_a", "赵一", mobile="13900000001")
    late = reserve(db, "mkt_a", "钱二", mobile="13900000002")
    db.make_customer("N20", name="赵一", mobile="13900000001", open_date=day20.isoformat())
    assert match(db, day20) == {"matched": 1, "review": 0, "expired": 0}
    db.make_customer("N21", name="钱二", mobile="13900000002", open_date=day21.isoformat())
    assert match(db, day21) == {"matched": 0, "review": 0, "expired": 1}
    assert state(db, on_time) == ("matched", None, "N20")
    assert state(db, late) == ("expired", "no_account", None)
    # Without the holiday, day 21 would have been day 20: the calendar is HQ's table.
    assert add_working_days(REGISTERED, 20, set()) == day20 - dt.timedelta(days=1)


def test_spaces_and_full_width_digits_still_match(setup):
    db = setup
    spaced = reserve(db, "mkt_a", "李\u3000四", mobile="１３７ ００００ ００１１")
    lower_x = reserve(db, "mkt_b", "周 七", id_no="11010519491231002x")
    s1 = db.make_customer("S1", name="李四", open_date="2025-09-05")
    with db.admin() as conn:       # the counter's spelling (the extended mobile's CHECK would refuse it)
        conn.execute("UPDATE crm.customer SET mobile = '+86 13700000011' WHERE id = %s", (s1,))
    db.make_customer("S2", name="周七", id_no="11010519491231002X", open_date="2025-09-08")
    assert match(db, dt.date(2025, 9, 8))["matched"] == 2
    assert state(db, spaced) == ("matched", None, "S1")
    assert state(db, lower_x) == ("matched", None, "S2")


def test_mobile_of_an_older_customer_goes_to_review(setup):
    db = setup
    db.make_customer("OLD", name="老客户", mobile="13500000005", open_date="2019-03-01")
    rid = reserve(db, "mkt_a", "孙五", mobile="13500000005")
    db.make_customer("NEW", name="孙五", mobile="13500000005", open_date="2025-09-04")
    assert match(db, dt.date(2025, 9, 4)) == {"matched": 0, "review": 1, "expired": 0}
    assert state(db, rid) == ("review", "mobile_of_older_customer", "NEW")
    # Matched by ID number the old mobile does not matter.
    rid2 = reserve(db, "mkt_a", "吴六", id_no=valid_id(6), mobile="13500000005")
    db.make_customer("NEW2", name="吴六", id_no=valid_id(6), mobile="13500000005", open_date="2025-09-05")
    assert match(db, dt.date(2025, 9, 5))["matched"] == 1
    assert state(db, rid2)[0] == "matched"


def test_two_reservations_matching_one_account_go_to_review(setup):
    db = setup
    first = reserve(db, "mkt_a", "郑八", mobile="13600000008")
    second = reserve(db, "mkt_b", "郑 八", id_no=valid_id(8))
    db.make_customer("DBL", name="郑八", id_no=valid_id(8), mobile="13600000008", open_date="2025-09-02")
    assert match(db, dt.date(2025, 9, 2)) == {"matched": 0, "review": 2, "expired": 0}
    assert state(db, first) == ("review", "several_reservations", "DBL")
    assert state(db, second) == ("review", "several_reservations", "DBL")
    assert setup.scalar("SELECT count(*) FROM crm.approval_request") == 0


def test_already_developed_account_goes_to_review(setup):
    db = setup
    rid = reserve(db, "mkt_a", "冯九", mobile="13600000009")
    cid = db.make_customer("DEV", name="冯九", mobile="13600000009", open_date="2025-09-02")
    db.relate(cid, "mkt_b")
    assert match(db, dt.date(2025, 9, 2))["review"] == 1
    assert state(db, rid) == ("review", "already_developed", "DEV")


def test_clean_match_is_approved_and_the_customer_becomes_the_staff_members(setup):
    db = setup
    rid = reserve(db, "mkt_a", "陈十", id_no=valid_id(10))
    cid = db.make_customer("CLEAN", name="陈十", id_no=valid_id(10), open_date="2025-09-10")
    with db.session("tm1") as tm:
        tm.execute("LISTEN crm_approvals")
        assert match(db, dt.date(2025, 9, 10)) == {"matched": 1, "review": 0, "expired": 0}
        assert list(tm.notifies(timeout=5, stop_after=1))
        assert approvals.count_waiting(tm) == 1
        row = approvals.waiting_page(tm)[0]
        assert (row["flow_code"], row["account_no"], row["customer_name"], row["subject_staff_name"],
                row["requested_by_name"], row["current_step"]) == ("development", "CLEAN", "陈十", "营销甲", None, 1)
        assert approvals.decide(tm, row["id"], 1, "approved", "核对无误") == "pending"
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT count(*) FROM crm.customer WHERE id = %s", (cid,)).fetchone()[0] == 0
        mine = reservations.list_reservations(conn)
        assert (mine[0]["status"], mine[0]["account_no"], mine[0]["request_status"]) == ("matched", "CLEAN", "pending")
    with db.session("director") as conn:
        assert approvals.decide(conn, row["id"], 2, "approved") == "approved"
    assert db.scalar("SELECT s.login FROM crm.customer c JOIN crm.staff s ON s.id = c.developer_id "
                     "WHERE c.id = %s", (cid,)) == "mkt_a"
    assert state(db, rid) == ("matched", None, "CLEAN")
    with db.session("mkt_a") as conn:
        assert conn.execute("SELECT account_no FROM crm.customer WHERE id = %s", (cid,)).fetchone()[0] == "CLEAN"
        assert reservations.list_reservations(conn)[0]["request_status"] == "approved"


def test_a_rejected_match_goes_to_review(setup):
    db = setup
    rid = reserve(db, "mkt_a", "褚一", mobile="13100000001")
    db.make_customer("REJ", name="褚一", mobile="13100000001", open_date="2025-09-10")
    match(db, dt.date(2025, 9, 10))
    request = db.scalar("SELECT request_id FROM crm.reservation WHERE id = %s", (rid,))
    with db.session("tm1") as conn:
        assert approvals.decide(conn, request, 1, "rejected", "客户不认可") == "rejected"
    assert state(db, rid) == ("review", "approval_rejected", "REJ")


def test_expiry_reasons(setup):
    db = setup
    end = add_working_days(REGISTERED, 20, {HOLIDAY})
    after = end + dt.timedelta(days=1)
    cases = {
        "name_differs": reserve(db, "mkt_a", "张三", id_no=valid_id(21)),
        "mobile_in_id_field": reserve(db, "mkt_a", "李雷", id_no="13800000022"),
        "id_in_mobile_field": reserve(db, "mkt_a", "韩梅", mobile=valid_id(23)),
        "id_and_mobile_differ": reserve(db, "mkt_a", "王五", mobile="13800000024"),
        "other_branch": reserve(db, "mkt_a", "赵六", mobile="13800000025"),
        "no_account": reserve(db, "mkt_a", "无人", mobile="13800000026"),
    }
    db.make_customer("E1", name="张叁", id_no=valid_id(21), open_date="2025-09-04")        # another character
    db.make_customer("E2", name="李 雷", mobile="13800000022", open_date="2025-09-04")
    db.make_customer("E3", name="韩梅", id_no=valid_id(23), open_date="2025-09-04")
    db.make_customer("E4", name="王五", mobile="13800000099", open_date="2025-09-04")
    db.make_customer("E5", "BR02", name="赵六", mobile="13800000025", open_date="2025-09-04")
    # Full-width digits are no reason: they are normalised, so this one matches.
    fullwidth = reserve(db, "mkt_a", "钱七", mobile="１３８００００００２７")
    db.make_customer("E6", name="钱七", mobile="13800000027", open_date="2025-09-04")
    assert match(db, end) == {"matched": 1, "review": 0, "expired": 0}
    assert state(db, fullwidth)[0] == "matched"
    assert match(db, after) == {"matched": 0, "review": 0, "expired": len(cases)}
    for reason, rid in cases.items():
        assert state(db, rid) == ("expired", reason, None), reason
    with db.session("mkt_a") as conn:
        listed = {r["id"]: r for r in reservations.list_reservations(conn, status="expired")}
    assert set(listed) == set(cases.values())
    for reason, rid in cases.items():
        assert listed[rid]["reason_zh"] == reservations.REASON_LABELS[reason][0]
        assert listed[rid]["reason_detail"]


def test_every_reason_code_of_the_sql_has_labels():
    from pathlib import Path
    import re
    sql = (Path(__file__).resolve().parents[2] / "db" / "sql" / "0006_approvals.sql").read_text(encoding="utf-8")
    codes = set(re.findall(r"'(several_reservations|several_accounts|mobile_of_older_customer|already_developed|"
                           r"request_pending|approval_rejected|[a-z_]+_(?:differs|field|differ)|other_branch|"
                           r"no_account)'", sql))
    assert codes and codes <= set(reservations.REASON_LABELS)


# The services -----------------------------------------------------------------------------------------------

def test_register_update_delete_as_staff(setup):
    db = setup
    br01 = db.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'")
    br02 = db.scalar("SELECT id FROM crm.branch WHERE code = 'BR02'")
    with db.session("mkt_a") as conn, db.session("mkt_a") as other:
        rid = reservations.register(conn, br01, "  新 客户 ", None, "138 0013 8000", "展会")
        row = reservations.list_reservations(conn, mine_only=True)[0]
        # Personal data listed masked (the raw and normalised keys are not readable to staff).
        assert (row["id"], row["name_norm"], row["mobile"], row["status"], row["version"]) == (
            rid, "新客户", "138******8000", "open", 1)
        assert "mobile_norm" not in row and "id_no_norm" not in row
        with pytest.raises(CrmRefusal) as info:
            reservations.register(conn, br01, "坏号码", None, "1380013800", None)
        assert info.value.kind == "invalid_input" and "bad_mobile" in info.value.detail
        with pytest.raises(CrmRefusal) as info:
            reservations.register(conn, br01, "坏证件", "110105194912310021", None, None)
        assert "bad_id" in info.value.detail
        with pytest.raises(CrmRefusal) as info:
            reservations.register(conn, br01, "无号码", None, None, None)
        assert "missing_id_and_mobile" in info.value.detail
        with pytest.raises(CrmRefusal) as info:
            reservations.register(conn, br02, "外部", None, "13800138001", None)     # not my branch
        assert info.value.kind == "not_permitted"
        # Optimistic edit: the second window edited version 1 too.
        assert reservations.update(conn, rid, 1, note="改备注", id_no=ID_A) == 2
        # The edit dialog hands the masked mobile back unchanged: kept, not overwritten with the mask.
        masked = reservations.list_reservations(conn, mine_only=True)[0]
        assert reservations.update(conn, rid, 2, mobile=masked["mobile"], id_no=masked["id_no"]) == 2
        assert db.scalar("SELECT mobile || ' ' || id_no FROM crm.reservation WHERE id = %s", (rid,)) == \
            f"138 0013 8000 {ID_A}"
        with pytest.raises(CrmRefusal) as info:
            reservations.update(conn, rid, 2, mobile="138****80")            # a mangled mask is no mobile
        assert "bad_mobile" in info.value.detail
        with pytest.raises(CrmRefusal) as info:
            reservations.update(other, rid, 1, note="旧窗口")
        assert info.value.kind == "conflict" and "version 2" in info.value.message
        with pytest.raises(CrmRefusal):
            reservations.update(conn, rid, 2, status="matched")
    with db.session("mkt_b") as conn:
        assert reservations.list_reservations(conn) == []
        with pytest.raises(CrmRefusal) as info:
            reservations.delete(conn, rid)
        assert info.value.kind == "not_found"
    # Once matched it can no longer be changed or deleted.
    db.make_customer("M1", name="新客户", mobile="13800138000", open_date=dt.date.today().isoformat())
    match(db, dt.date.today())
    with db.session("mkt_a") as conn:
        with pytest.raises(CrmRefusal) as info:
            reservations.update(conn, rid, 3, note="x")
        assert info.value.kind == "conflict" and "no longer open" in info.value.message
        with pytest.raises(CrmRefusal) as info:
            reservations.delete(conn, rid)
        assert info.value.kind == "conflict"
        other_id = reservations.register(conn, br01, "删除我", None, "13800138002", None)
        reservations.delete(conn, other_id)
        assert [r["id"] for r in reservations.list_reservations(conn)] == [rid]


def test_python_id_check_digit():
    assert reservations.id_no_valid(ID_A)
    assert reservations.id_no_valid("11010519491231002x")
    assert not reservations.id_no_valid("110105194912310021")
    assert not reservations.id_no_valid("11010519491231002")
    assert all(reservations.id_no_valid(valid_id(n)) for n in range(50))
    assert reservations.mobile_valid("+86 139 0000 0000") and not reservations.mobile_valid("12900000000")


# Template and import ------------------------------------------------------------------------------------------

def _fill(path, rows: list[list]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            ws.cell(row=3 + offset, column=col, value=value)
    wb.save(path)


def test_template_has_marked_headers_example_and_validation(tmp_path):
    path = reservations.write_template(tmp_path / "t.xlsx", "zh", branch_codes=["BR01", "BR02"])
    ws = openpyxl.load_workbook(path).active
    headers = [c.value for c in ws[1]]
    assert headers == ["营业部代码", "姓名 *", "身份证号", "手机号", "备注"]
    assert ws.cell(row=2, column=2).value == reservations.EXAMPLE_ROW["name"]
    assert ws.cell(row=3, column=3).number_format == "@"          # ID numbers stay text
    assert len(ws.data_validations.dataValidation) >= 4
    en = openpyxl.load_workbook(reservations.write_template(tmp_path / "en.xlsx", "en")).active
    assert [c.value for c in en[1]][:2] == ["Branch code", "Name *"]


def test_import_valid_file(setup, tmp_path):
    path = reservations.write_template(tmp_path / "ok.xlsx")
    _fill(path, [["BR01", "甲 一", valid_id(31), "", "a"],
                 ["", "乙二", None, "+86 13900000032", None],
                 [None, None, None, None, None],                              # blank rows are skipped
                 ["br01", "丙三", valid_id(33), "13900000033", None]])
    with setup.session("mkt_a") as conn:
        report = reservations.import_xlsx(conn, path)
        assert (report.rows_read, report.inserted, report.skipped_example, report.errors) == (3, 3, 1, [])
        rows = reservations.list_reservations(conn)
    assert sorted(r["name_norm"] for r in rows) == ["丙三", "乙二", "甲一"]
    assert {r["branch_code"] for r in rows} == {"BR01"}


def test_import_reports_bad_rows_and_inserts_nothing(setup, tmp_path):
    path = reservations.write_template(tmp_path / "bad.xlsx", "en")
    _fill(path, [["BR01", "好", valid_id(41), None, None],                     # row 3: fine
                 ["BR01", "  ", valid_id(42), None, None],                     # row 4: no name
                 ["BR01", "无号", None, None, None],                            # row 5: neither
                 ["BR01", "坏手机", None, "1390000004", None],                   # row 6: 10 digits
                 ["BR01", "坏证件", "110105194912310021", None, None],           # row 7: check digit
                 ["ZZ99", "未知", None, "13900000048", None],                    # row 8: unknown branch
                 ["BR02", "外部", None, "13900000049", None],                    # row 9: not mine
                 ["BR01", "好", valid_id(41), "13900000050", None],             # row 10: duplicate of 3
                 ["BR01", "号码当数字", None, 13900000051, None]])               # row 11: fine (number cell)
    with setup.session("mkt_a") as conn:
        report = reservations.import_xlsx(conn, path)
        assert report.inserted == 0 and report.rows_read == 9
        got = {(e["row"], e["column"], e["reason"]) for e in report.errors}
        assert got == {(4, "Name *", "missing_name"), (5, "ID number", "missing_id_and_mobile"),
                       (6, "Mobile", "bad_mobile"), (7, "ID number", "bad_id"), (8, "Branch code", "unknown_branch"),
                       (9, "Branch code", "foreign_branch"), (10, "Name *", "duplicate_in_file")}
        assert next(e for e in report.errors if e["row"] == 10)["earlier_row"] == 3
        assert reservations.list_reservations(conn) == []
        report = reservations.import_xlsx(conn, path, valid_only=True)
        assert report.inserted == 2 and report.error_rows == 7
        assert sorted(r["name"] for r in reservations.list_reservations(conn)) == ["号码当数字", "好"]


def test_import_without_a_name_column_is_refused(setup, tmp_path):
    path = tmp_path / "nocol.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["手机号", "备注"])
    wb.active.append(["13900000060", "x"])
    wb.save(path)
    with setup.session("mkt_a") as conn:
        report = reservations.import_xlsx(conn, path)
    assert report.inserted == 0 and report.errors[0]["reason"] == "missing_column" and report.errors[0]["row"] == 1


# Issue #18: what the user sees, duplicates, speed ---------------------------------------------------------

def test_import_reads_the_active_sheet_and_every_row_whatever_the_dimension_says(setup, tmp_path):
    """A streaming writer's file (openpyxl write-only leaves <dimension ref="A1">) with a hidden
    first sheet: the visible active sheet is imported, all of it, and its name is reported."""
    path = tmp_path / "streamed.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    old = wb.create_sheet("旧名单")
    old.append(["姓名", "手机号"])
    old.append(["不该导入", "13900000070"])
    old.sheet_state = "hidden"
    ws = wb.create_sheet("本周")
    ws.append(["姓名", "身份证号", "手机号"])
    for i in range(40):
        ws.append([f"客户{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{'子丑寅卯'[i // 10]}", None, f"139{i:08d}"])
    wb.active = 1
    wb.save(path)
    with setup.session("mkt_a") as conn:
        report = reservations.import_xlsx(conn, path)
        assert (report.sheet, report.rows_read, report.inserted, report.errors) == ("本周", 40, 40, [])
        assert "不该导入" not in {r["name"] for r in reservations.list_reservations(conn)}


def test_import_refuses_a_damaged_file_in_words_and_changes_nothing(setup, tmp_path):
    path = reservations.write_template(tmp_path / "ok.xlsx")
    _fill(path, [["", "甲", valid_id(71), None, None]])
    data = path.read_bytes()
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(data[: len(data) // 2])
    with setup.session("mkt_a") as conn:
        with pytest.raises(CrmRefusal) as refused:
            reservations.import_xlsx(conn, damaged)
        assert refused.value.kind == "invalid_input" and "damaged" in refused.value.message
        assert refused.value.message_zh
        with pytest.raises(CrmRefusal, match="not a regular file"):
            reservations.import_xlsx(conn, "/dev/zero")
        assert reservations.list_reservations(conn) == []


def test_importing_a_file_twice_skips_the_duplicates_and_a_colleague_cannot_register_them_again(setup, tmp_path):
    path = reservations.write_template(tmp_path / "twice.xlsx")
    _fill(path, [["", "钱 一", valid_id(81), None, None],
                 ["", "孙二", None, "13900000082", None]])
    with setup.session("mkt_a") as conn:
        first = reservations.import_xlsx(conn, path)
        assert (first.inserted, first.duplicates) == (2, [])
        again = reservations.import_xlsx(conn, path)
        assert again.inserted == 0 and again.errors == []
        assert {(d["row"], d["reason"]) for d in again.duplicates} == {(3, "duplicate_open"), (4, "duplicate_open")}
    with setup.session("mkt_b") as conn:
        with pytest.raises(CrmRefusal) as refused:            # normalised name, same ID number
            reservations.register(conn, setup.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'"),
                                  "钱一", valid_id(81).lower(), None)
        assert refused.value.kind == "duplicate" and "open reservation" in refused.value.message
        other = reservations.import_xlsx(conn, path)
        assert other.inserted == 0 and len(other.duplicates) == 2
        # the same name with another ID number is another person
        assert reservations.register(conn, setup.scalar("SELECT id FROM crm.branch WHERE code = 'BR01'"),
                                     "钱一", valid_id(83), None) > 0
    assert setup.scalar("SELECT count(*) FROM crm.reservation") == 3


def test_a_matched_or_expired_reservation_does_not_block_a_new_one(setup):
    first = reserve(setup, "mkt_a", "李四", mobile="13900000090")
    with setup.admin() as conn:
        conn.execute("UPDATE crm.reservation SET status = 'expired', reason = 'no_account' WHERE id = %s", (first,))
    assert reserve(setup, "mkt_b", "李四", mobile="13900000090") != first


def test_the_import_bench_prints_its_figures(setup, capsys):
    from crm_desktop.tools.bench import reservations as bench_reservations
    from tests.support import TEST_PASSWORD

    result = bench_reservations.reservations(setup.admin_url, rows=300, login="mkt_a", password=TEST_PASSWORD)
    assert result["inserted"] == 300 and result["row_by_row_insert_s"] > 0
    assert "row-by-row" in capsys.readouterr().out
    assert setup.scalar("SELECT count(*) FROM crm.reservation") == 0          # rolled back


def test_import_reports_typed_cells_hidden_rows_and_escapes_on_their_rows(setup, tmp_path):
    path = tmp_path / "typed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["姓名", "身份证号", "手机号", "备注"])
    ws.append(["#N/A", None, "13900000101", None])                        # row 2: an error cell
    ws.append([True, None, "13900000102", None])                           # row 3: TRUE as a name
    ws.append([dt.datetime(2025, 9, 1, 10, 30), None, "13900000103", None])  # row 4: a date-time
    ws.append(["负号", None, -13900000104, None])                            # row 5: a negative number
    ws.append(["按键", None, "1\ufe0f\u20e33900000105", None])               # row 6: keycap digits
    ws.append(["空_x0000_字", None, "13900000106", None])                    # row 7: an escaped NUL
    ws.append(["隐藏", None, "13900000107", None])                           # row 8: hidden
    ws.append(["转义_x0041_", None, "13900000109", "备注_x000D_"])          # row 9: decoded, fine
    ws.append(["好人", None, 13900000110, None])                             # row 10: a number cell, fine
    ws.row_dimensions[8].hidden = True
    ws.row_dimensions[12].hidden = True                                     # hidden and empty: nothing
    wb.save(path)
    with setup.session("mkt_a") as conn:
        report = reservations.import_xlsx(conn, path, valid_only=True)
        assert {(e["row"], e["reason"]) for e in report.errors} == {
            (2, "error_cell"), (3, "not_text"), (4, "not_text"), (5, "bad_mobile"), (6, "bad_mobile"),
            (7, "bad_name"), (8, "hidden_row")}
        assert report.inserted == 2
        rows = {r["name"]: r for r in reservations.list_reservations(conn)}
    assert set(rows) == {"转义A", "好人"} and rows["转义A"]["note"] == "备注"       # decoded CR, then trimmed


def test_the_migration_withdraws_reservations_already_open_twice(setup):
    """0013's first part on a database that has duplicates (as a deployed one may): the oldest
    stays open, the later ones are withdrawn with reason 'duplicate', then the unique indexes
    can be built."""
    from pathlib import Path

    sql_text = (Path(__file__).resolve().parents[2] / "db/sql/0013_reservation_import.sql").read_text(encoding="utf-8")
    dedupe_and_indexes = sql_text.split("SET LOCAL ROLE crm_owner;")[0]
    with setup.admin() as conn:
        conn.execute("DROP INDEX crm.reservation_open_person_id_no_key, crm.reservation_open_person_mobile_key")
    first = reserve(setup, "mkt_a", "郑一", id_no=valid_id(91), mobile="13900000091")
    same_id = reserve(setup, "mkt_b", "郑 一", id_no=valid_id(91))
    same_mobile = reserve(setup, "mkt_b", "郑一", mobile="139 0000 0091")
    other_branch = reserve(setup, "mkt_a", "郑一", id_no=valid_id(91), branch="BR02")
    with setup.admin() as conn:
        conn.execute(dedupe_and_indexes)
    assert state(setup, first) == ("open", None, None)
    assert state(setup, same_id) == ("withdrawn", "duplicate", None)
    assert state(setup, same_mobile) == ("withdrawn", "duplicate", None)
    assert state(setup, other_branch) == ("open", None, None)
    assert setup.scalar("SELECT count(*) FROM pg_indexes WHERE indexname IN "
                        "('reservation_open_person_id_no_key', 'reservation_open_person_mobile_key')") == 2
