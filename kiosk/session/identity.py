"""Who the citizen is: the chip ID card (opened with the ID number, or with the date of
birth for BAC-only cards), the QR code on the card's front, or a typed ID number. No Qt:
the UI calls these in background tasks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kiosk.config import Settings
from kiosk.errors import KioskError


class InvalidIdentityError(KioskError, ValueError):
    """What the citizen typed cannot identify them; says what to type instead."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


def card_access(id_number: str, date_of_birth: str) -> Any:
    """PACE with the CAN (last 6 digits of the ID number) first; the date of birth
    (dd/mm/yyyy, may be empty), when given, adds BAC keys for cards without PACE."""
    from kiosk.devices.card.card_session import access_for_citizen

    dob: date | None = None
    if date_of_birth.strip(" /_"):
        try:
            dob = datetime.strptime(date_of_birth.strip(), "%d/%m/%Y").date()
        except ValueError:
            raise InvalidIdentityError(
                "Ngày sinh chưa đúng. Vui lòng nhập theo dạng ngày/tháng/năm, "
                "ví dụ 05/09/1985.",
                "The date of birth is not valid. Please type it as day/month/year, "
                "e.g. 05/09/1985.",
            ) from None
    # A malformed ID number raises AccessKeyError, which carries its own vi/en message.
    return access_for_citizen(id_number.strip(), dob)


def read_card(settings: Settings, access: Any) -> Any:
    """Read and check the chip (the demo's simulated card in demo mode)."""
    from kiosk.devices.card.card_session import read_card as read_chip

    trust = trust_store(settings)
    if settings.demo:
        from kiosk.demo import demo_card_transport

        return read_chip(demo_card_transport(getattr(access, "can", None) or ""), access,
                         trust=trust)
    from kiosk.devices.card.pcsc_reader import PcscTransport, choose_reader

    reader = choose_reader(settings.card_reader)
    with PcscTransport(reader, timeout_s=settings.card_apdu_timeout_s) as pcsc:
        return read_chip(pcsc, access, trust=trust)


def trust_store(settings: Settings) -> Any:
    """The CSCA certificates passive authentication trusts (the demo CSCA in demo mode)."""
    from kiosk.devices.card.lds import load_trust_store

    path = settings.csca_trust_store
    if path is None and settings.demo:
        path = settings.resources() / "trust" / "demo-csca.pem"
    return load_trust_store(path) if path is not None else None


def parse_card_qr(text: str) -> Any:
    """The card-front QR (ValueError with a vi/en message when it is not one)."""
    from kiosk.devices.card.card_qr import parse_card_qr as parse

    return parse(text)


def qr_prefill(qr: Any) -> dict[str, Any]:
    """What the card-front QR says for certain, under the chip's JSON field names."""
    out: dict[str, Any] = {
        "id_number": qr.id_number,
        "old_id_number": qr.old_id_number,
        "full_name": qr.full_name,
        "date_of_birth": _iso(qr.date_of_birth),
        "gender": qr.gender,
        "place_of_residence": qr.address,
        "date_of_issue": _iso(qr.date_of_issue),
    }
    return {k: v for k, v in out.items() if v}


def card_prefill(result: Any) -> dict[str, Any]:
    """The chip's data as the form's prefill reads it."""
    data: dict[str, Any] = result.data.to_json()
    return data


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
