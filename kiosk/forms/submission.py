"""From a finished form session to what leaves it: the answers payload, the review screen's
summary and the `Dossier` (with its receipt facts) handed to the outbox."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.dossier.masking import mask_id_number
from kiosk.dossier.model import AttachmentFile, Dossier, ReceiptFacts
from kiosk.forms import views
from kiosk.forms.addresses import format_address
from kiosk.forms.calendar import VN_TZ, Appointment
from kiosk.forms.catalogue import Document, ResultPlace, Service
from kiosk.forms.delivery import PostRule
from kiosk.forms.fees import ONLINE, Charge
from kiosk.forms.model import FormDef, GroupDef, Text
from kiosk.forms.state import Answers
from kiosk.forms.validation import FieldError, is_blank

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.dossier.local_code import LocalCodeAllocator


class FormSession(Protocol):
    """What this module reads of a finished form (kiosk.forms.engine.FormSession): named
    here so that the engine, which calls these functions, is not imported back."""

    service: Service
    form: FormDef
    answers: Answers

    def visible_groups(self) -> list[GroupDef]: ...
    def attachments(self) -> tuple[AttachmentFile, ...]: ...
    def errors(self) -> tuple[FieldError, ...]: ...
    def charge(self) -> Charge: ...
    def post_rule(self) -> PostRule | None: ...
    filing_channel: str
    def appointment(self, received_at: datetime | None = None) -> Appointment: ...
    def receipt_value(self, key: str) -> Any: ...


def delivery(session: FormSession, place: ResultPlace) -> tuple[str, PostRule | None]:
    """For a result sent by post: the address it goes to, and the province's rule that
    sends it so (None when none is in force); ("", None) for any other result place."""
    if not place.by_post:
        return "", None
    return _text(session.receipt_value("post_address")), session.post_rule()


def postage(session: FormSession, rule: PostRule | None) -> Text | None:
    """Who pays the postage, as the province's rule says it for a dossier filed online (what
    it means for one entered at a counter no source says)."""
    return rule.postage if rule is not None and session.filing_channel == ONLINE else None


def fee_unconfirmed(service: Service, fee: Charge) -> bool:
    """Whether the citizen must be told to confirm the fee at the counter: no official source
    confirms it, unless a sourced support leaves nothing to pay whatever the listed amount."""
    return "fee" in service.unsettled and not (fee.rule is not None and fee.payable_vnd == 0)


def collect_answers(session: FormSession) -> dict[str, Any]:
    """The portal payload: answers of the fields that apply, blanks left out; repeat groups
    as lists; attachments by reference ({"attachment_id", "name", "media_type"})."""
    a = session.answers
    out: dict[str, Any] = {}
    for group in session.visible_groups():
        rows = []
        for item in a.items_of(group):
            row = {}
            for f in group.fields:
                if f.has_value and a.relevant(group, item, f):
                    value = a.value(group, item, f)
                    if not is_blank(value):
                        row[f.id] = value
            rows.append(row)
        if group.repeat is not None:
            out[group.id] = rows
        else:
            out.update(rows[0])
    return out


def documents_received(session: FormSession) -> list[Document]:
    """Documents the dossier holds: attached ones, and presented ones that are required."""
    a = session.answers
    attached = {f.document for f in session.form.fields_by_id.values()
                if f.document and _has_value(session, f.id)}
    out = []
    for doc in session.service.documents:
        if not a.condition(doc.relevant, a.root, True, where=f"documents({doc.id}).relevant"):
            continue
        if doc.id in attached or (doc.capture == "none" and doc.required):
            out.append(doc)
    return out


def _has_value(session: FormSession, field_id: str) -> bool:
    a = session.answers
    group = session.form.group_of_field[field_id]
    f = session.form.fields_by_id[field_id]
    return any(a.relevant(group, item, f) and not is_blank(a.value(group, item, f))
               for item in a.items_of(group))


def _text(value: Any) -> str:
    if isinstance(value, dict):
        if "street" in value or "commune_code" in value:
            return format_address(value)
        return str(value.get("full_name") or "")
    return "" if value is None else str(value)


def review_summary(session: FormSession) -> views.ReviewSummary:
    a = session.answers
    sections = []
    statements: list[tuple[str, str, str]] = []
    for group in session.visible_groups():
        if group.at_review:
            statements += [(f.id, f.statement.vi, f.statement.en) for f in group.fields
                           if f.statement is not None and a.relevant(group, a.root, f)]
            continue
        rows = []
        for i, item in enumerate(a.items_of(group)):
            for f in group.fields:
                if not f.has_value or not a.relevant(group, item, f):
                    continue
                value = a.value(group, item, f)
                label_vi, label_en = f.label.vi, f.label.en
                if group.repeat is not None:
                    label_vi = f"{group.repeat.item_label.vi} {i + 1}: {label_vi}"
                    label_en = f"{group.repeat.item_label.en} {i + 1}: {label_en}"
                rows.append(views.ReviewRow(
                    a.path_of(group, item, f).key, label_vi, label_en,
                    views.display(f, value, "vi"), views.display(f, value, "en"),
                    f.id in item.prefilled))
        sections.append(views.ReviewSection(group.id, group.title.vi, group.title.en,
                                            tuple(rows)))
    docs = documents_received(session)
    place = session.service.result_place(session.receipt_value("result_place"))
    appointment = session.appointment()
    fee = session.charge()
    address, post = delivery(session, place)
    paid_by = postage(session, post)
    pt = session.service.processing_time
    return views.ReviewSummary(
        service_code=session.service.code,
        service_name_vi=session.service.names.vi, service_name_en=session.service.names.en,
        sections=tuple(sections),
        documents_vi=tuple(d.name.vi for d in docs), documents_en=tuple(d.name.en for d in docs),
        fee_vnd=fee.payable_vnd, fee_basis=session.service.fee.basis,
        fee_listed_vnd=fee.listed_vnd,
        fee_rule_vi=fee.rule.vi if fee.rule else "", fee_rule_en=fee.rule.en if fee.rule else "",
        fee_unconfirmed=fee_unconfirmed(session.service, fee),
        time_unconfirmed="processing_time" in session.service.unsettled,
        processing_time_vi=pt.text("vi"), processing_time_en=pt.text("en"),
        appointment_at=appointment.due_at, appointment_estimated=appointment.estimated,
        result_place_vi=place.name.vi, result_place_en=place.name.en,
        delivery_address=address,
        post_rule_vi=post.rule.vi if post else "", post_rule_en=post.rule.en if post else "",
        postage_vi=paid_by.vi if paid_by else "", postage_en=paid_by.en if paid_by else "",
        errors=session.errors(),
        statements_vi=tuple(s[1] for s in statements),
        statements_en=tuple(s[2] for s in statements),
        statement_paths=frozenset(s[0] for s in statements),
    )


def build_dossier(session: FormSession, *, settings: Settings, assisted_by: str | None,
                  received_at: datetime, allocator: LocalCodeAllocator | None) -> Dossier:
    from kiosk.dossier.local_code import LocalCodeAllocator

    received = received_at.astimezone(VN_TZ) if received_at.tzinfo else received_at.replace(
        tzinfo=VN_TZ)
    if allocator is None:
        allocator = LocalCodeAllocator(settings.data_dir, settings.kiosk_id,
                                       settings.agency_code, settings.kiosk_code_tag)
    service = session.service
    appointment = session.appointment(received)
    fee = session.charge()
    place = service.result_place(session.receipt_value("result_place"))
    address, post = delivery(session, place)
    paid_by = postage(session, post)
    sets = session.receipt_value("sets")
    notes = [_text(session.receipt_value("notes_vi"))]
    if appointment.estimated:
        notes.append("Ngày hẹn tính theo lịch nghỉ lễ dự kiến, có thể thay đổi.")
    facts = ReceiptFacts(
        applicant_name=_text(session.receipt_value("applicant_name")),
        applicant_address=_text(session.receipt_value("applicant_address")),
        applicant_phone=_text(session.receipt_value("applicant_phone")),
        applicant_email=_text(session.receipt_value("applicant_email")),
        id_number_masked=mask_id_number(_text(session.receipt_value("applicant_id"))),
        service_name_vi=service.names.vi,
        service_name_en=service.names.en,
        documents=tuple(d.name.vi for d in documents_received(session)),
        sets=int(sets) if isinstance(sets, int | float) and not isinstance(sets, bool) else 1,
        processing_time_vi=service.processing_time.text("vi"),
        result_place_vi=place.name.vi,
        fee_vnd=fee.payable_vnd,
        fee_basis=service.fee.basis,
        appointment_at=appointment.due_at,
        notes_vi=" ".join(n for n in notes if n),
        fee_listed_vnd=fee.listed_vnd if fee.rule else None,
        fee_rule_vi=fee.rule.vi if fee.rule else "",
        fee_unconfirmed=fee_unconfirmed(service, fee),
        time_unconfirmed="processing_time" in service.unsettled,
        delivery_address=address,
        postage_vi=paid_by.vi if paid_by else "",
        agency_vi=service.agency_name.vi,
        agency_receipt_vi=service.agency_own_receipt.vi if service.agency_own_receipt else "",
    )
    answers = collect_answers(session)
    attachments = session.attachments()
    return Dossier(
        dossier_id=str(uuid.uuid4()),
        local_code=allocator.allocate(received.date()),
        service_code=service.code,
        catalogue_version=service.catalogue_version,
        created_at=received,
        kiosk_id=settings.kiosk_id,
        assisted_by=assisted_by,
        answers=answers,
        receipt=facts,
        attachments=attachments,
    )
