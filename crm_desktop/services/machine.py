"""Facts about this PC that the login reports to crm.open_session()."""

from __future__ import annotations

import re
import socket

import getmac
import psutil

_HEX12 = re.compile(r"^[0-9a-f]{12}$")


def normalize_mac(mac: str) -> str | None:
    """'AA-BB-CC-DD-EE-FF' / 'aabb.ccdd.eeff' -> 'aa:bb:cc:dd:ee:ff'; None when malformed.

    The server normalises again (crm.normalize_mac); this copy is for display and input checks.
    """
    digits = re.sub(r"[\s:.\-]", "", mac or "").lower()
    if not _HEX12.match(digits) or digits == "0" * 12:
        return None
    return ":".join(digits[i:i + 2] for i in range(0, 12, 2))


def local_macs() -> list[str]:
    """Every MAC address of this PC: getmac's primary one plus each interface the OS lists.

    Loopback and all-zero addresses are left out.
    """
    found: set[str] = set()
    primary = getmac.get_mac_address()
    if primary and (mac := normalize_mac(primary)):
        found.add(mac)
    link_family = getattr(psutil, "AF_LINK", None)
    for name, addresses in psutil.net_if_addrs().items():
        if name == "lo" or name.lower().startswith("loopback"):
            continue
        for address in addresses:
            if address.family == link_family and (mac := normalize_mac(address.address)):
                found.add(mac)
    return sorted(found)


def hostname() -> str:
    return socket.gethostname()
