"""The agent's SMS job: sends the outbox (crm.sms_message) to the provider and records what came of it.

Each round: take up to `batch` due messages (crm.sms_agent_claim: queued ones, and "sending" ones
whose lease ran out because an agent died mid-batch), post each to the provider with its
idempotency key, record the outcomes in one call (crm.sms_agent_result), then fetch the delivery
reports (crm.sms_agent_delivery) and acknowledge them. Nothing is lost and nothing is sent twice:

* the gateway down or slow (refused connection, timeout, 5xx) -> the message goes back to the
  queue with a back-off (base * 2^(attempt-1), capped); past the server's max_attempts it fails
  with the reason and its quota is given back;
* the gateway refuses a number for good (4xx) -> failed with the reason, quota given back;
* a retry, or the next agent after a crash, posts the same idempotency key: the provider answers
  with the id it gave the first time and sends nothing.

The provider adapter is `HttpProvider` (the API is documented in sms_gateway.py): a real
provider is one small class with the same methods (`send`, optionally `send_batch`, `reports`,
`acknowledge`).

Configuration (HQ only, so the credentials never reach branch PCs): `$CRM_HOME/agent/sms_gateway.json`
holds the URL; the bearer token lives in the OS keyring (service "crm-desktop", key
"sms-gateway-token") when a keyring backend exists, else in `$CRM_HOME/agent/sms_gateway.token`
readable only by the agent's account (a token file that others may read is refused).
"""

from __future__ import annotations

import json
import logging
import os
import stat
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import psycopg
import requests
from psycopg.types.json import Jsonb

from crm_desktop import config
from crm_desktop.services import credentials_store

_log = logging.getLogger(__name__)

TOKEN_KEY = "sms-gateway-token"
CONNECT_TIMEOUT = 3.05
READ_TIMEOUT = 10.0
DEFAULT_BATCH = 500
DEFAULT_LEASE_SECONDS = 120
DEFAULT_BACKOFF_BASE = 5.0
BACKOFF_CAP = 600.0
DEFAULT_WORKERS = 4
# Messages a request when the provider takes batches (POST /v1/messages/batch); 1: one by one.
DEFAULT_POST_SIZE = 100


# Outcomes and the provider adapter -----------------------------------------------------------------

@dataclass(frozen=True)
class SendOutcome:
    outcome: str                  # "sent" | "retry" | "failed"
    provider_id: str | None = None
    error: str | None = None


class Provider(Protocol):
    def send(self, key: str, to: str, text: str) -> SendOutcome: ...
    def reports(self, limit: int) -> list[dict]: ...        # {"provider_id", "status", "reason", "at"}
    def acknowledge(self, ids: list[str]) -> None: ...


class HttpProvider:
    """The HTTP provider API of sms_gateway.py, over `requests` (timeouts on every call; one
    keep-alive session per thread)."""

    def __init__(self, url: str, token: str, *, timeout: tuple[float, float] = (CONNECT_TIMEOUT, READ_TIMEOUT)):
        self.url = url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = timeout
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.headers.update(self._headers)
        return session

    def send(self, key: str, to: str, text: str) -> SendOutcome:
        try:
            response = self._session().post(f"{self.url}/v1/messages", timeout=self._timeout,
                                             json={"to": to, "text": text, "idempotency_key": key},
                                             headers={"Idempotency-Key": key})
        except requests.RequestException as error:
            return SendOutcome("retry", error=f"gateway unreachable: {type(error).__name__}")
        provider_id = None
        if response.status_code in (200, 201, 202):
            try:
                provider_id = response.json()["id"]
            except (ValueError, KeyError, TypeError):
                pass
        return self._outcome(response.status_code, _reason(response), provider_id)

    def send_batch(self, messages: list[tuple[str, str, str]]) -> list[SendOutcome]:
        """(key, to, text) for each message; one outcome per message, in order."""
        try:
            response = self._session().post(
                f"{self.url}/v1/messages/batch", timeout=self._timeout,
                json={"messages": [{"to": to, "text": text, "idempotency_key": key} for key, to, text in messages]})
        except requests.RequestException as error:
            return [SendOutcome("retry", error=f"gateway unreachable: {type(error).__name__}")] * len(messages)
        if response.status_code != 200:
            outcome = self._outcome(response.status_code, _reason(response), None)
            return [outcome] * len(messages)
        try:
            results = response.json()["results"]
            if len(results) != len(messages):
                raise ValueError("one result per message")
            return [self._outcome(int(r["code"]), str(r.get("reason") or r.get("error") or "")[:300], r.get("id"))
                    for r in results]
        except (ValueError, KeyError, TypeError):
            return [SendOutcome("retry", error="gateway answered the batch unreadably")] * len(messages)

    @staticmethod
    def _outcome(status: int, reason: str, provider_id: object) -> SendOutcome:
        if status in (200, 201, 202):
            if provider_id is None:
                return SendOutcome("retry", error="gateway answered without a message id")
            return SendOutcome("sent", provider_id=str(provider_id))
        if status in (401, 403):
            return SendOutcome("retry", error=f"gateway refused our credentials ({status})")
        if status == 429 or status >= 500:
            return SendOutcome("retry", error=f"gateway busy or failing ({status}) {reason}".strip())
        return SendOutcome("failed", error=f"refused by the gateway ({status}): {reason}")

    def reports(self, limit: int = 1000) -> list[dict]:
        response = self._session().get(f"{self.url}/v1/reports", params={"limit": limit}, timeout=self._timeout)
        response.raise_for_status()
        reports = response.json().get("reports", [])
        # In the outbox's terms: {"provider_id", "status", "reason", "at"}.
        return [{"provider_id": str(r.get("id")), "status": r.get("status"), "reason": r.get("reason"),
                 "at": r.get("at")} for r in reports if isinstance(r, dict)]

    def acknowledge(self, ids: list[str]) -> None:
        if ids:
            self._session().post(f"{self.url}/v1/reports/ack", json={"ids": ids},
                                 timeout=self._timeout).raise_for_status()


def _reason(response: requests.Response) -> str:
    try:
        data = response.json()
        return str(data.get("reason") or data.get("error") or "")[:300]
    except ValueError:
        return response.text[:300]


# Configuration --------------------------------------------------------------------------------------

def _config_dir() -> Path:
    return config.crm_home() / "agent"


def save_config(url: str, token: str, *, local: bool = False) -> None:
    """Where the agent finds the gateway: the URL in a file, the token in the keyring or in a
    file only this account may read. `local`: the demo's own gateway (replaced at each start)."""
    folder = _config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sms_gateway.json").write_text(json.dumps({"url": url, "local": local}), encoding="utf-8")
    token_file = folder / "sms_gateway.token"
    if credentials_store.available():
        credentials_store.save(TOKEN_KEY, token)
        if credentials_store.load(TOKEN_KEY) == token:
            token_file.unlink(missing_ok=True)
            return
    fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(token)
    os.chmod(token_file, 0o600)


def uses_real_provider() -> bool:
    """Whether an operator configured a provider (the embedded demo then starts no gateway)."""
    try:
        data = json.loads((_config_dir() / "sms_gateway.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and bool(data.get("url")) and not data.get("local")


def start_local_gateway(port: int = 0):
    """Starts the local gateway on loopback and points this agent at it (a new token each time);
    returns the running SmsGateway."""
    import secrets

    from crm_desktop.agent.sms_gateway import SmsGateway

    token = secrets.token_urlsafe(32)
    gateway = SmsGateway(token, port=port).start()
    save_config(gateway.url, token, local=True)
    return gateway


def load_config() -> tuple[str, str] | None:
    """(url, token), or None while the agent has no gateway configured."""
    folder = _config_dir()
    try:
        url = json.loads((folder / "sms_gateway.json").read_text(encoding="utf-8"))["url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    token_file = folder / "sms_gateway.token"
    if token_file.exists():
        mode = token_file.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise PermissionError(f"{token_file} may be read by other accounts: chmod 600 it")
        return url, token_file.read_text(encoding="utf-8").strip()
    token = credentials_store.load(TOKEN_KEY)
    return (url, token) if token else None


# The job ----------------------------------------------------------------------------------------------

@dataclass
class DispatchReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    delivered_reports: int = 0
    rounds: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"claimed": self.claimed, "sent": self.sent, "retried": self.retried, "failed": self.failed,
                "reports": self.delivered_reports, "rounds": self.rounds}


def backoff(attempt: int, base: float = DEFAULT_BACKOFF_BASE) -> float:
    return min(base * 2 ** max(attempt - 1, 0), BACKOFF_CAP)


def _send_all(provider: Provider, rows: list[tuple], workers: int, backoff_base: float,
              post_size: int) -> list[dict]:
    """Posts every claimed message (`post_size` a request when the provider takes batches);
    once the gateway is unreachable the rest of the round is not tried (each would wait for its
    own timeout) but queued again with the same back-off."""
    down = threading.Event()
    unreachable = SendOutcome("retry", error="gateway unreachable (earlier in this round)")

    def chunk(part: list[tuple]) -> list[dict]:
        if down.is_set():
            outcomes = [unreachable] * len(part)
        elif post_size > 1 and hasattr(provider, "send_batch"):
            outcomes = provider.send_batch([(str(key), mobile, body) for _, key, mobile, body, _ in part])
        else:
            outcomes = [provider.send(str(key), mobile, body) for _, key, mobile, body, _ in part]
        if any(o.outcome == "retry" and (o.error or "").startswith("gateway unreachable") for o in outcomes):
            down.set()
        entries = []
        for (message_id, _, _, _, attempt), result in zip(part, outcomes):
            entry = {"id": message_id, "outcome": result.outcome}
            if result.outcome == "sent":
                entry["provider_id"] = result.provider_id
            else:
                entry["error"] = result.error
                entry["retry_after"] = backoff(attempt, backoff_base)
            entries.append(entry)
        return entries

    size = max(post_size, 1)
    parts = [rows[i:i + size] for i in range(0, len(rows), size)]
    if workers <= 1 or len(parts) <= 1:
        return [e for part in parts for e in chunk(part)]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sms-send") as pool:
        return [e for entries in pool.map(chunk, parts) for e in entries]


def collect_reports(conn: psycopg.Connection, provider: Provider, limit: int = 5000) -> int:
    """Records the provider's delivery reports, then acknowledges them (a crash in between only
    means they are recorded again: recording is idempotent)."""
    total = 0
    while True:
        reports = provider.reports(limit)
        if not reports:
            return total
        total += conn.execute("SELECT crm.sms_agent_delivery(%s)", (Jsonb(reports),)).fetchone()[0]
        provider.acknowledge([r["provider_id"] for r in reports])
        if len(reports) < limit:
            return total


def dispatch(conn: psycopg.Connection, provider: Provider, *, batch: int = DEFAULT_BATCH,
             lease_seconds: int = DEFAULT_LEASE_SECONDS, backoff_base: float = DEFAULT_BACKOFF_BASE,
             workers: int = DEFAULT_WORKERS, post_size: int = DEFAULT_POST_SIZE, max_rounds: int = 1000,
             stop: threading.Event | None = None, reports: bool = True) -> DispatchReport:
    """Sends due messages until none is due (or `max_rounds` batches), then collects reports."""
    report = DispatchReport()
    for _ in range(max_rounds):
        if stop is not None and stop.is_set():
            break
        rows = conn.execute("SELECT id, idempotency_key, mobile, body, attempts FROM crm.sms_agent_claim(%s, %s)",
                            (batch, lease_seconds)).fetchall()
        if not rows:
            break
        report.rounds += 1
        report.claimed += len(rows)
        results = _send_all(provider, rows, workers, backoff_base, post_size)
        conn.execute("SELECT crm.sms_agent_result(%s)", (Jsonb(results),))
        for entry in results:
            if entry["outcome"] == "sent":
                report.sent += 1
            elif entry["outcome"] == "retry":
                report.retried += 1
            else:
                report.failed += 1
        if all(e["outcome"] == "retry" for e in results):
            break                          # the gateway is down: the rest waits for its back-off
    if reports:
        try:
            report.delivered_reports = collect_reports(conn, provider)
        except requests.RequestException as error:
            report.errors.append(f"delivery reports: {type(error).__name__}")
    return report


def run_job(conn: psycopg.Connection) -> dict:
    """The agent job `sms_dispatch` (crm_desktop/agent/jobs.py)."""
    configured = load_config()
    if configured is None:
        return {"configured": False}
    url, token = configured
    result = dispatch(conn, HttpProvider(url, token))
    summary = result.as_dict()
    if result.errors:
        summary["errors"] = result.errors
    return summary
