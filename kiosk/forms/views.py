"""Plain, immutable snapshots of a form session for the UI's view-models and the CLI.

Every text comes in Vietnamese and English so the view-model can switch language without
asking the engine again. Nothing here holds a reference back into the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.forms.addresses import AddressConversion, format_address
from kiosk.forms.model import FieldDef, FieldType, Text
from kiosk.forms.validation import FieldError


@dataclass(frozen=True)
class ChoiceView:
    value: str | int
    label_vi: str
    label_en: str


@dataclass(frozen=True)
class AddressCandidateView:
    answer: dict[str, Any]  # pass to set_answer(path, answer) to choose it
    text: str


@dataclass(frozen=True)
class AddressConversionView:
    """A chip address converted to the 2025 units, for the citizen to confirm or choose."""

    status: str  # matched | ambiguous | not_found
    original: str  # as printed on the chip (pre-2025, with district)
    candidates: tuple[AddressCandidateView, ...]


@dataclass(frozen=True)
class FieldView:
    path: str
    field_id: str
    type: str
    label_vi: str
    label_en: str
    hint_vi: str
    hint_en: str
    value: Any  # the answer (JSON form), or the raw input when it could not be read
    display_vi: str
    display_en: str
    required: bool
    read_only: bool
    prefilled: bool  # "from the chip"
    error: FieldError | None
    choices: tuple[ChoiceView, ...] = ()
    statement_vi: str = ""
    statement_en: str = ""
    capture: str | None = None
    media_types: tuple[str, ...] = ()
    multiline: bool = False
    address: AddressConversionView | None = None
    minimum: float | None = None
    maximum: float | None = None
    suggestions: tuple[ChoiceView, ...] = ()
    default_year: int | None = None  # a recent date: the year it starts with
    own_card: bool = False  # "read this person's card" is offered


@dataclass(frozen=True)
class RepeatItemView:
    index: int
    label_vi: str
    label_en: str
    fields: tuple[FieldView, ...]
    can_remove: bool


@dataclass(frozen=True)
class StepView:
    step_id: str
    index: int  # 0-based among the steps that apply
    count: int
    title_vi: str
    title_en: str
    hint_vi: str
    hint_en: str
    fields: tuple[FieldView, ...]  # for a plain step
    is_repeat: bool = False
    items: tuple[RepeatItemView, ...] = ()
    can_add: bool = False
    repeat_min: int = 0
    repeat_max: int = 0
    add_label_vi: str = ""
    add_label_en: str = ""


@dataclass(frozen=True)
class NavigationResult:
    moved: bool
    errors: tuple[FieldError, ...]
    at_review: bool


@dataclass(frozen=True)
class ReviewRow:
    path: str
    label_vi: str
    label_en: str
    display_vi: str
    display_en: str
    prefilled: bool


@dataclass(frozen=True)
class ReviewSection:
    step_id: str
    title_vi: str
    title_en: str
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True)
class ReviewSummary:
    service_code: str
    service_name_vi: str
    service_name_en: str
    sections: tuple[ReviewSection, ...]
    documents_vi: tuple[str, ...]
    documents_en: tuple[str, ...]
    fee_vnd: int  # what the citizen pays
    fee_basis: str
    processing_time_vi: str
    processing_time_en: str
    appointment_at: datetime | None  # if confirmed now
    appointment_estimated: bool
    result_place_vi: str
    result_place_en: str
    errors: tuple[FieldError, ...]  # empty when the dossier can be confirmed
    # The statements the submit button agrees to (the form's `at_review` consents).
    statements_vi: tuple[str, ...] = ()
    statements_en: tuple[str, ...] = ()
    statement_paths: frozenset[str] = frozenset()
    # The amount the rule sets and, when a province's support lowers it, that rule in one line.
    fee_listed_vnd: int = 0
    fee_rule_vi: str = ""
    fee_rule_en: str = ""
    # No official source confirms the fee / the time: "to confirm at the one-stop counter".
    fee_unconfirmed: bool = False
    time_unconfirmed: bool = False
    # A result sent by post: the address, and the province's rule and postage lines.
    delivery_address: str = ""
    post_rule_vi: str = ""
    post_rule_en: str = ""
    postage_vi: str = ""
    postage_en: str = ""

    @property
    def can_confirm(self) -> bool:
        """Ready but for the statements the submit button itself agrees to."""
        return not [e for e in self.errors if e.path not in self.statement_paths]


_YES_NO = {True: Text("Có", "Yes"), False: Text("Không", "No")}


def display(f: FieldDef, value: Any, language: str) -> str:
    """An answer as text for review screens and receipts."""
    if value is None or value == "" or value == []:
        return ""
    t = f.type
    if t is FieldType.DATE:
        return format_date(value)
    if t is FieldType.CHOICE:
        return f.choice_label(value, language) or str(value)
    if t is FieldType.MULTI_CHOICE and isinstance(value, list):
        return ", ".join(f.choice_label(v, language) or str(v) for v in value)
    if t is FieldType.YES_NO and isinstance(value, bool):
        return _YES_NO[value].get(language)
    if t is FieldType.CONSENT:
        return Text("Đã đồng ý", "Agreed").get(language) if value is True else ""
    if t is FieldType.ADDRESS:
        return format_address(value)
    if t is FieldType.PERSON and isinstance(value, dict):
        parts = [value.get("full_name") or ""]
        if value.get("id_number"):
            parts.append(str(value["id_number"]))
        if value.get("date_of_birth"):
            parts.append(format_date(value["date_of_birth"]))
        return " – ".join(p for p in parts if p)
    if t in (FieldType.ATTACHMENT, FieldType.SIGNATURE) and isinstance(value, dict):
        return str(value.get("name") or "")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def format_date(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def address_view(conversion: AddressConversion | None) -> AddressConversionView | None:
    if conversion is None:
        return None
    return AddressConversionView(
        conversion.status, conversion.original,
        tuple(AddressCandidateView(c.as_answer(), c.text) for c in conversion.candidates),
    )
