"""The reference portal: a real HTTP server (http.server.ThreadingHTTPServer) speaking the
sync protocol, for tests, benchmarks and the kiosk's demo mode.

    sim = PortalSim(data_dir, tokens=["demo-token"], key=True, faults="500=0.1,seed=1")
    url = sim.start()            # port 0: a free loopback port
    ...                          # sim.dossiers(), sim.requests(), sim.attachment(...)
    sim.stop()

or from a shell: `kiosk portal-sim --port 8765 --data DIR --key --faults SPEC`.
Tokens accepted: those passed in, plus one per line in DIR/tokens.txt; with neither, a
random token is created in DIR/tokens.txt. Faults: see kiosk.portal_sim.faults.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
import socket
import ssl
import struct
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from jwcrypto.jwk import JWK

from kiosk.portal_sim.catalogue_publisher import CataloguePublisher
from kiosk.portal_sim.faults import FaultPlan, FaultSpec
from kiosk.portal_sim.store import PortalStore, Reply, rfc3339
from kiosk.sync import envelope

log = logging.getLogger(__name__)

TOKENS_FILE = "tokens.txt"
KEY_FILE = "portal_key.jwk"
MAX_BODY = 80 * 1024 * 1024
_UPLOAD = re.compile(r"^/v1/uploads/([A-Za-z0-9_-]+)$")
_DOSSIER = re.compile(r"^/v1/dossiers/([A-Za-z0-9_-]+)$")


@dataclass(frozen=True)
class RequestRecord:
    at: float  # wall clock
    mono: float  # monotonic clock, for counting requests in a window
    method: str
    path: str
    status: int | None  # None: the connection was reset (no answer)
    fault: str | None
    idempotency_key: str | None
    upload_offset: str | None
    acted: int | None = None  # status of the work done before a reset-after


class PortalSim:
    def __init__(
        self,
        data_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tokens: Iterable[str] | None = None,
        key: bool = False,
        faults: str | FaultSpec | None = None,
        agency: str = "H26.22.01",
        advance_s: float = 30.0,
        tls: ssl.SSLContext | None = None,
        catalogue: Path | None = None,
        province_code: int = 1,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.tls = tls  # server context: HTTPS (and mutual TLS if it verifies clients)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.host = host
        self.port = port
        self.tokens: set[str] = set(tokens or ()) | self._file_tokens()
        if not self.tokens:
            token = secrets.token_urlsafe(24)
            (self.data_dir / TOKENS_FILE).write_text(token + "\n", encoding="ascii")
            self.tokens.add(token)
            log.warning("portal-sim: no token given; created one in %s",
                        self.data_dir / TOKENS_FILE)
        self.private_key: JWK | None = (
            envelope.load_or_create_private_key(self.data_dir / KEY_FILE) if key else None
        )
        self.set_faults(faults)
        self.store = PortalStore(self.data_dir, agency=agency, private_key=self.private_key,
                                 advance_s=advance_s)
        self.heartbeats: list[dict[str, Any]] = []
        # Signed catalogue bundles (GET /v1/catalogue/bundle): `catalogue` is published now;
        # tests publish more with `sim.catalogue.publish(folder)`.
        self.catalogue = CataloguePublisher(self.data_dir, province_code)
        if catalogue is not None:
            self.catalogue.publish(catalogue)
        self._log: list[RequestRecord] = []
        self._log_lock = threading.Lock()
        self._conns: set[socket.socket] = set()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._started = time.monotonic()
        self._stopping = threading.Event()  # ends trickling answers at stop()

    def _file_tokens(self) -> set[str]:
        path = self.data_dir / TOKENS_FILE
        if not path.exists():
            return set()
        return {line.strip() for line in path.read_text(encoding="ascii").splitlines()
                if line.strip()}

    # Life cycle.

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("portal-sim is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host}:{self._server.server_port}"

    def _bind(self) -> _Server:
        server = _Server((self.host, self.port), _Handler, self)
        if self.tls is not None:
            # The handshake runs in each handler thread (see _Handler.setup), not in accept().
            server.socket = self.tls.wrap_socket(server.socket, server_side=True,
                                                 do_handshake_on_connect=False)
        return server

    def start(self) -> str:
        self._server = self._bind()
        self._started = time.monotonic()
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.1},
                                        name="portal-sim", daemon=True)
        self._thread.start()
        log.info("portal-sim listening on %s", self.url)
        return self.url

    def serve_forever(self, ready: Callable[[str], None] | None = None) -> None:
        """Run in the calling thread until KeyboardInterrupt (the CLI)."""
        self._server = self._bind()
        self._started = time.monotonic()
        if ready is not None:
            ready(self.url)
        try:
            self._server.serve_forever(poll_interval=0.2)
        finally:
            self._server.server_close()
            self.store.close()

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            with self._log_lock:
                conns = list(self._conns)
            for conn in conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._server = None
        self.store.close()

    def __enter__(self) -> PortalSim:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # Control and inspection.

    def set_faults(self, faults: str | FaultSpec | None) -> None:
        spec = faults if isinstance(faults, FaultSpec) else FaultSpec.parse(faults)
        self.faults = FaultPlan(spec)

    def set_down(self, down: bool) -> None:
        self.faults.forced_down = down

    def revoke_token(self, token: str) -> None:
        self.tokens.discard(token)

    def add_token(self, token: str) -> None:
        self.tokens.add(token)

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def requests(self, method: str | None = None, prefix: str = "") -> list[RequestRecord]:
        with self._log_lock:
            return [r for r in self._log
                    if (method is None or r.method == method) and r.path.startswith(prefix)]

    def dossiers(self) -> list[dict[str, Any]]:
        """Accepted dossiers (payload decrypted), oldest first."""
        return self.store.dossiers()

    def attachment(self, upload_id: str) -> bytes:
        """An uploaded attachment as the kiosk sent it, decrypted when it is a JWE."""
        data = self.store.upload_bytes(upload_id)
        if self.private_key is not None and data[:2] == b"ey" and data.count(b".") == 4:
            return envelope.decrypt(data, self.private_key)[0]
        return data

    def _record(self, record: RequestRecord) -> None:
        with self._log_lock:
            self._log.append(record)

    # Routing (called by the handler threads).

    def route(self, method: str, path: str, headers: Any, body: bytes, query: str = ""
              ) -> Reply:
        kiosk_id = headers.get("Kiosk-Id") or ""
        if method == "GET" and path == "/v1/health":
            return Reply(200, {"status": "ok", "time": rfc3339(time.time())})
        if method == "GET" and path == "/v1/keys/dossier":
            if self.private_key is None:
                return Reply(404, {"errors": [{"field": None, "message": "plaintext portal"}]})
            return Reply(200, envelope.published_key(self.private_key))
        if path == "/v1/uploads" and method == "POST":
            return self.store.create_upload(headers.get("Idempotency-Key"),
                                            headers.get("Upload-Length"),
                                            headers.get("Upload-Sha256"), kiosk_id)
        if m := _UPLOAD.match(path):
            if method == "HEAD":
                return self.store.head_upload(m.group(1))
            if method == "PATCH":
                return self.store.patch_upload(m.group(1), headers.get("Upload-Offset"),
                                               headers.get("Content-Type"), body)
        if path == "/v1/dossiers" and method == "POST":
            return self.store.post_dossier(headers.get("Idempotency-Key"), body, kiosk_id)
        if (m := _DOSSIER.match(path)) and method == "GET":
            return self.store.dossier_status(m.group(1))
        if method == "GET" and path == "/v1/catalogue/bundle":
            return self.catalogue.answer(parse_qs(query), self.faults.spec.catalogue)
        if path == "/v1/heartbeats" and method == "POST":
            try:
                self.heartbeats.append(json.loads(body))
            except ValueError:
                return Reply(400, {"errors": [{"field": None, "message": "not JSON"}]})
            return Reply(204)
        return Reply(404, {"errors": [{"field": None, "message": f"no route {method} {path}"}]})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # idle keep-alive connections must not hold up stop()
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[_Handler], sim: PortalSim
                 ) -> None:
        self.sim = sim
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that vanished mid-answer (killed kiosk, timeout) is routine here.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
            log.debug("portal-sim: client %s gone: %s", client_address, type(exc).__name__)
            return
        log.exception("portal-sim: error handling a request from %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real portal
    timeout = 30  # idle connections close
    server: _Server

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()
        super().setup()
        # Headers and body go out in separate writes: without NODELAY, Nagle's algorithm and
        # the client's delayed ACK add ~40 ms to every keep-alive answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.sim._log_lock:
            self.server.sim._conns.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.sim._log_lock:
                self.server.sim._conns.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("portal-sim %s", format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        sim = self.server.sim
        path, _, query = self.path.partition("?")
        decision = sim.faults.decide(sim.elapsed())

        def record(status: int | None, acted: int | None = None) -> None:
            sim._record(RequestRecord(
                at=time.time(), mono=time.monotonic(), method=method, path=path, status=status,
                fault=decision.label, idempotency_key=self.headers.get("Idempotency-Key"),
                upload_offset=self.headers.get("Upload-Offset"), acted=acted))

        if decision.down or decision.reset_before:
            record(None)
            self._reset()
            return
        if decision.slow_s:
            time.sleep(decision.slow_s)
        body = self._read_body()
        if body is None:
            record(413)
            self._send(Reply(413, {"errors": [{"field": None, "message": "body too large"}]}))
            self.close_connection = True
            return
        if decision.status is not None:
            fault = decision.status
            reply = Reply(fault.status, {"errors": [{"field": None, "message": "injected"}]})
            if fault.retry_after_s is not None:
                reply.headers["Retry-After"] = _retry_after(fault.retry_after_s,
                                                            fault.retry_after_as_date)
            record(fault.status)
            self._send(reply)
            return
        if not self._authorized():
            record(401)
            self._send(Reply(401, {"errors": [{"field": None, "message": "bad device token"}]}))
            return
        if decision.huge_bytes:
            record(200)
            self._send_huge(decision.huge_bytes)
            return
        if decision.lie and (lie := _lie(decision.lie, method, path, body)) is not None:
            record(lie.status)
            self._send(lie)
            return
        reply = sim.route(method, path, self.headers, body, query)
        if decision.trickle_gap_s:
            record(reply.status)
            self._send_trickle(reply, decision.trickle_gap_s)
            return
        if decision.reset_after:
            record(None, acted=reply.status)
            self._reset()
            return
        record(reply.status)
        self._send(reply)

    def _authorized(self) -> bool:
        auth = self.headers.get("Authorization") or ""
        scheme, _, token = auth.partition(" ")
        return scheme.lower() == "bearer" and token.strip() in self.server.sim.tokens and bool(
            self.headers.get("Kiosk-Id")
        )

    def _read_body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return None
        return self.rfile.read(length) if length else b""

    def _send(self, reply: Reply) -> None:
        raw = isinstance(reply.body, bytes)
        data = reply.body if isinstance(reply.body, bytes) else b"" if reply.body is None \
            else json.dumps(reply.body, ensure_ascii=False).encode()
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if data and not raw:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data and self.command != "HEAD":
            if reply.send_only is not None:  # a fault: the connection drops mid-body
                self.wfile.write(data[: reply.send_only])
                self.wfile.flush()
                self.close_connection = True  # closed cleanly: the client sees a short body
                return
            self.wfile.write(data)

    def _send_huge(self, size: int) -> None:
        """200 with a body of `size` bytes, streamed (never held in memory here)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b" " * 65536
        left = size if self.command != "HEAD" else 0
        try:
            while left > 0:
                self.wfile.write(chunk[:left])
                left -= min(left, len(chunk))
        except OSError:
            pass  # the client stopped reading: what a client that refuses it does
        self.close_connection = True

    def _send_trickle(self, reply: Reply, gap_s: float) -> None:
        """The whole answer, status line first, one byte per `gap_s`."""
        data = b"" if reply.body is None else json.dumps(reply.body, ensure_ascii=False).encode()
        head = [f"HTTP/1.1 {reply.status} X"]
        head += [f"{k}: {v}" for k, v in reply.headers.items()]
        if data:
            head.append("Content-Type: application/json; charset=utf-8")
        head.append(f"Content-Length: {len(data)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + (
            data if self.command != "HEAD" else b"")
        self.close_connection = True
        stop = self.server.sim._stopping
        try:
            for i in range(len(raw)):
                self.wfile.write(raw[i:i + 1])
                self.wfile.flush()
                if stop.wait(gap_s):
                    return
        except OSError:
            pass  # the client gave up waiting (its deadline): what this fault is for

    def _reset(self) -> None:
        """Drop the connection with a TCP reset: the client gets no answer at all."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass


def _lie(kind: str, method: str, path: str, body: bytes) -> Reply | None:
    """A 200 that does not name the dossier asked about (see portal_faults), or None where
    the route has no dossier to lie about."""
    if method == "POST" and path == "/v1/dossiers":
        try:
            sent = json.loads(body)
        except ValueError:
            return None
    elif method == "GET" and (m := _DOSSIER.match(path)):
        sent = {"dossier_id": m.group(1)}
    else:
        return None
    if not isinstance(sent, dict):
        return None
    answer: dict[str, Any] = {"official_code": f"FAKE-{uuid.uuid4().hex[:8]}",
                              "status": "completed", "received_at": rfc3339(time.time())}
    if kind == "lie-id":
        answer["dossier_id"] = str(uuid.uuid4())
    elif kind == "lie-service":
        answer["dossier_id"] = sent.get("dossier_id")
        answer["service_code"] = "9.999999"
    return Reply(200, answer)


def _retry_after(seconds: float, as_date: bool) -> str:
    if as_date:
        from email.utils import formatdate

        # HTTP-dates have whole seconds: round up so the wait is at least `seconds`.
        return formatdate(time.time() + seconds + 1, usegmt=True)
    return str(max(0, round(seconds)))
