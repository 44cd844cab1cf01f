"""App releases HQ records (crm-admin release set): the newest version, the minimum still allowed
to sign in and the download URL. The app compares them with its own version at sign-in, over
the connection it signs in with: no other network call, and no row means nothing to say."""

from __future__ import annotations

import re
from dataclasses import dataclass

import psycopg

from crm_desktop import __version__
from crm_desktop.services.errors import CrmRefusal, as_refusal


@dataclass(frozen=True)
class Release:
    newest: str
    minimum: str
    download_url: str


def version_key(version: str) -> tuple[int, ...]:
    """1.10 > 1.9; 1.2 == 1.2.0. Only the leading dotted numbers count (0.2.0rc1 -> 0.2.0)."""
    parts = []
    for part in version.strip().split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        parts.append(int(digits.group()))
        if digits.end() != len(part):
            break
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def current_release(conn: psycopg.Connection) -> Release | None:
    """The recorded release, or None (none recorded, or a server from before releases existed)."""
    try:
        row = conn.execute("SELECT newest, minimum, download_url FROM crm.app_release()").fetchone()
    except psycopg.errors.UndefinedFunction:
        return None
    return Release(*row) if row else None


def check(release: Release | None, app_version: str = __version__) -> Release | None:
    """Raise CrmRefusal("app_outdated") below the minimum; the release when a newer one exists
    (worth a notice); None otherwise."""
    if release is None:
        return None
    if version_key(app_version) < version_key(release.minimum):
        raise CrmRefusal("app_outdated", f"app version {app_version} is below the minimum {release.minimum}",
                         params={"version": app_version, "minimum": release.minimum, "newest": release.newest,
                                 "url": release.download_url})
    return release if version_key(app_version) < version_key(release.newest) else None


def check_schema(conn: psycopg.Connection) -> None:
    """Refuse (CrmRefusal "schema_too_new") a server whose schema a newer app migrated: this app
    would misread it. A server from before the check existed is at an older schema, so fine."""
    from crm_desktop.db import migrations

    try:
        revision = conn.execute("SELECT crm.schema_revision()").fetchone()[0]
    except psycopg.errors.UndefinedFunction:
        return
    if revision is not None and revision not in migrations.known_revisions():
        raise CrmRefusal("schema_too_new", f"the server's schema {revision} is newer than this app understands",
                         params={"revision": revision, "version": __version__})


def set_release(conn: psycopg.Connection, newest: str, minimum: str, download_url: str) -> None:
    """Record a release; the server validates (CrmRefusal with the reason on bad input)."""
    try:
        conn.execute("SELECT crm.set_app_release(%s, %s, %s)", (newest, minimum, download_url))
    except psycopg.Error as error:
        refusal = as_refusal(error)
        if refusal is None:
            raise
        raise refusal from error
