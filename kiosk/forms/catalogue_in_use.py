"""Which catalogue this kiosk uses, where it came from, and how old its facts' checks are.

The newest installed signed bundle that still checks out (kiosk/forms/catalogue_store.py),
else the catalogue shipped with the kiosk. The screens, `kiosk catalogue ...`, `kiosk dossier
new`, the admin panel and `kiosk doctor` all ask here, so they agree on what a citizen sees.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from kiosk.config import Settings
from kiosk.forms.catalogue import Catalogue, catalogue_dir, load_catalogue
from kiosk.forms.catalogue_bundle import PinnedKey, SigningKeyError
from kiosk.forms.catalogue_store import CatalogueStore, Installed, Selection
from kiosk.forms.facts import ages, sources_of

log = logging.getLogger(__name__)

SHIPPED = "shipped"
BUNDLE = "bundle"


@dataclass(frozen=True)
class FactChecks:
    """When the facts a citizen is told were last checked against their sources."""

    oldest: date | None  # the oldest check date among the sources cited; None: none cited
    facts: int  # facts stated (agency, legal bases, fee, time, papers, result places)
    uncited: int  # of which cite no source yet


@dataclass(frozen=True)
class CatalogueInUse:
    catalogue: Catalogue
    directory: Path
    province_code: int
    bundle_version: str | None = None  # None: the shipped catalogue
    issued_at: datetime | None = None  # when the portal signed the bundle
    rolled_back: tuple[tuple[str, str], ...] = field(default=())  # (version, why) skipped

    @property
    def origin(self) -> str:
        return BUNDLE if self.bundle_version else SHIPPED

    @property
    def version(self) -> str:
        """What identifies it to a technician: the bundle's version, else the shipped
        catalogue's own (its procedures' newest catalogue_version)."""
        return self.bundle_version or self.catalogue.version

    def describe(self) -> str:
        if self.bundle_version and self.issued_at:
            return (f"bundle {self.bundle_version} signed "
                    f"{self.issued_at.isoformat(sep=' ', timespec='minutes')}, "
                    f"{len(self.catalogue.services)} procedures")
        return (f"shipped with the kiosk (catalogue {self.catalogue.version}), "
                f"{len(self.catalogue.services)} procedures")

    def fact_checks(self) -> FactChecks:
        return fact_checks(self.catalogue, self.directory, self.province_code)


def fact_checks(catalogue: Catalogue, directory: Path, province_code: int) -> FactChecks:
    """Every fact of every procedure offered (kiosk/forms/facts.py) and the sources of the
    province's overrides file (a fee or time it changes cites them)."""
    dates: list[date] = []
    facts = uncited = 0
    for service in catalogue.list():
        for row in ages(service.code, service.raw):
            facts += 1
            if row.checked is None:
                uncited += 1
            else:
                dates.append(row.checked)
    override = directory / "overrides" / f"{province_code}.json"
    try:
        raw = json.loads(override.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = None
    if isinstance(raw, dict):
        dates += [s.checked for s in sources_of(raw).values()]
    return FactChecks(min(dates, default=None), facts, uncited)


def pinned_key(settings: Settings) -> PinnedKey | None:
    """The key bundles must be signed with; None when none is set (updates are off).
    Raises SigningKeyError when the setting holds something else."""
    text = settings.catalogue_signing_key.strip()
    return PinnedKey.from_setting(text) if text else None


def catalogue_in_use(settings: Settings, *, repair: bool = True) -> CatalogueInUse:
    """The catalogue to offer now. `repair`: write a rollback down (the kiosk, at start);
    without it nothing on disk changes (doctor)."""
    try:
        pinned = pinned_key(settings)
    except SigningKeyError as exc:
        log.error("catalogue_signing_key unusable (%s): installed bundles are not used", exc)
        pinned = None
    store = CatalogueStore(settings.data_dir)
    try:
        selection = store.select(pinned, settings.province_code, repair=repair)
    except OSError as exc:
        # A data folder this process may not write (a technician's doctor run as another
        # user): read what is there without writing anything.
        if not repair:
            raise
        log.warning("catalogue store not writable (%s): reading it as it is",
                    type(exc).__name__)
        selection = store.select(pinned, settings.province_code, repair=False)
    return in_use_of(settings, selection)


def in_use_of(settings: Settings, selection: Selection | Installed | None) -> CatalogueInUse:
    installed = selection.installed if isinstance(selection, Selection) else selection
    failed = selection.failed if isinstance(selection, Selection) else ()
    if installed is not None:
        return CatalogueInUse(installed.catalogue, installed.directory, settings.province_code,
                              installed.version, installed.issued_at, failed)
    shipped = catalogue_dir(settings.resources())
    # As always for the shipped catalogue: a broken procedure is left out, the rest offered.
    catalogue = load_catalogue(shipped, settings.province_code, strict=False)
    return CatalogueInUse(catalogue, shipped, settings.province_code, rolled_back=failed)
