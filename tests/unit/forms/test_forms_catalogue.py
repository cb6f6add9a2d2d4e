"""The catalogue data: every file validates, problems are reported with file and location,
province overrides apply, and every sample answer set fills its procedure's form."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import resources_path
from kiosk.forms.catalogue import (
    Catalogue,
    CatalogueError,
    UnknownServiceError,
    load_catalogue,
    procedure_files,
    validate_path,
)
from kiosk.forms.engine import FormSession
from kiosk.forms.prefill import CardData

from .conftest import DOCUMENT, broken_copy, field_of, sample_answers, sample_attachments

CATALOGUE = resources_path() / "catalogue"
CODES = sorted(p.stem for p in procedure_files(CATALOGUE))
REQUIRED = {"1.001193", "1.004222", "1.004194", "1.004873", "2.000488", "1.000656",
            "LT-KS-TT-BHYT"}


def test_the_catalogue_has_the_required_procedures(catalogue: Catalogue) -> None:
    assert set(catalogue.services) >= REQUIRED
    assert len(catalogue.services) >= 8
    assert catalogue.problems == []
    assert catalogue.version == "2026.12.1"  # facts sourced, forms changed (issue 17)


@pytest.mark.parametrize("code", CODES)
def test_every_catalogue_file_validates(code: str) -> None:
    assert validate_path(CATALOGUE / f"{code}.json") == []


def test_the_whole_folder_with_overrides_validates() -> None:
    assert validate_path(CATALOGUE) == []


@pytest.mark.parametrize("code", CODES)
def test_facts_are_complete(catalogue: Catalogue, code: str) -> None:
    service = catalogue.get(code)
    assert service.names.vi and service.names.en
    assert service.legal_basis
    assert service.fee.basis
    assert set(service.verified) >= {"code", "fee", "processing_time", "documents", "form"}
    assert any(d.capture == "none" for d in service.documents)
    assert service.form.fields_by_id
    # Every step ends with the citizen's declaration.
    assert service.form.groups[-1].fields[-1].type.value == "consent"


def test_verified_flags_follow_the_reference(catalogue: Catalogue) -> None:
    assert catalogue.get("1.004873").verified["code"] is True
    assert catalogue.get("2.000488").verified["code"] is True
    for code in ("1.001193", "1.000656", "1.004222", "1.004194", "LT-KS-TT-BHYT"):
        assert catalogue.get(code).verified["code"] is False


def test_hanoi_override_changes_the_marriage_status_fee() -> None:
    national = load_catalogue(CATALOGUE, None).get("1.004873")
    hanoi = load_catalogue(CATALOGUE, 1).get("1.004873")
    other = load_catalogue(CATALOGUE, 79).get("1.004873")
    assert (national.fee.amount_vnd, hanoi.fee.amount_vnd, other.fee.amount_vnd) == (0, 3000, 0)
    assert hanoi.overridden_for_province == 1
    assert "06/2020/NQ-HĐND" in hanoi.fee.basis


def test_unknown_code_is_a_typed_error(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownServiceError) as caught:
        catalogue.get("0.000000")
    assert "0.000000" in caught.value.message_vi


# ---- broken files are reported with file and location -----------------------------------------


@pytest.mark.parametrize(("change", "location", "message"), [
    (lambda r: r.pop("fee"), "", "missing required property 'fee'"),
    (lambda r: field_of(r, "phone").update(type="telephone"),
     "form.groups[0].fields[3].type", "is not one of"),
    (lambda r: field_of(r, "phone").update(colour="red"),
     "form.groups[0].fields[3].colour", "not allowed"),
    (lambda r: field_of(r, "child_dob").update(constraint=". <= today("),
     "form.groups[1](child).fields[2](child_dob).constraint", "syntax error at position 11"),
    (lambda r: field_of(r, "child_dob").update(relevant="${no_such_field} = 1"),
     "form.groups(child).fields(child_dob).relevant", "unknown field 'no_such_field'"),
    (lambda r: field_of(r, "child_dob").update(relevant="card.shoe_size = 1"),
     "form.groups(child).fields(child_dob).relevant", "unknown card field"),
    (lambda r: field_of(r, "child_name").update(relevant="${child_gender} = 'nam'")
     or field_of(r, "child_gender").update(relevant="${child_name} != ''"),
     "form.fields(child_name)", "depend on each other in a circle"),
    (lambda r: field_of(r, "child_dob").update(constraint_message=None) or field_of(
        r, "child_dob").pop("constraint_message"),
     "form.groups[1](child).fields[2](child_dob).constraint_message", "vi and en"),
    (lambda r: field_of(r, "birth_certificate_photo").update(document="nothing"),
     "form.fields(birth_certificate_photo).document", "unknown document"),
    (lambda r: r["fee"].update(rule="${extract_copies} *"), "fee.rule", "syntax error"),
    (lambda r: field_of(r, "child_gender").update(choices="@no_list"),
     "form.groups[1](child).fields[1](child_gender).choices", "unknown choice list"),
])
def test_problems_name_file_and_location(tmp_path: Path, change: Callable[[dict[str, Any]], Any],
                                         location: str, message: str) -> None:
    folder = broken_copy(tmp_path, change)
    problems = validate_path(folder)
    assert problems, "the broken file was accepted"
    assert all(p.file == "1.001193.json" for p in problems)
    assert any(p.location == location and message in p.message for p in problems), problems
    with pytest.raises(CatalogueError):
        load_catalogue(folder, 1)
    lenient = load_catalogue(folder, 1, strict=False)
    assert "1.001193" not in lenient.services
    assert "1.004873" in lenient.services


def test_bad_override_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, folder)
    (folder / "overrides" / "79.json").write_text(json.dumps({
        "province_code": 79, "province_name": "TP HCM",
        "sources": {"nq": {"title": "Nghị quyết", "checked": "2026-01-02",
                           "confidence": "medium"}},
        "services": {"9.999999": {"processing_time": {"unit": "working_days", "value": 2,
                                                      "sources": ["nq"]}},
                     "1.004873": {"fee": {"kind": "fixed", "basis": "x y z",
                                          "sources": ["nq"]}}}}), "utf-8")
    problems = validate_path(folder)
    assert {(p.file, p.location) for p in problems} == {
        ("overrides/79.json", "services.9.999999"), ("overrides/79.json", "services.1.004873.fee")}


def test_invalid_json_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "1.001193.json"
    path.write_text('{"code": "1.001193",\n  oops}', "utf-8")
    shutil.copy(CATALOGUE / "schema.json", tmp_path)
    problems = validate_path(path)
    assert problems[0].location.startswith("line 2")


# ---- the sample answers fill every form ----------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_sample_answers_are_valid(make_session: Callable[..., FormSession], code: str) -> None:
    session = make_session(code)
    assert session.set_answers(sample_answers(code)) == []
    for name in sample_attachments(code):
        assert session.attach(name, DOCUMENT) is None
    assert session.errors() == ()
    while not session.at_review:
        result = session.next()
        assert result.moved, result.errors
    review = session.review()
    assert review.can_confirm
    assert review.fee_vnd >= 0
    assert review.appointment_at is not None


@pytest.mark.parametrize("code", CODES)
def test_sample_answers_agree_with_the_demo_card(make_session: Callable[..., FormSession],
                                                 demo_card: CardData, code: str) -> None:
    session = make_session(code, card=demo_card)
    assert session.set_answers(sample_answers(code)) == []
    for name in sample_attachments(code):
        session.attach(name, DOCUMENT)
    assert session.errors() == ()
    assert session.prefill_share()[0] >= 1


def test_sample_answers_without_required_items_are_refused(
        make_session: Callable[..., FormSession]) -> None:
    answers = sample_answers("2.000488")
    del answers["birth_place"]
    answers["residence_history"] = []
    answers["copies"] = 0
    session = make_session("2.000488")
    session.set_answers(answers)
    # The repeat keeps its one required (empty) period, as on screen; its start follows from
    # the applicant's birth date (the 14th birthday).
    assert session.answer("residence_history[0].period_from") == "2013-08-15"
    assert {(e.path, e.code) for e in session.errors()} == {
        ("birth_place", "required"), ("copies", "below_min"),
        ("residence_history[0].period_place", "required"),
        ("residence_history[0].period_occupation", "required")}


def test_judicial_record_rules(make_session: Callable[..., FormSession]) -> None:
    session = make_session("2.000488")
    session.set_answers(sample_answers("2.000488"))
    assert session.fee_vnd() == 205000  # 200,000 + 5,000 for the third certificate
    session.set_answer("fee_group", "giam")
    session.attach("fee_proof_photo", DOCUMENT)
    session.set_answer("copies", 1)
    assert session.fee_vnd() == 100000
    session.set_answer("certificate_type", "so_2")
    problem = session.set_answer("request_form", "13")
    assert problem is not None
    assert problem.code == "constraint"
    assert "Phiếu số 2" in problem.message_vi
    session.set_answer("residence_history[1].period_to", "2010-01-01")
    assert ("residence_history[1].period_to", "constraint") in {
        (e.path, e.code) for e in session.errors()}


def test_combined_procedure_is_for_children_under_six(
        make_session: Callable[..., FormSession]) -> None:
    session = make_session("LT-KS-TT-BHYT")
    session.set_answers(sample_answers("LT-KS-TT-BHYT"))
    problem = session.set_answer("child_dob", "2019-01-01")
    assert problem is not None
    assert problem.code == "constraint"
    assert session.set_answer("child_dob", "2021-01-01") is None


def test_birth_registration_prefill_share(make_session: Callable[..., FormSession],
                                          demo_card: CardData) -> None:
    """The share of citizen-data fields filled from the chip (the issue asks to report it)."""
    session = make_session("1.001193", card=demo_card)
    session.set_answer("declarant_relationship", "cha")  # the demo holder is a father
    filled, total = session.prefill_share()
    # The mother's name (his wife's, on the chip) counts; so does the postal address, the
    # card's residence, where Hà Nội sends paper results from 2026.
    assert (filled, total) == (11, 20)
    mother = session.answer("mother")
    assert mother["full_name"] == "Lê Thị Ngọc Ánh"  # his wife's name from the chip
