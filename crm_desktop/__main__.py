"""`python -m crm_desktop` / `crm-desktop`: the GUI.

Before Qt starts, the display plugin's system libraries are checked: a Linux desktop without
e.g. libxcb-cursor0 would otherwise end in Qt's abort ("could not load the Qt platform plugin
xcb"), which does not say which library is missing."""

from __future__ import annotations

import ctypes
import os
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:   # imported only when the GUI starts, after the display check
    import threading

    from crm_desktop.services.tasks import ProgressCallback

# Debian / Ubuntu packages of the libraries Qt's display plugins load (the README lists them).
SYSTEM_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0", "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1", "libX11.so.6": "libx11-6", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1", "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0", "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libwayland-egl.so.1": "libwayland-egl1",
}


def display_platform(env=os.environ) -> str:
    """The platform plugin Qt will load: QT_QPA_PLATFORM's first choice, else Wayland in a Wayland
    session and X11 (xcb) otherwise."""
    chosen = env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()
    if chosen:
        return chosen
    return "wayland" if env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY") else "xcb"


def platform_plugin(platform: str, env=os.environ) -> Path | None:
    folders = [Path(p) for p in env.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    if not folders:
        import PySide6

        folders = [Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms"]
    for folder in folders:
        plugin = folder / f"libq{platform}.so"
        if plugin.is_file():
            return plugin
    return None


def needed_libraries(path: Path) -> list[str]:
    """The DT_NEEDED entries of a 64-bit little-endian ELF shared object (what `ldd` would
    resolve first), read from its dynamic section; [] for anything else."""
    with open(path, "rb") as elf:
        header = elf.read(64)
        if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
            return []
        shoff, = struct.unpack_from("<Q", header, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", header, 0x3A)
        elf.seek(shoff)
        sections = [struct.unpack_from("<IIQQQQIIQQ", elf.read(shentsize)) for _ in range(shnum)]
        for _name, kind, _flags, _addr, offset, size, link, *_rest in sections:
            if kind != 6:                                   # SHT_DYNAMIC
                continue
            elf.seek(offset)
            entries = [struct.unpack_from("<qQ", elf.read(16)) for _ in range(size // 16)]
            strings_offset, strings_size = sections[link][4], sections[link][5]
            elf.seek(strings_offset)
            strings = elf.read(strings_size)
            return [strings[value:strings.index(b"\0", value)].decode() for tag, value in entries if tag == 1]
    return []


def missing_libraries(plugin: Path) -> list[str]:
    """The system libraries of `plugin` the dynamic loader cannot load (Qt's own libraries come
    with PySide6 and are left to Qt)."""
    missing = []
    for name in needed_libraries(plugin):
        if name.startswith("libQt6"):
            continue
        try:
            ctypes.CDLL(name)
        except OSError:
            missing.append(name)
    return missing


def missing_libraries_message(platform: str, missing: list[str]) -> str:
    packages = sorted({SYSTEM_PACKAGES[name] for name in missing if name in SYSTEM_PACKAGES})
    lines = [f"crm-desktop: Qt cannot start its display plugin \"{platform}\": the system library "
             f"{', '.join(missing)} is missing." if len(missing) == 1 else
             f"crm-desktop: Qt cannot start its display plugin \"{platform}\": the system libraries "
             f"{', '.join(missing)} are missing."]
    if packages:
        lines.append(f"On Debian / Ubuntu: sudo apt-get install {' '.join(packages)}")
    lines.append("README.md (Run it) lists the system packages the desktop needs.")
    return "\n".join(lines)


def check_display_libraries(env=os.environ) -> str | None:
    """None when Qt's display plugin can load (or cannot be checked here); else what to install."""
    if not sys.platform.startswith("linux"):
        return None
    platform = display_platform(env)
    plugin = platform_plugin(platform, env)
    if plugin is None:
        return None
    missing = missing_libraries(plugin)
    return missing_libraries_message(platform, missing) if missing else None


# Size of the demo the GUI seeds into an empty embedded database (~20 000 customers x 60 days).
GUI_DEMO_CUSTOMERS = 20000
GUI_DEMO_DAYS = 60


# The smoke check's demo: enough for the sign-in path, not a seeding benchmark.
SMOKE_DEMO_CUSTOMERS = 2000
SMOKE_DEMO_DAYS = 5


def _demo_seeder(customers: int, days: int) -> Callable[[str, ProgressCallback], None]:
    def seed(admin_url: str, progress: ProgressCallback) -> None:
        from crm_desktop.tools import demo

        demo.seed(admin_url, customers=customers, days=days, progress=progress)
    return seed


def _start_agent(admin_url: str) -> threading.Event:
    from crm_desktop.agent import jobs

    return jobs.start_in_thread(admin_url)


def main() -> int:
    if "--smoke" in sys.argv[1:]:
        # The smoke check runs unattended (build machines, install checks): no display needed.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = check_display_libraries()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from crm_desktop.services.startup import EmbeddedDefault

    if "--smoke" in sys.argv[1:]:
        from crm_desktop.tools.demo import DEMO_PASSWORD
        from crm_desktop.ui.app import run_smoke

        return run_smoke(EmbeddedDefault(seed_demo=_demo_seeder(SMOKE_DEMO_CUSTOMERS, SMOKE_DEMO_DAYS),
                                         start_agent=_start_agent), DEMO_PASSWORD,
                         [arg for arg in sys.argv if arg != "--smoke"])
    from crm_desktop.ui.app import main as run

    # The entry point wires the demo generator and the agent into the GUI: the GUI and the
    # services below it import neither (pyproject.toml, [tool.importlinter]).
    return run(EmbeddedDefault(seed_demo=_demo_seeder(GUI_DEMO_CUSTOMERS, GUI_DEMO_DAYS), start_agent=_start_agent))


if __name__ == "__main__":
    sys.exit(main())
