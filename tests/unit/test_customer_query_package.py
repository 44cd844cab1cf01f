"""The customer query engine as a package (issue #13): pseudo filters reach it through its
registry, never by the engine importing their owners, and the services import no circles.
No database."""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.services import customer_groups, pivot
from crm_desktop.services.customer_query.compile import (Params, PseudoFilter, compile_filter, pseudo_filter,
                                                         register_pseudo_filter)
from crm_desktop.services.customer_query.filters import Condition, Group
from crm_desktop.services.customer_query.query import CustomerQuery, id_statement
from crm_desktop.services.customer_query.words import describe
from crm_desktop.services.errors import CrmRefusal

SERVICES = Path(__file__).resolve().parents[2] / "crm_desktop" / "services"
ENGINE = SERVICES / "customer_query"

# What services/customers.py compiled for this cell before the pivot registered its drill-down
# (commit f7bf73c), the registry must not change a character of it; except that since issue #15
# the staff member is the one holding the customer on a day of the period (attribution by date),
# not the current developer.
DRILLDOWN_SQL = (
    "(EXISTS (SELECT 1 FROM crm.customer_daily d WHERE d.customer_id = c.id AND d.trade_date BETWEEN "
    "%(p0)s::date AND %(p1)s::date) AND c.branch_id = %(p2)s::smallint "
    "AND (SELECT d.vip_level FROM crm.customer_daily d WHERE d.customer_id = c.id AND d.trade_date BETWEEN "
    "%(p0)s::date AND %(p1)s::date ORDER BY d.trade_date DESC LIMIT 1) = ANY (%(p4)s::smallint[]) "
    "AND EXISTS (SELECT 1 FROM crm.customer_daily_owner o WHERE o.customer_id = c.id AND o.trade_date BETWEEN "
    "%(p0)s::date AND %(p1)s::date AND o.developer_id = %(p3)s::integer))")
DRILLDOWN_PARAMS = {"p0": dt.date(2026, 2, 1), "p1": dt.date(2026, 2, 28), "p2": 3, "p3": 11, "p4": [1, 2]}


def drilldown_cell() -> Group:
    layout = pivot.Layout(rows=("branch", "staff"), columns=("month",), start=dt.date(2026, 1, 1),
                          end=dt.date(2026, 3, 31), filters=(pivot.MemberFilter("vip_level", (1, 2)),))
    return pivot.cell_filter(layout, pivot.AxisKey((3, 11), 2), pivot.AxisKey((dt.date(2026, 2, 1),), 1))


def test_the_pivot_registers_its_drill_down_filter():
    registered = pseudo_filter(pivot.ANALYSIS_FILTER)
    assert registered is not None
    assert registered.compile.__module__ == registered.describe.__module__ == pivot.__name__


def test_the_drill_down_compiles_to_the_same_sql_as_before_the_registry():
    node = drilldown_cell()
    assert node.items[0].column == pivot.ANALYSIS_FILTER
    params = Params()
    assert compile_filter(node, params).as_string(None) == DRILLDOWN_SQL
    assert params.values == DRILLDOWN_PARAMS
    statement, values = id_statement(CustomerQuery(filter=node, public_pool_only=True))
    assert statement.as_string(None) == f"SELECT c.id FROM crm.customer c WHERE ({DRILLDOWN_SQL} AND c.developer_id IS NULL)"
    assert values == DRILLDOWN_PARAMS
    assert describe(node) == "多维分析: 2026-02-01…2026-02-28 营业部=3 员工=11"
    # the cell's words were fixed in the language of the pane that made the filter
    assert describe(node, "en") == "Analysis: 2026-02-01…2026-02-28 营业部=3 员工=11"


def test_pseudo_filters_refuse_what_they_do_not_know():
    spec = drilldown_cell().items[0].value
    for condition in (Condition(pivot.ANALYSIS_FILTER, "ne", spec),
                      Condition(pivot.ANALYSIS_FILTER, "eq", {"start": "2026-02-01"}),
                      Condition(pivot.ANALYSIS_FILTER, "eq", dict(spec, members={"password": 1})),
                      Condition(customer_groups.GROUP_FILTER, "in", [1]),
                      Condition(customer_groups.GROUP_FILTER, "eq", "1; DROP TABLE crm.customer")):
        with pytest.raises(CrmRefusal) as refused:
            compile_filter(condition, Params())
        assert refused.value.kind == "invalid_input"


def test_the_customer_group_filter_is_registered_the_same_way():
    node = Group("and", [Condition(customer_groups.GROUP_FILTER, "eq", "12", "高净值")])
    params = Params()
    assert compile_filter(node, params).as_string(None) == (
        "EXISTS (SELECT 1 FROM crm.customer_group_member m WHERE m.group_id = %(p0)s::bigint AND m.customer_id = c.id)")
    assert params.values == {"p0": 12}
    assert describe(node) == "客户群 等于 高净值" and describe(node, "en") == "Customer group = 高净值"


def test_a_pseudo_filter_name_belongs_to_one_owner():
    registered = pseudo_filter(pivot.ANALYSIS_FILTER)

    def other_compile(condition, params):
        raise AssertionError("never compiled")

    with pytest.raises(ValueError, match="registered by crm_desktop.services.pivot"):
        register_pseudo_filter(PseudoFilter(pivot.ANALYSIS_FILTER, other_compile, registered.describe))
    with pytest.raises(ValueError, match="list column"):
        register_pseudo_filter(PseudoFilter("name", other_compile, registered.describe))
    assert pseudo_filter(pivot.ANALYSIS_FILTER) is registered
    assert pseudo_filter(["analysis"]) is None


def test_a_saved_drill_down_compiles_before_any_screen_imported_the_pivot():
    """A fresh interpreter that imports only the engine (as the Customers tab of a user without
    the analysis right does) still knows both pseudo filters."""
    code = ("from crm_desktop.services.customer_query.filters import Condition, Group\n"
            "from crm_desktop.services.customer_query.query import CustomerQuery, validate\n"
            "spec = {'start': '2026-02-01', 'end': '2026-02-28', 'members': {'branch': 3}}\n"
            "validate(CustomerQuery(filter=Group('and', [Condition('analysis', 'eq', spec), Condition('group', 'eq', 5)])))\n")
    done = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _is_module(dotted: str) -> bool:
    path = SERVICES.parent.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or path.is_dir()


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for every import of `path`; ``from package import
    module`` imports the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [(f"{node.module}.{alias.name}" if _is_module(f"{node.module}.{alias.name}") else node.module,
                       id(node) in top) for alias in node.names]
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(SERVICES.parent.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_engine_imports_no_other_service_and_nothing_late():
    allowed = {"crm_desktop.services.errors", "crm_desktop.services.tasks"}
    offenders = []
    for path in sorted(ENGINE.glob("*.py")):
        for name, top_level in _imports(path):
            if not top_level:
                offenders.append(f"{path.name}: {name} imported inside a function")
            elif name.startswith("crm_desktop.") and not name.startswith(_module_name(ENGINE)) and name not in allowed:
                offenders.append(f"{path.name}: {name}")
            elif name == _module_name(ENGINE):
                offenders.append(f"{path.name}: imports the package's __init__ (a circle)")
    assert not offenders, offenders


def test_services_import_no_circles():
    """Function-level imports count: one that exists only to dodge a circle is still a circle."""
    graph = {_module_name(p): set() for p in SERVICES.rglob("*.py")}
    for path in SERVICES.rglob("*.py"):
        graph[_module_name(path)] = {name for name, _ in _imports(path) if name in graph}
    seen: dict[str, int] = {}            # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> list[str] | None:
        seen[module] = 1
        for imported in sorted(graph[module]):
            if seen.get(imported) == 1:
                return path[path.index(imported):] + [imported] if imported in path else path + [imported]
            if imported not in seen:
                circle = visit(imported, path + [imported])
                if circle:
                    return circle
        seen[module] = 2
        return None

    for module in sorted(graph):
        if module not in seen:
            circle = visit(module, [module])
            assert circle is None, " -> ".join(circle)
