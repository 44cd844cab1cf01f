"""Getting the GUI a server to sign in to: the embedded demo or an HQ profile."""

from __future__ import annotations

import threading

import psycopg

from crm_desktop import config
from crm_desktop.services import auth
from crm_desktop.services.tasks import TaskContext

# Size of the demo the GUI seeds into an empty embedded database (issue: ~20 000 x 60 days).
GUI_DEMO_CUSTOMERS = 20000
GUI_DEMO_DAYS = 60


def available_profiles() -> list[auth.ServerProfile]:
    """HQ profiles from the profile files; the embedded one is prepared separately."""
    return [auth.ServerProfile.from_settings(p) for p in config.load_profiles()]


def prepare_embedded(ctx: TaskContext) -> tuple[auth.ServerProfile, str]:
    """Start (first time: create, migrate, seed) the embedded server; returns (profile, admin URL)."""
    from crm_desktop.db import bootstrap

    ctx.progress("server", 0, 0)
    target = bootstrap.target()
    with psycopg.connect(target.admin_url, autocommit=True) as conn:
        empty = not conn.execute("SELECT EXISTS (SELECT 1 FROM crm.staff)").fetchone()[0]
    if empty:
        from crm_desktop.services import demo

        demo.seed(target.admin_url, customers=GUI_DEMO_CUSTOMERS, days=GUI_DEMO_DAYS,
                  progress=ctx.progress)
    profile = auth.ServerProfile.from_conninfo("embedded", target.admin_url, target.gate_password, embedded=True)
    return profile, target.admin_url


def start_agent_thread(admin_url: str, interval: float = 5.0) -> threading.Event:
    """The embedded default runs the HQ agent in-process, and with it the local SMS gateway (so
    that sending works on the first run) unless an operator configured a real provider; set the
    returned event to stop both."""
    from crm_desktop.agent import jobs, sms_dispatch

    stop = threading.Event()
    if not sms_dispatch.uses_real_provider():
        gateway = sms_dispatch.start_local_gateway()

        def stop_gateway() -> None:
            stop.wait()
            gateway.stop()

        threading.Thread(target=stop_gateway, name="sms-gateway-stop", daemon=True).start()
    threading.Thread(target=jobs.run_forever, args=(admin_url, interval, stop),
                     name="crm-agent", daemon=True).start()
    return stop


def fetch_notice(ctx: TaskContext, profile: auth.ServerProfile, login: str) -> auth.LoginNotice | None:
    return auth.login_notice(profile, login)
