"""One check for a new catalogue: fetch the portal's signed bundle, check it, install it.

Blocking (network, fsync): run it off the GUI thread (kiosk/ui/catalogue_updates.py) or
from `kiosk catalogue update`. It installs on disk at once, which a running kiosk does not
notice; the kiosk swaps its catalogue in memory between citizens, never during a visit
(`BetweenVisits`).

Every outcome but "installed" and "up to date" writes exactly one warning (or error) line
saying why, and then nothing on disk has changed (kiosk/forms/catalogue_store.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from kiosk.config import Settings
from kiosk.forms.catalogue_bundle import (
    BundleRefusedError,
    PinnedKey,
    SigningKeyError,
    is_newer,
    open_bundle,
)
from kiosk.forms.catalogue_in_use import CatalogueInUse, in_use_of, pinned_key
from kiosk.forms.catalogue_store import FILES_DIR, CatalogueStore, Installed
from kiosk.sync.client import (
    DeviceRefusedError,
    PortalClient,
    PortalConnectionError,
    PortalError,
    PortalNotFoundError,
)
from kiosk.sync.credentials import Credentials
from kiosk.sync.errors import SyncError

log = logging.getLogger(__name__)

INSTALLED = "installed"
UP_TO_DATE = "up_to_date"
NONE_PUBLISHED = "none_published"
REFUSED = "refused"
UNREACHABLE = "unreachable"
OFF = "off"
FAILED = "failed"
SIGNING_KEY = "signing_key"  # the reason of FAILED when catalogue_signing_key is unusable


@dataclass(frozen=True)
class UpdateOutcome:
    status: str
    detail: str
    version: str | None = None  # the bundle's, when one was received
    reason: str | None = None  # BundleRefusedError.reason, when refused
    in_use: CatalogueInUse | None = None  # the new catalogue, loaded, when installed

    @property
    def installed(self) -> bool:
        return self.status == INSTALLED

    @property
    def updates_off(self) -> bool:
        """No usable key is pinned: no bundle can be checked, installed or trusted."""
        return self.status == OFF or self.reason == SIGNING_KEY

    @property
    def ok(self) -> bool:
        return self.status in (INSTALLED, UP_TO_DATE, NONE_PUBLISHED)


def check_for_update(settings: Settings, credentials: Credentials, *,
                     client: PortalClient | None = None,
                     portal_url: str | None = None) -> UpdateOutcome:
    pinned = _pinned(settings)
    if not isinstance(pinned, PinnedKey):
        return pinned
    store = CatalogueStore(settings.data_dir)
    current = store.current_version()
    own = client is None
    try:
        if client is None:
            client = PortalClient.from_settings(settings, credentials, portal_url)
    except SyncError as exc:  # the portal's settings: URL, CA bundle, client certificate
        log.warning("catalogue update: portal settings unusable (%s: %s); nothing changed",
                    exc.code, exc.detail)
        return UpdateOutcome(FAILED, f"portal settings unusable: {exc.code} {exc.detail}")
    try:
        data = client.catalogue_bundle(current, settings.province_code)
    except PortalNotFoundError:
        log.info("catalogue update: the portal publishes no catalogue bundle")
        return UpdateOutcome(NONE_PUBLISHED, "the portal publishes no catalogue bundle")
    except DeviceRefusedError as exc:
        log.warning("catalogue update: the portal refused this device (HTTP %s); nothing "
                    "changed", exc.status)
        return UpdateOutcome(FAILED, f"the portal refused this device (HTTP {exc.status})")
    except PortalError as exc:
        # No answer at all (refused, reset, cut short): the client has logged the warning
        # already, naming the request; this line only adds that nothing changed.
        level = logging.INFO if isinstance(exc, PortalConnectionError) else logging.WARNING
        log.log(level, "catalogue update: no bundle received (%s); nothing changed",
                exc.detail, extra={"event": "catalogue_unreachable"})
        return UpdateOutcome(UNREACHABLE, f"no bundle received: {exc.detail}")
    except SyncError as exc:  # no device token, no keyring
        log.warning("catalogue update: %s; nothing changed", exc.code)
        return UpdateOutcome(FAILED, exc.code)
    finally:
        if own:
            client.close()
    if data is None:
        log.debug("catalogue update: %s is the newest", current)
        return UpdateOutcome(UP_TO_DATE, f"{current or 'the shipped catalogue'} is the newest",
                             current)
    return install_bundle(settings, store, data, pinned, current)


def _pinned(settings: Settings) -> PinnedKey | UpdateOutcome:
    try:
        pinned = pinned_key(settings)
    except SigningKeyError as exc:
        log.error("catalogue update off: catalogue_signing_key unusable (%s)", exc)
        return UpdateOutcome(FAILED, f"catalogue_signing_key unusable: {exc}",
                             reason=SIGNING_KEY)
    if pinned is None:
        return UpdateOutcome(OFF, "no catalogue_signing_key: catalogue updates are off")
    return pinned


def install_file(settings: Settings, data: bytes) -> UpdateOutcome:
    """A bundle brought on a USB stick (`kiosk catalogue update --file`): the same checks."""
    pinned = _pinned(settings)
    if not isinstance(pinned, PinnedKey):
        return pinned
    store = CatalogueStore(settings.data_dir)
    return install_bundle(settings, store, data, pinned, store.current_version())


def install_bundle(settings: Settings, store: CatalogueStore, data: bytes, pinned: PinnedKey,
                   current: str | None) -> UpdateOutcome:
    """Check `data` and install it; one log line when refused or failed."""
    try:
        bundle = open_bundle(data, pinned, settings.province_code)
        if not is_newer(bundle.version, current):
            # An older (or the same) signed bundle sent again: a replay, or a stale mirror.
            raise BundleRefusedError("replay", f"version {bundle.version} is not newer than the "
                                               f"installed {current}", bundle.version)
        catalogue = store.install(bundle, settings.province_code)
    except BundleRefusedError as exc:
        log.warning("catalogue bundle %srefused (%s): %s; nothing changed",
                    f"{exc.version} " if exc.version else "", exc.reason, exc.detail,
                    extra={"event": "catalogue_refused", "reason": exc.reason,
                           "bundle_version": exc.version})
        return UpdateOutcome(REFUSED, exc.detail, exc.version, exc.reason)
    except OSError as exc:
        log.error("catalogue bundle not installed (%s: %s); nothing changed",
                  type(exc).__name__, exc.strerror or exc,
                  extra={"event": "catalogue_install_failed"})
        return UpdateOutcome(FAILED, f"not installed: {type(exc).__name__}")
    installed = Installed(bundle.version, bundle.issued_at,
                          store.version_dir(bundle.version) / FILES_DIR, catalogue)
    in_use = in_use_of(settings, installed)
    log.info("catalogue bundle %s (signed %s) installed; in use from the next citizen",
             bundle.version, bundle.issued_at.isoformat(), extra={
                 "event": "catalogue_installed", "bundle_version": bundle.version})
    return UpdateOutcome(INSTALLED, f"bundle {bundle.version} installed", bundle.version,
                         in_use=in_use)


T = TypeVar("T")


class BetweenVisits(Generic[T]):
    """Holds what may change only between citizens (a new catalogue) until no visit is in
    progress; `apply` runs it then, on the thread that calls `offer` and `visit_ended`.

    The newest offer wins: two bundles installed during one long visit are swapped in once.
    """

    def __init__(self, apply: Callable[[T], None], in_visit: Callable[[], bool]) -> None:
        self._apply = apply
        self._in_visit = in_visit
        self._pending: T | None = None

    @property
    def pending(self) -> T | None:
        return self._pending

    def offer(self, item: T) -> bool:
        """Apply now if no visit is in progress (True), else keep it for later."""
        self._pending = item
        return self.visit_ended() if not self._in_visit() else False

    def visit_ended(self) -> bool:
        item, self._pending = self._pending, None
        if item is None:
            return False
        if self._in_visit():  # a new visit already started: wait for its end
            self._pending = item
            return False
        self._apply(item)
        return True


__all__ = ["BetweenVisits", "UpdateOutcome", "check_for_update", "install_bundle",
           "install_file"]
