"""ICAO 9303 Logical Data Structure: parse and build the chip's files, passive authentication.

The protocol side (APDUs, BAC, secure messaging) reads bytes; everything here turns bytes into
data and back. No Qt, no card I/O.
"""

from kiosk.devices.card.lds.card import CardData, parse_card
from kiosk.devices.card.lds.errors import LdsError
from kiosk.devices.card.lds.file_ids import FILE_IDS
from kiosk.devices.card.lds.passive_auth import (
    PassiveAuthResult,
    PassiveStatus,
    passive_authenticate,
)
from kiosk.devices.card.lds.trust_store import TrustStore, TrustStoreError, load_trust_store

__all__ = [
    "FILE_IDS",
    "CardData",
    "LdsError",
    "PassiveAuthResult",
    "PassiveStatus",
    "TrustStore",
    "TrustStoreError",
    "load_trust_store",
    "parse_card",
    "passive_authenticate",
]
