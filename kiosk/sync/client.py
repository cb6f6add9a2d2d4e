"""HTTP client of the portal protocol (requests), mapping every answer to what the kiosk does.

- Every call has an explicit (connect, read) timeout, `Authorization: Bearer` and `Kiosk-Id`.
- HTTPS is verified (CA bundle and client certificate from settings); plain HTTP is refused
  unless the host is a loopback address.
- Status mapping, per the protocol: 2xx done; 400/413/422 `ItemRejectedError` (quarantine
  the item); 401/403 `DeviceRefusedError`; 404 `PortalNotFoundError`; 409 `PortalBusyError`
  (retry later; on PATCH an `OffsetConflictError` carrying the server's offset); 408/429/5xx
  `TransientError`; no answer at all (refused, reset, timeout) `PortalConnectionError`.
- A `Retry-After` (seconds or HTTP-date) closes a gate: until it passes, every call raises
  `PortalWaitError` without sending anything.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter

from kiosk import __version__
from kiosk.config import Settings
from kiosk.sync.backoff import parse_retry_after
from kiosk.sync.credentials import Credentials
from kiosk.sync.envelope import EnvelopeError, PortalKey
from kiosk.sync.errors import InsecurePortalError

log = logging.getLogger(__name__)

REJECT_STATUSES = frozenset({400, 413, 422})
DEVICE_STATUSES = frozenset({401, 403})
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_MESSAGE = 500


class PortalError(Exception):
    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(f"{status} {detail}" if status else detail)
        self.status = status
        self.detail = detail


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


@dataclass(frozen=True)
class Upload:
    upload_id: str
    offset: int


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


class _ContextAdapter(HTTPAdapter):
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
        ca_bundle: str | None = None,
        client_cert: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = check_portal_url(base_url)
        self.kiosk_id = kiosk_id
        self.credentials = credentials
        self.timeout = (connect_timeout_s, read_timeout_s)
        self.clock = clock
        self._verify: bool | str = ca_bundle or True
        self._cert: str | None = None
        self._session = requests.Session()
        self._session.trust_env = False  # no proxies or .netrc credentials from the environment
        self._lock = threading.Lock()
        self._not_before = 0.0
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

    # Endpoints.

    def health(self) -> dict[str, Any]:
        return self._json(self._request("GET", "/v1/health"))

    def dossier_key(self) -> PortalKey | None:
        try:
            body = self._json(self._request("GET", "/v1/keys/dossier"))
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
            headers={"Idempotency-Key": key, "Upload-Length": str(length), "Upload-Sha256": sha256},
        )
        body = self._json(r)
        upload_id = body.get("upload_id")
        offset = body.get("offset")
        if not isinstance(upload_id, str) or not isinstance(offset, int):
            raise TransientError("upload answer lacks upload_id/offset", r.status_code)
        return Upload(upload_id, offset)

    def upload_offset(self, upload_id: str) -> tuple[int, int]:
        """(offset, length) of an upload, from HEAD."""
        r = self._request("HEAD", f"/v1/uploads/{upload_id}")
        return _int_header(r, "Upload-Offset"), _int_header(r, "Upload-Length")

    def patch_upload(self, upload_id: str, offset: int, data: bytes) -> int:
        """Send the bytes at `offset`; returns the server's new offset."""
        r = self._request(
            "PATCH",
            f"/v1/uploads/{upload_id}",
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
            headers={"Idempotency-Key": dossier_id, "Content-Type": "application/json"},
            data=body,
        )
        return self._json(r)

    def dossier_status(self, dossier_id: str) -> dict[str, Any]:
        return self._json(self._request("GET", f"/v1/dossiers/{dossier_id}"))

    def heartbeat(self, body: Mapping[str, Any]) -> None:
        self._request(
            "POST",
            "/v1/heartbeats",
            headers={"Content-Type": "application/json"},
            data=json.dumps(body).encode(),
        )

    # Transport and status mapping.

    def _request(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
    ) -> requests.Response:
        remaining = self.wait_remaining()
        if remaining > 0:
            raise PortalWaitError(remaining)
        all_headers = {
            "Authorization": f"Bearer {self.credentials.device_token()}",
            "Kiosk-Id": self.kiosk_id,
            "User-Agent": f"hanoi-kiosk/{__version__}",
            **(headers or {}),
        }
        try:
            r = self._session.request(
                method,
                self.base_url + path,
                headers=all_headers,
                data=data,
                timeout=self.timeout,
                verify=self._verify,
                cert=self._cert,
                allow_redirects=False,
            )
        except requests.exceptions.Timeout as exc:
            raise PortalConnectionError(f"{method} {path}: timeout") from exc
        except requests.exceptions.SSLError as exc:
            raise PortalConnectionError(f"{method} {path}: TLS error") from exc
        except requests.exceptions.RequestException as exc:
            raise PortalConnectionError(f"{method} {path}: {type(exc).__name__}") from exc
        retry_after = parse_retry_after(r.headers.get("Retry-After"))
        if retry_after is not None:
            self.hold(retry_after)
        log.debug("%s %s -> %d", method, path, r.status_code)
        self._raise_for(method, path, r)
        return r

    def _raise_for(self, method: str, path: str, r: requests.Response) -> None:
        status = r.status_code
        if 200 <= status < 300:
            return
        what = f"{method} {path}"
        if status in REJECT_STATUSES:
            raise ItemRejectedError(_server_message(r), status)
        if status in DEVICE_STATUSES:
            raise DeviceRefusedError(f"{what} refused the device", status)
        if status == 404:
            raise PortalNotFoundError(f"{what}: unknown", status)
        if status == 409:
            if method == "PATCH" and "Upload-Offset" in r.headers:
                raise OffsetConflictError(_int_header(r, "Upload-Offset"))
            raise PortalBusyError(f"{what}: in progress", status)
        if status in TRANSIENT_STATUSES or status >= 500 or status < 400:
            raise TransientError(what, status)
        # Other 4xx: the protocol names none; nothing suggests a retry would fare better.
        raise ItemRejectedError(_server_message(r), status)

    @staticmethod
    def _json(r: requests.Response) -> dict[str, Any]:
        try:
            body = r.json()
        except ValueError as exc:
            raise TransientError("answer is not JSON", r.status_code) from exc
        if not isinstance(body, dict):
            raise TransientError("answer is not a JSON object", r.status_code)
        return body


def _int_header(r: requests.Response, name: str) -> int:
    try:
        return int(r.headers[name])
    except (KeyError, ValueError) as exc:
        raise TransientError(f"missing or bad {name} header", r.status_code) from exc


def _server_message(r: requests.Response) -> str:
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
