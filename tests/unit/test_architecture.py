"""The GUI/core boundary (DESIGN.md section 1): services, db and agent never import Qt; ui never
writes SQL. Enforced here so CI fails on the first crossing."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "crm_desktop"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6")
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|GRANT|CALL)\b.*\b(FROM|INTO|SET|TABLE|ROLE|AS|crm\.)\b",
                 re.IGNORECASE | re.DOTALL)


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = [f"{path.relative_to(PACKAGE)}: {name}"
                 for folder in ("services", "db", "agent")
                 for path in _modules(folder)
                 for name in _imports(path) if name.split(".")[0] in QT_MODULES]
    assert not offenders, offenders


def test_core_never_imports_the_gui():
    offenders = [f"{path.relative_to(PACKAGE)}: {name}"
                 for folder in ("services", "db", "agent")
                 for path in _modules(folder)
                 for name in _imports(path) if name.startswith("crm_desktop.ui")]
    assert not offenders, offenders


def test_ui_writes_no_sql():
    offenders = []
    for path in _modules("ui"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.search(node.value):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:60]!r}")
    assert not offenders, offenders
