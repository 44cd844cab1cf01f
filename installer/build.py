"""Build the desktop bundle: `python installer/build.py [--smoke]` from the repository root.

Runs PyInstaller on installer/crm_desktop.spec (which refuses to collect tests, caches or build
tools) into dist/crm-desktop/, prints the bundle's size, and with --smoke starts the built
crm-desktop with --smoke (throwaway embedded server from the bundle's own PostgreSQL, sign-in
as a demo login) and fails when that does not exit 0. Needs the build extra:
`pip install -e '.[build]'`. Build on the OS you ship to (PyInstaller does not cross-compile).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "crm_desktop.spec"
NAME = "crm-desktop"


def executable(bundle: Path, name: str) -> Path:
    return bundle / (f"{name}.exe" if os.name == "nt" else name)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """The built bundle folder (dist/crm-desktop)."""
    try:
        import PyInstaller  # noqa: F401 - only to say what is missing before a long run
    except ImportError:
        raise SystemExit("PyInstaller is not installed here: pip install -e '.[build]'") from None
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)], cwd=ROOT, check=True)
    bundle = dist / NAME
    for name in ("crm-desktop", "crm-admin"):
        if not executable(bundle, name).is_file():
            raise SystemExit(f"the build did not produce {executable(bundle, name)}")
    return bundle


def smoke(bundle: Path) -> float:
    """Seconds the bundle's --smoke run took; SystemExit when it failed."""
    started = time.monotonic()
    result = subprocess.run([str(executable(bundle, "crm-desktop")), "--smoke"], capture_output=True, text=True,
                            timeout=900)
    elapsed = time.monotonic() - started
    print(result.stdout, end="")
    if result.returncode != 0:
        raise SystemExit(f"smoke check of the bundle failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller/)")
    parser.add_argument("--smoke", action="store_true", help="start the built bundle with --smoke afterwards")
    args = parser.parse_args(argv)
    started = time.monotonic()
    bundle = build(args.dist.resolve(), args.work.resolve())
    print(f"bundle: {bundle}")
    print(f"bundle size: {folder_size(bundle) / 2**20:.0f} MiB (built in {time.monotonic() - started:.0f} s)")
    if args.smoke:
        print(f"smoke check passed in {smoke(bundle):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
