"""The sync worker: plain, thread-safe Python that the UI runs off the GUI thread.

One pass (`run_once`): probe /v1/health while offline (at most every probe interval); fetch
the portal key and encrypt dossiers stored before it was known; send due dossiers oldest turn
first; poll statuses of sent dossiers; purge acknowledged ones after the retention. The UI
calls `wake()` on a new dossier or a network change; `run_forever` otherwise sleeps until the
next thing is due.

Failures, per the protocol: a rejected item is quarantined and the others go on; 401/403 stop
everything (the dossier and the device are marked blocked, nothing is deleted, `on_alert` is
called); 409 retries the item later; transient errors back off with full jitter, for the
item and, when the same kind of request fails again and again, for the portal; a Retry-After
stops all traffic to the portal until it has passed (and is persisted at once); repeated
connection failures send the worker back to probing.

An answer to a dossier's POST that does not name that dossier (another id, none, another
service or local code) is not a delivery: the dossier is kept (quarantined with the portal's
answer) and `on_alert("portal_mismatch")` is called. A pass given a deadline ends by it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from kiosk.config import Settings
from kiosk.sync import envelope
from kiosk.sync.backoff import Backoff, probe_delay
from kiosk.sync.client import (
    HEALTH,
    DeviceRefusedError,
    ItemRejectedError,
    PassTimeUpError,
    PortalBusyError,
    PortalClient,
    PortalConnectionError,
    PortalError,
    PortalNotFoundError,
    PortalWaitError,
    TransientError,
)
from kiosk.sync.credentials import Credentials, KeyringCredentials, fingerprint
from kiosk.sync.delivery import MISMATCH_PREFIX, answer_mismatch, deliver
from kiosk.sync.errors import SyncError
from kiosk.sync.outbox import Outbox
from kiosk.sync.outbox_records import FINAL_PORTAL_STATUSES, QUEUED, UPLOADING, OutboxEntry
from kiosk.sync.status_poll import poll_statuses, send_heartbeat
from kiosk.sync.worker_lock import WorkerLock
from kiosk.sync.worker_status import SyncReport, WorkerStatus

log = logging.getLogger(__name__)

KEY_REFRESH_S = 3600.0
PURGE_EVERY_S = 3600.0
MAX_IDLE_WAIT_S = 30.0
HOLD = "portal_hold"
# Requests in a row that got no answer at all before the worker goes back to probing: one
# reset in a busy hour is not an outage.
OFFLINE_AFTER = 3
# Failures in a row of one kind before the whole portal is paused (the item's own backoff
# handles a single failure).
PAUSE_AFTER = 3
# An item's own attempts raise its backoff exponent by one per this many (see _retry).
ITEM_SLOWDOWN = 3
MISMATCH_ALERT = "portal_mismatch"


class SyncWorker:
    def __init__(
        self,
        settings: Settings,
        *,
        outbox: Outbox | None = None,
        client: PortalClient | None = None,
        credentials: Credentials | None = None,
        portal_url: str | None = None,
        rng: random.Random | None = None,
        on_alert: Callable[[str], None] | None = None,
        heartbeat_interval_s: float | None = 300.0,
        device_status: Callable[[], dict[str, Any]] | None = None,
        on_purged: Callable[[str], object] | None = None,
    ) -> None:
        self.settings = settings
        # What else goes with a purged dossier (its kept receipt): wired by the caller, the
        # receipts being a package of their own beside this one.
        self.on_purged = on_purged
        self.credentials = credentials or KeyringCredentials(settings.kiosk_id)
        self._own_outbox = outbox is None
        self.outbox = outbox or Outbox.open(settings)
        self._own_client = client is None
        self.client = client or PortalClient.from_settings(settings, self.credentials, portal_url)
        self.client.on_hold = self._persist_hold
        self.rng = rng or random.Random()
        self.on_alert = on_alert
        self.heartbeat_interval_s = heartbeat_interval_s
        self.device_status = device_status
        self.item_backoff = Backoff(settings.sync_backoff_base_s, settings.sync_backoff_cap_s,
                                    self.rng)
        self.lock = WorkerLock(self.outbox.root)
        self._pass_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._wake = threading.Event()
        self._online = False
        self._next_probe_at = 0.0  # monotonic
        self._portal_plaintext: bool | None = None  # None until the key endpoint answered
        self._key_checked_at: float | None = None
        self._last_purge_at: float | None = None
        self._last_heartbeat_at: float | None = None
        self._note: str | None = None
        self._last_report = SyncReport()
        self._saved_hold = 0.0  # wall-clock end of the portal hold last persisted

    # Life cycle.

    def close(self) -> None:
        with self._pass_lock:
            self.lock.release()
            if self._own_client:
                self.client.close()
            if self._own_outbox:
                self.outbox.close()

    def wake(self) -> None:
        """A new dossier or a network change: look again now (probes keep their interval)."""
        self._wake.set()

    def status(self) -> WorkerStatus:
        counts = self.outbox.counts()
        with self._state_lock:
            return WorkerStatus(
                online=self._online,
                device_blocked=self.outbox.device_block() is not None,
                waiting_s=self.client.wait_remaining(),
                counts=counts,
                oldest_unsent_age_s=self.outbox.oldest_unsent_age(),
                note=self._note,
                last_report=self._last_report,
            )

    # Loops.

    def run_forever(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                report = self.run_once()
                wait = MAX_IDLE_WAIT_S if report.blocked else self._next_wake_in(True)
            except SyncError as exc:
                # No token, keyring or lock: an admin must act; say so and look again later.
                self._set_note(exc.code)
                log.error("sync cannot run: %s", exc.code)
                wait = MAX_IDLE_WAIT_S
            except Exception:
                # A bug or a broken disk must not kill the thread: report and try later.
                log.exception("sync pass failed")
                wait = max(self.settings.sync_probe_interval_s, 1.0)
            self._sleep(min(wait, MAX_IDLE_WAIT_S), stop)

    def run_until_empty(self, timeout: float) -> bool:
        """Run passes until nothing is left to send; False on timeout or a device block.
        Returns within `timeout` (plus the time to record where it stopped)."""
        deadline = time.monotonic() + timeout
        while True:
            report = self.run_once(deadline=deadline)
            if report.blocked:
                return False
            if self.pending() == 0:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._sleep(min(remaining, self._next_wake_in(include_polls=False)), None)

    def pending(self) -> int:
        counts = self.outbox.counts()
        return counts.get(QUEUED, 0) + counts.get(UPLOADING, 0)

    def _sleep(self, seconds: float, stop: threading.Event | None) -> None:
        end = time.monotonic() + max(seconds, 0.0)
        while (left := end - time.monotonic()) > 0:
            if self._wake.wait(min(left, 0.25)):
                self._wake.clear()
                return
            if stop is not None and stop.is_set():
                return

    def _next_wake_in(self, include_polls: bool) -> float:
        now = time.monotonic()
        candidates = [MAX_IDLE_WAIT_S]
        gate = self.client.wait_remaining()
        if gate > 0:
            return gate + 0.01
        if not self._online:
            candidates.append(self._next_probe_at - now)
        else:
            due = self.outbox.next_due_at(self._allow_plaintext())
            if due is not None:
                candidates.append(due - self.outbox.clock())
            if include_polls:
                polls = self.outbox.due_polls(self.outbox.clock() + MAX_IDLE_WAIT_S, limit=1)
                if polls and polls[0].next_poll_at is not None:
                    candidates.append(polls[0].next_poll_at - self.outbox.clock())
        return max(0.01, min(candidates))

    # One pass.

    def run_once(self, deadline: float | None = None) -> SyncReport:
        """One pass; with `deadline` (time.monotonic()) no request outlasts it and the pass
        stops sending when it comes."""
        with self._pass_lock:
            report = SyncReport()
            self._start()
            self._set_pass_end(deadline)
            try:
                if self._device_blocked():
                    report.blocked = True
                else:
                    self._pass(report)
            finally:
                self._set_pass_end(None)
            report.online = self._online
            report.waiting_s = self.client.wait_remaining()
            self._remember_hold(report.waiting_s)
            with self._state_lock:
                self._last_report = report
            return report

    def _set_pass_end(self, deadline: float | None) -> None:
        # The client's clock is monotonic, as `deadline` is.
        self.client.set_pass_end(deadline)

    def _start(self) -> None:
        if not self.lock.held:
            self.lock.acquire()
            # A Retry-After still running when the last worker stopped holds for this one too.
            hold = self.outbox.device_value(HOLD) or {}
            if hold.get("portal") == self.client.base_url:
                self.client.hold(max(0.0, float(hold.get("until", 0.0)) - time.time()))
            released = self.outbox.release_claims()
            if released:
                log.info("%d dossier(s) of an interrupted run back in the queue", released)
            # Orphans of an enqueue killed mid-way hold a citizen's data: gone at start.
            self.outbox.sweep_orphans()
            self.outbox.seal_legacy()

    def _persist_hold(self, until: float) -> None:
        """A Retry-After just arrived: on disk before anything else is done."""
        if until > self._saved_hold + 0.5:
            self.outbox.set_device_value(HOLD, {"portal": self.client.base_url, "until": until})
            self._saved_hold = until

    def _remember_hold(self, waiting_s: float) -> None:
        until = time.time() + waiting_s if waiting_s > 0 else 0.0
        if abs(until - self._saved_hold) > 0.5:
            self.outbox.set_device_value(HOLD, {"portal": self.client.base_url, "until": until})
            self._saved_hold = until

    def _device_blocked(self) -> bool:
        block = self.outbox.device_block()
        if block is None:
            return False
        if block.get("token") == fingerprint(self.credentials.device_token()):
            return True
        # A new token was set since the portal refused the old one: try again.
        n = self.outbox.clear_device_block()
        log.info("device token changed: block lifted, %d dossier(s) back in the queue", n)
        return False

    def _pass(self, report: SyncReport) -> None:
        try:
            if self.client.wait_remaining() > 0:
                return
            if not self._online:
                if time.monotonic() < self._next_probe_at:
                    return
                self._probe(report)
            self._refresh_key(report)
            self._drain(report)
            self._poll(report)
            self._heartbeat()
            self._purge(report)
        except (PortalWaitError, PassTimeUpError):
            pass
        except PortalConnectionError as exc:
            if exc.kind == HEALTH or self._unanswered() >= OFFLINE_AFTER:
                self._go_offline(str(exc))
            else:
                self._portal_failed(exc)
        except DeviceRefusedError as exc:
            self._block(exc)
            report.blocked = True
        except TransientError as exc:
            self._portal_failed(exc)
        except (ItemRejectedError, PortalNotFoundError, PortalBusyError) as exc:
            # Outside an item (key, status or heartbeat calls): not this portal's normal
            # answer; wait like for a transient failure.
            self._portal_failed(exc, force=True)

    def _probe(self, report: SyncReport) -> None:
        self._next_probe_at = time.monotonic() + probe_delay(
            self.settings.sync_probe_interval_s, self.rng
        )
        report.probed = True
        self.client.health()
        self._online = True
        log.info("portal reachable: syncing")

    def _go_offline(self, why: str) -> None:
        """No answer from the portal: probe before syncing again. The probe schedule set by
        the last probe stands, so a blip is probed at once if the last probe is old enough,
        and a real outage is probed only every interval (with jitter)."""
        if self._online:
            log.warning("portal unreachable, probing every %.1fs or more: %s",
                        self.settings.sync_probe_interval_s, why)
        self._online = False

    def _unanswered(self) -> int:
        return self.client.unanswered()

    def _failures(self, exc: PortalError) -> int:
        return self.client.failures(exc.kind)

    def _portal_failed(self, exc: PortalError, force: bool = False) -> None:
        """Pause the whole portal only when this kind of request keeps failing: a single
        failure among answers is the item's business (its own backoff), and a success of
        the kind resets its count (PortalClient.failures)."""
        n = max(self._failures(exc), PAUSE_AFTER if force else 0)
        if n < PAUSE_AFTER:
            log.info("portal error (%s, %d in a row): %s", exc.kind or "?", n, exc)
            return
        self.client.hold(self.item_backoff.delay(n - PAUSE_AFTER))
        log.warning("portal error (%s, %d in a row), pausing %.1fs: %s", exc.kind or "?", n,
                    self.client.wait_remaining(), exc)

    def _block(self, exc: PortalError) -> None:
        token = self.credentials.device_token()
        self.outbox.set_device_block(exc.status or 0, exc.detail, fingerprint(token))
        log.error("portal refused this device (HTTP %s): sync stopped, dossiers kept",
                  exc.status)
        if self.on_alert is not None:
            self.on_alert("device_blocked")

    # Encryption key.

    def _allow_plaintext(self) -> bool:
        return not self.settings.require_encryption and self._portal_plaintext is True

    def _refresh_key(self, report: SyncReport) -> None:
        now = time.monotonic()
        if self._key_checked_at is not None and now - self._key_checked_at < KEY_REFRESH_S:
            return
        key = self.client.dossier_key()
        self._key_checked_at = now
        if key is None:
            self._portal_plaintext = True
            envelope.clear_cached_key(self.outbox.root)
            if self.settings.require_encryption:
                waiting = len(self.outbox.plaintext_pending())
                self._set_note("portal publishes no key; encryption required: not sending"
                               if waiting else None)
                if waiting:
                    log.warning("%d dossier(s) wait: portal has no key, encryption required",
                                waiting)
            return
        self._portal_plaintext = False
        self._set_note(None)
        report.encrypted += self.outbox.adopt_portal_key(key)

    def _set_note(self, note: str | None) -> None:
        with self._state_lock:
            self._note = note

    # Sending.

    def _drain(self, report: SyncReport) -> None:
        while self.client.wait_remaining() <= 0:
            entry = self.outbox.claim_next(allow_plaintext=self._allow_plaintext())
            if entry is None:
                return
            try:
                self._deliver(entry, report)
            except TransientError as exc:
                # This item waits for its own backoff; the others go on unless this kind
                # of request keeps failing or the connection seems gone.
                if isinstance(exc, PortalConnectionError):
                    if self._unanswered() >= OFFLINE_AFTER:
                        raise
                elif self._failures(exc) >= PAUSE_AFTER:
                    raise
                self._portal_failed(exc)

    def _deliver(self, entry: OutboxEntry, report: SyncReport) -> None:
        did = entry.dossier_id
        try:
            answer = deliver(self.client, self.outbox, entry)
        except ItemRejectedError as exc:
            self.outbox.mark_quarantined(did, exc.detail)
            report.quarantined += 1
            log.warning("dossier %s quarantined (HTTP %s)", did, exc.status)
            return
        except DeviceRefusedError:
            self.outbox.mark_blocked(did, "device refused by the portal (401/403)")
            raise
        except PortalBusyError:
            self._retry(entry, "HTTP 409: being processed, retry later")
            report.retried += 1
            return
        except PortalWaitError as exc:
            self.outbox.mark_retry(did, "waiting for Retry-After",
                                   self.outbox.clock() + exc.remaining_s)
            raise
        except PassTimeUpError:
            self.outbox.mark_retry(did, "sync pass ended", self.outbox.clock())
            raise
        except (TransientError, PortalNotFoundError) as exc:
            self._retry(entry, str(exc), exc.kind)
            report.retried += 1
            raise
        except (OSError, ValueError) as exc:
            # The stored blobs are unreadable or damaged: no retry will fix that by itself.
            self.outbox.mark_quarantined(did, f"local data unreadable: {type(exc).__name__}")
            report.quarantined += 1
            log.error("dossier %s quarantined: local data unreadable", did)
            return
        except Exception as exc:
            # E.g. the token vanished from the keyring: never leave the claim dangling.
            self._retry(entry, f"{type(exc).__name__} before the portal answered")
            raise
        mismatch = answer_mismatch(entry, answer)
        if mismatch is not None:
            # Not a delivery: keep everything, show the admin what the portal said.
            self.outbox.mark_quarantined(did, f"{MISMATCH_PREFIX} ({mismatch})")
            report.quarantined += 1
            report.mismatched += 1
            log.error("dossier %s: the portal's answer names another dossier (%s): kept, "
                      "not marked sent", did, mismatch)
            if self.on_alert is not None:
                self.on_alert(MISMATCH_ALERT)
            return
        status = str(answer.get("status") or "received")
        official = answer.get("official_code")
        official = official if isinstance(official, str) else None
        now = self.outbox.clock()
        self.outbox.mark_sent(did, official, status, now + self.item_backoff.delay(0))
        if status in FINAL_PORTAL_STATUSES:
            self.outbox.record_status(did, status=status, message=None, official_code=official,
                                      final=True, next_poll_at=None)
        report.sent += 1
        log.info("dossier %s sent, official code %s", did, official)

    def _retry(self, entry: OutboxEntry, error: str, kind: str = "") -> None:
        """Back to the queue with full jitter. The exponent follows the portal's trouble
        (how many times in a row this kind of request failed), not only the item's own
        attempts: on a portal that answers most requests a failure is bad luck, and a
        dossier that met it five times should not wait minutes. An item that keeps failing
        while others pass still slows down, a third as fast."""
        streak = self.client.failures(kind) if kind else 1
        exponent = max(streak - 1, (entry.attempts - 1) // ITEM_SLOWDOWN)
        delay = self.item_backoff.delay(exponent)
        self.outbox.mark_retry(entry.dossier_id, error, self.outbox.clock() + delay)

    # Status polls, heartbeats, purge.

    def _poll(self, report: SyncReport) -> None:
        mismatched = report.mismatched
        poll_statuses(self.client, self.outbox, self.item_backoff, report)
        if report.mismatched > mismatched and self.on_alert is not None:
            self.on_alert(MISMATCH_ALERT)

    def _heartbeat(self) -> None:
        now = time.monotonic()
        interval = self.heartbeat_interval_s
        if interval is None or (self._last_heartbeat_at and now - self._last_heartbeat_at
                                < interval):
            return
        self._last_heartbeat_at = now
        devices = self.device_status() if self.device_status else {}
        if not send_heartbeat(self.client, self.settings.kiosk_id, self.outbox, devices):
            self.heartbeat_interval_s = None  # optional endpoint: this portal has none

    def _purge(self, report: SyncReport) -> None:
        now = time.monotonic()
        if self._last_purge_at is not None and now - self._last_purge_at < PURGE_EVERY_S:
            return
        self._last_purge_at = now
        report.purged += self.outbox.purge(timedelta(days=self.settings.retention_days),
                                           on_purged=self.on_purged)
        self.outbox.sweep_orphans()
