"""The reusable read-only table model: Qt's model tester, display, alignment, sorting, filtering."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QTableView

from crm_desktop.ui.table_model import RAW_ROLE, ROW_ROLE, Column, RowFilterProxyModel, RowTableModel

Fatal = QAbstractItemModelTester.FailureReportingMode.Fatal
RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)

ROWS = [
    {"login": "mkt_b", "name": "王小明", "assets": 1200, "ratio": 0.5, "opened": dt.date(2024, 3, 1),
     "roles": ["marketing"], "status": "active", "seen": dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)},
    {"login": "adm_a", "name": "刘管理", "assets": 99, "ratio": None, "opened": dt.date(2023, 1, 5),
     "roles": ["branch_admin", "marketing"], "status": "frozen", "seen": None},
    {"login": "mkt_c", "name": "Zhang San", "assets": 100000, "ratio": 2.25, "opened": None,
     "roles": [], "status": "closed", "seen": dt.datetime(2024, 6, 1, 0, 0, tzinfo=dt.timezone.utc)},
    {"login": "mkt_d", "name": "李四", "assets": Decimal("12.50"), "ratio": 1.0, "opened": dt.date(2024, 3, 1),
     "roles": ["analyst"], "status": "active", "seen": dt.datetime(2025, 5, 1, tzinfo=dt.timezone.utc)},
]


def make_model(parent=None) -> RowTableModel:
    model = RowTableModel([
        Column("login", "Login"),
        ("name", "Name"),
        ("assets", "Assets", lambda v: f"{v:,}"),
        Column("ratio", "Ratio"),
        Column("opened", "Opened"),
        Column("roles", "Roles"),
        Column("status", "Status", str.upper, foreground=lambda r: "#b00020" if r["status"] == "frozen" else None),
        Column(lambda r: f"{r['login']}@{r['status']}", "Computed", align=Qt.AlignmentFlag.AlignCenter),
        Column("seen", "Seen"),
    ], parent)
    model.set_rows(ROWS)
    return model


def column_texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtbot):
    model = make_model()
    tester = QAbstractItemModelTester(model, Fatal)
    model.set_rows(ROWS[:2])
    model.set_rows([])
    model.set_rows(ROWS)
    model.set_row_foreground(lambda r: "#888888" if r["status"] == "closed" else None)
    assert tester is not None and model.rowCount() == 4 and model.columnCount() == 9
    assert model.rowCount(model.index(0, 0)) == 0 and model.columnCount(model.index(0, 0)) == 0


def test_proxy_passes_qt_model_tester_while_sorting_and_filtering(qtbot):
    model = make_model()
    proxy = RowFilterProxyModel()
    proxy.setSourceModel(model)
    tester = QAbstractItemModelTester(proxy, Fatal)
    for column in range(model.columnCount()):
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
    proxy.set_filter_text("mkt")
    proxy.set_predicate(lambda r: r["status"] != "closed")
    model.set_rows(ROWS[1:])
    proxy.set_filter_text("")
    proxy.set_predicate(None)
    assert tester is not None and proxy.rowCount() == 3


def test_display_alignment_tooltip_and_roles(qtbot):
    model = make_model()
    assert column_texts(model, 0) == ["mkt_b", "adm_a", "mkt_c", "mkt_d"]
    assert column_texts(model, 2) == ["1,200", "99", "100,000", "12.50"]
    assert column_texts(model, 3) == ["0.50", "", "2.25", "1.00"]          # None shows empty
    assert column_texts(model, 4) == ["2024-03-01", "2023-01-05", "", "2024-03-01"]
    assert column_texts(model, 5) == ["marketing", "branch_admin, marketing", "", "analyst"]
    assert column_texts(model, 6) == ["ACTIVE", "FROZEN", "CLOSED", "ACTIVE"]
    assert model.index(0, 7).data() == "mkt_b@active"
    seen = model.index(0, 8).data()
    assert seen == ROWS[0]["seen"].astimezone().strftime("%Y-%m-%d %H:%M:%S")
    # numbers right, text left, explicit alignment wins
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) == LEFT
    assert model.index(0, 7).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter.value)
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Assets"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.index(1, 6).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert model.index(0, 6).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(0, 0).data(RAW_ROLE) == "mkt_b"
    assert model.index(0, 0).data(ROW_ROLE)["name"] == "王小明"
    assert model.row(2)["login"] == "mkt_c" and model.find(lambda r: r["login"] == "mkt_d") == 3
    assert model.find(lambda r: False) == -1
    assert not model.index(0, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert model.data(QModelIndex()) is None


def test_long_text_gets_a_tooltip(qtbot):
    model = RowTableModel([("text", "Text")])
    model.set_rows([{"text": "short"}, {"text": "x" * 100}])
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "x" * 100


def sorted_logins(proxy, column, order=Qt.SortOrder.AscendingOrder) -> list[str]:
    proxy.sort(column, order)
    return [proxy.row(r)["login"] for r in range(proxy.rowCount())]


def test_sorting_through_proxy_uses_raw_values(qtbot):
    model = make_model()
    proxy = RowFilterProxyModel()
    proxy.setSourceModel(model)
    # numbers numerically (text order would put "100,000" before "12.50" before "1,200")
    assert sorted_logins(proxy, 2) == ["mkt_d", "adm_a", "mkt_b", "mkt_c"]
    assert sorted_logins(proxy, 2, Qt.SortOrder.DescendingOrder) == ["mkt_c", "mkt_b", "adm_a", "mkt_d"]
    # None first, then by value
    assert sorted_logins(proxy, 3) == ["adm_a", "mkt_b", "mkt_d", "mkt_c"]
    assert sorted_logins(proxy, 4) == ["mkt_c", "adm_a", "mkt_b", "mkt_d"]
    assert sorted_logins(proxy, 8) == ["adm_a", "mkt_c", "mkt_b", "mkt_d"]
    assert sorted_logins(proxy, 0) == ["adm_a", "mkt_b", "mkt_c", "mkt_d"]


def test_sort_key_and_filter(qtbot):
    order = {"active": 0, "frozen": 1, "closed": 2}
    model = RowTableModel([Column("login", "Login"), Column("status", "Status", sort_key=order.get)])
    model.set_rows(ROWS)
    proxy = RowFilterProxyModel()
    proxy.setSourceModel(model)
    assert sorted_logins(proxy, 1)[-2:] == ["adm_a", "mkt_c"]
    proxy.set_filter_text("MKT  active")            # every word, case-insensitive, any column
    assert sorted(proxy.row(r)["login"] for r in range(proxy.rowCount())) == ["mkt_b", "mkt_d"]
    proxy.set_filter_text("")
    proxy.set_predicate(lambda r: r["status"] == "closed")
    assert [proxy.row(r)["login"] for r in range(proxy.rowCount())] == ["mkt_c"]


def test_view_over_proxy(qtbot):
    view = QTableView()
    qtbot.addWidget(view)
    model = make_model(view)
    proxy = RowFilterProxyModel(view)
    proxy.setSourceModel(model)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    view.show()
    assert proxy.row(0)["login"] == "mkt_d"
    model.set_columns([("login", "Login")])
    assert proxy.columnCount() == 1
