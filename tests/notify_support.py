"""Real peers for the notify service's tests: an SMTP server (aiosmtpd) and a webhook receiver.

Both run in this test process on free ports; the SMTP server can be stopped and
started again on the same port to play a mail server that is down for a while.
"""

from __future__ import annotations

import email
import email.policy
import json
import threading
import warnings
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from servicekit.dev.natsserver import free_port


class _Collect:
    def __init__(self, sink: MailSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.content if isinstance(envelope.content, bytes) else b""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.sink.lock:
            self.sink.messages.append(message)
        return "250 OK"


class MailSink:
    """An SMTP server that keeps every message it is given."""

    def __init__(self, port: int | None = None, *, login: tuple[str, str] | None = None) -> None:
        self.port = port or free_port()
        # With a login, the server refuses mail from a client that has not logged in.
        self.login = login
        self.messages: list[EmailMessage] = []
        self.lock = threading.Lock()
        self._controller: Controller | None = None

    def start(self) -> None:
        if self.login is None:
            self._controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)
        else:
            # Plain-text AUTH is what a test on loopback may do; aiosmtpd warns of it.
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            self._controller = Controller(
                _Collect(self),
                hostname="127.0.0.1",
                port=self.port,
                auth_required=True,
                auth_require_tls=False,
                authenticator=self._authenticate,
            )
        self._controller.start()

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        given = (data.login.decode(), data.password.decode()) if data else None
        # handled=False: the server answers 235 or 535 itself.
        return AuthResult(success=given == self.login, handled=False)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]

    def ids(self) -> list[str]:
        with self.lock:
            return [str(m["Message-ID"]) for m in self.messages]

    def env(self) -> dict[str, str]:
        return {"KPD_NOTIFY_SMTP_HOST": "127.0.0.1", "KPD_NOTIFY_SMTP_PORT": str(self.port)}


class HookReceiver:
    """An HTTP server that answers robots' requests as WeCom does (``{"errcode": 0}``)."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], dict[str, Any]]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                receiver.requests.append((self.path, dict(self.headers.items()), body))
                answer = b'{"errcode": 0, "errmsg": "ok"}'
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
