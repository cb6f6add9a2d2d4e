"""The documented JSON form of a procedure (`kiosk catalogue show CODE --json`).

Shape (see docs/catalogue.md): the procedure's facts as in its catalogue file (after the
province override), and `steps`: one per screen, each with `fields`. Every field gives
`id`, `path` (how `set_answer` and the answers file address it), `type`, `label` {vi,en},
`required` (true, false or an expression), and when present: `relevant`, `constraint` with
`constraint_message`, `regex` with `regex_message`, `min`/`max`, `integer`,
`min_length`/`max_length`, `choices` [{value, label}], `default`, `calculate`, `prefill`,
`prefill_when`, `lock_prefilled`, `read_only`, `document`, `capture`, `media_types`,
`statement`, `own_card`, `follow` and `after_previous` (what an unanswered field takes), and
`parts` (the sub-values of person and address answers).
"""

from __future__ import annotations

from typing import Any

from kiosk.forms.catalogue import Service
from kiosk.forms.expressions import Expression
from kiosk.forms.model import ADDRESS_PARTS, PERSON_PARTS, FieldDef, FieldType, GroupDef, Text


def _text(t: Text | None) -> dict[str, str] | None:
    return None if t is None else {"vi": t.vi, "en": t.en}


def _expr(e: Expression | None) -> str | None:
    return None if e is None else e.source


def field_to_json(group: GroupDef, f: FieldDef) -> dict[str, Any]:
    path = f.id if group.repeat is None else f"{group.id}[i].{f.id}"
    out: dict[str, Any] = {
        "id": f.id, "path": path, "type": f.type.value, "label": _text(f.label),
        "required": f.required.source if isinstance(f.required, Expression) else f.required,
    }
    optional: dict[str, Any] = {
        "hint": _text(f.hint), "relevant": _expr(f.relevant), "constraint": _expr(f.constraint),
        "constraint_message": _text(f.constraint_message), "regex": f.regex,
        "regex_message": _text(f.regex_message), "min": f.min, "max": f.max,
        "integer": f.integer or None, "min_length": f.min_length, "max_length": f.max_length,
        "choices": [{"value": c.value, "label": _text(c.label)} for c in f.choices] or None,
        "default": f.default, "calculate": _expr(f.calculate), "prefill": _expr(f.prefill),
        "prefill_when": _expr(f.prefill_when), "lock_prefilled": f.lock_prefilled or None,
        "read_only": f.read_only or None, "document": f.document, "capture": f.capture,
        "media_types": list(f.media_types) or None, "statement": _text(f.statement),
        "own_card": None if f.own_card is None else dict(f.own_card),
        "follow": _expr(f.follow), "after_previous": f.after_previous,
    }
    if f.type is FieldType.PERSON:
        optional["parts"] = list(PERSON_PARTS)
        optional["id_required"] = f.id_required
        optional["dob_required"] = f.dob_required
    elif f.type is FieldType.ADDRESS:
        optional["parts"] = list(ADDRESS_PARTS)
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def service_to_json(service: Service) -> dict[str, Any]:
    raw = service.raw
    fee: dict[str, Any] = {"kind": service.fee.kind, "basis": service.fee.basis,
                           "verified": service.fee.verified}
    if service.fee.amount_vnd is not None:
        fee["amount_vnd"] = service.fee.amount_vnd
    if service.fee.rule is not None:
        fee["rule"] = service.fee.rule.source
    if service.fee.online_amount_vnd is not None:
        fee["online_amount_vnd"] = service.fee.online_amount_vnd
    if service.fee.set_by is not None:
        fee["set_by"] = service.fee.set_by
    if service.online_support is not None:  # the province's, as its overrides state it
        s = service.online_support
        fee["online_support"] = {"from": s.start.isoformat(), "percent": s.percent,
                                 "rule": {"vi": s.rule.vi, "en": s.rule.en}}
    pt = service.processing_time
    steps = []
    for g in service.form.groups:
        step: dict[str, Any] = {"id": g.id, "title": _text(g.title)}
        if g.hint:
            step["hint"] = _text(g.hint)
        if g.relevant:
            step["relevant"] = g.relevant.source
        if g.repeat:
            step["repeat"] = {"min": g.repeat.min, "max": g.repeat.max,
                              "item_label": _text(g.repeat.item_label)}
        step["fields"] = [field_to_json(g, f) for f in g.fields]
        steps.append(step)
    return {
        "code": service.code,
        "catalogue_version": service.catalogue_version,
        "names": _text(service.names),
        "summary": _text(service.summary),
        "category": raw.get("category"),
        "agency": raw.get("agency"),
        "legal_basis": list(service.legal_basis),
        "service_level": service.service_level,
        "fee": fee,
        "processing_time": {"unit": pt.unit, "value": pt.value, "max_value": pt.max_value,
                            "after_15h_next_day": pt.after_15h_next_day,
                            "text": {"vi": pt.text("vi"), "en": pt.text("en")},
                            "verified": pt.verified},
        "documents": raw.get("documents"),
        "result_places": raw.get("result_places"),
        "verified": service.verified,
        "province_override": service.overridden_for_province,
        "answers_format": {
            "plain_field": "answers[field_id] = value",
            "repeat_group": "answers[group_id] = [{field_id: value}, ...]",
            "person": {"full_name": "text", "id_number": "12 digits",
                       "date_of_birth": "YYYY-MM-DD (dd/mm/yyyy accepted)"},
            "address": {"province_code": "int (vietnam-provinces; Hà Nội = 1)",
                        "commune_code": "int", "street": "text"},
            "date": "YYYY-MM-DD (dd/mm/yyyy accepted)",
            "yes_no": "true / false", "consent": "true",
            "attachment": "not in the answers file: --attach FIELD=PATH",
        },
        "steps": steps,
    }
