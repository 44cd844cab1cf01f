"""Staff basic data (FAQ 22) through services.staff_admin on a real database: an administrator
edits name, phone, title and team; every edit is a dated row (the first keeps what was there);
crm.staff.name follows; nothing changed is no new row; bad values are refused in words."""

from __future__ import annotations

import pytest

from crm_desktop.services import staff_admin
from crm_desktop.services.errors import CrmRefusal


@pytest.fixture
def people(db):
    db.make_staff("bd_admin", name="刘管理", staff_type="back_office", roles=("branch_admin",))
    db.make_staff("bd_mkt", name="孙营销")
    return db


def test_edits_are_kept_as_history(people):
    db = people
    with db.session("bd_admin") as conn:
        assert staff_admin.update_basic_data(conn, "bd_mkt", "孙晓营", "010-6688 1234", "客户经理", "一组")
        assert not staff_admin.update_basic_data(conn, "bd_mkt", " 孙晓营 ", "010-6688 1234", "客户经理", "一组")
        assert staff_admin.update_basic_data(conn, "bd_mkt", "孙晓营", "010-6688 1234", "高级客户经理", "二组")
        history = staff_admin.basic_data_history(conn, "bd_mkt")
    assert [(h["name"], h["title"], h["team"], h["valid_to"] is None) for h in history] == [
        ("孙晓营", "高级客户经理", "二组", True), ("孙晓营", "客户经理", "一组", False), ("孙营销", None, None, False)]
    assert history[1]["changed_by"] == "bd_admin" and history[0]["valid_from"] == history[1]["valid_to"]
    assert db.scalar("SELECT name FROM crm.staff WHERE login = 'bd_mkt'") == "孙晓营"
    assert db.scalar("SELECT count(*) FROM crm.audit_log WHERE table_name = 'staff' AND actor = 'bd_admin' "
                     "AND new_values ->> 'name' = '孙晓营'") == 1
    with db.session("bd_mkt") as conn:                 # their own history
        assert len(staff_admin.basic_data_history(conn, "bd_mkt")) == 3


@pytest.mark.parametrize(("name", "phone", "title"), [
    ("", None, None), ("   ", None, None), ("名" * 61, None, None), ("孙\u202e营销", None, None),
    ("孙营销", "call me", None), ("孙营销", None, "经理\x07"), ("孙营销", None, "长" * 61)])
def test_bad_values_are_refused(people, name, phone, title):
    db = people
    with db.session("bd_admin") as conn:
        with pytest.raises(CrmRefusal) as info:
            staff_admin.update_basic_data(conn, "bd_mkt", name, phone, title, None)
        assert info.value.kind == "invalid_input"
    assert db.scalar("SELECT count(*) FROM crm.staff_basic_data") == 0
