"""The expression language: parsing, typed errors with positions, evaluation, and never
handing text to Python's eval/exec."""

from __future__ import annotations

import ast
import contextlib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kiosk.forms
from kiosk.forms.evaluator import (
    DivisionByZeroError,
    ExpressionEvalError,
    ExpressionTypeError,
    StepBudgetExceededError,
    UnknownReferenceError,
    evaluate,
)
from kiosk.forms.expressions import (
    MAX_EXPRESSION_LENGTH,
    ArityError,
    Binary,
    CardRef,
    ExpressionError,
    ExpressionSyntaxError,
    ExpressionTooComplexError,
    FieldRef,
    UnknownFunctionError,
    parse,
)


class Env:
    def __init__(self, fields: dict[str, Any] | None = None, card: dict[str, Any] | None = None,
                 me: Any = None, today: date = date(2026, 11, 24)) -> None:
        self.fields = fields or {}
        self.cards = card or {}
        self.me = me
        self._today = today

    def field(self, name: str) -> object:
        return self.fields[name]

    def card(self, name: str) -> object:
        return self.cards[name]

    def self_value(self) -> object:
        return self.me

    def today(self) -> date:
        return self._today


def ev(source: str, **fields: Any) -> object:
    return evaluate(parse(source), Env(fields))


# ---- parsing -------------------------------------------------------------------------------


def test_precedence_and_or_not_comparison_arithmetic() -> None:
    tree = parse("not a = 1 or b + 2 * 3 > 7 and c").root
    assert isinstance(tree, Binary)
    assert tree.op == "or"
    assert ev("1 + 2 * 3") == 7
    assert ev("(1 + 2) * 3") == 9
    assert ev("10 - 4 - 3") == 3
    assert ev("not 1 = 2 and 2 > 1") is True


def test_references_are_collected() -> None:
    expr = parse("${copies} > 2 and declarant.full_name = card.full_name and count(items) > 0")
    assert expr.field_refs == {"copies", "declarant", "items"}
    assert expr.card_refs == {"full_name"}
    assert isinstance(parse("card.gender").root, CardRef)
    assert isinstance(parse("${x}").root, FieldRef)


@pytest.mark.parametrize(("source", "error", "position"), [
    ("1 +", ExpressionSyntaxError, 3),
    ("(1 + 2", ExpressionSyntaxError, 6),
    ("'open", ExpressionSyntaxError, 0),
    ("a # b", ExpressionSyntaxError, 2),
    ("${bad name}", ExpressionSyntaxError, 0),
    ("1 < 2 < 3", ExpressionSyntaxError, 6),
    ("card", ExpressionSyntaxError, 4),
    ("eval('1')", UnknownFunctionError, 0),
    ("x + __import__('os')", UnknownFunctionError, 4),
    ("if(1, 2)", ArityError, 0),
    ("today(1)", ArityError, 0),
    ("", ExpressionSyntaxError, 0),
    ("a.and", ExpressionSyntaxError, 2),
])
def test_errors_are_typed_with_position(source: str, error: type[ExpressionError],
                                        position: int) -> None:
    with pytest.raises(error) as caught:
        parse(source)
    assert caught.value.position == position
    assert caught.value.expression == source
    assert caught.value.message_vi and caught.value.message_en


def test_too_long_and_too_deep_are_refused() -> None:
    with pytest.raises(ExpressionTooComplexError):
        parse("1" * (MAX_EXPRESSION_LENGTH + 1))
    with pytest.raises(ExpressionTooComplexError):
        parse("(" * 200 + "1" + ")" * 200)
    with pytest.raises(ExpressionTooComplexError):
        parse("not " * 200 + "1")
    with pytest.raises(ExpressionTooComplexError):
        parse("-" * 200 + "1")


# ---- evaluation ----------------------------------------------------------------------------


def test_blanks_follow_forms_semantics() -> None:
    assert ev("a = ''", a=None) is True
    assert ev("a = null", a="") is True
    assert ev("a > 3", a=None) is False
    assert ev("a + 1", a=None) is None
    assert ev("coalesce(a, 5)", a=None) == 5
    assert ev("max(a - 2, 0)", a=None) == 0
    assert ev("a", a=None) is None


def test_id_sex_reads_the_fourth_digit_of_a_personal_id_number() -> None:
    assert ev("id_sex(a)", a="001099012345") == "nam"  # 0: a man born in the 1900s
    assert ev("id_sex(a)", a="001300045678") == "nu"  # 3: a woman born in the 2000s
    assert ev("id_sex(a)", a="001326004512") == "nu"
    assert ev("id_sex(a)", a="079203000001") == "nam"
    assert ev("id_sex(a)", a="0013260045") is None  # still being typed: no guess
    assert ev("id_sex(a)", a="00132600451x") is None
    assert ev("id_sex(a)", a="００１３２６００４５１２") is None  # full-width digits
    assert ev("id_sex(a)", a=None) is None
    with pytest.raises(ExpressionTypeError):
        ev("id_sex(a)", a=12)


def test_surname_is_the_first_word_of_a_full_name() -> None:
    assert ev("surname(a)", a="Phạm Quốc Hưng") == "Phạm"
    assert ev("surname(a)", a="  Lê   Thị Ngọc Ánh ") == "Lê"
    assert ev("surname(a)", a="   ") is None  # spaces only: no name, no crash
    assert ev("surname(a)", a=None) is None
    with pytest.raises(ExpressionTypeError):
        ev("surname(a)", a=12)


def test_dates_text_and_numbers_compare_as_forms_store_them() -> None:
    assert ev("d < today()", d="2026-11-01") is True
    assert ev("today() - d", d="2026-11-14") == 10
    assert ev("date('2026-02-28') + 1") == date(2026, 3, 1)
    assert ev("n = '3'", n=3) is True
    assert ev("age(d)", d="2020-11-25") == 5
    assert ev("age(d)", d="2020-11-24") == 6
    assert ev("7 / 2") == 3.5
    assert ev("6 / 3") == 2


def test_functions() -> None:
    assert ev("count(items)", items=[{}, {}, {}]) == 3
    assert ev("count(items)", items=None) == 0
    assert ev("len('Hà Nội')") == 6
    assert ev("regex(p, '0[35789][0-9]{8}')", p="0912345678") is True
    assert ev("regex(p, '0[35789][0-9]{8}')", p="091234567") is False
    assert ev("selected(m, 'b')", m=["a", "b"]) is True
    assert ev("if(x > 2, 'many', 'few')", x=3) == "many"
    assert ev("items.copies", items=[{"copies": 1}, {"copies": 2}]) == [1, 2]
    assert ev("max(items.copies)", items=[{"copies": 1}, {"copies": 4}]) == 4
    assert evaluate(parse(". >= 1 and . <= 10"), Env(me=5)) is True
    assert evaluate(parse("card.full_name"), Env(card={"full_name": "A"})) == "A"


def test_if_is_lazy() -> None:
    assert ev("if(true, 1, 1 / 0)") == 1


@pytest.mark.parametrize(("source", "error"), [
    ("1 / 0", DivisionByZeroError),
    ("'a' - 1", ExpressionTypeError),
    ("'a' < 1", ExpressionTypeError),
    ("-'a'", ExpressionTypeError),
    ("count(5)", ExpressionTypeError),
    ("regex('x', '(')", ExpressionEvalError),
    ("missing + 1", UnknownReferenceError),
    ("date('not a date')", ExpressionTypeError),
    ("date('2026-01-01') + 99999999999", ExpressionEvalError),
])
def test_evaluation_errors_are_typed(source: str, error: type[ExpressionEvalError]) -> None:
    with pytest.raises(error) as caught:
        ev(source)
    assert caught.value.message_vi and caught.value.message_en


def test_step_budget_stops_runaway_rules() -> None:
    source = " + ".join(["1"] * 400)
    assert evaluate(parse(source), Env()) == 400
    with pytest.raises(StepBudgetExceededError):
        evaluate(parse(source), Env(), budget=100)


# ---- robustness: random input gives only typed errors ---------------------------------------

_ATOMS = ["1", "2.5", "'x'", "\"y\"", "a", "${a}", "b", "card.full_name", ".", "true", "null",
          "today()", "count(c)", "age(d)", "len(a)", "regex(a, '[0-9]+')", "if(a, b, 1)",
          "max(a, 1)", "date(d)", "selected(c, 'x')", "c.k", "coalesce(a, b)", "surname(a)",
          "id_sex(a)", "add_years(d, 2)"]
_OPS = ["+", "-", "*", "/", "=", "!=", "<", ">=", "and", "or", "not", "(", ")", ",", "."]


@st.composite
def token_soup(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(_ATOMS + _OPS), min_size=1, max_size=25))
    return " ".join(parts)


class SoupEnv(Env):
    def field(self, name: str) -> object:
        return {"a": 3, "b": "2026-01-02", "c": [{"k": 1}, {"k": "z"}], "d": "2000-05-06"}[name]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_random_text_parses_or_raises_a_typed_error(source: str) -> None:
    try:
        parse(source)
    except ExpressionError as exc:
        position = exc.position
    else:
        return
    assert 0 <= position <= max(len(source), MAX_EXPRESSION_LENGTH)


@settings(max_examples=400, deadline=None)
@given(token_soup())
def test_random_token_soup_parses_and_evaluates_to_typed_errors_only(source: str) -> None:
    try:
        expr = parse(source)
    except ExpressionError:
        return
    with contextlib.suppress(ExpressionEvalError):
        evaluate(expr, SoupEnv(card={"full_name": "A"}, me=1))


def test_no_module_of_the_form_engine_calls_eval_exec_or_compile() -> None:
    """The safety promise, checked on the source: no builtin eval/exec/compile anywhere."""
    package = Path(kiosk.forms.__file__).parent
    offenders = []
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                    node.func.id in ("eval", "exec", "compile", "__import__"):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_python_code_is_not_run() -> None:
    with pytest.raises(ExpressionError):
        evaluate(parse("__import__('os').system('true')"), Env())
    with pytest.raises(ExpressionError):
        parse("[x for x in ()]")
