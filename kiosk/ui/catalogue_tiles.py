"""The home screen's services from the catalogue: tiles, search, categories, overview data.

Search is accent- and case-insensitive ("dang ky" and "khai sinh" both find "Đăng ký khai
sinh"): every word typed must appear in the procedure's Vietnamese or English name, its
category or its code.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.forms.addresses import sort_key
from kiosk.forms.fees import ONLINE

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.forms.catalogue import Catalogue, Service

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceTile:
    code: str
    name_vi: str
    name_en: str
    icon: str = ""
    category_id: str = ""
    category_vi: str = ""
    category_en: str = ""
    # The procedure overview (documents, fee, time): ServiceOverviewScreen's catalogueEntry.
    details: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def as_qml(self) -> dict[str, str]:
        return {"code": self.code, "nameVi": self.name_vi, "nameEn": self.name_en,
                "icon": self.icon, "categoryId": self.category_id,
                "categoryVi": self.category_vi, "categoryEn": self.category_en}

    @property
    def search_text(self) -> str:
        return sort_key(" ".join((self.name_vi, self.name_en, self.category_vi,
                                  self.category_en, self.code)))


def tiles_from_catalogue(settings: Settings, catalogue: Catalogue | None = None
                         ) -> list[ServiceTile]:
    """One tile per procedure the kiosk offers; broken catalogue files are skipped (logged)."""
    if catalogue is None:
        from kiosk.forms.catalogue_in_use import catalogue_in_use

        catalogue = catalogue_in_use(settings).catalogue
    if catalogue.problems:
        log.warning("catalogue loaded with %d problem(s)", len(catalogue.problems))
    return [tile_of(service, settings.filing_channel) for service in catalogue.list()]


def tile_of(service: Service, channel: str = ONLINE, on: date | None = None) -> ServiceTile:
    return ServiceTile(
        code=service.code,
        name_vi=service.names.vi,
        name_en=service.names.en,
        category_id=service.category_id,
        category_vi=service.category.vi,
        category_en=service.category.en,
        details=catalogue_entry(service, channel, on),
    )


def catalogue_entry(service: Service, channel: str = ONLINE,
                    on: date | None = None) -> dict[str, Any]:
    """What ServiceOverviewScreen shows, in both languages (QML picks by i18n.language): the
    fee as paid through this kiosk's `channel` on `on` (today), and which facts no official
    source confirms."""
    fee = service.fee
    time = service.processing_time
    paid = service.advertised_charge(channel, on or date.today())
    unsettled = service.unsettled
    return {
        "code": service.code,
        "nameVi": service.names.vi,
        "nameEn": service.names.en,
        "summaryVi": service.summary.vi if service.summary else "",
        "summaryEn": service.summary.en if service.summary else "",
        "categoryVi": service.category.vi,
        "categoryEn": service.category.en,
        "agencyVi": service.agency_name.vi,
        "agencyEn": service.agency_name.en,
        "serviceLevel": service.service_level,
        "serviceLevelVi": service.service_level_text.vi,
        "serviceLevelEn": service.service_level_text.en,
        "feeKind": fee.kind,
        "feeAmount": fee.amount_vnd if fee.amount_vnd is not None else -1,
        "feeBasis": fee.basis,
        "feeNoteVi": fee.note.vi if fee.note else "",
        "feeNoteEn": fee.note.en if fee.note else "",
        # -1: depends on the answers (shown at review).
        "feePayable": paid.payable_vnd if paid is not None else -1,
        "feeListed": paid.listed_vnd if paid is not None else -1,
        "feeRuleVi": paid.rule.vi if paid is not None and paid.rule else "",
        "feeRuleEn": paid.rule.en if paid is not None and paid.rule else "",
        "feeUnconfirmed": "fee" in unsettled and not (
            paid is not None and paid.rule is not None and paid.payable_vnd == 0),
        "timeUnconfirmed": "processing_time" in unsettled,
        "agencyUnconfirmed": "agency" in unsettled,
        "timeVi": time.text("vi"),
        "timeEn": time.text("en"),
        "timeNoteVi": time.note.vi if time.note else "",
        "timeNoteEn": time.note.en if time.note else "",
        "documents": [
            {
                "id": d.id,
                "nameVi": d.name.vi,
                "nameEn": d.name.en,
                "noteVi": d.note.vi if d.note else "",
                "noteEn": d.note.en if d.note else "",
                "capture": d.capture,
                "required": d.required,
                "conditional": d.relevant is not None,
                "unconfirmed": f"documents[{i}]" in unsettled,
            }
            for i, d in enumerate(service.documents)
        ],
        "legalBasis": list(service.legal_basis),
        # Every fact confirmed by an official source (kiosk/forms/facts.py).
        "verified": not unsettled,
    }


def overview_of(catalogue: Catalogue, code: str, channel: str = ONLINE
                ) -> dict[str, Any] | None:
    """The catalogueEntry of one procedure, or None when the catalogue has no such code."""
    service = catalogue.services.get(code)
    return None if service is None else catalogue_entry(service, channel)


def search_tiles(tiles: Sequence[ServiceTile], query: str, category: str = ""
                 ) -> list[ServiceTile]:
    """Tiles whose words start with every word typed (accents optional); those holding the
    typed words as one phrase come first ("khai tu" before "... khai sinh ... tuoi")."""
    phrase = sort_key(query)
    words = phrase.split()
    found: list[tuple[int, int, ServiceTile]] = []
    for position, tile in enumerate(tiles):
        if category and tile.category_id != category:
            continue
        text = tile.search_text
        own = text.split()
        if all(any(w.startswith(q) for w in own) for q in words):
            found.append((0 if f" {phrase}" in f" {text}" else 1, position, tile))
    return [tile for _, _, tile in sorted(found, key=lambda f: (f[0], f[1]))]


class ServiceSearch(QObject):
    """Exposed to QML as `shell.services`: the service list filtered by search and category."""

    changed = Signal()

    def __init__(self, tiles: Sequence[ServiceTile], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tiles = list(tiles)
        self._query = ""
        self._category = ""

    def set_tiles(self, tiles: Sequence[ServiceTile]) -> None:
        self._tiles = list(tiles)
        self.changed.emit()

    def _get_query(self) -> str:
        return self._query

    def _set_query(self, text: str) -> None:
        if text != self._query:
            self._query = text
            self.changed.emit()

    def _get_category(self) -> str:
        return self._category

    def _set_category(self, category: str) -> None:
        if category != self._category:
            self._category = category
            self.changed.emit()

    def _results(self) -> list[dict[str, str]]:
        return [t.as_qml() for t in search_tiles(self._tiles, self._query, self._category)]

    def _categories(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for t in self._tiles:
            if not t.category_id:
                continue
            entry = seen.setdefault(t.category_id, {
                "id": t.category_id, "nameVi": t.category_vi, "nameEn": t.category_en,
                "count": 0})
            entry["count"] += 1
        return list(seen.values())

    @Slot()
    def clear(self) -> None:
        """Back to the full list (a new citizen at the home screen)."""
        self._query = ""
        self._category = ""
        self.changed.emit()

    @Slot(str, result="QVariantMap")
    def entry(self, code: str) -> dict[str, Any]:
        """The catalogueEntry for ServiceOverviewScreen ({} for an unknown code)."""
        for t in self._tiles:
            if t.code == code:
                return dict(t.details)
        return {}

    query = Property(str, _get_query, _set_query, notify=changed)
    category = Property(str, _get_category, _set_category, notify=changed)
    results = Property(list, _results, notify=changed)
    categories = Property(list, _categories, notify=changed)
    count = Property(int, lambda self: len(self._tiles), notify=changed)
