"""A wheel (non-editable install) carries what the app reads from files: the migrations and the
compiled translation, found by crm_desktop.config.data_dir."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_package_list_names_every_package():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "crm_desktop").rglob("__init__.py")}
    assert listed - {"crm_desktop._db", "crm_desktop._translations"} == found


def test_a_wheel_carries_the_migrations_and_the_translation(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(REPO)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("crm_desktop-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    versions = sorted(p.name for p in (REPO / "db" / "versions").glob("*.py"))
    sqls = sorted(p.name for p in (REPO / "db" / "sql").glob("*.sql"))
    objects = sorted(p.name for p in (REPO / "db" / "sql" / "objects").glob("*.sql"))
    assert {"crm_desktop/_db/env.py", "crm_desktop/_db/script.py.mako",
            "crm_desktop/_translations/crm_desktop_zh_CN.qm"} <= names
    assert {f"crm_desktop/_db/versions/{v}" for v in versions} <= names
    assert {f"crm_desktop/_db/sql/{s}" for s in sqls} <= names
    assert objects and {f"crm_desktop/_db/sql/objects/{o}" for o in objects} <= names

    # Installed without the checkout, the package finds them inside itself.
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    probe = ("from crm_desktop.config import data_dir; "
             "print(data_dir('db') / 'env.py'); print(data_dir('translations') / 'crm_desktop_zh_CN.qm')")
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(site)}).stdout.split()
    assert [Path(p) for p in out] == [site / "crm_desktop" / "_db" / "env.py",
                                      site / "crm_desktop" / "_translations" / "crm_desktop_zh_CN.qm"]
    assert all(Path(p).is_file() for p in out)
