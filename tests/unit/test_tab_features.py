"""Tabs built from declared parts (issue #13): a feature installed on a tab uses only what the
tab's Protocol declares, nothing private of any tab, and crm_desktop.ui has no import circles
(function-level and TYPE_CHECKING imports counted)."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from crm_desktop.ui.admin.common import AdminPageHost
from crm_desktop.ui.admin.features import AdminTabParts
from crm_desktop.ui.analysis.features import AnalysisPane
from crm_desktop.ui.customers.features import CustomerList

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "crm_desktop" / "ui"

# (module, the code in it that works on a tab, the names that stand for the tab there, its Protocol)
# scope None: the whole module.
FEATURES = [
    ("customers/filter_builder.py", None, {"tab", "self.tab"}, CustomerList),
    ("customers/filter_chips.py", None, {"tab", "self.tab"}, CustomerList),
    ("customers/column_chooser.py", None, {"tab", "self.tab"}, CustomerList),
    ("customers/export.py", None, {"tab", "self.tab"}, CustomerList),
    ("customers/summary_dialog.py", None, {"tab", "self.tab"}, CustomerList),
    ("customer_groups/install.py", None, {"tab", "self.tab"}, CustomerList),
    ("approvals/requests.py", {"CustomerRequests", "install_customers"}, {"tab", "self.tab"}, CustomerList),
    ("sms/subscriptions_install.py", {"CustomersSubscriptions", "install_customers"}, {"tab", "self.tab"}, CustomerList),
    ("approvals/requests.py", {"TransferAction", "AdminApprovals", "install_admin"}, {"admin_tab"}, AdminTabParts),
    ("approvals/requests.py", {"TransferAction"}, {"self.page.tab"}, AdminPageHost),
    ("approvals/admin_pages.py", None, {"tab", "self.tab"}, AdminPageHost),
    ("admin/basic_data.py", None, {"admin_tab", "self.admin_tab"}, AdminTabParts),
    *[(f"admin/{name}", None, {"tab", "self.tab", "self.page.tab"}, AdminPageHost)
      for name in ("common.py", "policy_page.py", "sessions_page.py", "staff_page.py")],
    *[(f"analysis/{name}", None, {"tab", "self.tab"}, AnalysisPane)
      for name in ("running.py", "editing.py", "grid_actions.py", "reports.py", "saved_layouts.py", "export.py")],
]


def declared(protocol: type) -> set[str]:
    """The members a Protocol declares, its bases' included (typing.get_protocol_members is 3.13+)."""
    names: set[str] = set()
    for cls in protocol.__mro__:
        if cls in (typing.Protocol, typing.Generic, object):
            continue
        names.update(getattr(cls, "__annotations__", {}))
        names.update(name for name in vars(cls) if not name.startswith("_"))
    return names


def _scopes(tree: ast.Module, scope: set[str] | None) -> list[ast.AST]:
    if scope is None:
        return [tree]
    found = [node for node in tree.body if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name in scope]
    assert {node.name for node in found} == scope, f"{scope - {node.name for node in found}} not found"
    return found


def tab_uses(path: Path, scope: set[str] | None, names: set[str]) -> list[tuple[int, str]]:
    """(line, attribute) of every `<name>.<attribute>` in the scope, for the names of the tab."""
    uses = []
    for root in _scopes(ast.parse(path.read_text(encoding="utf-8")), scope):
        for node in ast.walk(root):
            if isinstance(node, ast.Attribute) and ast.unparse(node.value) in names:
                uses.append((node.lineno, node.attr))
    return uses


@pytest.mark.parametrize(("module", "scope", "names", "protocol"), FEATURES,
                         ids=[f"{m}:{p.__name__}:{sorted(n)[0]}" for m, _, n, p in FEATURES])
def test_features_use_only_what_the_tab_declares(module, scope, names, protocol):
    members = declared(protocol)
    uses = tab_uses(UI / module, scope, names)
    assert uses, f"{module}: no use of {names} found (the table above is out of date)"
    undeclared = sorted({f"{module}:{line}: .{attr}" for line, attr in uses if attr not in members})
    assert not undeclared, f"not declared by {protocol.__name__}: {undeclared}"


def test_no_module_touches_a_tabs_private_state():
    """`tab._sized` and the like: a tab's underscore names are its own."""
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                    and isinstance(node.value, (ast.Name, ast.Attribute))
                    and ast.unparse(node.value).split(".")[-1].endswith("tab")):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not offenders, offenders


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def ui_import_graph() -> dict[str, set[str]]:
    """Module -> the crm_desktop.ui modules it imports, wherever the import statement is."""
    modules = {_module_name(path): path for path in UI.rglob("*.py")}

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(known(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = module.split(".")[:len(module.split(".")) - node.level + (path.name == "__init__.py")]
                    base = ".".join(package + ([node.module] if node.module else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else known(base))
        graph[module] = {target for target in targets if target and target != module}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}          # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target in graph and target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_ui_has_no_import_circles():
    graph = ui_import_graph()
    assert "crm_desktop.ui.customers.tab" in graph["crm_desktop.ui.main_window"]      # the graph is read
    cycle = find_cycle(graph)
    assert cycle is None, " -> ".join(cycle)


def test_the_cycle_finder_finds_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
