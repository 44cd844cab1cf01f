"""The filter builder, chips, saved filters and the column chooser on a real Customers tab.

A marketing staff member sees their own customers (RLS); some have names made of hostile text
(quotes, %, _, backslashes, Unicode, an SQL fragment) that filters must match literally. A
customer of someone else carries the same text and must never appear.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from crm_desktop.services import auth
from crm_desktop.services.connector import StaffConnector
from crm_desktop.services.customer_query.columns import COLUMN_LIST
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.ui.customers import column_chooser
from crm_desktop.ui.customers.filter_builder import ConditionRow, FilterBuilderDialog, GroupEditor
from crm_desktop.ui.customers.tab import CustomersTab
from tests.support import TEST_PASSWORD

TIMEOUT = 15000
LOGIN = "flt_mkt"

SQL_FRAGMENT = "'; DROP TABLE x; --"
HOSTILE = ["O'Brien", "100%达标", "a_b", "back\\slash", SQL_FRAGMENT, "Zoë 张", '"quoted"', "Ω\u0301🙂"]
CONTROLS = ["OBrien", "100达标", "aXb", "backslash", "DROP TABLE x", "Zoe 张", "quoted", "Ω🙂"]
# (account, name, opened, gender)
PEOPLE = [("K1", "客户甲", "2024-01-02", "M"), ("K2", "客户乙", "2024-05-01", "M"),
          ("K3", "客户丙", "2024-02-01", "F"), ("K4", "客户丁", "2024-06-01", "F")]


@pytest.fixture
def world(db):
    db.make_staff(LOGIN)
    db.make_staff("flt_other")
    names = {}
    for i, name in enumerate(HOSTILE + CONTROLS):
        cid = db.make_customer(f"H{i:03d}", name=name, open_date="2023-12-01")
        db.relate(cid, LOGIN)
        names[cid] = name
    for acct, name, opened, gender in PEOPLE:
        cid = db.make_customer(acct, name=name, open_date=opened)
        db.relate(cid, LOGIN)
        names[cid] = name
        with db.admin() as conn:
            conn.execute("UPDATE crm.customer SET gender = %s WHERE id = %s", (gender, cid))
    for i, name in enumerate(HOSTILE):                   # invisible to flt_mkt: never listed
        db.relate(db.make_customer(f"X{i:03d}", name=name), "flt_other")
    return names


@pytest.fixture
def open_tab(qtbot, runner, profile, world):
    opened = []

    def make(login: str = LOGIN) -> CustomersTab:
        conn, info = auth.sign_in(profile, login, TEST_PASSWORD)
        connector = StaffConnector(profile, login, TEST_PASSWORD)
        connector.adopt(conn)
        tab = CustomersTab(runner, connector, info)
        qtbot.addWidget(tab)
        tab.resize(1200, 700)
        with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
            tab.show()
        opened.append(connector)
        return tab

    yield make
    runner.wait()
    for connector in opened:
        connector.close()


def names(tab) -> list[str]:
    rows = [tab.model.row(i) for i in range(tab.model.rowCount())]
    assert all(r is not None for r in rows), "a small list is one page"
    return sorted(r["name"] for r in rows)


def builder(tab) -> FilterBuilderDialog:
    dialog = tab.filter_tools.open_builder()
    assert dialog.isVisible()
    return dialog


def type_text(widget, text: str) -> None:
    """Key presses carrying each character (QTest.keyClicks accepts ASCII only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def set_row(qtbot, row: ConditionRow, column: str, op: str, text: str | None = None) -> None:
    row.column_combo.setCurrentIndex(row.column_combo.findData(column))
    row.op_combo.setCurrentIndex(row.op_combo.findData(op))
    if text is not None:
        row.editor.first.clear()
        type_text(row.editor.first, text)


def accept(qtbot, tab, dialog, how: str = "ok") -> None:
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        if how == "enter":
            qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
        else:
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_build_a_nested_filter_and_the_list_follows(qtbot, open_tab):
    tab = open_tab()
    assert len(names(tab)) == len(HOSTILE + CONTROLS + PEOPLE)
    dialog = builder(tab)
    first = dialog.root.items[0]
    set_row(qtbot, first, "name", "starts_with", "客户")
    qtbot.mouseClick(dialog.root.add_group_button, Qt.MouseButton.LeftButton)
    group = dialog.root.items[1]
    assert isinstance(group, GroupEditor) and group.mode == "or"      # the other mode by default
    set_row(qtbot, group.items[0], "open_date", "lt")
    group.items[0].editor.first.setDate(QDate(2024, 3, 1))
    qtbot.mouseClick(group.add_condition_button, Qt.MouseButton.LeftButton)
    gender = group.items[1]
    set_row(qtbot, gender, "gender", "eq")
    gender.editor.first.setCurrentIndex(gender.editor.first.findData("F"))
    accept(qtbot, tab, dialog)

    assert names(tab) == sorted(["客户甲", "客户丙", "客户丁"])
    node = tab.filter_node
    assert node.mode == "and" and node.items[0] == Condition("name", "starts_with", "客户")
    assert node.items[1] == Group("or", [Condition("open_date", "lt", dt.date(2024, 3, 1)),
                                         Condition("gender", "eq", "F")])
    assert "3" in tab.filter_tools.button.text()                        # three conditions active
    chips = tab.filter_tools.chips
    assert chips.isVisible() and len(chips.texts()) == 2
    assert "客户" in chips.texts()[0] and "2024-03-01" in chips.texts()[1]

    # Reopened, the builder shows the active filter; Enter in a value field is OK.
    dialog = builder(tab)
    assert dialog.root.group() == node
    row = dialog.root.items[0]
    row.editor.first.clear()
    type_text(row.editor.first, "客户丁")
    row.editor.first.setFocus()
    accept(qtbot, tab, dialog, how="enter")
    assert names(tab) == ["客户丁"]


@pytest.mark.parametrize("op", ["contains", "eq"])
def test_hostile_values_match_literally(qtbot, open_tab, op):
    tab = open_tab()
    for value in HOSTILE + ["%", "_", "\\", "'", SQL_FRAGMENT[:2]]:
        dialog = builder(tab)
        dialog.clear()
        set_row(qtbot, dialog.root.items[0], "name", op, value)
        assert dialog.root.items[0].editor.first.text() == value      # typed, not pasted
        accept(qtbot, tab, dialog)
        everyone = HOSTILE + CONTROLS + [p[1] for p in PEOPLE]
        expected = sorted(n for n in everyone if (value in n if op == "contains" else value == n))
        assert names(tab) == expected, value
        assert tab.filter_node == Group("and", [Condition("name", op, value)])


def test_in_list_and_birthday_values(qtbot, open_tab, db):
    tab = open_tab()
    dialog = builder(tab)
    row = dialog.root.items[0]
    set_row(qtbot, row, "name", "in")
    row.editor.first.setPlainText("a_b, 100%达标\nback\\slash，  \n")
    accept(qtbot, tab, dialog)
    assert names(tab) == sorted(["a_b", "100%达标", "back\\slash"])

    with db.admin() as conn:
        conn.execute("UPDATE crm.customer SET birthday = '1984-02-29' WHERE account_no = 'K3'")
    dialog = builder(tab)
    dialog.clear()
    set_row(qtbot, dialog.root.items[0], "birthday", "birthday_md", "0229")
    accept(qtbot, tab, dialog)
    assert names(tab) == ["客户丙"]


def test_invalid_or_missing_values_keep_the_dialog_open(qtbot, open_tab):
    tab = open_tab()
    dialog = builder(tab)
    row = dialog.root.items[0]
    set_row(qtbot, row, "birthday", "birthday_md", "1332")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert "1332" in dialog.error_label.text()
    assert tab.filter_node is None

    qtbot.mouseClick(dialog.root.add_condition_button, Qt.MouseButton.LeftButton)
    set_row(qtbot, row, "name", "contains", "x")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)          # second row has no value
    assert dialog.isVisible() and dialog.error_label.isVisible()
    assert tab.filter_node is None

    dialog.root.remove_item(dialog.root.items[1])
    set_row(qtbot, row, "ext_mobile", "not_empty")
    assert row.editor.kind == "none"
    accept(qtbot, tab, dialog)
    assert tab.filter_node == Group("and", [Condition("ext_mobile", "not_empty")])
    assert tab.model.rowCount() == 0                    # nobody here has an extended mobile


def test_escape_cancels_and_ctrl_shift_f_opens(qtbot, open_tab):
    tab = open_tab()
    tab.activateWindow()
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = tab.filter_tools.dialog
    assert dialog is not None and dialog.isVisible()
    set_row(qtbot, dialog.root.items[0], "name", "contains", "a")
    qtbot.keyClick(dialog.root.items[0].editor.first, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert tab.filter_node is None


def test_chips_remove_one_condition_and_clear_all(qtbot, open_tab):
    tab = open_tab()
    node = Group("and", [Condition("name", "contains", "客户"), Condition("gender", "eq", "F"),
                         Condition("open_date", "gt", "2024-01-15")])
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        tab.apply_filter(node)
    assert names(tab) == sorted(["客户丙", "客户丁"])
    chips = tab.filter_tools.chips
    assert len(chips.texts()) == 3
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        qtbot.mouseClick(chips.chips[1].remove_button, Qt.MouseButton.LeftButton)   # gender = F
    assert tab.filter_node == Group("and", [Condition("name", "contains", "客户"),
                                            Condition("open_date", "gt", "2024-01-15")])
    assert names(tab) == sorted(["客户乙", "客户丙", "客户丁"])
    assert len(chips.texts()) == 2
    qtbot.mouseClick(chips.chips[0].label, Qt.MouseButton.LeftButton)             # a chip opens the builder
    assert tab.filter_tools.dialog.isVisible()
    tab.filter_tools.dialog.reject()
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        chips.clear()
    assert tab.filter_node is None and chips.isHidden()
    assert len(names(tab)) == len(HOSTILE + CONTROLS + PEOPLE)
    assert not any(ch.isdigit() for ch in tab.filter_tools.button.text())


def test_saved_filter_round_trip(qtbot, open_tab, db):
    tab = open_tab()
    dialog = builder(tab)
    set_row(qtbot, dialog.root.items[0], "name", "contains", SQL_FRAGMENT)
    dialog.search_edit.setText("TABLE")
    type_text(dialog.name_edit, "危险 'name'")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_list.count() == 1, timeout=TIMEOUT)
    assert dialog.saved_list.item(0).text() == "危险 'name'"
    assert db.scalar("SELECT definition->>'search' FROM crm.saved_filter") == "TABLE"

    # Load it back into a cleared builder.
    dialog.clear()
    dialog.search_edit.clear()
    dialog.saved_list.setCurrentRow(0)
    qtbot.keyClick(dialog.saved_list, Qt.Key.Key_Return)                # Enter on the list loads, not OK
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.search_edit.text() == "TABLE", timeout=TIMEOUT)
    assert dialog.root.group() == Group("and", [Condition("name", "contains", SQL_FRAGMENT)])
    accept(qtbot, tab, dialog)
    assert names(tab) == [SQL_FRAGMENT] and tab.search.text() == "TABLE"

    # Rename, then apply from the tab's quick menu on a fresh list.
    dialog = builder(tab)
    qtbot.waitUntil(lambda: dialog.saved_list.count() == 1, timeout=TIMEOUT)
    dialog.saved_list.setCurrentRow(0)
    dialog.rename_selected("renamed")
    qtbot.waitUntil(lambda: dialog.saved_list.count() == 1 and dialog.saved_list.item(0).text() == "renamed",
                    timeout=TIMEOUT)
    dialog.reject()
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        tab.filter_tools.apply(None, "", False)
    assert len(names(tab)) == len(HOSTILE + CONTROLS + PEOPLE)
    tools = tab.filter_tools
    tools.refresh_saved()
    qtbot.waitUntil(lambda: tools.saved is not None and [s.name for s in tools.saved] == ["renamed"], timeout=TIMEOUT)
    tools._fill_menu()
    action = next(a for a in tools.menu.actions() if a.text() == "renamed")
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        action.trigger()
    assert names(tab) == [SQL_FRAGMENT] and tab.search.text() == "TABLE"

    # Delete (confirmed).
    dialog = builder(tab)
    qtbot.waitUntil(lambda: dialog.saved_list.count() == 1, timeout=TIMEOUT)
    dialog.confirm = lambda _text: True
    dialog.saved_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_list.count() == 0, timeout=TIMEOUT)
    assert db.scalar("SELECT count(*) FROM crm.saved_filter") == 0
    dialog.reject()


def test_a_broken_saved_filter_is_refused_clearly(qtbot, open_tab, db):
    tab = open_tab()
    with db.admin() as conn:
        staff_id = conn.execute("SELECT id FROM crm.staff WHERE login = %s", (LOGIN,)).fetchone()[0]
        conn.execute("INSERT INTO crm.saved_filter (staff_id, name, definition) VALUES "
                     "(%s, 'old', '{\"filter\": {\"column\": \"shoe_size\", \"op\": \"eq\", \"value\": 1}}')",
                     (staff_id,))
    dialog = builder(tab)
    qtbot.waitUntil(lambda: dialog.saved_list.count() == 1, timeout=TIMEOUT)
    dialog.saved_list.setCurrentRow(0)
    before = dialog.root.group()
    qtbot.mouseClick(dialog.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "shoe_size" in dialog.saved_status.text(), timeout=TIMEOUT)
    assert dialog.root.group() == before
    dialog.reject()
    assert tab.filter_node is None


def test_column_chooser_hides_a_column_for_the_next_tab_of_the_same_login(qtbot, open_tab, db):
    tab = open_tab()
    layout = tab.column_layout
    assert "mobile" in tab.visible_columns
    dialog = layout.open_chooser()
    dialog.set_checked("mobile", False)
    dialog.set_checked("id_no", True)
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        dialog.accept()
    keys = [c.key for c in tab.model.columns]
    assert "mobile" not in keys and "id_no" in keys
    assert tab.current_query().columns == tuple(keys)
    assert "mobile" not in tab.model.row(0) and "id_no" in tab.model.row(0)   # only visible columns queried

    # Drag "name" to the front and widen it; sorting goes by the column's key, not its position.
    header = tab.view.horizontalHeader()
    name_section = keys.index("name")
    header.moveSection(header.visualIndex(name_section), 0)
    header.resizeSection(name_section, 277)
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        header.setSortIndicator(name_section, Qt.SortOrder.DescendingOrder)
    assert tab.sort_column == "name" and tab.sort_descending
    shown = [tab.model.row(i)["name"] for i in range(tab.model.rowCount())]
    with db.admin() as conn:
        reference = [r[0] for r in conn.execute("SELECT name FROM crm.customer WHERE account_no NOT LIKE 'X%%' "
                                                "ORDER BY name DESC, id DESC")]
    assert shown == reference
    expected_order = ["name"] + [k for k in keys if k != "name"]
    assert layout.visual_keys() == expected_order
    assert tab.current_query().columns == tuple(expected_order)          # export follows what is seen
    tab.view.selectRow(0)
    tab.copy_selection()
    header_line = QApplication.clipboard().text().splitlines()[0].split("\t")
    assert header_line[0] == tab.model.headerData(name_section, Qt.Orientation.Horizontal)

    other = open_tab()
    assert other is not tab
    assert [c.key for c in other.model.columns] == expected_order        # model order = what was seen
    assert other.view.horizontalHeader().sectionSize(0) == 277
    assert "mobile" not in other.model.row(0)
    assert QSettings().contains(column_chooser.settings_key(LOGIN))

    # Another login keeps its own (default) columns.
    assert column_chooser.settings_key("someone_else") != column_chooser.settings_key(LOGIN)


def test_column_chooser_order_and_header_menu(qtbot, open_tab):
    tab = open_tab()
    layout = tab.column_layout
    dialog = layout.open_chooser()
    dialog.list.setCurrentRow(1)                  # second column up to the top
    second = dialog.list.item(1).data(Qt.ItemDataRole.UserRole)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen()[0] == second
    for key in list(dialog.chosen()):
        dialog.set_checked(key, False)
    dialog.accept()                                # nothing chosen: refused, stays open
    assert dialog.isVisible() and dialog.error_label.isVisible()
    dialog.set_checked(second, True)
    dialog.set_checked("account_no", True)
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        dialog.accept()
    assert [c.key for c in tab.model.columns] == [second, "account_no"]   # list order: second was moved up

    menu = layout.header_menu(0)
    toggles = [a for a in menu.actions() if a.isCheckable()]
    assert len(toggles) == len(COLUMN_LIST)
    assert sum(a.isChecked() for a in toggles) == 2
    hidden = next(a for a in toggles if not a.isChecked())
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        hidden.setChecked(True)                    # shown again from the header's context menu
    assert len(tab.model.columns) == 3
    menu.close()
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        layout.reset()
    assert tuple(c.key for c in tab.model.columns) == tab.visible_columns


def test_a_group_condition_set_elsewhere_survives_the_builder(qtbot, open_tab, db):
    """Conditions the builder cannot edit (客户群 membership from the groups window) are kept."""
    tab = open_tab()
    with db.session(LOGIN) as conn:
        gid = conn.execute("INSERT INTO crm.customer_group (name) VALUES ('VIP') RETURNING id").fetchone()[0]
        conn.execute("INSERT INTO crm.customer_group_member (group_id, customer_id) "
                     "SELECT %s, id FROM crm.customer WHERE account_no IN ('K1', 'K3')", (gid,))
    with qtbot.waitSignal(tab.model.count_changed, timeout=TIMEOUT):
        tab.apply_filter(Group("and", [Condition("group", "eq", gid, "VIP")]))
    assert names(tab) == sorted(["客户甲", "客户丙"])
    assert "VIP" in tab.filter_tools.chips.texts()[0]
    dialog = builder(tab)
    assert type(dialog.root.items[0]).__name__ == "FixedConditionRow"
    qtbot.mouseClick(dialog.root.add_condition_button, Qt.MouseButton.LeftButton)
    set_row(qtbot, dialog.root.items[1], "gender", "eq")
    dialog.root.items[1].editor.first.setCurrentIndex(dialog.root.items[1].editor.first.findData("F"))
    accept(qtbot, tab, dialog)
    assert tab.filter_node == Group("and", [Condition("group", "eq", gid, "VIP"), Condition("gender", "eq", "F")])
    assert names(tab) == ["客户丙"]
