"""The local CUPS scheduler, through pycups (the bindings to libcups that system-config-printer
uses).

Why CUPS's own API and not Qt's printing or `lp`/`lpstat`: Qt's print engine hands a job to
CUPS and forgets it (no job id, no outcome), and `lpstat` prints human text that cannot tell
a completed job from an aborted or cancelled one. Through libcups the kiosk gets the job id,
the job's final state and the printer's state reasons (paused, offline, out of paper,
jammed) as machine-readable values. No Qt, so it runs on a worker thread and is testable
without a display.

libcups finds the scheduler as `lp` does: $CUPS_SERVER (host[:port] or a socket path), else
/etc/cups/client.conf, else the local domain socket. Each call opens its own connection:
a pycups Connection must not be shared between threads.

The document is streamed to the scheduler from memory (Create-Job + Send-Document): the
receipt PDF, which names the citizen, is never written to disk in the clear for printing.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

try:
    import cups  # pycups (Debian python3-cups, or built from PyPI against libcups2-dev)
except ImportError:  # Windows has no CUPS; a broken install says so at the first print
    cups = None

# IPP status codes (RFC 8011 13.1): client-error-not-found, server-error-not-accepting-jobs.
STATUS_NOT_FOUND = 0x0406
STATUS_NOT_ACCEPTING = 0x0506
_HTTP_CONTINUE = 100  # libcups HTTP_STATUS_CONTINUE: "send more"; pycups exports no name for it
# job-state and printer-state enums (RFC 8011 5.3.7, 5.4.11)
JOB_PENDING, JOB_HELD, JOB_PROCESSING, JOB_STOPPED = 3, 4, 5, 6
JOB_CANCELED, JOB_ABORTED, JOB_COMPLETED = 7, 8, 9
PRINTER_IDLE, PRINTER_PROCESSING, PRINTER_STOPPED = 3, 4, 5

_PRINTER_ATTRIBUTES = ["printer-state", "printer-state-reasons", "printer-is-accepting-jobs",
                       "printer-state-message"]
_JOB_ATTRIBUTES = ["job-state", "job-state-reasons", "job-printer-state-message"]


class CupsError(Exception):
    """CUPS could not be reached, or answered with an error status (`status`, IPP's code)."""

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


class CupsClient:
    """One scheduler: `server` is a host[:port] or a socket path; None means libcups' choice."""

    def __init__(self, server: str | None = None) -> None:
        self.server = server

    def _connect(self) -> Any:
        if cups is None:
            raise CupsError("the CUPS client library (pycups) is not installed on this machine")
        host, port = self.server, None
        if host and not host.startswith("/") and ":" in host:
            host, _, number = host.rpartition(":")
            port = int(number)
        try:
            if host is None:
                return cups.Connection()
            return cups.Connection(host=host) if port is None else cups.Connection(
                host=host, port=port)
        except RuntimeError as exc:  # libcups: "failed to connect to server"
            where = self.server or "the local scheduler"
            raise CupsError(f"CUPS at {where} unreachable: {exc}") from exc

    def _call(self, operation: str, method: str, *args: Any, **kwargs: Any) -> Any:
        connection = self._connect()
        try:
            return getattr(connection, method)(*args, **kwargs)
        except cups.IPPError as exc:
            status, text = exc.args if len(exc.args) == 2 else (None, str(exc))
            raise CupsError(f"{operation} failed: {text}", status) from exc
        except RuntimeError as exc:  # the connection dropped mid-request
            raise CupsError(f"{operation} failed: {exc}") from exc

    def default_printer(self) -> str | None:
        name = self._call("CUPS-Get-Default", "getDefault")
        return str(name) if name else None

    def printer_names(self) -> list[str]:
        return [str(name) for name in self._call("CUPS-Get-Printers", "getPrinters")]

    def printer(self, name: str) -> PrinterStatus | None:
        """The queue's state, or None when no such queue exists."""
        try:
            attrs = self._call("Get-Printer-Attributes", "getPrinterAttributes", name,
                               requested_attributes=_PRINTER_ATTRIBUTES)
        except CupsError as exc:
            if exc.status == STATUS_NOT_FOUND:
                return None
            raise
        return PrinterStatus(
            name=name,
            state=int(attrs.get("printer-state", PRINTER_IDLE)),
            reasons=_reasons(attrs.get("printer-state-reasons")),
            accepting=bool(attrs.get("printer-is-accepting-jobs", True)),
            message=str(attrs.get("printer-state-message", "")),
        )

    def print_pdf(self, name: str, pdf: bytes, *, title: str, media: str | None) -> int:
        """Submit a PDF from memory; returns the job id."""
        options = {"media": media} if media else {}
        job_id = self._call("Create-Job", "createJob", name, title, options)
        if not isinstance(job_id, int) or job_id <= 0:
            raise CupsError("Create-Job answered without a job id")
        connection = self._connect()
        try:
            connection.startDocument(name, job_id, title, "application/pdf", 1)
            sent = connection.writeRequestData(pdf, len(pdf))
            if sent != _HTTP_CONTINUE:
                raise CupsError(f"Send-Document: the scheduler took no data (HTTP {sent})")
            connection.finishDocument(name)
        except (cups.IPPError, RuntimeError, CupsError) as exc:
            # A created job with half a document would sit held in the queue: take it away.
            # (Already gone, or the scheduler with it: the failure raised below says why.)
            with contextlib.suppress(CupsError):
                self.cancel(job_id)
            if isinstance(exc, CupsError):
                raise
            status, text = exc.args if len(exc.args) == 2 else (None, str(exc))
            raise CupsError(f"Send-Document failed: {text}", status) from exc
        return job_id

    def job(self, job_id: int) -> JobStatus:
        attrs = self._call("Get-Job-Attributes", "getJobAttributes", job_id,
                           requested_attributes=_JOB_ATTRIBUTES)
        return JobStatus(
            job_id=job_id,
            state=int(attrs.get("job-state", JOB_PENDING)),
            reasons=_reasons(attrs.get("job-state-reasons")),
            message=str(attrs.get("job-printer-state-message", "")),
        )

    def cancel(self, job_id: int) -> None:
        self._call("Cancel-Job", "cancelJob", job_id)


def _reasons(value: Any) -> tuple[str, ...]:
    """pycups gives one keyword as a str and several as a list; "none" means none."""
    values = [value] if isinstance(value, str) else list(value or [])
    return tuple(str(v) for v in values if v and v != "none")
