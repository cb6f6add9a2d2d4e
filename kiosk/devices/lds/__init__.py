"""ICAO 9303 Logical Data Structure: parse and build the chip's files, passive authentication.

The protocol side (APDUs, BAC, secure messaging) reads bytes; everything here turns bytes into
data and back. No Qt, no card I/O.
"""

from kiosk.devices.lds.builder import FILE_IDS, ChipKeys, build_card_files, chip_keys
from kiosk.devices.lds.card import CardData, parse_card
from kiosk.devices.lds.errors import LdsError
from kiosk.devices.lds.passive_auth import PassiveAuthResult, PassiveStatus, passive_authenticate
from kiosk.devices.lds.pki import TestPKI, demo_pki, other_pki
from kiosk.devices.lds.trust_store import TrustStore, TrustStoreError, load_trust_store

__all__ = [
    "FILE_IDS",
    "CardData",
    "ChipKeys",
    "LdsError",
    "PassiveAuthResult",
    "PassiveStatus",
    "TestPKI",
    "TrustStore",
    "TrustStoreError",
    "build_card_files",
    "chip_keys",
    "demo_pki",
    "load_trust_store",
    "other_pki",
    "parse_card",
    "passive_authenticate",
]
