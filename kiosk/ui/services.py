"""The core services a citizen session uses, in one place the view-models call.

Plain Python (no Qt types cross this boundary except the form view-model it builds), so
each method can run inside a BackgroundTask. Who the citizen is (card, QR, typed ID) is
kiosk.session.identity; card, forms, outbox and receipts stay in their core packages; this
module joins them for the view-models.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from kiosk.config import Settings
from kiosk.dossier.masking import mask_id_number
from kiosk.session import identity
from kiosk.ui.images import SessionImages

log = logging.getLogger(__name__)

REDACTED_CARD_FIELDS = (
    "full_name", "id_number", "old_id_number", "document_number", "place_of_residence",
    "place_of_origin", "father_name", "mother_name", "spouse_name", "date_of_birth",
)


class KioskServices:
    def __init__(self, settings: Settings, images: SessionImages, translations: Any) -> None:
        self.settings = settings
        self.images = images
        self.translations = translations
        self._in_use: Any = None  # kiosk.forms.catalogue_in_use.CatalogueInUse
        self._outbox: Any = None
        self._stats: Any = None

    # --- catalogue --------------------------------------------------------------------
    def catalogue(self) -> Any:
        return self.catalogue_in_use().catalogue

    def catalogue_in_use(self) -> Any:
        """The catalogue offered, where it came from (a signed bundle or the shipped one)."""
        if self._in_use is None:
            from kiosk.forms.catalogue_in_use import catalogue_in_use

            self._in_use = catalogue_in_use(self.settings)
        return self._in_use

    def use_catalogue(self, in_use: Any) -> None:
        """A newer catalogue, between citizens only (kiosk/ui/catalogue_updates.py)."""
        self._in_use = in_use

    def warm_up(self) -> None:
        """Slow first-use work (address indexes take seconds), done before a citizen waits."""
        from kiosk.forms.addresses import ChipAddressConverter

        self.catalogue()
        ChipAddressConverter().warm_up()

    def service_overview(self, code: str) -> dict[str, Any] | None:
        from kiosk.ui.catalogue_tiles import overview_of

        return overview_of(self.catalogue(), code, self.settings.filing_channel)

    def new_form_session(self, code: str, card_json: dict[str, Any] | None) -> Any:
        """Runs in a BackgroundTask: prefill converts the chip's pre-2025 address."""
        from kiosk.forms.engine import start_session

        return start_session(self.catalogue(), code, card=card_json, settings=self.settings)

    def form_view_model(
        self, form_session: Any, parent: QObject, tasks: Any, session_dir: Path
    ) -> QObject:
        from kiosk.ui.form_vm import FormViewModel

        return FormViewModel(form_session, self.translations, parent, tasks=tasks,
                             session_dir=session_dir, settings=self.settings)

    # --- the card ---------------------------------------------------------------------
    def card_access(self, id_number: str, date_of_birth: str) -> Any:
        return identity.card_access(id_number, date_of_birth)

    def demo_identity(self) -> tuple[str, str]:
        if not self.settings.demo:
            return ("", "")
        from kiosk.demo import demo_identity

        return demo_identity()

    def demo_other_cards(self) -> list[tuple[str, str, str]]:
        if not self.settings.demo:
            return []
        from kiosk.demo import demo_other_cards

        return demo_other_cards()

    def read_card(self, access: Any) -> Any:
        return identity.read_card(self.settings, access)

    def parse_card_qr(self, text: str) -> Any:
        return identity.parse_card_qr(text)

    def qr_prefill(self, qr: Any) -> dict[str, Any]:
        return identity.qr_prefill(qr)

    def card_prefill(self, result: Any) -> dict[str, Any]:
        return identity.card_prefill(result)

    def read_other_card(self, access: Any, form_session: Any) -> dict[str, Any]:
        """Another person's card as the form takes it, in a background task: read; its
        residence converted ahead (slow the first time), so that filling the form on the GUI
        thread finds it done; the chip's data object wiped and the photo left out (the form
        never shows it)."""
        from kiosk.forms.prefill import CardData

        result = self.read_card(access)
        try:
            card_json = identity.card_prefill(result)
        finally:
            data = getattr(result, "data", None)
            if data is not None and hasattr(data, "wipe"):
                data.wipe()
        card_json.pop("photo", None)
        if form_session is not None:
            form_session.prepare_card(CardData.from_json(card_json))
        return card_json

    def card_summary(self, result: Any) -> dict[str, Any]:
        data = result.data.to_json()
        photo = getattr(result.data, "photo_png", None) or getattr(result.data, "photo_jpeg", None)
        url = self.images.put("photo", photo) if photo else ""
        dob = data.get("date_of_birth")
        return {
            "fullName": data.get("full_name") or "",
            "idMasked": mask_id_number(data.get("id_number"), mask="•"),
            "dateOfBirth": date.fromisoformat(dob).strftime("%d/%m/%Y") if dob else "",
            "placeOfResidence": data.get("place_of_residence") or "",
            "passive": result.authentication.passive,
            "photoUrl": url,
        }

    # --- saving, receipts, printing ---------------------------------------------------
    def outbox(self) -> Any:
        if self._outbox is None:
            from kiosk.sync.outbox import Outbox

            self._outbox = Outbox.open(self.settings)
        return self._outbox

    def save_and_render(self, dossier: Any, tmp: Path
                        ) -> tuple[str, Path, str, str, dict[str, str], str]:
        """Commit the dossier, then its receipt (kiosk.session.confirm); the preview and
        QR images for the receipt screen, and what happens next in words."""
        from kiosk.receipts.description import next_steps
        from kiosk.session.confirm import confirm_dossier
        from kiosk.ui.receipt_preview import render_preview_png

        done = confirm_dossier(self.settings, self.outbox(), dossier, tmp)
        preview = render_preview_png(done.receipt_pdf, tmp / "receipt-preview.png")
        return (
            done.local_code,
            done.receipt_pdf,
            self.images.put("receipt", preview.read_bytes()),
            self.images.put("receiptqr", done.tracking_qr.read_bytes()),
            next_steps(dossier.receipt),
            self.images.put("receiptpay", done.payment_qr.read_bytes())
            if done.payment_qr is not None else "",
        )

    def print_receipt(self, pdf: Path) -> Any:
        from kiosk.receipts.printing import print_pdf

        return print_pdf(pdf, self.settings)

    def record_rating(self, service_code: str, stars: int) -> None:
        if service_code:
            self.stats().record_rating(service_code, stars)

    def record_started(self, service_code: str) -> None:
        self.stats().record_started(service_code)

    def record_confirmed(self, service_code: str) -> None:
        self.stats().record_confirmed(service_code)

    def stats(self) -> Any:
        if self._stats is None:
            from kiosk.session.usage import ServiceStats

            self._stats = ServiceStats(self.settings.data_dir)
        return self._stats

    def remember_for_redaction(self, card_json: dict[str, Any]) -> None:
        """The citizen's own strings are masked in any log line until the wipe, even
        where a pattern would not catch them (a name, an address)."""
        from kiosk.logs.structured import session_redactor

        session_redactor.register(*(card_json.get(k) for k in REDACTED_CARD_FIELDS))

    def forget_session(self) -> None:
        from kiosk.logs.structured import session_redactor

        self.images.clear()
        session_redactor.clear()


