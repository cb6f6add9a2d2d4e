"""Form definitions: fields, groups (one per screen), repeats, built from catalogue data.

`build_form` turns the (schema-checked) JSON of a procedure's `form` into these frozen
classes, parsing every expression once and reporting problems with their location.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.forms.expressions import Expression, ExpressionError, parse


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    YES_NO = "yes_no"
    PHONE = "phone"
    EMAIL = "email"
    ID12 = "id12"
    ADDRESS = "address"
    PERSON = "person"
    ATTACHMENT = "attachment"
    SIGNATURE = "signature"
    CONSENT = "consent"
    NOTE = "note"


# Types holding a file kept beside the answers (AttachmentFile), not typed in.
FILE_TYPES = frozenset({FieldType.ATTACHMENT, FieldType.SIGNATURE})
# Types that describe a person by default (count for the "pre-filled share"); a choice such
# as gender or ethnicity opts in with `citizen_data: true`.
CITIZEN_DATA_TYPES = frozenset({
    FieldType.TEXT, FieldType.DATE, FieldType.PHONE, FieldType.EMAIL, FieldType.ID12,
    FieldType.ADDRESS, FieldType.PERSON,
})
PERSON_PARTS = ("full_name", "id_number", "date_of_birth")
ADDRESS_PARTS = ("province_code", "commune_code", "street")


@dataclass(frozen=True)
class Text:
    vi: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.vi

    @classmethod
    def of(cls, raw: Mapping[str, str] | None) -> Text | None:
        return None if raw is None else cls(raw["vi"], raw["en"])


@dataclass(frozen=True)
class Choice:
    value: str | int
    label: Text


@dataclass(frozen=True)
class FieldDef:
    id: str
    type: FieldType
    label: Text
    hint: Text | None = None
    required: bool | Expression = False
    relevant: Expression | None = None
    constraint: Expression | None = None
    constraint_message: Text | None = None
    regex: str | None = None
    regex_message: Text | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = False
    min_length: int | None = None
    max_length: int | None = None
    multiline: bool = False
    choices: tuple[Choice, ...] = ()
    default: Any = None
    calculate: Expression | None = None
    prefill: Expression | None = None
    prefill_when: Expression | None = None
    lock_prefilled: bool = False
    read_only: bool = False
    id_required: bool = True
    dob_required: bool = True
    document: str | None = None
    capture: str | None = None
    media_types: tuple[str, ...] = ()
    statement: Text | None = None
    citizen_data: bool = False
    # A person who may show their own chip ID card (with their consent on screen): reading
    # it answers this field and these (field id, card field) of the same step.
    # None: no card to read for this field.
    own_card: tuple[tuple[str, str], ...] | None = None
    # A text answer often one of a known list (Hà Nội's maternity hospitals): offered to pick,
    # typing stays open; only while `suggestions_when` holds.
    suggestions: tuple[Choice, ...] = ()
    suggestions_when: Expression | None = None
    # A place typed as text (where one lived, where one died): the addresses the form and
    # the card already know are offered too.
    suggest_addresses: bool = False
    # Text answers of these fields offered too (the death notice's issuer is most often the
    # hospital where the death happened).
    suggest_from: tuple[str, ...] = ()
    # The provinces of the places the applicant's card prints (place of origin, residence):
    # where one was born is most often one of them.
    suggest_card_places: bool = False
    # Until the citizen answers it, the field holds this rule's value and changes with it (a
    # death notice is dated the day of the death; the first period of one's life story starts
    # on one's 14th birthday); nothing marks it "from the card".
    follow: Expression | None = None
    # In a repeat, an unanswered date starts the day after this date of the item before (a
    # period of residence starts when the one before ended); the first item uses `follow`.
    after_previous: str | None = None
    # A date near today (a child's birth, a residence that ends soon): its year starts as
    # this year's.
    recent: bool = False
    # The card gives only the start of the answer (the child's surname): filled in, not
    # marked "from the card".
    prefill_partial: bool = False

    @property
    def has_value(self) -> bool:
        return self.type is not FieldType.NOTE

    def choice_label(self, value: object, language: str) -> str | None:
        for choice in self.choices:
            if choice.value == value:
                return choice.label.get(language)
        return None


@dataclass(frozen=True)
class RepeatDef:
    min: int
    max: int
    item_label: Text


@dataclass(frozen=True)
class GroupDef:
    id: str
    title: Text
    fields: tuple[FieldDef, ...]
    hint: Text | None = None
    relevant: Expression | None = None
    repeat: RepeatDef | None = None
    # The closing statement, agreed on the review screen with the button that submits
    # (after seeing every answer), not on a step of its own.
    at_review: bool = False


@dataclass(frozen=True)
class ReceiptMap:
    applicant_name: Expression
    applicant_id: Expression
    applicant_address: Expression | None = None
    applicant_phone: Expression | None = None
    applicant_email: Expression | None = None
    result_place: Expression | None = None
    post_address: Expression | None = None
    sets: Expression | None = None
    notes_vi: Expression | None = None


@dataclass(frozen=True)
class FormDef:
    groups: tuple[GroupDef, ...]
    receipt: ReceiptMap
    title: Text | None = None
    fields_by_id: Mapping[str, FieldDef] = field(default_factory=dict)
    group_of_field: Mapping[str, GroupDef] = field(default_factory=dict)

    def group(self, group_id: str) -> GroupDef:
        for g in self.groups:
            if g.id == group_id:
                return g
        raise KeyError(group_id)

    def repeat_groups(self) -> tuple[GroupDef, ...]:
        return tuple(g for g in self.groups if g.repeat is not None)


class FormDefinitionError(ValueError):
    """A form definition is wrong; `location` says where (e.g. groups[2].fields[0].relevant)."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def build_form(raw: Mapping[str, Any], shared_lists: Mapping[str, list[dict[str, Any]]],
               location: str = "form") -> FormDef:
    """Build a `FormDef` from schema-checked JSON; choice lists "@name" come from
    the form's own `choice_lists` or the catalogue's shared lists."""
    lists: dict[str, list[dict[str, Any]]] = dict(shared_lists)
    lists.update(raw.get("choice_lists", {}))
    groups = []
    for gi, graw in enumerate(raw["groups"]):
        gloc = f"{location}.groups[{gi}]({graw['id']})"
        fields = tuple(
            _build_field(fraw, lists, f"{gloc}.fields[{fi}]({fraw['id']})")
            for fi, fraw in enumerate(graw["fields"])
        )
        repeat = graw.get("repeat")
        if repeat is not None and repeat["min"] > repeat["max"]:
            raise FormDefinitionError(f"{gloc}.repeat", "min is above max")
        groups.append(GroupDef(
            id=graw["id"],
            title=Text(graw["title"]["vi"], graw["title"]["en"]),
            fields=fields,
            hint=Text.of(graw.get("hint")),
            relevant=_expr(graw.get("relevant"), f"{gloc}.relevant"),
            repeat=None if repeat is None else RepeatDef(
                repeat["min"], repeat["max"], Text(**repeat["item_label"])),
            at_review=graw.get("at_review", False),
        ))
        if groups[-1].at_review and (repeat is not None or any(
                f.type is not FieldType.CONSENT for f in fields)):
            raise FormDefinitionError(gloc, "only consent statements can be agreed at review")
    rraw = raw["receipt"]
    rloc = f"{location}.receipt"
    parsed = {key: _expr(value, f"{rloc}.{key}") for key, value in rraw.items()}
    name, applicant_id = parsed.pop("applicant_name"), parsed.pop("applicant_id")
    assert name is not None  # required by the schema
    assert applicant_id is not None
    receipt = ReceiptMap(name, applicant_id, **parsed)
    by_id: dict[str, FieldDef] = {}
    group_of: dict[str, GroupDef] = {}
    group_ids: set[str] = set()
    for g in groups:
        if g.id in group_ids:
            raise FormDefinitionError(f"{location}.groups({g.id})", "duplicate group id")
        group_ids.add(g.id)
        for f in g.fields:
            if f.id in by_id:
                raise FormDefinitionError(f"{location}.groups({g.id}).fields({f.id})",
                                          "duplicate field id")
            by_id[f.id] = f
            group_of[f.id] = g
    for g in groups:
        # A repeat group's id is a value in expressions (count(group)), so it must not
        # also name a field; plain group ids live apart.
        if g.repeat is not None and g.id in by_id:
            raise FormDefinitionError(f"{location}.groups({g.id})",
                                      "a repeat group's id must differ from every field id")
    return FormDef(tuple(groups), receipt, Text.of(raw.get("title")), by_id, group_of)


def _expr(source: str | None, location: str) -> Expression | None:
    if source is None:
        return None
    try:
        return parse(source)
    except ExpressionError as exc:
        raise FormDefinitionError(location, f"{exc.code} error at position {exc.position}: "
                                            f"{exc.detail}") from exc


def _list(raw: Any, lists: Mapping[str, list[dict[str, Any]]], loc: str) -> list[dict[str, Any]]:
    """Choices written in place, "@name" of a shared list, or several "@name" in a row
    (a place of death: the central hospitals, then the general ones)."""
    if isinstance(raw, str):
        raw = [raw]
    if raw and all(isinstance(x, str) for x in raw):
        out: list[dict[str, Any]] = []
        for name in raw:
            if name[1:] not in lists:
                raise FormDefinitionError(loc, f"unknown choice list {name!r}")
            out += lists[name[1:]]
        return out
    return list(raw or ())


def _build_field(raw: Mapping[str, Any], lists: Mapping[str, list[dict[str, Any]]],
                 loc: str) -> FieldDef:
    ftype = FieldType(raw["type"])
    choices_raw = _list(raw.get("choices"), lists, f"{loc}.choices")
    choices = tuple(Choice(c["value"], Text(**c["label"])) for c in choices_raw or ())
    suggestions = tuple(Choice(c["value"], Text(**c["label"]))
                        for c in _list(raw.get("suggestions"), lists, f"{loc}.suggestions"))
    if (suggestions or raw.get("suggest_addresses") or raw.get("suggest_from")
            or raw.get("suggest_card_places")) and ftype is not FieldType.TEXT:
        raise FormDefinitionError(f"{loc}.suggestions", "only a text answer takes suggestions")
    if ftype in (FieldType.CHOICE, FieldType.MULTI_CHOICE) and not choices:
        raise FormDefinitionError(loc, "a choice field needs choices")
    if len({c.value for c in choices}) != len(choices):
        raise FormDefinitionError(f"{loc}.choices", "duplicate choice value")
    required_raw = raw.get("required", False)
    required: bool | Expression = (
        required_raw if isinstance(required_raw, bool)
        else _expr(required_raw, f"{loc}.required") or False
    )
    if ftype in FILE_TYPES and not raw.get("media_types"):
        media_types: tuple[str, ...] = ("image/jpeg", "image/png", "application/pdf")
    else:
        media_types = tuple(raw.get("media_types", ()))
    if raw.get("constraint") and not raw.get("constraint_message"):
        raise FormDefinitionError(f"{loc}.constraint_message",
                                  "a constraint needs a message in vi and en")
    if raw.get("regex") and not raw.get("regex_message"):
        raise FormDefinitionError(f"{loc}.regex_message", "a regex needs a message in vi and en")
    if raw.get("regex"):
        try:
            re.compile(raw["regex"])
        except re.error as exc:
            raise FormDefinitionError(f"{loc}.regex", f"bad pattern: {exc}") from exc
    own_card = None if raw.get("own_card") is None else tuple(
        (str(k), str(v)) for k, v in raw["own_card"].items())
    if own_card is not None and ftype is not FieldType.PERSON:
        raise FormDefinitionError(f"{loc}.own_card", "only a person may show their own card")
    if ftype is FieldType.CONSENT and not raw.get("statement"):
        raise FormDefinitionError(loc, "a consent field needs the statement the citizen accepts")
    return FieldDef(
        id=raw["id"],
        type=ftype,
        label=Text(**raw["label"]),
        hint=Text.of(raw.get("hint")),
        required=required,
        relevant=_expr(raw.get("relevant"), f"{loc}.relevant"),
        constraint=_expr(raw.get("constraint"), f"{loc}.constraint"),
        constraint_message=Text.of(raw.get("constraint_message")),
        regex=raw.get("regex"),
        regex_message=Text.of(raw.get("regex_message")),
        min=raw.get("min"),
        max=raw.get("max"),
        integer=raw.get("integer", False),
        min_length=raw.get("min_length"),
        max_length=raw.get("max_length"),
        multiline=raw.get("multiline", False),
        choices=choices,
        default=raw.get("default"),
        calculate=_expr(raw.get("calculate"), f"{loc}.calculate"),
        prefill=_expr(raw.get("prefill"), f"{loc}.prefill"),
        prefill_when=_expr(raw.get("prefill_when"), f"{loc}.prefill_when"),
        lock_prefilled=raw.get("lock_prefilled", False),
        read_only=raw.get("read_only", False) or raw.get("calculate") is not None,
        id_required=raw.get("id_required", True),
        dob_required=raw.get("dob_required", True),
        document=raw.get("document"),
        capture=raw.get("capture"),
        media_types=media_types,
        statement=Text.of(raw.get("statement")),
        citizen_data=raw.get("citizen_data", ftype in CITIZEN_DATA_TYPES),
        own_card=own_card,
        suggestions=suggestions,
        suggestions_when=_expr(raw.get("suggestions_when"), f"{loc}.suggestions_when"),
        suggest_addresses=raw.get("suggest_addresses", False),
        suggest_from=tuple(raw.get("suggest_from", ())),
        suggest_card_places=raw.get("suggest_card_places", False),
        follow=_expr(raw.get("follow"), f"{loc}.follow"),
        after_previous=raw.get("after_previous"),
        recent=raw.get("recent", False),
        prefill_partial=raw.get("prefill_partial", False),
    )
