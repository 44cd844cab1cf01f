"""Issue #12 item 16: on a Linux desktop without a library Qt's display plugin needs (e.g.
libxcb-cursor0), crm-desktop says which library is missing instead of Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from crm_desktop import __main__ as entry

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux display plugins")


def test_the_xcb_plugin_needs_libxcb_cursor():
    plugin = entry.platform_plugin("xcb", {})
    assert plugin is not None and "libxcb-cursor.so.0" in entry.needed_libraries(plugin)


def test_platform_choice_follows_qt():
    assert entry.display_platform({"QT_QPA_PLATFORM": "offscreen"}) == "offscreen"
    assert entry.display_platform({"QT_QPA_PLATFORM": "wayland;xcb"}) == "wayland"
    assert entry.display_platform({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}) == "wayland"
    assert entry.display_platform({}) == "xcb"


def test_the_message_names_the_library_and_its_package():
    text = entry.missing_libraries_message("xcb", ["libxcb-cursor.so.0"])
    assert "libxcb-cursor.so.0 is missing" in text and "apt-get install libxcb-cursor0" in text


def test_crm_desktop_names_the_missing_library_and_exits(tmp_path):
    """A copy of the real xcb plugin whose libxcb-cursor dependency names a library no system
    has: the app exits with a message naming it, before Qt could abort."""
    plugin = entry.platform_plugin("xcb", {})
    data = plugin.read_bytes()
    assert data.count(b"libxcb-cursor.so.0\0") >= 1
    (tmp_path / "libqxcb.so").write_bytes(data.replace(b"libxcb-cursor.so.0\0", b"libxcb-cursoX.so.0\0"))
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(tmp_path), DISPLAY=":99")
    result = subprocess.run([sys.executable, "-m", "crm_desktop"], env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 1
    assert "libxcb-cursoX.so.0" in result.stderr and "missing" in result.stderr
    assert "libxcb-cursor.so.0" not in result.stderr.split("missing")[0]
