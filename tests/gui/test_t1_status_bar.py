"""The status bar's T+1 date follows a load committed elsewhere (LISTEN crm_t1_loaded), and the
listener stops with the window."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import psycopg
from PySide6.QtCore import QObject

from crm_desktop.services import t1_load
from crm_desktop.ui.notifications import NotificationListener
from tests.gui.test_main_window import open_window

DATA = Path(__file__).resolve().parent.parent / "data" / "t1"


def test_status_bar_date_moves_when_a_load_commits(qtbot, db, runner, profile):
    db.make_staff("t1_status")
    with db.admin() as conn:
        conn.execute("INSERT INTO crm.t1_load (trade_date, source) VALUES ('2024-01-02', 'test')")
    window = open_window(qtbot, runner, profile, "t1_status")
    try:
        assert window.load_label.text().endswith("2024-01-02")
        assert window.notifications.listening.wait(10)
        with db.admin() as conn:                     # another connection: the HQ load
            t1_load.load_export(conn, DATA / "gbk", date(2024, 1, 3))
        qtbot.waitUntil(lambda: window.load_label.text().endswith("2024-01-03"), timeout=10000)
        seen = []     # subscribed after the window: told after the window's slot has run
        window.notifications.subscribe("crm_t1_loaded", seen.append)
        with db.admin() as conn:                     # an older date re-loaded does not move it back
            conn.execute("NOTIFY crm_t1_loaded, '2023-12-29'")
        qtbot.waitUntil(lambda: "2023-12-29" in seen, timeout=10000)
        assert window.load_label.text().endswith("2024-01-03")
        listener = window.notifications
    finally:
        window.request_logout()
    qtbot.waitUntil(lambda: not listener.running, timeout=5000)
    assert not any(t.name == "crm-listen" and t.is_alive() for t in threading.enumerate())


def test_listener_delivers_in_the_gui_thread_and_reconnects(qtbot, db):
    calls = []
    owner = QObject()
    listener = NotificationListener(lambda: psycopg.connect(db.admin_url, autocommit=True), ["crm_test_ch"], owner,
                                    poll_seconds=0.1, max_backoff=0.2)
    listener.subscribe("crm_test_ch", lambda payload: calls.append((payload, threading.current_thread())))
    listener.start()
    try:
        assert listener.listening.wait(10)
        with db.admin() as conn:
            conn.execute("NOTIFY crm_test_ch, 'one'")
        qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)
        assert calls[0] == ("one", threading.main_thread())
        with db.admin() as conn:                     # the server drops the listening connection
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND query ILIKE 'LISTEN%%' AND pid <> pg_backend_pid()")
        qtbot.waitUntil(lambda: not listener.listening.is_set(), timeout=5000)
        assert listener.listening.wait(10)
        with db.admin() as conn:
            conn.execute("NOTIFY crm_test_ch, 'two'")
        qtbot.waitUntil(lambda: len(calls) == 2, timeout=5000)
    finally:
        listener.stop()
    assert not listener.running
