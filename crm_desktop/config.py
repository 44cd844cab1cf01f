"""Where local state lives and which database to use.

`CRM_HOME` holds the embedded server's data directory and local settings;
`CRM_DATABASE_URL` (an administrator URL) replaces the embedded server with an
external PostgreSQL, for operators and for tests against a real HQ-like server.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "crm-desktop"
DATABASE_NAME = "crm"


def crm_home() -> Path:
    home = os.environ.get("CRM_HOME")
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def external_admin_url() -> str | None:
    url = os.environ.get("CRM_DATABASE_URL", "").strip()
    return url or None


def _positive_number(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def worker_connections() -> int:
    """How many database connections (and worker threads) a signed-in client may use at once
    (`CRM_WORKER_CONNECTIONS`, default 3): HQ serves thousands of clients from one server."""
    return max(1, int(_positive_number("CRM_WORKER_CONNECTIONS", 3)))


def idle_close_seconds() -> float:
    """After how long unused a worker connection beyond the first is closed (`CRM_IDLE_CLOSE_S`,
    default 60); it reopens on demand without a new sign-in."""
    return _positive_number("CRM_IDLE_CLOSE_S", 60.0)


def analysis_hosts_override() -> str | None:
    """CRM_ANALYSIS_HOSTS: read replicas ("host:port,...", a host may be a socket directory) for
    the embedded server or the CRM_DATABASE_URL server, whose profiles come from no file."""
    hosts = os.environ.get("CRM_ANALYSIS_HOSTS", "").strip()
    return hosts or None


def data_dir(name: str) -> Path:
    """Where the migrations ("db") or the compiled translations ("translations") are.

    A source checkout, an editable install and the PyInstaller bundle have the repository's
    folders (db/, resources/translations/); a wheel carries them inside the package as
    crm_desktop/_db and crm_desktop/_translations (pyproject.toml maps them there)."""
    import sys

    relative = {"db": Path("db"), "translations": Path("resources") / "translations"}[name]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / relative
    checkout = Path(__file__).resolve().parent.parent / relative
    if checkout.is_dir():
        return checkout
    return Path(__file__).resolve().parent / f"_{name}"


# Server profiles ------------------------------------------------------------------------

EMBEDDED_PROFILE = "embedded"


def profile_files() -> list[Path]:
    """Where HQ connection profiles are read from, most specific first.

    `CRM_PROFILES` (a file), `$CRM_HOME/profiles.json`, then the machine-wide file an
    installer drops (Windows: %PROGRAMDATA%\\BranchCRM\\profiles.json; Linux:
    /etc/xdg/BranchCRM/profiles.json).
    """
    files = []
    if os.environ.get("CRM_PROFILES"):
        files.append(Path(os.environ["CRM_PROFILES"]))
    files.append(crm_home() / "profiles.json")
    files.append(Path(platformdirs.site_data_dir("BranchCRM", appauthor=False)) / "profiles.json")
    files.append(Path(platformdirs.site_config_dir("BranchCRM", appauthor=False)) / "profiles.json")
    return files


def load_profiles() -> list[dict]:
    """HQ profiles: [{"name", "host", "port", "dbname", "sslmode", "gate_password"}, ...]."""
    import json

    seen: dict[str, dict] = {}
    for path in profile_files():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for profile in data.get("profiles", []):
            if isinstance(profile, dict) and profile.get("name") and profile.get("host"):
                seen.setdefault(profile["name"], profile)
    return list(seen.values())


# T+1 drop folder ---------------------------------------------------------------------------

def drop_dir() -> Path:
    """Where the counter drops its nightly exports for the agent (crm_desktop/agent/jobs.py):
    `CRM_DROP_DIR`, else `$CRM_HOME/t1_drop`. The agent does nothing while it does not exist."""
    configured = os.environ.get("CRM_DROP_DIR", "").strip()
    return Path(configured) if configured else crm_home() / "t1_drop"
