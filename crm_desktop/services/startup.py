"""Getting the GUI a server to sign in to: the embedded demo or an HQ profile."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

import psycopg

from crm_desktop import config
from crm_desktop.services import auth
from crm_desktop.services.tasks import ProgressCallback, TaskContext


@dataclass(frozen=True)
class EmbeddedDefault:
    """What the GUI does with the embedded server besides starting it: fill an empty one with
    demo data, and run the HQ agent beside it. Both live above `services` (the demo generator
    in `crm_desktop.tools`, the agent beside the GUI), so the entry point (`crm_desktop.__main__`)
    hands them in and `services` depends on neither."""

    seed_demo: Callable[[str, ProgressCallback], object]     # (admin URL, progress)
    start_agent: Callable[[str], threading.Event]            # admin URL -> set it to stop the agent


def available_profiles() -> list[auth.ServerProfile]:
    """HQ profiles from the profile files; the embedded one is prepared separately."""
    return [auth.ServerProfile.from_settings(p) for p in config.load_profiles()]


def prepare_embedded(ctx: TaskContext, seed_demo: Callable[[str, ProgressCallback], object]
                     ) -> tuple[auth.ServerProfile, str]:
    """Start (first time: create, migrate, seed) the embedded server; returns (profile, admin URL)."""
    from crm_desktop.db import bootstrap

    ctx.progress("server", 0, 0)
    target = bootstrap.target()
    with psycopg.connect(target.admin_url, autocommit=True) as conn:
        empty = not conn.execute("SELECT EXISTS (SELECT 1 FROM crm.staff)").fetchone()[0]
    if empty:
        seed_demo(target.admin_url, ctx.progress)
    profile = auth.ServerProfile.from_conninfo("embedded", target.admin_url, target.gate_password, embedded=True,
                                               analysis_hosts=config.analysis_hosts_override())
    return profile, target.admin_url


def fetch_notice(ctx: TaskContext, profile: auth.ServerProfile, login: str) -> auth.LoginNotice | None:
    return auth.login_notice(profile, login)
