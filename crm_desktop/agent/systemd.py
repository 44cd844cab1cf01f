"""sd_notify without a dependency: systemd (Type=notify, WatchdogSec=) hands the service a
datagram socket in $NOTIFY_SOCKET; "READY=1" says the agent is up, "WATCHDOG=1" after every
round says its loop is alive (a hung round stops the pings and systemd restarts the service).
Without $NOTIFY_SOCKET (the GUI's in-process agent, a terminal) nothing is sent."""

from __future__ import annotations

import os
import socket


def notify(state: str) -> bool:
    """Send `state` (e.g. "WATCHDOG=1") to systemd; False when not run by systemd."""
    address = os.environ.get("NOTIFY_SOCKET", "")
    if not address or address[0] not in "/@":
        return False
    if address[0] == "@":                 # an abstract socket
        address = "\0" + address[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
        sock.connect(address)
        sock.sendall(state.encode())
    return True
