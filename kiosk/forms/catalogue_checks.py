"""Static checks of a procedure's expressions and cross-references (beyond the JSON schema):
every `${field}` and `card.x` exists, `.` is used only in constraints, no calculation or
visibility rule depends on itself, documents and attachment fields point at each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kiosk.forms.expressions import Attr, Binary, Call, Expression, FieldRef, Node, SelfRef, Unary
from kiosk.forms.model import FILE_TYPES, FieldDef, FieldType, FormDef, GroupDef
from kiosk.forms.prefill import CARD_FIELDS, CARD_VIRTUAL_FIELDS

if TYPE_CHECKING:
    from kiosk.forms.catalogue import Service

Problem = tuple[str, str]  # (location, message)


def walk(node: Node) -> Iterator[Node]:
    yield node
    if isinstance(node, Attr):
        yield from walk(node.obj)
    elif isinstance(node, Unary):
        yield from walk(node.operand)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from walk(arg)


def _expressions(service: Service) -> Iterator[tuple[str, str, Expression]]:
    """(location, kind, expression) for every expression of the procedure."""
    form = service.form
    for g in form.groups:
        gloc = f"form.groups({g.id})"
        if g.relevant:
            yield f"{gloc}.relevant", "relevant", g.relevant
        for f in g.fields:
            floc = f"{gloc}.fields({f.id})"
            for kind in ("relevant", "constraint", "calculate", "prefill", "prefill_when",
                         "suggestions_when"):
                expr = getattr(f, kind)
                if expr is not None:
                    yield f"{floc}.{kind}", kind, expr
            if isinstance(f.required, Expression):
                yield f"{floc}.required", "required", f.required
    for key in ("applicant_name", "applicant_id", "applicant_address", "applicant_phone",
                "applicant_email", "result_place", "sets", "notes_vi"):
        expr = getattr(form.receipt, key)
        if expr is not None:
            yield f"form.receipt.{key}", "receipt", expr
    if service.fee.rule is not None:
        yield "fee.rule", "fee", service.fee.rule
    for d in service.documents:
        if d.relevant is not None:
            yield f"documents({d.id}).relevant", "relevant", d.relevant


def check_service_expressions(service: Service) -> list[Problem]:
    form = service.form
    problems: list[Problem] = []
    repeat_ids = {g.id for g in form.repeat_groups()}
    plain_group_ids = {g.id for g in form.groups} - repeat_ids
    known = set(form.fields_by_id) | repeat_ids
    for loc, kind, expr in _expressions(service):
        for name in sorted(expr.field_refs):
            if name in plain_group_ids and name not in form.fields_by_id:
                problems.append((loc, f"{name!r} is a group, not a value"))
            elif name not in known:
                problems.append((loc, f"unknown field {name!r}"))
        for name in sorted(expr.card_refs):
            if name not in CARD_FIELDS and name not in CARD_VIRTUAL_FIELDS:
                problems.append((loc, f"unknown card field 'card.{name}'"))
        if kind != "constraint" and any(isinstance(n, SelfRef) for n in walk(expr.root)):
            problems.append((loc, "'.' (this field's value) is allowed only in a constraint"))
    problems += _check_cycles(form)
    problems += _check_documents(service)
    problems += _check_fields(form)
    problems += _check_result_place(service)
    return problems


def _dependencies(form: FormDef) -> dict[str, set[str]]:
    """Field id -> field ids its value depends on (through visibility or calculation)."""
    repeat_members = {g.id: {f.id for f in g.fields} for g in form.repeat_groups()}

    def expand(names: frozenset[str]) -> set[str]:
        out: set[str] = set()
        for n in names:
            out |= repeat_members.get(n, {n})
        return out

    deps: dict[str, set[str]] = {}
    for g in form.groups:
        group_refs = expand(g.relevant.field_refs) if g.relevant else set()
        for f in g.fields:
            d = set(group_refs)
            if f.relevant:
                d |= expand(f.relevant.field_refs)
            if f.calculate:
                d |= expand(f.calculate.field_refs)
            deps[f.id] = d
    return deps


def _check_cycles(form: FormDef) -> list[Problem]:
    deps = _dependencies(form)
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    problems: list[Problem] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(deps.get(node, ())):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt):], nxt] if nxt in trail else [node, nxt]
                problems.append((f"form.fields({node})",
                                 "rules depend on each other in a circle: "
                                 + " -> ".join(cycle)))
            elif state.get(nxt) is None:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for fid in sorted(deps):
        if fid not in state:
            visit(fid, [fid])
    return problems


def _check_documents(service: Service) -> list[Problem]:
    problems: list[Problem] = []
    doc_ids = {d.id for d in service.documents}
    if len(doc_ids) != len(service.documents):
        problems.append(("documents", "duplicate document id"))
    linked: dict[str, list[str]] = {}
    for f in service.form.fields_by_id.values():
        if f.document is not None:
            if f.type not in FILE_TYPES:
                problems.append((f"form.fields({f.id}).document",
                                 "only attachment fields capture a document"))
            elif f.document not in doc_ids:
                problems.append((f"form.fields({f.id}).document",
                                 f"unknown document {f.document!r}"))
            linked.setdefault(f.document, []).append(f.id)
    for d in service.documents:
        fields = linked.get(d.id, [])
        if d.capture != "none" and not fields:
            problems.append((f"documents({d.id})",
                             "a photographed/scanned document needs an attachment field "
                             "with \"document\": its id"))
        if d.capture == "none" and fields:
            problems.append((f"documents({d.id})", "capture is none but a field captures it"))
        if len(fields) > 1:
            problems.append((f"documents({d.id})", f"captured by several fields: {fields}"))
    return problems


def _check_fields(form: FormDef) -> list[Problem]:
    problems: list[Problem] = []
    for g in form.groups:
        for f in g.fields:
            loc = f"form.groups({g.id}).fields({f.id})"
            if f.id == "card":
                problems.append((loc, "'card' is reserved for the ID card's data"))
            if g.repeat is not None and f.type in FILE_TYPES:
                problems.append((loc, "attachments cannot be inside a repeat group"))
            if f.prefill is not None and f.type in FILE_TYPES | {FieldType.NOTE}:
                problems.append((loc, f"a {f.type} field cannot be pre-filled"))
            if f.min is not None and f.max is not None and f.min > f.max:
                problems.append((loc, "min is above max"))
            if f.default is not None and f.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
                values = f.default if isinstance(f.default, list) else [f.default]
                if any(v not in {c.value for c in f.choices} for v in values):
                    problems.append((f"{loc}.default", "default is not one of the choices"))
            problems += _check_own_card(g, f, loc)
            problems += _check_follow(g, f, loc)
            problems += [(f"{loc}.suggest_from", f"unknown text field {source!r}")
                         for source in f.suggest_from
                         if form.fields_by_id.get(source) is None
                         or form.fields_by_id[source].type is not FieldType.TEXT]
    return problems


def _check_follow(g: GroupDef, f: FieldDef, loc: str) -> list[Problem]:
    """A field that follows a rule has no other default, pre-fill or calculation; one that
    starts after the item before is a date in a repeat, after a date of the same step."""
    problems: list[Problem] = []
    if (f.follow is not None or f.after_previous is not None) and (
            f.prefill is not None or f.default is not None or f.calculate is not None):
        problems.append((f"{loc}.follow", "a field that follows a rule has no other default, "
                         "pre-fill or calculation"))
    if f.after_previous is not None:
        source = next((x for x in g.fields if x.id == f.after_previous), None)
        if g.repeat is None or f.type is not FieldType.DATE or source is None \
                or source.type is not FieldType.DATE:
            problems.append((f"{loc}.after_previous", f"{f.after_previous!r} is not a date of "
                             "this repeated step (and this field not a date)"))
    return problems


def _check_own_card(g: GroupDef, f: FieldDef, loc: str) -> list[Problem]:
    """What another person's card answers must be a field of the same step (one item) and
    something a card holds."""
    ids = {x.id for x in g.fields}
    problems: list[Problem] = []
    for target, source in f.own_card or ():
        if target not in ids or target == f.id:
            problems.append((f"{loc}.own_card", f"{target!r} is not another field of this step"))
        if source not in CARD_FIELDS:
            problems.append((f"{loc}.own_card", f"the card holds no {source!r}"))
    return problems


def _check_result_place(service: Service) -> list[Problem]:
    expr = service.form.receipt.result_place
    if expr is None or not isinstance(expr.root, FieldRef):
        return []
    f = service.form.fields_by_id.get(expr.root.name)
    if f is None or not f.choices:
        return []
    places = {p.id for p in service.result_places}
    unknown = [c.value for c in f.choices if c.value not in places]
    if unknown:
        return [("form.receipt.result_place",
                 f"choices of {f.id!r} are not result place ids: {unknown}")]
    return []
