"""Addresses in the 2025 two-tier structure (province + commune/ward) and chip addresses.

The picker data come from `vietnam-provinces` (National Statistics Office codes; Hà Nội = 1,
126 communes and wards). Addresses read from an ID chip predate the reform (they name a
district): `ChipAddressConverter` converts them with `vietnam-address-converter` and answers
one new address or the candidates when an old ward was split. The converter uses its own code
scheme, so its answers are joined to vietnam-provinces by *name*, never by code.

An address answer is a dict: ``{"province_code": 1, "commune_code": 70, "street": "..."}``;
`complete_address` adds ``province_name`` and ``commune_name`` for the portal and receipts.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from vietnam_provinces import Province, ProvinceCode, Ward, WardCode

log = logging.getLogger(__name__)

STREET_MAX = 200


@dataclass(frozen=True)
class ProvinceOption:
    code: int
    name: str


@dataclass(frozen=True)
class CommuneOption:
    code: int
    name: str  # e.g. "Phường Hoàn Kiếm"
    kind: str  # "phường", "xã" or "đặc khu"
    province_code: int


@lru_cache(maxsize=1)
def provinces() -> tuple[ProvinceOption, ...]:
    """Provinces and cities, sorted by name without "Tỉnh"/"Thành phố" (Hà Nội under H)."""
    items = [ProvinceOption(int(p.code), p.name) for p in Province.iter_all()]
    return tuple(sorted(items, key=lambda p: sort_key(_strip_kind(p.name))))


@lru_cache(maxsize=64)
def communes(province_code: int) -> tuple[CommuneOption, ...]:
    """Communes and wards of a province, sorted by name without the type word."""
    try:
        code = ProvinceCode(province_code)
    except ValueError:
        return ()
    items = [
        CommuneOption(int(w.code), w.name, w.division_type.value, int(w.province_code))
        for w in Ward.iter_by_province(code)
    ]
    return tuple(sorted(items, key=lambda c: sort_key(_strip_kind(c.name))))


def province_name(code: int) -> str | None:
    try:
        return Province.from_code(ProvinceCode(code)).name
    except ValueError:
        return None


def commune(code: int) -> CommuneOption | None:
    try:
        w = Ward.from_code(WardCode(code))
    except ValueError:
        return None
    return CommuneOption(int(w.code), w.name, w.division_type.value, int(w.province_code))


AddressProblem = Literal["province_unknown", "commune_unknown", "commune_not_in_province",
                         "street_missing", "street_too_long", "address_shape"]


def check_address(value: object) -> AddressProblem | None:
    if not isinstance(value, dict):
        return "address_shape"
    province = value.get("province_code")
    if not isinstance(province, int) or isinstance(province, bool) or not province_name(
            province):
        return "province_unknown"
    code = value.get("commune_code")
    unit = commune(code) if isinstance(code, int) and not isinstance(code, bool) else None
    if unit is None:
        return "commune_unknown"
    if unit.province_code != province:
        return "commune_not_in_province"
    street = value.get("street")
    if not isinstance(street, str) or not street.strip():
        return "street_missing"
    if len(street) > STREET_MAX:
        return "street_too_long"
    return None


def complete_address(value: dict[str, Any]) -> dict[str, Any]:
    """The address with names filled in (codes kept), for answers, receipts and review."""
    out = dict(value)
    if isinstance(out.get("street"), str):
        out["street"] = " ".join(out["street"].split())
    p = out.get("province_code")
    c = out.get("commune_code")
    out["province_name"] = province_name(p) if isinstance(p, int) else None
    unit = commune(c) if isinstance(c, int) else None
    out["commune_name"] = unit.name if unit else None
    return out


def format_address(value: object) -> str:
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    full = complete_address(value)
    parts = [full.get("street"), full.get("commune_name"), full.get("province_name")]
    return ", ".join(str(p) for p in parts if p)


# ---- chip (pre-2025) addresses ------------------------------------------------------------


@dataclass(frozen=True)
class AddressCandidate:
    province_code: int
    commune_code: int
    street: str
    commune_name: str
    province_name: str

    def as_answer(self) -> dict[str, Any]:
        return {"province_code": self.province_code, "commune_code": self.commune_code,
                "street": self.street}

    @property
    def text(self) -> str:
        return ", ".join(p for p in (self.street, self.commune_name, self.province_name) if p)


@dataclass(frozen=True)
class AddressConversion:
    """Result of converting a chip address: matched (one candidate), ambiguous (the citizen
    picks one), or not_found (the citizen picks province and commune themselves)."""

    status: Literal["matched", "ambiguous", "not_found"]
    original: str
    street: str
    candidates: tuple[AddressCandidate, ...] = ()


class ChipAddressConverter:
    """Wraps vietnam-address-converter. Its first use builds indexes for several seconds:
    call `warm_up()` from a background worker at start-up."""

    _lock = threading.Lock()
    _ready = False

    def warm_up(self) -> None:
        with self._lock:
            if not ChipAddressConverter._ready:
                self._convert_raw("Phường Hàng Bạc, Quận Hoàn Kiếm, Thành phố Hà Nội")
                ChipAddressConverter._ready = True

    def _convert_raw(self, text: str) -> dict[str, Any]:
        from vietnam_address_converter import convert_address_text

        result: dict[str, Any] = convert_address_text(text)
        return result

    def convert(self, text: str) -> AddressConversion:
        text = " ".join((text or "").split())
        if not text:
            return AddressConversion("not_found", text, "")
        self.warm_up()
        raw = self._convert_raw(text)
        street = str(raw.get("street_address") or "").strip(" ,")
        conversion = raw.get("conversion") or {}
        status = conversion.get("status")
        converted = raw.get("converted")
        if converted and (status == "matched" or raw.get("input_type") == "new"):
            found = _join(converted.get("province"), converted.get("ward"), street)
            if found:
                return AddressConversion("matched", text, street, (found,))
        if status == "ambiguous":
            seen: set[int] = set()
            options = []
            for cand in conversion.get("candidates") or []:
                option = _join(cand.get("new_province"), cand.get("new_ward"), street)
                if option and option.commune_code not in seen:
                    seen.add(option.commune_code)
                    options.append(option)
            if len(options) == 1:
                return AddressConversion("matched", text, street, tuple(options))
            if options:
                return AddressConversion("ambiguous", text, street, tuple(options))
        log.info("chip address not converted (status=%s)", status)
        return AddressConversion("not_found", text, street)


def _join(province: dict[str, Any] | None, ward: dict[str, Any] | None,
          street: str) -> AddressCandidate | None:
    """Find the converter's new province and ward in vietnam-provinces by name."""
    if not province or not ward:
        return None
    pname = province.get("name_with_type") or province.get("name") or ""
    wname = ward.get("name_with_type") or ward.get("name") or ""
    p = _province_by_name(sort_key(_strip_kind(pname)))
    if p is None:
        return None
    wanted = sort_key(wname)
    bare = sort_key(_strip_kind(wname))
    matches = [c for c in communes(p.code) if sort_key(c.name) == wanted]
    if not matches:
        matches = [c for c in communes(p.code) if sort_key(_strip_kind(c.name)) == bare]
    if len(matches) != 1:
        return None
    c = matches[0]
    return AddressCandidate(p.code, c.code, street, c.name, p.name)


def _province_by_name(key: str) -> ProvinceOption | None:
    for p in provinces():
        if sort_key(_strip_kind(p.name)) == key:
            return p
    return None


_KINDS = ("thành phố", "tỉnh", "phường", "xã", "đặc khu", "thị trấn")


def _strip_kind(name: str) -> str:
    low = name.strip()
    for kind in _KINDS:
        if low.lower().startswith(kind + " "):
            return low[len(kind) + 1:]
    return low


def sort_key(text: str) -> str:
    """Case- and accent-insensitive key (đ counts as d)."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())
