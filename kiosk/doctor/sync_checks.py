"""Doctor checks of the sync side: portal reachable, token accepted, clock, the queue.

One unauthenticated-if-need-be GET /v1/health tells whether the portal answers and gives its
`Date` header (the clock check); an authenticated GET /v1/keys/dossier with the keyring's
token, through the kiosk's own PortalClient, tells whether the portal accepts this device.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

from kiosk.config import Settings
from kiosk.doctor.result import FAIL, OK, WARN, CheckResult

CLOCK_WARN_S = 60.0
CLOCK_FAIL_S = 600.0
QUEUE_OLD_S = 86400.0
DEVICE_KEY_HINT = ("Get this kiosk's device token from the fleet administrator and store it "
                  "as the kiosk user: `kiosk token set < token.txt` (held dossiers then "
                  "resume).")


def check_portal(
    settings: Settings, credentials: Any = None, clock: Callable[[], float] = time.time
) -> list[CheckResult]:
    """Three results: `portal`, `token`, `clock`."""
    import requests

    from kiosk.sync.client import check_portal_url
    from kiosk.sync.errors import InsecurePortalError

    try:
        base = check_portal_url(settings.portal_url)
    except InsecurePortalError as exc:
        bad = CheckResult("portal", FAIL, f"{settings.portal_url}: {exc.detail}",
                          "Use the portal's https:// address (plain http only on loopback).")
        return [bad, _skipped("token"), _skipped("clock")]
    credentials = credentials or _keyring_credentials(settings)
    session = requests.Session()
    session.trust_env = False  # as the kiosk's client: no proxy or .netrc from the shell
    headers = {"Kiosk-Id": settings.kiosk_id}
    token = _token_or_none(credentials)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    sent = clock()
    try:
        response = session.get(
            base + "/v1/health", headers=headers, allow_redirects=False,
            timeout=(settings.portal_connect_timeout_s, settings.portal_read_timeout_s),
            verify=str(settings.portal_ca_bundle) if settings.portal_ca_bundle else True,
            cert=str(settings.portal_client_cert) if settings.portal_client_cert else None,
        )
    except requests.RequestException as exc:
        from kiosk.sync.client import describe_request_error

        why = describe_request_error(exc)
        if why.startswith("TLS"):
            down = CheckResult("portal", FAIL, f"{base} refused: {why}",
                               "The portal's certificate is not trusted by this kiosk: check "
                               "portal_url and portal_ca_bundle (the CA that issued it) and "
                               "the clock. Dossiers wait safely in the queue.")
        else:
            down = CheckResult("portal", WARN, f"{base} unreachable ({why})",
                               "Dossiers wait safely in the queue; check the network, the "
                               "firewall and portal_url.")
        return [down, _skipped("token"), _skipped("clock")]
    except OSError as exc:  # e.g. portal_ca_bundle names a file that is not there
        bad = CheckResult("portal", FAIL, f"portal settings unusable: {exc}",
                          "Check portal_ca_bundle and portal_client_cert: each must name a "
                          "readable PEM file.")
        return [bad, _skipped("token"), _skipped("clock")]
    finally:
        session.close()
    received = clock()
    return [_portal_result(base, response.status_code, received - sent),
            check_token(settings, credentials),
            clock_result(response.headers.get("Date"), (sent + received) / 2)]


def _skipped(name: str) -> CheckResult:
    return CheckResult(name, WARN, "not checked: the portal did not answer")


def _keyring_credentials(settings: Settings) -> Any:
    from kiosk.sync.credentials import KeyringCredentials

    return KeyringCredentials(settings.kiosk_id)


def _token_or_none(credentials: Any) -> str | None:
    from kiosk.sync.errors import SyncError

    try:
        return str(credentials.device_token())
    except SyncError:
        return None


def _portal_result(base: str, status: int, seconds: float) -> CheckResult:
    took = f"{seconds * 1000:.0f} ms"
    if status == 200:
        return CheckResult("portal", OK, f"{base} healthy ({took})")
    if status in (401, 403):
        return CheckResult("portal", OK, f"{base} answers ({took}; HTTP {status} to this "
                           "device: see token)")
    if status >= 500 or status in (408, 429):
        return CheckResult("portal", WARN, f"{base} answers HTTP {status}: unhealthy",
                           "The portal has trouble; dossiers wait in the queue and are sent "
                           "when it recovers.")
    return CheckResult("portal", WARN, f"{base}/v1/health answered HTTP {status}",
                       "Is portal_url the portal's base address (no path)?")


def check_token(settings: Settings, credentials: Any) -> CheckResult:
    """An authenticated request the kiosk makes anyway: fetch the portal's dossier key."""
    from kiosk.sync.client import (
        DeviceRefusedError,
        PortalClient,
        PortalConnectionError,
        PortalError,
    )
    from kiosk.sync.credentials import fingerprint
    from kiosk.sync.errors import CredentialsError, KeyringUnavailableError, SyncError

    try:
        token = credentials.device_token()
        client = PortalClient.from_settings(settings, credentials)
    except KeyringUnavailableError as exc:
        return CheckResult("token", FAIL, f"keyring unavailable: {exc.detail}",
                           "Fix the keyring first (see keyring).")
    except CredentialsError:
        return CheckResult("token", FAIL, f"no device token for {settings.kiosk_id}",
                           DEVICE_KEY_HINT)
    except (SyncError, OSError, ValueError) as exc:  # e.g. an unreadable client certificate
        return CheckResult("token", FAIL, f"cannot build the portal client: {exc}",
                           "Check portal_client_cert and its password (`kiosk token set "
                           "--cert-password`).")
    try:
        key = client.dossier_key()
    except DeviceRefusedError as exc:
        return CheckResult("token", FAIL, f"the portal refused token {fingerprint(token)} "
                           f"(HTTP {exc.status})", DEVICE_KEY_HINT)
    except PortalConnectionError as exc:
        return CheckResult("token", WARN, f"not checked: {exc}",
                           "The portal stopped answering; run doctor again.")
    except PortalError as exc:
        return CheckResult("token", WARN, f"not checked: the key request failed ({exc})",
                           "The portal has trouble; run doctor again later.")
    finally:
        client.close()
    if key is None and settings.require_encryption:
        return CheckResult("token", WARN, f"token {fingerprint(token)} accepted, but the portal "
                           "publishes no encryption key and require_encryption is on",
                           "Dossiers will wait: ask the portal operator to publish the key.")
    where = f"key {key.kid}" if key is not None else "no key (plaintext portal)"
    return CheckResult("token", OK, f"token {fingerprint(token)} accepted; {where}")


def clock_result(date_header: str | None, local_time: float) -> CheckResult:
    """Compare the portal's `Date` (whole seconds) with this machine's clock."""
    if not date_header:
        return CheckResult("clock", WARN, "the portal sent no Date header: skew unknown",
                           "Keep NTP on: `timedatectl set-ntp true`.")
    try:
        portal_time = parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError):
        return CheckResult("clock", WARN, f"unreadable Date header {date_header!r}")
    skew = local_time - portal_time
    # The header is truncated to the second: up to 1 s of apparent skew is nothing.
    shown = f"{abs(skew):.0f} s {'ahead of' if skew > 0 else 'behind'} the portal"
    hint = ("Set the clock and keep it set: `timedatectl set-ntp true` (systemd-timesyncd), "
            "check `timedatectl status`; dossier and receipt times come from this clock.")
    if abs(skew) > CLOCK_FAIL_S:
        return CheckResult("clock", FAIL, shown, hint)
    if abs(skew) > CLOCK_WARN_S:
        return CheckResult("clock", WARN, shown, hint)
    return CheckResult("clock", OK, f"within {max(abs(skew), 1.0):.0f} s of the portal")


def check_queue(settings: Settings) -> CheckResult:
    """Dossiers waiting to be sent, the oldest one's age, and device blocks."""
    from kiosk.sync.delivery import is_mismatch
    from kiosk.sync.errors import OutboxDamagedError, SyncError
    from kiosk.sync.outbox import OUTBOX_DIR, Outbox
    from kiosk.sync.outbox_records import BLOCKED, QUARANTINED, QUEUED, UPLOADING

    if not (settings.data_dir / OUTBOX_DIR).is_dir():
        return CheckResult("queue", OK, "empty (no dossier saved on this kiosk yet)")
    try:
        with Outbox.open(settings) as outbox:
            counts = outbox.counts()
            oldest = outbox.oldest_unsent_age()
            block = outbox.device_block()
            mismatched = sum(is_mismatch(e.last_error) for e in outbox.list([QUARANTINED]))
    except OutboxDamagedError as exc:
        return CheckResult("queue", FAIL, f"outbox damaged: {exc.detail}",
                           "The kiosk takes no dossiers until it is repaired. Stop the kiosk, "
                           "then run `kiosk queue recover` (it keeps the damaged database "
                           "and every file; nothing is deleted).")
    except SyncError as exc:
        return CheckResult("queue", FAIL, f"outbox unreadable: {exc.code} {exc.detail}",
                           "Check the data folder's disk and permissions; do not delete it "
                           "(it holds citizens' dossiers).")
    waiting = counts.get(QUEUED, 0) + counts.get(UPLOADING, 0)
    held = counts.get(BLOCKED, 0)
    quarantined = counts.get(QUARANTINED, 0)
    summary = f"{waiting} waiting" + (f", {held} held" if held else "") + (
        f", {quarantined} quarantined" if quarantined else "")
    if oldest is not None:
        summary += f"; oldest unsent {_hours(oldest)}"
    if block is not None:
        return CheckResult("queue", FAIL, f"sync stopped: the portal refused this device "
                           f"(HTTP {block.get('status')}); {summary}", DEVICE_KEY_HINT)
    if mismatched:
        return CheckResult("queue", WARN, f"{summary}; {mismatched} held because the portal's "
                           "answer named another dossier",
                           "A portal (or a proxy before it) answered for the wrong dossier: "
                           "nothing was taken as delivered. Tell the portal operator; once "
                           "fixed, `kiosk queue retry CODE` sends them again (safe: same id).")
    if oldest is not None and oldest > QUEUE_OLD_S:
        return CheckResult("queue", WARN, summary,
                           "Dossiers have waited over a day: check the portal and token "
                           "checks above, then `kiosk queue list` and `kiosk sync --once`.")
    if quarantined:
        return CheckResult("queue", WARN, summary,
                           "The portal rejected some dossiers: `kiosk queue list`, then "
                           "`kiosk queue retry CODE` once the cause is fixed.")
    return CheckResult("queue", OK, summary)


def _hours(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
