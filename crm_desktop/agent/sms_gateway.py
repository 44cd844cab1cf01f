"""A local SMS gateway speaking the provider API the agent uses (`crm-admin sms gateway --port P`).

It serves the demo and the tests on loopback, and documents the API a real provider adapter
(crm_desktop/agent/sms_dispatch.py, `HttpProvider`) speaks. Every request carries
``Authorization: Bearer <token>``; without the right token the answer is 401.

``POST /v1/messages``  body ``{"to": "13912345678", "text": "...", "idempotency_key": "<uuid>"}``
    202 ``{"id": "gw-1", "status": "accepted", "duplicate": false}``: accepted for delivery.
    200 ``{"id": "gw-1", "status": "accepted", "duplicate": true}``: this key was accepted before;
        nothing is sent again (a retry after a lost answer is always safe).
    422 ``{"error": "rejected", "reason": "..."}``: this number is refused for good (the message
        can never be delivered).
    400 ``{"error": "bad_request", "reason": "..."}``: malformed request (never retried as is).
    503 ``{"error": "unavailable"}``: try again later (as is a timeout or a refused connection).
``POST /v1/messages/batch``  body ``{"messages": [{"to", "text", "idempotency_key"}, ...]}`` (1 to 500)
    200 ``{"results": [{"idempotency_key": "...", "code": 202 | 200 | 422 | 400 | 503, ...}]}``: each
    message answered as by POST /v1/messages, in order (``code`` is that call's status);
    503 for the whole request when the gateway is down.
``GET /v1/reports?limit=N``
    200 ``{"reports": [{"id": "gw-1", "status": "delivered" | "failed", "reason": null, "at": ISO-8601}]}``:
    delivery reports not yet acknowledged, oldest first.
``POST /v1/reports/ack``  body ``{"ids": ["gw-1", ...]}``: those reports are not returned again.

Test and demo controls (same token):
``POST /v1/control``  body with any of ``{"fail": true}`` (every send answers 503),
    ``{"fail_next": 3}`` (the next 3 sends answer 503), ``{"fail_every": 50}`` (every 50th send
    answers 503), ``{"delay": 0.5}`` (seconds before each
    answer), ``{"reject": ["139..."]}`` (422 for those numbers), ``{"undeliverable": ["139..."]}``
    (accepted, then a failed delivery report), ``{"reset": true}`` (forget everything).
``GET /v1/stats``  ``{"accepted": n, "duplicates": n, "rejected": n, "unavailable": n,
    "deliveries": {"13912345678": n, ...}}``: deliveries counts each number's distinct messages
    actually sent, so a test can prove that nothing went out twice.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

MAX_TEXT = 2000
MAX_BATCH = 500
MAX_BODY = MAX_BATCH * 8 * 1024


@dataclass
class GatewayState:
    fail: bool = False
    fail_next: int = 0
    fail_every: int = 0                 # every n-th post answers 503 (0: never)
    posts: int = 0
    delay: float = 0.0
    reject: set[str] = field(default_factory=set)
    undeliverable: set[str] = field(default_factory=set)
    by_key: dict[str, str] = field(default_factory=dict)          # idempotency key -> message id
    pending_reports: dict[str, dict] = field(default_factory=dict)
    deliveries: dict[str, int] = field(default_factory=dict)
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    unavailable: int = 0

    def stats(self) -> dict:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected,
                "unavailable": self.unavailable, "deliveries": dict(self.deliveries)}


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"          # keep-alive: the agent reuses one connection
    # One write per answer and no Nagle: headers and body sent apart wait for a delayed ACK
    # (40 ms a message on Linux).
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    # plumbing -------------------------------------------------------------------------------
    def _answer(self, status: int, data: dict) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        given = self.headers.get("Authorization", "")
        expected = f"Bearer {self.server.token}"
        if hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
            return True
        self._answer(401, {"error": "unauthorised"})
        return False

    def _body(self) -> dict | None:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            self.close_connection = True
            self._answer(400, {"error": "bad_request", "reason": "body missing or too large"})
            return None
        try:
            data = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            self._answer(400, {"error": "bad_request", "reason": "body is not JSON"})
            return None
        if not isinstance(data, dict):
            self._answer(400, {"error": "bad_request", "reason": "body is not a JSON object"})
            return None
        return data

    # routes ------------------------------------------------------------------------------------
    def do_POST(self):  # noqa: N802 - http.server's naming
        path = urlparse(self.path).path
        if not self._authorised():
            return
        data = self._body()
        if data is None:
            return
        if path == "/v1/messages":
            self._send(data)
        elif path == "/v1/messages/batch":
            self._send_batch(data)
        elif path == "/v1/reports/ack":
            ids = data.get("ids")
            if not isinstance(ids, list):
                self._answer(400, {"error": "bad_request", "reason": "ids is a list"})
                return
            with self.server.lock:
                for message_id in ids:
                    self.server.state.pending_reports.pop(str(message_id), None)
            self._answer(200, {"acknowledged": len(ids)})
        elif path == "/v1/control":
            self._control(data)
        else:
            self._answer(404, {"error": "not_found"})

    def do_GET(self):  # noqa: N802
        url = urlparse(self.path)
        if not self._authorised():
            return
        if url.path == "/v1/reports":
            try:
                limit = max(1, min(int(parse_qs(url.query).get("limit", ["1000"])[0]), 10000))
            except ValueError:
                limit = 1000
            with self.server.lock:
                reports = list(self.server.state.pending_reports.values())[:limit]
            self._answer(200, {"reports": reports})
        elif url.path == "/v1/stats":
            with self.server.lock:
                stats = self.server.state.stats()
            self._answer(200, stats)
        else:
            self._answer(404, {"error": "not_found"})

    def _send(self, data: dict) -> None:
        with self.server.lock:
            delay = self.server.state.delay
        if delay:
            time.sleep(delay)
        status, answer = self._accept(data, self.headers.get("Idempotency-Key"))
        self._answer(status, answer)

    def _send_batch(self, data: dict) -> None:
        messages = data.get("messages")
        if not isinstance(messages, list) or not 1 <= len(messages) <= MAX_BATCH:
            self._answer(400, {"error": "bad_request", "reason": f"messages is a list of 1 to {MAX_BATCH}"})
            return
        with self.server.lock:
            delay, down = self.server.state.delay, self.server.state.fail
        if delay:
            time.sleep(delay)
        if down:
            with self.server.lock:
                self.server.state.unavailable += len(messages)
            self._answer(503, {"error": "unavailable"})
            return
        results = []
        for message in messages:
            status, answer = self._accept(message if isinstance(message, dict) else {}, None)
            key = message.get("idempotency_key") if isinstance(message, dict) else None
            results.append({"idempotency_key": key, "code": status, **answer})
        self._answer(200, {"results": results})

    def _accept(self, data: dict, header_key: str | None) -> tuple[int, dict]:
        """One message: (HTTP status, answer) as documented for POST /v1/messages."""
        state, lock = self.server.state, self.server.lock
        to, text = data.get("to"), data.get("text")
        key = data.get("idempotency_key") or header_key
        if not (isinstance(to, str) and to.isdigit() and 6 <= len(to) <= 20):
            return 400, {"error": "bad_request", "reason": "to is a number of digits"}
        if not (isinstance(text, str) and 0 < len(text) <= MAX_TEXT):
            return 400, {"error": "bad_request", "reason": f"text is 1 to {MAX_TEXT} characters"}
        if not (isinstance(key, str) and 8 <= len(key) <= 100):
            return 400, {"error": "bad_request", "reason": "idempotency_key is required"}
        with lock:
            state.posts += 1
            if state.fail or state.fail_next > 0 or (state.fail_every and state.posts % state.fail_every == 0):
                state.fail_next = max(state.fail_next - 1, 0)
                state.unavailable += 1
                return 503, {"error": "unavailable"}
            if key in state.by_key:
                state.duplicates += 1
                return 200, {"id": state.by_key[key], "status": "accepted", "duplicate": True}
            if to in state.reject:
                state.rejected += 1
                return 422, {"error": "rejected", "reason": f"number {to[:3]}****{to[-4:]} is refused by the carrier"}
            state.accepted += 1
            message_id = f"gw-{state.accepted}"
            state.by_key[key] = message_id
            state.deliveries[to] = state.deliveries.get(to, 0) + 1
            failed = to in state.undeliverable
            state.pending_reports[message_id] = {
                "id": message_id, "status": "failed" if failed else "delivered",
                "reason": "handset unreachable" if failed else None,
                "at": dt.datetime.now(dt.timezone.utc).isoformat()}
            return 202, {"id": message_id, "status": "accepted", "duplicate": False}

    def _control(self, data: dict) -> None:
        state = self.server.state
        with self.server.lock:
            if data.get("reset"):
                self.server.state = state = GatewayState()
            if "fail" in data:
                state.fail = bool(data["fail"])
            if "fail_next" in data:
                state.fail_next = max(int(data["fail_next"]), 0)
            if "fail_every" in data:
                state.fail_every = max(int(data["fail_every"]), 0)
            if "delay" in data:
                state.delay = max(min(float(data["delay"]), 30.0), 0.0)
            if "reject" in data:
                state.reject = {str(n) for n in data["reject"]}
            if "undeliverable" in data:
                state.undeliverable = {str(n) for n in data["undeliverable"]}
            answer = {"fail": state.fail, "fail_next": state.fail_next, "fail_every": state.fail_every, "delay": state.delay,
                      "reject": sorted(state.reject), "undeliverable": sorted(state.undeliverable)}
        self._answer(200, answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, token: str, state: GatewayState | None):
        super().__init__(address, _Handler)
        self.token = token
        self.state = state or GatewayState()
        self.lock = threading.Lock()
        self.connections: set = set()

    def process_request(self, request, client_address):
        with self.lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        # A client that hung up first (its timeout, or a body refused before it was read, or
        # drop_connections) is no fault of the gateway: not a traceback on stderr for each.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def drop_connections(self) -> None:
        """A stopped gateway also ends its keep-alive connections, as a crashed one would."""
        import socket

        with self.lock:
            connections = list(self.connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class SmsGateway:
    """The gateway on 127.0.0.1 in a background thread (port 0: any free port). A gateway started
    again with the `state` of a stopped one remembers what that one accepted (tests of an outage)."""

    def __init__(self, token: str, port: int = 0, host: str = "127.0.0.1", state: GatewayState | None = None):
        if not token or len(token) < 16:
            raise ValueError("the gateway token must have at least 16 characters")
        self._server = _Server((host, port), token, state)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def state(self) -> GatewayState:
        return self._server.state

    def start(self) -> "SmsGateway":
        self._thread = threading.Thread(target=self._server.serve_forever, name="sms-gateway", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._server.drop_connections()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> "SmsGateway":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    """``python -m crm_desktop.agent.sms_gateway --port P``: the gateway alone in its own process,
    with the token from CRM_SMS_GATEWAY_TOKEN (the benchmark runs it so; `crm-admin sms gateway`
    also points the agent at it)."""
    import argparse
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    gateway = SmsGateway(os.environ["CRM_SMS_GATEWAY_TOKEN"], port=args.port)
    try:
        gateway.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
