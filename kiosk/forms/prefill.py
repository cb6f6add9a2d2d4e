"""What the form engine takes from the ID card chip, and how it fits it to fields.

`CardData.from_json` accepts the card reader's JSON (field names below, as `kiosk card read
--json` prints them). It is tolerant: dates may be ``dd/mm/yyyy`` (as in DG13) or ISO, any
field may be missing, unknown keys are ignored. Expressions see `card.<name>`; dates as
`datetime.date`, everything else as text. `card.person` is the person-type value
``{"full_name", "id_number", "date_of_birth"}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kiosk.forms.addresses import sort_key
from kiosk.forms.model import FieldDef

CARD_FIELDS: tuple[str, ...] = (
    "id_number", "document_number", "full_name", "date_of_birth", "gender", "nationality",
    "ethnicity", "religion", "place_of_origin", "place_of_residence", "identifying_marks",
    "date_of_issue", "date_of_expiry", "father_name", "mother_name", "spouse_name",
    "old_id_number",
)
CARD_DATE_FIELDS = frozenset({"date_of_birth", "date_of_issue", "date_of_expiry"})
CARD_VIRTUAL_FIELDS = frozenset({"person"})


def parse_card_date(value: object) -> date | None:
    """dd/mm/yyyy, ddmmyyyy or ISO; None for text such as "Không thời hạn"."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d%m%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class CardData:
    """The chip's personal data for one session (never logged, never stored after it)."""

    values: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> CardData:
        values: dict[str, Any] = {}
        for name in CARD_FIELDS:
            value = raw.get(name)
            if value is None:
                continue
            if name in CARD_DATE_FIELDS:
                parsed = parse_card_date(value)
                if parsed is not None:
                    values[name] = parsed
                elif isinstance(value, str) and value.strip():
                    values[name] = value.strip()  # e.g. expiry "Không thời hạn"
                continue
            text = " ".join(str(value).split())
            if name in ("id_number", "old_id_number", "document_number"):
                text = re.sub(r"\s", "", text)
            if text:
                values[name] = text
        return cls(values)

    def get(self, name: str) -> Any:
        if name == "person":
            return self.person()
        if name not in CARD_FIELDS:
            raise KeyError(name)
        return self.values.get(name)

    def person(self) -> dict[str, Any] | None:
        if not self.values.get("full_name"):
            return None
        dob = self.values.get("date_of_birth")
        return {
            "full_name": self.values.get("full_name"),
            "id_number": self.values.get("id_number"),
            "date_of_birth": dob.isoformat() if isinstance(dob, date) else None,
        }

    def __repr__(self) -> str:  # keep personal data out of logs and tracebacks
        return f"CardData({len(self.values)} fields)"


def fit_choice(f: FieldDef, value: object) -> object:
    """A card text such as "Nữ" or "Kinh" as the matching choice's value, or None."""
    if value is None:
        return None
    wanted = sort_key(str(value))
    for choice in f.choices:
        if sort_key(str(choice.value)) == wanted:
            return choice.value
        if wanted in (sort_key(choice.label.vi), sort_key(choice.label.en)):
            return choice.value
    return None
