"""The answers of one form session and how expressions see them.

Answers live in `Item`s: one for the top-level fields, one per repeat-group item. Each item
keeps its own flags (pre-filled from the chip, touched by the citizen, raw input that could
not be read), so removing a repeat item never shifts another item's flags.

`Answers` computes visibility (`relevant`) and calculated values on demand with a memo that
is cleared on every change, and evaluates every expression through `evaluate` with a step
budget. A rule that fails at run time (a catalogue error the static checks missed) is logged
by its location only and treated safely: visible, not calculated, not satisfied.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kiosk.forms.addresses import AddressConversion
from kiosk.forms.evaluator import ExpressionEvalError, evaluate, truthy
from kiosk.forms.expressions import Expression
from kiosk.forms.model import FieldDef, FormDef, GroupDef
from kiosk.forms.prefill import CARD_FIELDS, CARD_VIRTUAL_FIELDS, CardData

log = logging.getLogger(__name__)

_PATH_RE = re.compile(
    r"^(?:(?P<group>[a-z][a-z0-9_]*)\[(?P<index>[0-9]{1,3})\]\.)?"
    r"(?P<field>[a-z][a-z0-9_]*)(?:\.(?P<part>[a-z_]+))?$"
)


@dataclass(frozen=True)
class FieldPath:
    """"field", "field.part", "group[2].field" or "group[2].field.part"."""

    field_id: str
    group_id: str | None = None
    index: int | None = None
    part: str | None = None

    @classmethod
    def parse(cls, text: str) -> FieldPath | None:
        m = _PATH_RE.match(text or "")
        if not m:
            return None
        index = int(m["index"]) if m["index"] is not None else None
        return cls(m["field"], m["group"], index, m["part"])

    @property
    def key(self) -> str:
        """The path without the part (one per answer)."""
        if self.group_id is None:
            return self.field_id
        return f"{self.group_id}[{self.index}].{self.field_id}"

    def with_part(self, part: str | None) -> str:
        return self.key if part is None else f"{self.key}.{part}"

    def __str__(self) -> str:
        return self.with_part(self.part)


@dataclass(eq=False)
class Item:
    values: dict[str, Any] = field(default_factory=dict)
    prefilled: set[str] = field(default_factory=set)
    # Filled only in part from the card (a spouse's name): marked, never locked.
    partial: set[str] = field(default_factory=set)
    touched: set[str] = field(default_factory=set)
    # Answered from another person's card (the other parent): may be read again.
    other_card: set[str] = field(default_factory=set)
    raw_input: dict[str, tuple[Any, str, str | None]] = field(default_factory=dict)
    address_info: dict[str, AddressConversion] = field(default_factory=dict)


_FAILED = object()


class Answers:
    def __init__(self, form: FormDef, card: CardData | None,
                 today: Callable[[], date]) -> None:
        self.form = form
        self.card = card
        self.today = today
        self.root = Item()
        self.repeats: dict[str, list[Item]] = {g.id: [] for g in form.repeat_groups()}
        self._memo: dict[tuple[int, str, str], Any] = {}
        self._active: set[tuple[int, str, str]] = set()

    def changed(self) -> None:
        self._memo.clear()

    # ---- structure ----------------------------------------------------------------------

    def items_of(self, group: GroupDef) -> list[Item]:
        return self.repeats[group.id] if group.repeat is not None else [self.root]

    def item_at(self, path: FieldPath) -> Item | None:
        group = self.form.group_of_field.get(path.field_id)
        if group is None:
            return None
        if group.repeat is None:
            return self.root if path.group_id is None else None
        if path.group_id != group.id or path.index is None:
            return None
        items = self.repeats[group.id]
        return items[path.index] if path.index < len(items) else None

    def path_of(self, group: GroupDef, item: Item, f: FieldDef) -> FieldPath:
        if group.repeat is None:
            return FieldPath(f.id)
        return FieldPath(f.id, group.id, self.repeats[group.id].index(item))

    # ---- expressions ----------------------------------------------------------------------

    def evaluate(self, expr: Expression, item: Item | None, self_value: Any = None,
                 where: str = "") -> Any:
        """The value, or `_FAILED` (logged) when the rule itself is broken."""
        try:
            return evaluate(expr, _Env(self, item, self_value))
        except ExpressionEvalError as exc:
            log.warning("rule failed at %s: %s (position %d)", where, exc.code, exc.position)
            return _FAILED

    def condition(self, expr: Expression | None, item: Item | None, default: bool,
                  self_value: Any = None, where: str = "") -> bool:
        if expr is None:
            return default
        value = self.evaluate(expr, item, self_value, where)
        return default if value is _FAILED else truthy(value)

    def group_relevant(self, group: GroupDef) -> bool:
        return self._memoized(self.root, group.id, "group", lambda: self.condition(
            group.relevant, self.root, True, where=f"groups({group.id}).relevant"))

    def relevant(self, group: GroupDef, item: Item, f: FieldDef) -> bool:
        if not self.group_relevant(group):
            return False
        return bool(self._memoized(item, f.id, "rel", lambda: self.condition(
            f.relevant, item, True, where=f"fields({f.id}).relevant")))

    def value(self, group: GroupDef, item: Item, f: FieldDef) -> Any:
        """The stored or calculated value (whether or not the field is visible)."""
        if f.calculate is None:
            return item.values.get(f.id)

        def calc() -> Any:
            assert f.calculate is not None
            result = self.evaluate(f.calculate, item, where=f"fields({f.id}).calculate")
            return None if result is _FAILED else result

        return self._memoized(item, f.id, "calc", calc)

    def visible_value(self, group: GroupDef, item: Item, f: FieldDef) -> Any:
        """What expressions see: blank when the field does not apply."""
        return self.value(group, item, f) if self.relevant(group, item, f) else None

    def required(self, item: Item, f: FieldDef) -> bool:
        if isinstance(f.required, bool):
            return f.required
        return self.condition(f.required, item, True, where=f"fields({f.id}).required")

    def _memoized(self, item: Item, name: str, kind: str, compute: Any) -> Any:
        key = (id(item), name, kind)
        if key in self._memo:
            return self._memo[key]
        if key in self._active:  # a rule depending on itself: break the circle safely
            log.warning("circular rule at fields(%s).%s", name, kind)
            return True if kind in ("rel", "group") else None
        self._active.add(key)
        try:
            result = compute()
        finally:
            self._active.discard(key)
        self._memo[key] = result
        return result


class _Env:
    """The `Environment` of one evaluation: field values as seen from `item`."""

    def __init__(self, answers: Answers, item: Item | None, self_value: Any) -> None:
        self.answers = answers
        self.item = item
        self._self = self_value

    def field(self, name: str) -> object:
        a = self.answers
        if name in a.repeats:
            group = a.form.group(name)
            if not a.group_relevant(group):
                return []
            return [
                {f.id: a.visible_value(group, it, f) for f in group.fields if f.has_value}
                for it in a.repeats[name]
            ]
        f = a.form.fields_by_id[name]  # KeyError -> UnknownReferenceError
        group = a.form.group_of_field[name]
        if group.repeat is None:
            return a.visible_value(group, a.root, f)
        items = a.repeats[group.id]
        if self.item is not None and any(self.item is it for it in items):
            return a.visible_value(group, self.item, f)
        return [a.visible_value(group, it, f) for it in items]

    def card(self, name: str) -> object:
        if self.answers.card is None:
            if name not in CARD_FIELDS and name not in CARD_VIRTUAL_FIELDS:
                raise KeyError(name)
            return None
        return self.answers.card.get(name)

    def self_value(self) -> object:
        return self._self

    def today(self) -> date:
        return self.answers.today()


FAILED = _FAILED
