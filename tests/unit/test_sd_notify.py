"""The agent's sd_notify: datagrams to $NOTIFY_SOCKET as systemd (Type=notify, WatchdogSec=) reads
them, READY=1 once and WATCHDOG=1 after every round of the loop; nothing without the socket."""

from __future__ import annotations

import socket
import threading

from crm_desktop.agent import jobs, systemd


def test_loop_pings_the_watchdog_after_every_round_even_a_failed_one(tmp_path, monkeypatch):
    path = tmp_path / "notify"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(path))
        server.settimeout(5)
        monkeypatch.setenv("NOTIFY_SOCKET", str(path))
        rounds = []
        stop = threading.Event()

        def fake_round(url):
            rounds.append(url)
            if len(rounds) == 3:
                stop.set()
            if len(rounds) == 2:
                raise RuntimeError("a failed round")

        monkeypatch.setattr(jobs, "run_once", fake_round)
        jobs.run_forever("postgresql://unused", interval=0.01, stop=stop)
        received = []
        while len(received) < 4:
            received.append(server.recv(64).decode())
    assert received == ["READY=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"]


def test_without_systemd_nothing_is_sent(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    assert systemd.notify("WATCHDOG=1") is False
