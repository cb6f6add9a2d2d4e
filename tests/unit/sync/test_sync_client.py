"""The portal client: status mapping, headers and timeouts on every call, Retry-After gate,
refusal of plain HTTP off loopback. Transport is a scripted requests adapter (no network)."""

from __future__ import annotations

import io
import json
from email.utils import formatdate
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from kiosk.sync.client import (
    DeviceRefusedError,
    ItemRejectedError,
    OffsetConflictError,
    PortalBusyError,
    PortalClient,
    PortalConnectionError,
    PortalNotFoundError,
    PortalWaitError,
    TransientError,
    check_portal_url,
)
from kiosk.sync.credentials import StaticCredentials
from kiosk.sync.errors import InsecurePortalError

Script = tuple[int, dict[str, str], Any] | Exception


class ScriptedAdapter(HTTPAdapter):
    def __init__(self, script: list[Script]) -> None:
        super().__init__()
        self.script = list(script)
        self.calls: list[tuple[requests.PreparedRequest, dict[str, Any]]] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.calls.append((request, kwargs))
        step = self.script.pop(0)
        if isinstance(step, Exception):
            raise step
        status, headers, body = step
        r = requests.Response()
        r.status_code = status
        r.headers.update(headers)
        # A body to read, as the client streams it (the size cap reads it in chunks).
        r.raw = io.BytesIO(json.dumps(body).encode() if body is not None else b"")
        r.request = request
        r.url = request.url or ""
        return r


def client_with(script: list[Script], clock: Any = None) -> tuple[PortalClient, ScriptedAdapter]:
    kwargs = {"clock": clock} if clock else {}
    client = PortalClient("http://127.0.0.1:8765", "KIOSK-T", StaticCredentials("tok-1"),
                          connect_timeout_s=3.0, read_timeout_s=7.0, **kwargs)
    adapter = ScriptedAdapter(script)
    client._session.mount("http://", adapter)
    return client, adapter


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, ItemRejectedError), (413, ItemRejectedError), (422, ItemRejectedError),
        (401, DeviceRefusedError), (403, DeviceRefusedError), (404, PortalNotFoundError),
        (409, PortalBusyError), (408, TransientError), (429, TransientError),
        (500, TransientError), (502, TransientError), (503, TransientError),
        (504, TransientError),
    ],
)
def test_status_mapping(status, error):
    client, _ = client_with([(status, {}, {"errors": [{"field": "f", "message": "m"}]})])
    with pytest.raises(error) as info:
        client.post_dossier("d1", b"{}")
    assert type(info.value) is error or error is TransientError
    if error is ItemRejectedError:
        assert info.value.detail == f"HTTP {status}: f: m"  # the server's message, kept


def test_connection_errors_and_timeouts_are_transient():
    client, _ = client_with([requests.exceptions.ConnectionError("reset"),
                             requests.exceptions.ReadTimeout("slow")])
    with pytest.raises(PortalConnectionError):
        client.health()
    with pytest.raises(PortalConnectionError) as info:
        client.health()
    assert isinstance(info.value, TransientError)


def test_every_call_has_timeouts_and_device_headers():
    ok = (200, {"Upload-Offset": "5", "Upload-Length": "9"}, {"upload_id": "u", "offset": 0,
                                                              "status": "ok"})
    client, adapter = client_with([ok] * 5 + [(404, {}, None), (204, {}, None),
                                              (204, {"Upload-Offset": "9"}, None)])
    client.health()
    client.create_upload("a1", 9, "0" * 64)
    client.upload_offset("u")
    client.post_dossier("d1", b"{}")
    client.dossier_status("d1")
    client.dossier_key()
    client.heartbeat({"kiosk_id": "KIOSK-T"})
    client.patch_upload("u", 5, b"abcd")
    assert len(adapter.calls) == 8
    for request, kwargs in adapter.calls:
        assert kwargs["timeout"] == (3.0, 7.0)
        assert request.headers["Authorization"] == "Bearer tok-1"
        assert request.headers["Kiosk-Id"] == "KIOSK-T"
    patch = adapter.calls[-1][0]
    assert patch.headers["Upload-Offset"] == "5"
    assert patch.headers["Content-Type"] == "application/offset+octet-stream"
    create = adapter.calls[1][0]
    assert (create.headers["Idempotency-Key"], create.headers["Upload-Length"]) == ("a1", "9")


def test_patch_409_carries_the_server_offset():
    client, _ = client_with([(409, {"Upload-Offset": "1048576"}, None)])
    with pytest.raises(OffsetConflictError) as info:
        client.patch_upload("u", 0, b"x")
    assert info.value.server_offset == 1048576


@pytest.mark.parametrize("header", ["3", "date"])
def test_retry_after_closes_the_gate_and_nothing_is_sent(header):
    now = [100.0]
    value = "3" if header == "3" else formatdate(__import__("time").time() + 3, usegmt=True)
    client, adapter = client_with([(503, {"Retry-After": value}, None), (200, {}, {})],
                                  clock=lambda: now[0])
    with pytest.raises(TransientError):
        client.health()
    assert client.wait_remaining() > 1.5
    for _ in range(5):
        with pytest.raises(PortalWaitError):
            client.post_dossier("d1", b"{}")
    assert len(adapter.calls) == 1  # nothing sent during the wait
    now[0] += 3.01
    client.health()
    assert len(adapter.calls) == 2


def test_key_404_means_plaintext_portal():
    client, _ = client_with([(404, {}, None)])
    assert client.dossier_key() is None


@pytest.mark.parametrize(
    "url",
    ["http://portal.example.vn", "http://10.0.0.5:8765", "ftp://127.0.0.1", "portal", ""],
)
def test_plain_http_only_to_loopback(url):
    with pytest.raises(InsecurePortalError) as info:
        check_portal_url(url)
    assert "HTTPS" in info.value.message("en") and "HTTPS" in info.value.message("vi")


@pytest.mark.parametrize(
    "url",
    ["https://portal.example.vn", "http://127.0.0.1:8765/", "http://localhost:1",
     "http://[::1]:8765", "http://127.8.9.10"],
)
def test_https_and_loopback_are_accepted(url):
    assert check_portal_url(url) == url.rstrip("/")


def test_failures_are_counted_per_kind_and_reset_by_an_answer():
    ok = (200, {}, {"status": "ok"})
    client, _ = client_with([(503, {}, None), (500, {}, None), ok,
                             requests.exceptions.ConnectionError("reset"),
                             (503, {}, None), ok, (500, {}, None)])
    for _ in range(2):
        with pytest.raises(TransientError):
            client.health()
    assert client.failures("health") == 2 and client.failures("dossier-post") == 0
    client.health()  # an answer of the kind: its count starts again
    assert client.failures("health") == 0
    with pytest.raises(PortalConnectionError):
        client.post_dossier("d1", b"{}")
    assert client.failures("dossier-post") == 1 and client.unanswered() == 1
    with pytest.raises(TransientError):
        client.post_dossier("d1", b"{}")  # a 503 is an answer: not an outage
    assert client.failures("dossier-post") == 2 and client.unanswered() == 0
    client.post_dossier("d1", b"{}")
    assert client.failures("dossier-post") == 0
    with pytest.raises(TransientError):
        client.heartbeat({})
    assert client.failures("heartbeat") == 1 and client.failures("health") == 0
