"""BAC access keys for Vietnamese chip ID cards, from what the citizen can give us.

The chip wants (document number, date of birth, date of expiry). On a CCCD the document number
is the last 9 digits of the 12-digit personal ID, and the expiry follows from the date of birth
under the renewal ages of the 2023 Identification law (14, 25, 40, 60) or the 2014 CCCD law
(25, 40, 60): a card issued within 2 years before a renewal age stays valid until the next
one, and a card issued at 58 or older never expires (the MRZ then carries 991231). So the
citizen only types the ID number and date of birth, or scans the card-front QR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kiosk.errors import KioskError

NO_EXPIRY = "991231"
LAW_2023_AGES = (14, 25, 40, 60)
LAW_2014_AGES = (25, 40, 60)
_WINDOW_YEARS = 2
_WEIGHTS = (7, 3, 1)


class AccessKeyError(KioskError, ValueError):
    """The values given for the card's access key cannot be right."""

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        super().__init__(message_en)


def _bad_id() -> AccessKeyError:
    return AccessKeyError(
        "bad_id_number",
        "Số định danh cá nhân phải gồm đúng 12 chữ số. Vui lòng kiểm tra lại.",
        "The personal ID number must be exactly 12 digits. Please check it.",
    )


def _bad_date(what_vi: str, what_en: str) -> AccessKeyError:
    return AccessKeyError(
        "bad_date",
        f"{what_vi} không hợp lệ (cần dạng YYMMDD). Vui lòng kiểm tra lại.",
        f"The {what_en} is not valid (expected YYMMDD). Please check it.",
    )


def char_value(char: str) -> int:
    """MRZ character value: digits as themselves, A=10..Z=35, the filler '<' as 0."""
    if char == "<":
        return 0
    if "0" <= char <= "9":
        return ord(char) - ord("0")
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    raise AccessKeyError(
        "bad_mrz_character",
        "Thông tin có ký tự không dùng được trong vùng MRZ.",
        "The value holds a character that cannot appear in an MRZ.",
    )


def check_digit(value: str) -> str:
    """ICAO 9303 check digit (weights 7, 3, 1 repeating, sum modulo 10)."""
    total = sum(char_value(char) * _WEIGHTS[i % 3] for i, char in enumerate(value))
    return str(total % 10)


def validate_id_number(id12: str) -> str:
    value = id12.strip() if isinstance(id12, str) else ""
    if not re.fullmatch(r"[0-9]{12}", value):
        raise _bad_id()
    return value


def document_number_from_id(id12: str) -> str:
    """The 9-character document number the chip uses: the last 9 digits of the ID."""
    return validate_id_number(id12)[-9:]


def _check_yymmdd(value: str, what_vi: str, what_en: str) -> str:
    if not re.fullmatch(r"[0-9]{6}", value or ""):
        raise _bad_date(what_vi, what_en)
    month, day = int(value[2:4]), int(value[4:6])
    # 991231 is the "no expiry" marker and a real calendar day, so the check below holds.
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise _bad_date(what_vi, what_en)
    return value


def mrz_information(doc9: str, dob_yymmdd: str, expiry_yymmdd: str) -> str:
    """docno(9) + cd + DOB + cd + expiry + cd: the string hashed into the BAC seed."""
    doc = (doc9 or "").upper()
    if not re.fullmatch(r"[0-9A-Z<]{1,9}", doc):
        raise AccessKeyError(
            "bad_document_number",
            "Số giấy tờ phải gồm tối đa 9 chữ số hoặc chữ cái.",
            "The document number must be at most 9 digits or letters.",
        )
    doc = doc.ljust(9, "<")
    dob = _check_yymmdd(dob_yymmdd, "Ngày sinh", "date of birth")
    expiry = _check_yymmdd(expiry_yymmdd, "Ngày hết hạn", "date of expiry")
    return doc + check_digit(doc) + dob + check_digit(dob) + expiry + check_digit(expiry)


@dataclass(frozen=True)
class BacKey:
    document_number: str
    date_of_birth: str
    date_of_expiry: str

    @property
    def mrz_information(self) -> str:
        return mrz_information(self.document_number, self.date_of_birth, self.date_of_expiry)


def yymmdd(day: date) -> str:
    return day.strftime("%y%m%d")


def parse_yymmdd(value: str, *, today: date | None = None, future: bool = False) -> date:
    """A YYMMDD date with its century: birth dates lie in the past, expiries may be ahead."""
    text = _check_yymmdd(value, "Ngày", "date")
    today = today or date.today()
    yy, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
    century = today.year // 100 * 100
    year = century + yy
    if not future and year > today.year:
        year -= 100
    if future and year < today.year - 50:
        year += 100
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise _bad_date("Ngày", "date") from exc


def birthday_at(dob: date, age: int) -> date:
    """The day a person born on ``dob`` turns ``age`` (29 February -> 28 February)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return date(dob.year + age, 2, 28)


def expiry_under_law(dob: date, issue: date, ages: tuple[int, ...]) -> date | None:
    """Expiry of a card issued on ``issue``; None = never expires.

    A card issued before the 2-year window of a renewal age expires on that birthday; one
    issued inside the window (or on/after the age) moves on to the next renewal age.
    """
    for age in ages:
        milestone = birthday_at(dob, age)
        window_start = birthday_at(dob, age - _WINDOW_YEARS)
        if issue < window_start:
            return milestone
    return None


def _as_text(day: date | None) -> str:
    return NO_EXPIRY if day is None else yymmdd(day)


def next_renewal(dob: date, today: date, ages: tuple[int, ...]) -> date | None:
    """The first renewal birthday after ``today``; None once past the last age."""
    for age in ages:
        milestone = birthday_at(dob, age)
        if milestone > today:
            return milestone
    return None


def candidate_expiries(
    dob: date, issue: date | None = None, *, today: date | None = None
) -> list[str]:
    """Expiry dates (YYMMDD) to try for BAC, most likely first, without duplicates.

    With an issue date: the 2023-law derivation, the 2014-law one, then the neighbouring
    renewal ages (earlier first). Without one, the card in the citizen's hand is most likely
    still valid, so its expiry is the next renewal birthday; then the one after it (a card
    issued in the 2-year window), then the previous one (an expired card). 991231 comes last.
    """
    ordered: list[str] = []

    def add(value: str) -> None:
        if value not in ordered:
            ordered.append(value)

    if issue is not None:
        derived = [
            expiry_under_law(dob, issue, LAW_2023_AGES),
            expiry_under_law(dob, issue, LAW_2014_AGES),
        ]
        steps = (-1, 1)
    else:
        now = today or date.today()
        derived = [next_renewal(dob, now, LAW_2023_AGES), next_renewal(dob, now, LAW_2014_AGES)]
        steps = (1, -1)
    for day in derived:
        add(_as_text(day))
    all_ages = sorted(set(LAW_2023_AGES) | set(LAW_2014_AGES))
    for day in derived:
        if day is None:
            # "No expiry" may be wrong when the card was issued just before 58.
            neighbours = [all_ages[-1], all_ages[-2]]
        else:
            index = all_ages.index(day.year - dob.year)
            neighbours = [all_ages[index + s] for s in steps if 0 <= index + s < len(all_ages)]
        for age in neighbours:
            add(yymmdd(birthday_at(dob, age)))
    if dob.month == 2 and dob.day == 29:
        # Unknown which day an issuer picks for a leap-day birthday in a common year.
        for day in derived:
            if day is not None and (day.month, day.day) == (2, 28):
                add(yymmdd(date(day.year, 3, 1)))
    add(NO_EXPIRY)
    return ordered


def _as_dob(value: date | str, today: date | None) -> date:
    if isinstance(value, date):
        return value
    return parse_yymmdd(value, today=today)


def _expiry_text(value: date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return yymmdd(value)
    return _check_yymmdd(value.strip(), "Ngày hết hạn", "date of expiry")


def bac_key_candidates(
    id12: str,
    dob: date | str,
    issue: date | None = None,
    expiry: date | str | None = None,
    *,
    document_number: str | None = None,
    today: date | None = None,
) -> list[BacKey]:
    """BAC keys to try in order: the explicit expiry first when given, then the derived ones.

    ``dob`` and ``expiry`` may be dates or YYMMDD strings. ``document_number`` overrides the
    one derived from the ID (a card whose MRZ says otherwise).
    """
    doc = document_number.upper() if document_number else document_number_from_id(id12)
    if document_number is not None and id12:
        validate_id_number(id12)
    birth = _as_dob(dob, today)
    dob_text = yymmdd(birth)
    expiries: list[str] = []
    explicit = _expiry_text(expiry)
    if explicit is not None:
        expiries.append(explicit)
    for value in candidate_expiries(birth, issue, today=today):
        if value not in expiries:
            expiries.append(value)
    keys = [BacKey(doc, dob_text, value) for value in expiries]
    for key in keys:
        key.mrz_information  # noqa: B018 -- validates every candidate before any is tried
    return keys


@dataclass(frozen=True)
class CardAccess:
    """Everything that may open the chip: the CAN for PACE, BAC key candidates (which are
    also the MRZ password for PACE), most likely first. `pace=False` keeps to BAC."""

    can: str | None = None
    bac: tuple[BacKey, ...] = ()
    pace: bool = True

    def __repr__(self) -> str:
        # The CAN is part of the ID number: never in logs.
        can = "yes" if self.can else "no"
        return f"CardAccess(can={can}, bac={len(self.bac)}, pace={self.pace})"


def can_from_id(id12: str) -> str:
    """The CAN of a CCCD: the last 6 digits of the 12-digit personal ID number."""
    return validate_id_number(id12)[-6:]


def access_for_citizen(
    id12: str,
    dob: date | str | None = None,
    *,
    issue: date | None = None,
    expiry: date | str | None = None,
    document_number: str | None = None,
    today: date | None = None,
) -> CardAccess:
    """The access to try for the card of this ID number: PACE with the CAN, and when the date
    of birth is known the BAC candidates (and MRZ password) as the fallback."""
    can = can_from_id(id12)
    keys: tuple[BacKey, ...] = ()
    if dob is not None:
        keys = tuple(bac_key_candidates(id12, dob, issue, expiry,
                                        document_number=document_number, today=today))
    return CardAccess(can=can, bac=keys)
