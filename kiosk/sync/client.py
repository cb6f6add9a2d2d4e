"""HTTP client of the portal protocol (requests), mapping every answer to what the kiosk does.

- Every call has an explicit (connect, read) timeout, `Authorization: Bearer` and `Kiosk-Id`.
- HTTPS is verified (CA bundle and client certificate from settings); plain HTTP is refused
  unless the host is a loopback address.
- Status mapping, per the protocol: 2xx done; 400/413/422 `ItemRejectedError` (quarantine
  the item); 401/403 `DeviceRefusedError`; 404 `PortalNotFoundError`; 409 `PortalBusyError`
  (retry later; on PATCH an `OffsetConflictError` carrying the server's offset); 408/429/5xx
  `TransientError`; no answer at all (refused, reset, timeout) `PortalConnectionError`.
- A `Retry-After` (seconds or HTTP-date) closes a gate: until it passes, every call raises
  `PortalWaitError` without sending anything. `on_hold` hears of it before anything else
  happens, so that a crash right after a 429 cannot forget the wait.
- Every exchange has a total deadline (`request_deadline_s`, and the end of the running sync
  pass if one is set), not only per-socket timeouts (see kiosk.sync.deadline); at most
  `MAX_ANSWER_BYTES` of an answer are read (`MAX_BUNDLE_ANSWER_BYTES` of the catalogue
  bundle, GET /v1/catalogue/bundle: docs/sync.md).
- Failures are counted per kind of request (health, upload, dossier post, ...) and a kind's
  count goes back to zero when such a request gets an answer: the worker paces itself on
  what is failing now, not on old failures of other requests.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from kiosk import __version__
from kiosk.config import Settings
from kiosk.sync.backoff import parse_retry_after
from kiosk.sync.credentials import Credentials
from kiosk.sync.deadline import DeadlineAdapter, deadline
from kiosk.sync.envelope import EnvelopeError, PortalKey
from kiosk.sync.errors import InsecurePortalError, PortalSettingsError

log = logging.getLogger(__name__)

REJECT_STATUSES = frozenset({400, 413, 422})
DEVICE_STATUSES = frozenset({401, 403})
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_MESSAGE = 500
# JSON answers of this protocol are a few hundred bytes; anything past this is refused
# (a portal that streams 200 MB must not grow the kiosk's memory).
MAX_ANSWER_BYTES = 4 * 1024 * 1024
# The signed catalogue bundle is the one large answer (the whole catalogue, base64 twice);
# kiosk/forms/catalogue_bundle.py refuses anything larger than this too.
MAX_BUNDLE_ANSWER_BYTES = 16 * 1024 * 1024
READ_CHUNK = 64 * 1024

# Kinds of request, for failure counting and logs.
HEALTH = "health"
KEY = "key"
UPLOAD_CREATE = "upload-create"
UPLOAD_HEAD = "upload-head"
UPLOAD_PATCH = "upload-patch"
DOSSIER_POST = "dossier-post"
DOSSIER_STATUS = "dossier-status"
HEARTBEAT = "heartbeat"
CATALOGUE_BUNDLE = "catalogue-bundle"


class PortalError(Exception):
    def __init__(self, detail: str, status: int | None = None, kind: str = "") -> None:
        super().__init__(f"{status} {detail}" if status else detail)
        self.status = status
        self.detail = detail
        self.kind = kind


class TransientError(PortalError):
    """Retry later with backoff (408, 429, 5xx, or an answer the kiosk cannot use)."""


class PortalConnectionError(TransientError):
    """No answer at all (refused, reset, timeout, TLS): the kiosk goes back to probing."""


class ItemRejectedError(PortalError):
    """Permanent for this item (400, 413, 422): `detail` is the server's message."""


class DeviceRefusedError(PortalError):
    """401/403: permanent for the device."""


class PortalNotFoundError(PortalError):
    pass


class PortalBusyError(PortalError):
    """409: the same idempotency key is being processed right now."""


class OffsetConflictError(PortalError):
    def __init__(self, server_offset: int) -> None:
        super().__init__(f"server offset is {server_offset}", 409)
        self.server_offset = server_offset


class PortalWaitError(PortalError):
    """A Retry-After is running: nothing was sent."""

    def __init__(self, remaining_s: float) -> None:
        super().__init__(f"waiting {remaining_s:.1f}s (Retry-After)")
        self.remaining_s = remaining_s


class PassTimeUpError(PortalError):
    """The sync pass's time is up: nothing was sent."""

    def __init__(self) -> None:
        super().__init__("the sync pass's time is up")


@dataclass(frozen=True)
class Upload:
    upload_id: str
    offset: int


@dataclass
class Answer:
    """A portal answer, its body read within the deadline and the size cap."""

    status_code: int
    headers: CaseInsensitiveDict[str]
    content: bytes = b""
    truncated: bool = False  # the body was longer than the request's limit
    kind: str = field(default="")

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        if self.truncated:
            raise ValueError("answer too large")
        return json.loads(self.content)


def check_portal_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InsecurePortalError(f"not an http(s) URL: {url!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InsecurePortalError(f"plain HTTP to {parts.hostname}")
    return url.rstrip("/")


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def describe_request_error(exc: BaseException) -> str:
    """Which check failed, in words an administrator can act on (never the request body).

    For TLS this names the certificate problem ("certificate verify failed: self-signed
    certificate", "hostname mismatch"), which a bare "SSLError" does not."""
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError) or "SSL" in text:
        m = re.search(r"certificate verify failed: ([^(\]'\"]+)", text)
        if m:
            return f"TLS: certificate verify failed: {m.group(1).strip()}"
        m = re.search(r"\[SSL: ([A-Z0-9_]+)\] ?([^(\]'\"]*)", text)
        if m:
            return f"TLS: {m.group(2).strip() or m.group(1)} ({m.group(1)})"
        m = re.search(r"(hostname '[^']*' doesn't match[^,)\"]*)", text)
        if m:
            return f"TLS: {m.group(1)}"
        return "TLS: handshake failed"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect timeout"
    if isinstance(exc, requests.exceptions.Timeout):
        return "read timeout"
    for needle, words in (("Connection refused", "connection refused"),
                          ("Name or service not known", "host name not found"),
                          ("Temporary failure in name resolution", "host name not found"),
                          ("Connection reset", "connection reset"),
                          ("RemoteDisconnected", "connection closed without an answer"),
                          ("IncompleteRead", "answer cut short (connection closed early)"),
                          ("Network is unreachable", "network unreachable")):
        if needle in text:
            return words
    return type(exc).__name__


class _ContextAdapter(DeadlineAdapter):
    """Uses a prepared SSLContext: needed for a password-protected client key."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)


class PortalClient:
    def __init__(
        self,
        base_url: str,
        kiosk_id: str,
        credentials: Credentials,
        *,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 30.0,
        request_deadline_s: float = 120.0,
        ca_bundle: str | None = None,
        client_cert: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_hold: Callable[[float], None] | None = None,
    ) -> None:
        self.base_url = check_portal_url(base_url)
        for name, path in (("portal_ca_bundle", ca_bundle), ("portal_client_cert", client_cert)):
            if path and not Path(path).is_file():
                raise PortalSettingsError(f"{name} {path} is not a readable file")
        self.kiosk_id = kiosk_id
        self.credentials = credentials
        self.timeout = (connect_timeout_s, read_timeout_s)
        self.request_deadline_s = request_deadline_s
        self.clock = clock
        self.on_hold = on_hold  # hears the wall-clock end of every Retry-After at once
        self._verify: bool | str = ca_bundle or True
        self._cert: str | None = None
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc credentials from the environment
        self._session.mount("https://", DeadlineAdapter())
        self._session.mount("http://", DeadlineAdapter())
        self._lock = threading.Lock()
        self._not_before = 0.0
        self._pass_ends_at: float | None = None
        self._failures: dict[str, int] = {}
        self._unanswered = 0
        self.last_error: str | None = None
        if client_cert:
            password = credentials.client_cert_password()
            if password:
                context = ssl.create_default_context(cafile=ca_bundle)
                context.load_cert_chain(client_cert, password=password)
                self._session.mount("https://", _ContextAdapter(context))
            else:
                self._cert = client_cert

    @classmethod
    def from_settings(
        cls, settings: Settings, credentials: Credentials, portal_url: str | None = None
    ) -> PortalClient:
        return cls(
            portal_url or settings.portal_url,
            settings.kiosk_id,
            credentials,
            connect_timeout_s=settings.portal_connect_timeout_s,
            read_timeout_s=settings.portal_read_timeout_s,
            request_deadline_s=settings.portal_request_deadline_s,
            ca_bundle=str(settings.portal_ca_bundle) if settings.portal_ca_bundle else None,
            client_cert=str(settings.portal_client_cert) if settings.portal_client_cert else None,
        )

    def close(self) -> None:
        self._session.close()

    # The Retry-After gate.

    def wait_remaining(self) -> float:
        with self._lock:
            return max(0.0, self._not_before - self.clock())

    def hold(self, seconds: float) -> None:
        """Send nothing for `seconds` (from a Retry-After, or the worker's portal backoff)."""
        with self._lock:
            self._not_before = max(self._not_before, self.clock() + seconds)

    # The sync pass's end and failure counts.

    def set_pass_end(self, ends_at: float | None) -> None:
        """No exchange may outlast `ends_at` (on `clock`); None: only the per-request deadline."""
        with self._lock:
            self._pass_ends_at = ends_at

    def failures(self, kind: str) -> int:
        """Failures in a row of this kind of request (0 after it last got an answer)."""
        with self._lock:
            return self._failures.get(kind, 0)

    def unanswered(self) -> int:
        """Requests in a row, of any kind, that got no answer at all (reset, timeout,
        refused): the sign of an outage, which a 5xx (an answer) is not."""
        with self._lock:
            return self._unanswered

    def _count(self, kind: str, failed: bool, answered: bool = True) -> None:
        with self._lock:
            self._failures[kind] = self._failures.get(kind, 0) + 1 if failed else 0
            self._unanswered = 0 if answered else self._unanswered + 1

    # Endpoints.

    def health(self) -> dict[str, Any]:
        return self._json(self._request("GET", "/v1/health", HEALTH))

    def dossier_key(self) -> PortalKey | None:
        try:
            body = self._json(self._request("GET", "/v1/keys/dossier", KEY))
        except PortalNotFoundError:
            return None
        try:
            return PortalKey.from_response(body)
        except EnvelopeError as exc:
            raise TransientError(f"unusable portal key: {exc}") from exc

    def create_upload(self, key: str, length: int, sha256: str) -> Upload:
        r = self._request(
            "POST",
            "/v1/uploads",
            UPLOAD_CREATE,
            headers={"Idempotency-Key": key, "Upload-Length": str(length), "Upload-Sha256": sha256},
        )
        body = self._json(r)
        upload_id = body.get("upload_id")
        offset = body.get("offset")
        if not isinstance(upload_id, str) or not isinstance(offset, int):
            raise TransientError("upload answer lacks upload_id/offset", r.status_code,
                                 UPLOAD_CREATE)
        return Upload(upload_id, offset)

    def upload_offset(self, upload_id: str) -> tuple[int, int]:
        """(offset, length) of an upload, from HEAD."""
        r = self._request("HEAD", f"/v1/uploads/{upload_id}", UPLOAD_HEAD)
        return _int_header(r, "Upload-Offset"), _int_header(r, "Upload-Length")

    def patch_upload(self, upload_id: str, offset: int, data: bytes) -> int:
        """Send the bytes at `offset`; returns the server's new offset."""
        r = self._request(
            "PATCH",
            f"/v1/uploads/{upload_id}",
            UPLOAD_PATCH,
            headers={
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
            },
            data=data,
        )
        return _int_header(r, "Upload-Offset")

    def post_dossier(self, dossier_id: str, body: bytes) -> dict[str, Any]:
        r = self._request(
            "POST",
            "/v1/dossiers",
            DOSSIER_POST,
            headers={"Idempotency-Key": dossier_id, "Content-Type": "application/json"},
            data=body,
        )
        return self._json(r)

    def dossier_status(self, dossier_id: str) -> dict[str, Any]:
        return self._json(self._request("GET", f"/v1/dossiers/{dossier_id}", DOSSIER_STATUS))

    def catalogue_bundle(self, after: str | None, province_code: int) -> bytes | None:
        """The portal's newest signed catalogue bundle, as sent (the caller checks it), or
        None when it has none newer than `after` (204). PortalNotFoundError: it publishes
        none."""
        query = urlencode({"province": province_code, **({"after": after} if after else {})})
        r = self._request("GET", f"/v1/catalogue/bundle?{query}", CATALOGUE_BUNDLE,
                          headers={"Accept": "application/jose"},
                          max_bytes=MAX_BUNDLE_ANSWER_BYTES)
        return None if r.status_code == 204 else r.content

    def heartbeat(self, body: Mapping[str, Any]) -> None:
        self._request(
            "POST",
            "/v1/heartbeats",
            HEARTBEAT,
            headers={"Content-Type": "application/json"},
            data=json.dumps(body).encode(),
        )

    # Transport and status mapping.

    def _request(
        self,
        method: str,
        path: str,
        kind: str,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
        max_bytes: int = MAX_ANSWER_BYTES,
    ) -> Answer:
        remaining = self.wait_remaining()
        if remaining > 0:
            raise PortalWaitError(remaining)
        limit = self.request_deadline_s
        with self._lock:
            if self._pass_ends_at is not None:
                left = self._pass_ends_at - self.clock()
                if left <= 0:
                    raise PassTimeUpError
                limit = min(limit, left)
        all_headers = {
            "Authorization": f"Bearer {self.credentials.device_token()}",
            "Kiosk-Id": self.kiosk_id,
            "User-Agent": f"hanoi-kiosk/{__version__}",
            **(headers or {}),
        }
        what = f"{method} {path}"
        with deadline(limit) as watch:
            try:
                r = self._session.request(
                    method,
                    self.base_url + path,
                    headers=all_headers,
                    data=data,
                    timeout=(min(self.timeout[0], limit), min(self.timeout[1], limit)),
                    verify=self._verify,
                    cert=self._cert,
                    allow_redirects=False,
                    stream=True,
                )
                try:
                    answer = _read_answer(r, kind, max_bytes)
                finally:
                    r.close()
            except requests.exceptions.RequestException as exc:
                self._count(kind, failed=True, answered=False)
                why = (f"no complete answer within {limit:.0f}s" if watch.expired
                       else describe_request_error(exc))
                self.last_error = f"{what}: {why}"
                log.warning("portal %s: %s", what, why)
                raise PortalConnectionError(f"{what}: {why}", kind=kind) from exc
        retry_after = parse_retry_after(answer.headers.get("Retry-After"))
        if retry_after is not None:
            self.hold(retry_after)
            if self.on_hold is not None:
                # Persisted before the caller does anything else (a crash now must not
                # forget the wait).
                self.on_hold(time.time() + retry_after)
        log.debug("%s %s -> %d", method, path, answer.status_code)
        try:
            self._raise_for(method, path, answer)
        except TransientError:
            self._count(kind, failed=True)
            raise
        self._count(kind, failed=False)
        self.last_error = None
        return answer

    def _raise_for(self, method: str, path: str, r: Answer) -> None:
        status = r.status_code
        kind = r.kind
        what = f"{method} {path}"
        if 200 <= status < 300:
            if r.truncated:
                raise TransientError(f"{what}: answer larger than the limit", status, kind)
            return
        if status in REJECT_STATUSES:
            raise ItemRejectedError(_server_message(r), status, kind)
        if status in DEVICE_STATUSES:
            raise DeviceRefusedError(f"{what} refused the device", status, kind)
        if status == 404:
            raise PortalNotFoundError(f"{what}: unknown", status, kind)
        if status == 409:
            if method == "PATCH" and "Upload-Offset" in r.headers:
                raise OffsetConflictError(_int_header(r, "Upload-Offset"))
            raise PortalBusyError(f"{what}: in progress", status, kind)
        if status in TRANSIENT_STATUSES or status >= 500 or status < 400:
            raise TransientError(what, status, kind)
        # Other 4xx: the protocol names none; nothing suggests a retry would fare better.
        raise ItemRejectedError(_server_message(r), status, kind)

    @staticmethod
    def _json(r: Answer) -> dict[str, Any]:
        try:
            body = r.json()
        except ValueError as exc:
            raise TransientError("answer is not JSON", r.status_code, r.kind) from exc
        if not isinstance(body, dict):
            raise TransientError("answer is not a JSON object", r.status_code, r.kind)
        return body


def _read_answer(r: requests.Response, kind: str, max_bytes: int = MAX_ANSWER_BYTES
                 ) -> Answer:
    """Status, headers and at most `max_bytes` of the body (decoded)."""
    answer = Answer(r.status_code, r.headers, kind=kind)
    declared = r.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        answer.truncated = True
        return answer
    chunks: list[bytes] = []
    size = 0
    for chunk in r.iter_content(READ_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            answer.truncated = True
            break
        chunks.append(chunk)
    answer.content = b"".join(chunks)
    return answer


def _int_header(r: Answer, name: str) -> int:
    try:
        return int(r.headers[name])
    except (KeyError, ValueError) as exc:
        raise TransientError(f"missing or bad {name} header", r.status_code, r.kind) from exc


def _server_message(r: Answer) -> str:
    """The server's explanation for a rejection, kept with the quarantined dossier."""
    try:
        body = r.json()
    except ValueError:
        return f"HTTP {r.status_code}: {r.text[:MAX_MESSAGE]}".strip()
    if isinstance(body, dict) and isinstance(body.get("errors"), list):
        parts = []
        for e in body["errors"]:
            if isinstance(e, dict):
                field = e.get("field")
                parts.append(f"{field}: {e.get('message')}" if field else str(e.get("message")))
        return f"HTTP {r.status_code}: " + "; ".join(parts)[:MAX_MESSAGE]
    return f"HTTP {r.status_code}: {json.dumps(body, ensure_ascii=False)[:MAX_MESSAGE]}"
