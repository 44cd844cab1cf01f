"""`crm-admin bench startup`: time to an interactive login dialog, and from "sign in" to a usable
main window, with the embedded server already running. Prints figures; asserts nothing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from typing import Callable

STARTUP_TARGET_S = 1.5
SIGN_IN_TARGET_S = 1.0
PROBE_ENV = "CRM_STARTUP_PROBE"


def _cold_start_seconds() -> float:
    """Launch the real GUI in a new process; it prints the wall time once the dialog is interactive."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env[PROBE_ENV] = "1"
    started = time.time()
    result = subprocess.run([sys.executable, "-m", "crm_desktop"], env=env, capture_output=True, text=True,
                            timeout=60)
    for line in result.stdout.splitlines():
        if line.startswith("interactive "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"the GUI did not report start-up: {result.stderr[-2000:]}")


def _sign_in_seconds(login: str, password: str) -> float:
    from PySide6.QtWidgets import QApplication

    from crm_desktop.db import bootstrap
    from crm_desktop.services import auth
    from crm_desktop.services.connector import StaffConnector
    from crm_desktop.ui.main_window import MainWindow
    from crm_desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    target = bootstrap.target()
    profile = auth.ServerProfile.from_conninfo("embedded", target.admin_url, target.gate_password, embedded=True)
    runner = TaskRunner()
    started = time.perf_counter()
    conn, info = auth.sign_in(profile, login, password)
    connector = StaffConnector(profile, login, password)
    connector.adopt(conn)
    window = MainWindow(runner, connector, info, profile)
    window.show()
    app.processEvents()
    elapsed = time.perf_counter() - started
    window._closing_for_logout = True
    window._stop_timers()
    window.close()
    connector.close()
    runner.wait(5000)
    return elapsed


def startup(admin_url: str, out: Callable[[str], None] = print, runs: int = 5, *,
            login: str = "hq_admin", password: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _cold_start_seconds()  # warm the OS file cache, as a second start of the day would be
    cold = [_cold_start_seconds() for _ in range(runs)]
    sign_in = [_sign_in_seconds(login, password) for _ in range(runs)]
    figures = {"process_start_to_login_dialog_s": statistics.median(cold),
               "sign_in_to_main_window_s": statistics.median(sign_in), "runs": runs, "login": login}
    out(f"process start -> interactive login dialog: median {figures['process_start_to_login_dialog_s']:.3f} s "
        f"(min {min(cold):.3f}, max {max(cold):.3f}; target < {STARTUP_TARGET_S} s)")
    out(f"sign in ({login}) -> usable main window:    median {figures['sign_in_to_main_window_s']:.3f} s "
        f"(min {min(sign_in):.3f}, max {max(sign_in):.3f}; target < {SIGN_IN_TARGET_S} s)")
    return figures
