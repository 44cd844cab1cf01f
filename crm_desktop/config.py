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


def repo_root() -> Path:
    """The folder holding `db/` (migrations); inside a PyInstaller bundle, the bundle dir."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parent.parent
