"""The files a chip card carries, built from a CitizenRecord (virtual card, tests, demo).

Keys the chip itself holds (Chip Authentication in DG14, Active Authentication in DG15) are
derived deterministically from the ID number, so a virtual card in another process can
recreate the private halves with `chip_keys(citizen)`. They are test keys, nothing more.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from kiosk.devices.card.access_key import NO_EXPIRY, yymmdd
from kiosk.devices.card.lds.com import build_com
from kiosk.devices.card.lds.dg1 import build_dg1, build_mrz_td1
from kiosk.devices.card.lds.dg2 import build_dg2
from kiosk.devices.card.lds.dg13 import NO_EXPIRY_TEXT, build_dg13
from kiosk.devices.card.lds.dg14_15 import ECDSA_PLAIN_SHA256, build_dg14, build_dg15
from kiosk.devices.card.lds.sod import HASH_ALGORITHMS, build_sod, hash_data
from kiosk.devices.simulator.citizens import CitizenRecord
from kiosk.devices.simulator.pki import TestPKI, other_pki

DATA_GROUPS = (1, 2, 13, 14, 15)


@dataclass(frozen=True)
class ChipKeys:
    chip_authentication: ec.EllipticCurvePrivateKey  # DG14 key (ECDH, P-256)
    active_authentication: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey  # DG15 key


def _derived_ec_key(label: str, id_number: str) -> ec.EllipticCurvePrivateKey:
    order = int("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16)
    seed = hashlib.sha256(f"kiosk-virtual-card/{label}/{id_number}".encode()).digest()
    return ec.derive_private_key(int.from_bytes(seed, "big") % (order - 1) + 1, ec.SECP256R1())


def chip_keys(citizen: CitizenRecord, *, clone: bool = False, rsa_aa: bool = False) -> ChipKeys:
    """The chip's private keys. `clone=True`: the keys a copy of the card would hold (the
    same citizen, other keys); `rsa_aa=True`: an RSA Active Authentication key."""
    prefix = "clone-" if clone else ""
    active = (rsa_active_key(citizen.id_number, prefix) if rsa_aa
              else _derived_ec_key(f"{prefix}aa", citizen.id_number))
    return ChipKeys(
        chip_authentication=_derived_ec_key(f"{prefix}ca", citizen.id_number),
        active_authentication=active,
    )


@lru_cache(maxsize=8)
def rsa_active_key(id_number: str, variant: str = "") -> rsa.RSAPrivateKey:
    """A 2048-bit RSA AA key, one per process, citizen and variant (RSA keys cannot be
    derived from a seed with cryptography, so this one is not reproducible across runs)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _spki(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def card_mrz(citizen: CitizenRecord) -> str:
    expiry = NO_EXPIRY if citizen.date_of_expiry is None else yymmdd(citizen.date_of_expiry)
    sex = {"Nam": "M", "Nữ": "F"}.get(citizen.gender, "<")
    return build_mrz_td1(
        citizen.id_number, yymmdd(citizen.date_of_birth), expiry, sex, citizen.full_name
    )


def build_citizen_dg13(citizen: CitizenRecord, *, parents_shape: str = "separate") -> bytes:
    field_16 = hashlib.sha256(citizen.id_number.encode()).hexdigest()[:16].upper()
    values: dict[int, str | date | None] = {
        1: citizen.id_number,
        2: citizen.full_name,
        3: citizen.date_of_birth,
        4: citizen.gender,
        5: citizen.nationality,
        6: citizen.ethnicity,
        7: citizen.religion,
        8: citizen.place_of_origin,
        9: citizen.place_of_residence,
        10: citizen.identifying_marks,
        11: citizen.date_of_issue,
        12: citizen.date_of_expiry or NO_EXPIRY_TEXT,
        15: citizen.old_id_number or "",
        16: field_16,
    }
    return build_dg13(
        values,
        parents=(citizen.father_name, citizen.mother_name),
        parents_shape=parents_shape,
        spouse=citizen.spouse_name,
    )


def _flip_byte(name: str, data: bytes) -> bytes:
    """Change one bit so the hash breaks but the file still parses, as a forger's edit
    would: a letter B..Y (stays a letter) in DG1/DG13 text, image data in DG2, the last
    byte (key or OID tail) elsewhere."""
    index = len(data) - 1
    if name == "DG2":
        index = len(data) * 3 // 4
    elif name in ("DG1", "DG13"):
        start = len(data) * 3 // 4
        index = next((i for i in range(start, 0, -1) if 0x42 <= data[i] <= 0x59), start)
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def build_card_files(
    citizen: CitizenRecord,
    pki: TestPKI,
    *,
    tamper_dg: str | None = None,
    wrong_dsc: bool = False,
    hash_algorithm: str = "sha256",
    keys: ChipKeys | None = None,
    parents_shape: str = "separate",
    signing_time: datetime | None = None,
) -> dict[str, bytes]:
    """COM, DG1, DG2, DG13, DG14, DG15 and SOD keyed like FILE_IDS.

    ``tamper_dg`` ("DG1", "DG13"...) flips a byte in that file after the SOD was signed;
    ``wrong_dsc`` signs with a DSC from a CSCA the kiosk does not trust (other_pki()).
    """
    if hash_algorithm not in HASH_ALGORITHMS:
        raise ValueError(f"hash algorithm must be one of {HASH_ALGORITHMS}")
    keys = keys or chip_keys(citizen)
    # ICAO requires ActiveAuthenticationInfo (naming the hash) for ECDSA AA only.
    ecdsa_aa = isinstance(keys.active_authentication, ec.EllipticCurvePrivateKey)
    aa_signature = ECDSA_PLAIN_SHA256 if ecdsa_aa else None
    groups = {
        1: build_dg1(card_mrz(citizen)),
        2: build_dg2(citizen.face_jpeg),
        13: build_citizen_dg13(citizen, parents_shape=parents_shape),
        14: build_dg14(_spki(keys.chip_authentication), aa_signature=aa_signature),
        15: build_dg15(_spki(keys.active_authentication)),
    }
    signer = other_pki() if wrong_dsc else pki
    hashes = {number: hash_data(hash_algorithm, data) for number, data in groups.items()}
    sod = build_sod(
        hashes,
        hash_algorithm,
        signer.dsc_der,
        signer.sign,
        signer.scheme,
        signing_time=signing_time or datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    files = {"COM": build_com(list(DATA_GROUPS)), "SOD": sod}
    files.update({f"DG{number}": data for number, data in groups.items()})
    if tamper_dg is not None:
        if tamper_dg not in files or tamper_dg in ("COM", "SOD"):
            raise ValueError(f"tamper_dg must name a data group on the card, not {tamper_dg}")
        files[tamper_dg] = _flip_byte(tamper_dg, files[tamper_dg])
    return files
