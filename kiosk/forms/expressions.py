"""The catalogue's small expression language: tokenizer and recursive-descent parser.

Used for `relevant`, `constraint`, `required`, `calculate`, fee rules and prefill conditions.
Source text is turned into a tree of the node classes below; `kiosk.forms.evaluator` walks
that tree. Nothing here or there ever hands text to Python's own eval/exec.

Grammar (lowest precedence first)::

    expr       := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := additive (("=" | "==" | "!=" | "<" | "<=" | ">" | ">=") additive)?
    additive   := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := "-" unary | postfix
    postfix    := primary ("." NAME)*
    primary    := NUMBER | STRING | "true" | "false" | "null" | "${" NAME "}" | "."
                | "card" "." NAME | NAME "(" [expr ("," expr)*] ")" | NAME | "(" expr ")"
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.errors import KioskError

MAX_EXPRESSION_LENGTH = 2000
MAX_NESTING = 48

# name -> (min args, max args or None for "any number")
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "if": (3, 3),
    "count": (1, 1),
    "today": (0, 0),
    "age": (1, 1),
    "len": (1, 1),
    "regex": (2, 2),
    "selected": (2, 2),
    "min": (1, None),
    "max": (1, None),
    "date": (1, 1),
    "coalesce": (1, None),
    "surname": (1, 1),
    "add_years": (2, 2),
    "id_sex": (1, 1),
}

KEYWORDS = {"and", "or", "not", "true", "false", "null"}


class ExpressionError(KioskError):
    """Any problem with an expression; `position` is a 0-based offset into `expression`."""

    code = "expression"

    def __init__(self, detail: str, position: int, expression: str) -> None:
        super().__init__(f"{detail} at position {position} in {expression!r}")
        self.detail = detail
        self.position = position
        self.expression = expression
        self.message_en = f"Rule error ({self.code}) at position {position}: {detail}"
        self.message_vi = f"Lỗi quy tắc ({self.code}) tại vị trí {position}: {detail}"


class ExpressionSyntaxError(ExpressionError):
    code = "syntax"


class ExpressionTooComplexError(ExpressionError):
    code = "too_complex"


class UnknownFunctionError(ExpressionSyntaxError):
    code = "unknown_function"


class ArityError(ExpressionSyntaxError):
    code = "arity"


# ---- tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    pos: int


@dataclass(frozen=True)
class Literal(Node):
    value: object


@dataclass(frozen=True)
class FieldRef(Node):
    name: str


@dataclass(frozen=True)
class CardRef(Node):
    name: str


@dataclass(frozen=True)
class SelfRef(Node):
    pass


@dataclass(frozen=True)
class Attr(Node):
    obj: Node
    name: str


@dataclass(frozen=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary(Node):
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class Expression:
    """A parsed expression with its source, ready to evaluate any number of times."""

    source: str
    root: Node
    field_refs: frozenset[str] = field(default=frozenset())
    card_refs: frozenset[str] = field(default=frozenset())


# ---- tokenizer --------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # NUMBER STRING NAME REF OP EOF
    text: str
    pos: int
    value: object = None


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_REF_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TWO_CHAR_OPS = ("<=", ">=", "!=", "==")
_ONE_CHAR_OPS = "=<>+-*/(),."


def tokenize(source: str) -> list[Token]:
    if len(source) > MAX_EXPRESSION_LENGTH:
        raise ExpressionTooComplexError(
            f"longer than {MAX_EXPRESSION_LENGTH} characters", MAX_EXPRESSION_LENGTH, source
        )
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch.isascii() and ch.isdigit():
            m = _NUMBER_RE.match(source, i)
            assert m is not None
            text = m.group(0)
            value: object = float(text) if "." in text else int(text)
            tokens.append(Token("NUMBER", text, i, value))
            i = m.end()
            continue
        if ch in "'\"":
            end = source.find(ch, i + 1)
            if end < 0:
                raise ExpressionSyntaxError("unterminated string", i, source)
            tokens.append(Token("STRING", source[i : end + 1], i, source[i + 1 : end]))
            i = end + 1
            continue
        if ch == "$":
            m = _REF_RE.match(source, i)
            if not m:
                raise ExpressionSyntaxError("expected ${field_name}", i, source)
            tokens.append(Token("REF", m.group(0), i, m.group(1)))
            i = m.end()
            continue
        m = _NAME_RE.match(source, i)
        if m:
            tokens.append(Token("NAME", m.group(0), i, m.group(0)))
            i = m.end()
            continue
        two = source[i : i + 2]
        if two in _TWO_CHAR_OPS:
            tokens.append(Token("OP", two, i))
            i += 2
            continue
        if ch in _ONE_CHAR_OPS:
            tokens.append(Token("OP", ch, i))
            i += 1
            continue
        raise ExpressionSyntaxError(f"unexpected character {ch!r}", i, source)
    tokens.append(Token("EOF", "", n))
    return tokens


# ---- parser -----------------------------------------------------------------------------


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0
        self.field_refs: set[str] = set()
        self.card_refs: set[str] = set()

    # helpers
    def peek(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != "EOF":
            self.i += 1
        return tok

    def at_op(self, *ops: str) -> bool:
        tok = self.peek()
        return tok.kind == "OP" and tok.text in ops

    def at_name(self, name: str) -> bool:
        tok = self.peek()
        return tok.kind == "NAME" and tok.text == name

    def expect_op(self, op: str) -> Token:
        tok = self.peek()
        if not (tok.kind == "OP" and tok.text == op):
            raise ExpressionSyntaxError(f"expected {op!r}, found {_describe(tok)}", tok.pos,
                                        self.source)
        return self.advance()

    def error(self, detail: str, tok: Token | None = None) -> ExpressionSyntaxError:
        tok = tok or self.peek()
        return ExpressionSyntaxError(detail, tok.pos, self.source)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ExpressionTooComplexError(
                f"nested deeper than {MAX_NESTING}", self.peek().pos, self.source
            )

    # grammar
    def parse(self) -> Expression:
        if self.peek().kind == "EOF":
            raise self.error("empty expression")
        root = self.expr()
        if self.peek().kind != "EOF":
            raise self.error(f"unexpected {_describe(self.peek())}")
        return Expression(self.source, root, frozenset(self.field_refs),
                          frozenset(self.card_refs))

    def expr(self) -> Node:
        self.enter()
        try:
            return self.or_expr()
        finally:
            self.depth -= 1

    def or_expr(self) -> Node:
        left = self.and_expr()
        while self.at_name("or"):
            tok = self.advance()
            left = Binary(tok.pos, "or", left, self.and_expr())
        return left

    def and_expr(self) -> Node:
        left = self.not_expr()
        while self.at_name("and"):
            tok = self.advance()
            left = Binary(tok.pos, "and", left, self.not_expr())
        return left

    def not_expr(self) -> Node:
        if self.at_name("not"):
            tok = self.advance()
            self.enter()
            try:
                return Unary(tok.pos, "not", self.not_expr())
            finally:
                self.depth -= 1
        return self.comparison()

    def comparison(self) -> Node:
        left = self.additive()
        if self.at_op("=", "==", "!=", "<", "<=", ">", ">="):
            tok = self.advance()
            op = "=" if tok.text == "==" else tok.text
            left = Binary(tok.pos, op, left, self.additive())
            if self.at_op("=", "==", "!=", "<", "<=", ">", ">="):
                raise self.error("comparisons cannot be chained; use 'and'")
        return left

    def additive(self) -> Node:
        left = self.term()
        while self.at_op("+", "-"):
            tok = self.advance()
            left = Binary(tok.pos, tok.text, left, self.term())
        return left

    def term(self) -> Node:
        left = self.unary()
        while self.at_op("*", "/"):
            tok = self.advance()
            left = Binary(tok.pos, tok.text, left, self.unary())
        return left

    def unary(self) -> Node:
        if self.at_op("-"):
            tok = self.advance()
            self.enter()
            try:
                return Unary(tok.pos, "-", self.unary())
            finally:
                self.depth -= 1
        return self.postfix()

    def postfix(self) -> Node:
        node = self.primary()
        while self.at_op("."):
            self.advance()
            tok = self.peek()
            if tok.kind != "NAME" or tok.text in KEYWORDS:
                raise self.error(f"expected a part name after '.', found {_describe(tok)}")
            self.advance()
            node = Attr(tok.pos, node, tok.text)
        return node

    def primary(self) -> Node:
        tok = self.peek()
        if tok.kind in ("NUMBER", "STRING"):
            self.advance()
            return Literal(tok.pos, tok.value)
        if tok.kind == "REF":
            self.advance()
            self.field_refs.add(str(tok.value))
            return FieldRef(tok.pos, str(tok.value))
        if tok.kind == "OP" and tok.text == "(":
            self.advance()
            inner = self.expr()
            self.expect_op(")")
            return inner
        if tok.kind == "OP" and tok.text == ".":
            self.advance()
            return SelfRef(tok.pos)
        if tok.kind == "NAME":
            return self.name(tok)
        raise self.error(f"unexpected {_describe(tok)}")

    def name(self, tok: Token) -> Node:
        self.advance()
        word = tok.text
        if word == "true":
            return Literal(tok.pos, True)
        if word == "false":
            return Literal(tok.pos, False)
        if word == "null":
            return Literal(tok.pos, None)
        if word in ("and", "or", "not"):
            raise self.error(f"unexpected keyword {word!r}", tok)
        if word == "card":
            self.expect_op(".")
            part = self.peek()
            if part.kind != "NAME" or part.text in KEYWORDS:
                raise self.error("expected a card field name after 'card.'")
            self.advance()
            self.card_refs.add(part.text)
            return CardRef(tok.pos, part.text)
        if self.at_op("("):
            return self.call(tok)
        self.field_refs.add(word)
        return FieldRef(tok.pos, word)

    def call(self, tok: Token) -> Node:
        name = tok.text
        if name not in FUNCTIONS:
            raise UnknownFunctionError(f"unknown function {name!r}", tok.pos, self.source)
        self.expect_op("(")
        args: list[Node] = []
        if not self.at_op(")"):
            args.append(self.expr())
            while self.at_op(","):
                self.advance()
                args.append(self.expr())
        self.expect_op(")")
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            want = str(low) if low == high else f"{low}+" if high is None else f"{low}-{high}"
            raise ArityError(f"{name}() takes {want} argument(s), got {len(args)}", tok.pos,
                             self.source)
        return Call(tok.pos, name, tuple(args))


def _describe(tok: Token) -> str:
    if tok.kind == "EOF":
        return "end of expression"
    return repr(tok.text)


def parse(source: str) -> Expression:
    """Parse `source`; raises an `ExpressionError` subclass (never anything else)."""
    if not isinstance(source, str):
        raise ExpressionSyntaxError("an expression must be text", 0, repr(source))
    return _Parser(source).parse()
