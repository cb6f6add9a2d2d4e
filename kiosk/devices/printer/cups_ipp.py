"""A small IPP/1.1 client for the local CUPS scheduler (RFC 8010/8011, CUPS extensions).

Why IPP and not only Qt or `lp`/`lpstat`: Qt's print engine hands a job to CUPS and forgets
it (no job id, no outcome), and `lpstat` prints human text that cannot tell a completed job
from an aborted or cancelled one. IPP is what those tools speak underneath: it returns the
job id, the job's final state and the printer's state reasons (paused, offline, out of
paper) as machine-readable values. Standard library only; no Qt, so it is usable from a
worker thread and testable without a display.

The scheduler is reached through $CUPS_SERVER (host[:port] or a socket path), else the
domain socket /run/cups/cups.sock, else localhost:631.
"""

from __future__ import annotations

import getpass
import http.client
import os
import socket
import struct
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from typing import Any

DEFAULT_SOCKET = Path("/run/cups/cups.sock")

# operations
PRINT_JOB = 0x0002
CANCEL_JOB = 0x0008
GET_JOB_ATTRIBUTES = 0x0009
GET_PRINTER_ATTRIBUTES = 0x000B
CUPS_GET_DEFAULT = 0x4001
CUPS_GET_PRINTERS = 0x4002

# delimiter and value tags
OPERATION_GROUP, JOB_GROUP, END, PRINTER_GROUP = 0x01, 0x02, 0x03, 0x04
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
TEXT_LANG, NAME_LANG = 0x35, 0x36
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49

STATUS_NOT_FOUND = 0x0406
STATUS_NOT_ACCEPTING = 0x0506

# job-state and printer-state enums
JOB_PENDING, JOB_HELD, JOB_PROCESSING, JOB_STOPPED = 3, 4, 5, 6
JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED = 7, 8, 9
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5

_request_ids = count(1)


class IppError(Exception):
    """CUPS could not be reached, or answered with an error status."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status


@dataclass(frozen=True)
class PrinterStatus:
    name: str
    state: int  # PRINTER_IDLE / PROCESSING / STOPPED
    reasons: tuple[str, ...]  # printer-state-reasons, "none" removed
    accepting: bool
    message: str  # printer-state-message, e.g. the backend's last complaint


@dataclass(frozen=True)
class JobStatus:
    job_id: int
    state: int
    reasons: tuple[str, ...]
    message: str

    @property
    def finished(self) -> bool:
        return self.state >= JOB_CANCELED


class _UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self._path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def _value(tag: int, name: str, value: bytes) -> bytes:
    raw = name.encode()
    return struct.pack(">BH", tag, len(raw)) + raw + struct.pack(">H", len(value)) + value


def _decode(tag: int, raw: bytes) -> Any:
    if tag in (INTEGER, ENUM) and len(raw) == 4:
        return struct.unpack(">i", raw)[0]
    if tag == BOOLEAN and len(raw) == 1:
        return raw != b"\x00"
    if tag in (TEXT_LANG, NAME_LANG) and len(raw) >= 4:
        lang_len = struct.unpack(">H", raw[:2])[0]
        text_len = struct.unpack(">H", raw[2 + lang_len : 4 + lang_len])[0]
        return raw[4 + lang_len : 4 + lang_len + text_len].decode("utf-8", "replace")
    if 0x40 <= tag <= 0x5F:
        return raw.decode("utf-8", "replace")
    return raw


def parse_response(body: bytes) -> tuple[int, list[tuple[int, dict[str, list[Any]]]]]:
    """(status code, [(group tag, {name: [values]})]) of an IPP response."""
    if len(body) < 8:
        raise IppError("short IPP response")
    status = struct.unpack(">H", body[2:4])[0]
    groups: list[tuple[int, dict[str, list[Any]]]] = []
    pos, last = 8, ""
    while pos < len(body):
        tag = body[pos]
        pos += 1
        if tag == END:
            break
        if tag < 0x10:  # a new attribute group
            groups.append((tag, {}))
            continue
        if pos + 2 > len(body):
            raise IppError("truncated IPP response")
        name_len = struct.unpack(">H", body[pos : pos + 2])[0]
        name = body[pos + 2 : pos + 2 + name_len].decode("utf-8", "replace")
        pos += 2 + name_len
        value_len = struct.unpack(">H", body[pos : pos + 2])[0]
        raw = body[pos + 2 : pos + 2 + value_len]
        pos += 2 + value_len
        if not groups:
            raise IppError("IPP attribute outside a group")
        attrs = groups[-1][1]
        if name:
            last = name
            attrs[name] = [_decode(tag, raw)]
        elif last in attrs:  # an additional value of the previous attribute
            attrs[last].append(_decode(tag, raw))
    return status, groups


class CupsClient:
    """One scheduler; every call opens a connection with `timeout` seconds per I/O step."""

    def __init__(self, server: str | None = None, timeout: float = 5.0) -> None:
        self.server = server or os.environ.get("CUPS_SERVER") or (
            str(DEFAULT_SOCKET) if DEFAULT_SOCKET.exists() else "localhost:631"
        )
        self.timeout = timeout
        self.user = _user_name()

    def _connection(self) -> http.client.HTTPConnection:
        if self.server.startswith("/"):
            return _UnixHTTPConnection(self.server, self.timeout)
        host, _, port = self.server.partition(":")
        return http.client.HTTPConnection(host, int(port or 631), timeout=self.timeout)

    def request(
        self,
        operation: int,
        path: str,
        attributes: list[tuple[int, str, bytes | list[bytes]]],
        *,
        job_attributes: Sequence[tuple[int, str, bytes]] = (),
        document: bytes = b"",
    ) -> tuple[int, list[tuple[int, dict[str, list[Any]]]]]:
        body = bytearray(struct.pack(">BBHI", 1, 1, operation, next(_request_ids)))
        body.append(OPERATION_GROUP)
        body += _value(CHARSET, "attributes-charset", b"utf-8")
        body += _value(LANGUAGE, "attributes-natural-language", b"en")
        for tag, name, value in attributes:
            values = value if isinstance(value, list) else [value]
            body += _value(tag, name, values[0])
            for extra in values[1:]:
                body += _value(tag, "", extra)
        if job_attributes:
            body.append(JOB_GROUP)
            for tag, name, one in job_attributes:
                body += _value(tag, name, one)
        body.append(END)
        conn = self._connection()
        try:
            conn.request("POST", path, body=bytes(body) + document,
                         headers={"Content-Type": "application/ipp"})
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            detail = f"CUPS at {self.server} unreachable: {type(exc).__name__}: {exc}"
            raise IppError(detail) from exc
        finally:
            conn.close()
        if response.status != 200:
            raise IppError(f"CUPS answered HTTP {response.status}", response.status)
        return parse_response(data)

    @staticmethod
    def printer_uri(name: str) -> bytes:
        return f"ipp://localhost/printers/{urllib.parse.quote(name, safe='')}".encode()

    def default_printer(self) -> str | None:
        status, groups = self.request(CUPS_GET_DEFAULT, "/", [
            (KEYWORD, "requested-attributes", b"printer-name")])
        if status == STATUS_NOT_FOUND:
            return None
        _check(status, "CUPS-Get-Default")
        for tag, attrs in groups:
            if tag == PRINTER_GROUP and attrs.get("printer-name"):
                return str(attrs["printer-name"][0])
        return None

    def printer_names(self) -> list[str]:
        status, groups = self.request(CUPS_GET_PRINTERS, "/", [
            (KEYWORD, "requested-attributes", b"printer-name")])
        if status == STATUS_NOT_FOUND:
            return []
        _check(status, "CUPS-Get-Printers")
        return [str(a["printer-name"][0]) for t, a in groups
                if t == PRINTER_GROUP and a.get("printer-name")]

    def printer(self, name: str) -> PrinterStatus | None:
        """The queue's state, or None when no such queue exists."""
        wanted = [b"printer-state", b"printer-state-reasons", b"printer-is-accepting-jobs",
                  b"printer-state-message"]
        status, groups = self.request(
            GET_PRINTER_ATTRIBUTES, "/",
            [(URI, "printer-uri", self.printer_uri(name)),
             (NAME, "requesting-user-name", self.user.encode()),
             (KEYWORD, "requested-attributes", wanted)],
        )
        if status == STATUS_NOT_FOUND:
            return None
        _check(status, "Get-Printer-Attributes")
        attrs = _group(groups, PRINTER_GROUP)
        return PrinterStatus(
            name=name,
            state=int(attrs.get("printer-state", [PRINTER_IDLE])[0]),
            reasons=_reasons(attrs.get("printer-state-reasons", [])),
            accepting=bool(attrs.get("printer-is-accepting-jobs", [True])[0]),
            message=str(attrs.get("printer-state-message", [""])[0]),
        )

    def print_pdf(self, name: str, pdf: bytes, *, title: str, media: str | None) -> int:
        """Submit a PDF; returns the job id."""
        job_attrs: list[tuple[int, str, bytes]] = []
        if media:
            job_attrs.append((KEYWORD, "media", media.encode()))
        status, groups = self.request(
            PRINT_JOB, f"/printers/{urllib.parse.quote(name, safe='')}",
            [(URI, "printer-uri", self.printer_uri(name)),
             (NAME, "requesting-user-name", self.user.encode()),
             (NAME, "job-name", title.encode()),
             (MIME, "document-format", b"application/pdf")],
            job_attributes=job_attrs,
            document=pdf,
        )
        _check(status, "Print-Job")
        job_id = _group(groups, JOB_GROUP).get("job-id", [None])[0]
        if not isinstance(job_id, int):
            raise IppError("Print-Job answered without a job-id", status)
        return job_id

    def job(self, job_id: int) -> JobStatus:
        status, groups = self.request(
            GET_JOB_ATTRIBUTES, "/jobs",
            [(URI, "job-uri", f"ipp://localhost/jobs/{job_id}".encode()),
             (NAME, "requesting-user-name", self.user.encode()),
             (KEYWORD, "requested-attributes",
              [b"job-state", b"job-state-reasons", b"job-printer-state-message"])],
        )
        _check(status, "Get-Job-Attributes")
        attrs = _group(groups, JOB_GROUP)
        return JobStatus(
            job_id=job_id,
            state=int(attrs.get("job-state", [JOB_PENDING])[0]),
            reasons=_reasons(attrs.get("job-state-reasons", [])),
            message=str(attrs.get("job-printer-state-message", [""])[0]),
        )

    def cancel(self, job_id: int) -> None:
        status, _ = self.request(
            CANCEL_JOB, "/jobs",
            [(URI, "job-uri", f"ipp://localhost/jobs/{job_id}".encode()),
             (NAME, "requesting-user-name", self.user.encode())],
        )
        _check(status, "Cancel-Job")


def _check(status: int, operation: str) -> None:
    if status >= 0x0100:
        raise IppError(f"{operation} failed with IPP status 0x{status:04x}", status)


def _group(groups: list[tuple[int, dict[str, list[Any]]]], tag: int) -> dict[str, list[Any]]:
    return next((attrs for t, attrs in groups if t == tag), {})


def _reasons(values: list[Any]) -> tuple[str, ...]:
    return tuple(str(v) for v in values if str(v) != "none")


def _user_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "kiosk"
