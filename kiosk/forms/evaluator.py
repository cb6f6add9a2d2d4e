"""Interpreter for parsed expressions (see `kiosk.forms.expressions`).

Values are None, bool, int, float, str, datetime.date, lists (repeat groups, multi-choice)
and dicts (person, address). Blank (None, "" or []) follows XLSForm's spirit: two blanks are
equal, a blank makes arithmetic blank and ordering comparisons false. Every failure is an
`ExpressionEvalError`; each evaluation has a step budget so no rule can run away.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from kiosk.forms.expressions import (
    Attr,
    Binary,
    Call,
    CardRef,
    Expression,
    ExpressionError,
    FieldRef,
    Literal,
    Node,
    SelfRef,
    Unary,
)

DEFAULT_STEP_BUDGET = 5000
MAX_REGEX_INPUT = 1000


class ExpressionEvalError(ExpressionError):
    code = "eval"


class ExpressionTypeError(ExpressionEvalError):
    code = "type"


class DivisionByZeroError(ExpressionEvalError):
    code = "division_by_zero"


class StepBudgetExceededError(ExpressionEvalError):
    code = "budget"


class UnknownReferenceError(ExpressionEvalError):
    code = "unknown_reference"


class Environment(Protocol):
    """What an expression can see. `field`/`card` raise KeyError for unknown names."""

    def field(self, name: str) -> object: ...

    def card(self, name: str) -> object: ...

    def self_value(self) -> object: ...

    def today(self) -> date: ...


def is_blank(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def truthy(value: object) -> bool:
    if is_blank(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return True


def evaluate(expr: Expression, env: Environment, budget: int = DEFAULT_STEP_BUDGET) -> object:
    """Evaluate `expr` in `env`; raises only `ExpressionEvalError` subclasses."""
    return _Interpreter(expr.source, env, budget).run(expr.root)


class _Interpreter:
    def __init__(self, source: str, env: Environment, budget: int) -> None:
        self.source = source
        self.env = env
        self.steps_left = budget

    def fail(self, cls: type[ExpressionEvalError], detail: str, node: Node) -> ExpressionEvalError:
        return cls(detail, node.pos, self.source)

    def run(self, node: Node) -> object:
        self.steps_left -= 1
        if self.steps_left < 0:
            raise self.fail(StepBudgetExceededError, "step budget exhausted", node)
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, FieldRef):
            try:
                return self.env.field(node.name)
            except KeyError:
                raise self.fail(UnknownReferenceError, f"no field {node.name!r}", node) from None
        if isinstance(node, CardRef):
            try:
                return self.env.card(node.name)
            except KeyError:
                raise self.fail(UnknownReferenceError, f"no card field {node.name!r}",
                                node) from None
        if isinstance(node, SelfRef):
            return self.env.self_value()
        if isinstance(node, Attr):
            return self.attr(node)
        if isinstance(node, Unary):
            return self.unary(node)
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Call):
            return self.call(node)
        raise self.fail(ExpressionEvalError, f"unknown node {type(node).__name__}", node)

    def attr(self, node: Attr) -> object:
        obj = self.run(node.obj)
        if obj is None:
            return None
        if isinstance(obj, dict):
            return obj.get(node.name)
        if isinstance(obj, list):
            # A repeat referenced from outside: the part of every item.
            return [item.get(node.name) if isinstance(item, dict) else None for item in obj]
        raise self.fail(ExpressionTypeError, f"{_kind(obj)} has no part {node.name!r}", node)

    def unary(self, node: Unary) -> object:
        value = self.run(node.operand)
        if node.op == "not":
            return not truthy(value)
        if is_blank(value):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return -value
        raise self.fail(ExpressionTypeError, f"cannot negate {_kind(value)}", node)

    def binary(self, node: Binary) -> object:
        op = node.op
        if op == "and":
            return truthy(self.run(node.left)) and truthy(self.run(node.right))
        if op == "or":
            return truthy(self.run(node.left)) or truthy(self.run(node.right))
        left, right = self.run(node.left), self.run(node.right)
        if op in ("=", "!="):
            equal = _equal(left, right)
            return equal if op == "=" else not equal
        if op in ("<", "<=", ">", ">="):
            return self.order(node, left, right)
        return self.arithmetic(node, left, right)

    def order(self, node: Binary, left: object, right: object) -> bool:
        if is_blank(left) or is_blank(right):
            return False
        a, b = _coerce_pair(left, right)
        if not _comparable(a, b):
            raise self.fail(ExpressionTypeError, f"cannot compare {_kind(a)} with {_kind(b)}",
                            node)
        op = node.op
        if op == "<":
            return a < b  # type: ignore[operator]
        if op == "<=":
            return a <= b  # type: ignore[operator]
        if op == ">":
            return a > b  # type: ignore[operator]
        return a >= b  # type: ignore[operator]

    def arithmetic(self, node: Binary, left: object, right: object) -> object:
        if is_blank(left) or is_blank(right):
            return None
        try:
            return self._arithmetic(node, *_coerce_pair(left, right))
        except (OverflowError, ValueError):
            raise self.fail(ExpressionEvalError, "number out of range", node) from None

    def _arithmetic(self, node: Binary, a: object, b: object) -> object:
        op = node.op
        if isinstance(a, int | float) and isinstance(b, int | float) and _is_number(a) \
                and _is_number(b):
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            if b == 0:
                raise self.fail(DivisionByZeroError, "division by zero", node)
            q = a / b
            return int(q) if q.is_integer() and abs(q) < 2**53 else q
        if op == "+" and isinstance(a, str) and isinstance(b, str):
            return a + b
        if op in "+-" and isinstance(a, date) and isinstance(b, int | float) and _is_number(b):
            days = timedelta(days=int(b))
            return a + days if op == "+" else a - days
        if op == "+" and isinstance(a, int | float) and _is_number(a) and isinstance(b, date):
            return b + timedelta(days=int(a))
        if op == "-" and isinstance(a, date) and isinstance(b, date):
            return (a - b).days
        raise self.fail(ExpressionTypeError, f"cannot apply {op!r} to {_kind(a)} and {_kind(b)}",
                        node)

    def call(self, node: Call) -> object:
        name = node.name
        if name == "if":
            cond = truthy(self.run(node.args[0]))
            return self.run(node.args[1] if cond else node.args[2])
        if name == "today":
            return self.env.today()
        args = [self.run(a) for a in node.args]
        if name == "count":
            return self.count(node, args[0])
        if name == "len":
            value = args[0]
            if is_blank(value):
                return 0
            if isinstance(value, str | list):
                return len(value)
            raise self.fail(ExpressionTypeError, f"len() of {_kind(value)}", node)
        if name == "age":
            return self.age(node, args[0])
        if name == "regex":
            return self.regex(node, args[0], args[1])
        if name == "selected":
            chosen = args[0]
            if is_blank(chosen):
                return False
            if isinstance(chosen, list):
                return any(_equal(item, args[1]) for item in chosen)
            return _equal(chosen, args[1])
        if name == "date":
            return self.to_date(node, args[0])
        if name in ("min", "max"):
            values = [v for v in _flatten(args) if not is_blank(v)]
            if not values:
                return None
            if not (all(_is_number(v) for v in values) or all(
                    isinstance(v, date) for v in values)):
                raise self.fail(ExpressionTypeError, f"{name}() needs numbers or dates", node)
            return min(values) if name == "min" else max(values)  # type: ignore[type-var]
        if name == "coalesce":
            return next((v for v in args if not is_blank(v)), None)
        if name == "surname":  # a Vietnamese full name's first word: "Phạm Quốc Hưng" -> "Phạm"
            value = args[0]
            if is_blank(value):
                return None
            if not isinstance(value, str):
                raise self.fail(ExpressionTypeError, f"surname() of {_kind(value)}", node)
            words = value.split()
            return words[0] if words else None
        if name == "add_years":  # the day one turns 14: add_years(dob, 14); 29/2 -> 28/2
            start, years = self.to_date(node, args[0]), args[1]
            if not is_blank(years) and not (
                    _is_number(years) and float(years).is_integer()):  # type: ignore[arg-type]
                raise self.fail(ExpressionTypeError, "add_years() needs whole years", node)
            if start is None or is_blank(years):
                return None
            year = start.year + int(years)  # type: ignore[call-overload]
            if not 1 <= year <= 9999:
                raise self.fail(ExpressionTypeError, "add_years() leaves the calendar", node)
            try:
                return start.replace(year=year)
            except ValueError:  # 29 February in a year without one
                return start.replace(year=year, day=28)
        if name == "id_sex":
            return self.id_sex(node, args[0])
        raise self.fail(ExpressionEvalError, f"unknown function {name!r}", node)

    def id_sex(self, node: Call, value: object) -> str | None:
        """'nam' or 'nu' from a 12-digit personal ID number's 4th digit, which codes the
        century of birth and the sex: 0/1 for 1900-1999, 2/3 for 2000-2099, ... (even: male,
        odd: female; Nghị định 137/2015/NĐ-CP art. 13, Thông tư 59/2021/TT-BCA art. 7). A baby
        with no card yet still has this number, on the birth certificate."""
        if is_blank(value):
            return None
        if not isinstance(value, str):
            raise self.fail(ExpressionTypeError, f"id_sex() of {_kind(value)}", node)
        digits = value.strip()
        if len(digits) != 12 or not digits.isascii() or not digits.isdigit():
            return None  # not (yet) a whole number: no guess
        return "nu" if int(digits[3]) % 2 else "nam"

    def count(self, node: Call, value: object) -> int:
        if is_blank(value):
            return 0
        if isinstance(value, list):
            return len(value)
        raise self.fail(ExpressionTypeError, f"count() of {_kind(value)}", node)

    def to_date(self, node: Node, value: object) -> date | None:
        if is_blank(value):
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            parsed = parse_iso_date(value)
            if parsed is not None:
                return parsed
        raise self.fail(ExpressionTypeError, f"not a date: {_kind(value)}", node)

    def age(self, node: Call, value: object) -> int | None:
        born = self.to_date(node, value)
        if born is None:
            return None
        today = self.env.today()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def regex(self, node: Call, value: object, pattern: object) -> bool:
        if not isinstance(pattern, str):
            raise self.fail(ExpressionTypeError, "regex() pattern must be text", node)
        if is_blank(value):
            return False
        if not isinstance(value, str | int):
            raise self.fail(ExpressionTypeError, f"regex() of {_kind(value)}", node)
        text = str(value)
        if len(text) > MAX_REGEX_INPUT:
            return False
        try:
            compiled = _compile(pattern)
        except re.error as exc:
            raise self.fail(ExpressionEvalError, f"bad pattern: {exc}", node) from None
        return compiled.fullmatch(text) is not None


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _comparable(a: object, b: object) -> bool:
    if _is_number(a) and _is_number(b):
        return True
    return type(a) is type(b) and isinstance(a, str | date)


def _coerce_pair(a: object, b: object) -> tuple[object, object]:
    """Dates against ISO text and numbers against numeric text, as forms store them."""
    if isinstance(a, date) and isinstance(b, str):
        return a, parse_iso_date(b) or b
    if isinstance(b, date) and isinstance(a, str):
        return parse_iso_date(a) or a, b
    if _is_number(a) and isinstance(b, str):
        return a, _number_or_text(b)
    if _is_number(b) and isinstance(a, str):
        return _number_or_text(a), b
    return a, b


def _number_or_text(text: str) -> object:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def _equal(a: object, b: object) -> bool:
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    a, b = _coerce_pair(a, b)
    return a == b


def _flatten(values: list[object]) -> list[object]:
    out: list[object] = []
    for v in values:
        if isinstance(v, list):
            out.extend(v)
        else:
            out.append(v)
    return out


def _kind(value: object) -> str:
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "group of values"
    return type(value).__name__
