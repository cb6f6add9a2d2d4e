"""Facts the catalogue states, checked against their sources (issue 17): what a form allows
and what it tells the citizen must match the rule it cites."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import resources_path
from kiosk.forms.catalogue import load_catalogue, validate_path
from kiosk.forms.engine import FormSession
from kiosk.forms.facts import check_sources, facts_of, report
from kiosk.forms.prefill import CardData

from .conftest import broken_copy

CATALOGUE = resources_path() / "catalogue"


def test_a_marital_status_certificate_for_a_marriage_is_one_copy(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    """Circular 04/2020/TT-BTP, Art. 12.3: for a marriage, one copy only (issue 17)."""
    session = make_session("1.004873", card=demo_card)
    assert session.set_answer("purpose", "khac") is None
    assert session.set_answer("copies", 3) is None
    error = session.set_answer("purpose", "ket_hon") or session.set_answer("copies", 3)
    assert error is not None and "01 bản" in error.message_vi
    assert session.set_answer("copies", 1) is None



def test_a_letter_of_authorisation_is_needed_even_from_close_family() -> None:
    """Circular 04/2020/TT-BTP, Art. 2.1: close family need not have it certified, but it is
    still needed (the catalogue said it was not)."""
    birth = json.loads((CATALOGUE / "1.001193.json").read_text("utf-8"))
    letter = next(d for d in birth["documents"] if d["id"] == "van_ban_uy_quyen")
    assert letter["required"] is True
    assert "vẫn cần văn bản nhưng không cần chứng thực" in letter["note"]["vi"]
    assert "cha, mẹ, con, vợ, chồng" in letter["note"]["vi"]


def test_judicial_records_moved_to_the_police_on_1_march_2025() -> None:
    record = json.loads((CATALOGUE / "2.000488.json").read_text("utf-8"))
    assert "trước 01/3/2025" in record["agency"]["name"]["vi"]


# ---- every fact with its source (kiosk/forms/facts.py) -------------------------------------

TODAY = date(2026, 12, 7)


def _procedure() -> dict[str, Any]:
    return {
        "agency": {"level": "commune", "name": {"vi": "UBND cấp xã", "en": "Commune"},
                   "sources": ["luat"]},
        "legal_basis": ["Luật Hộ tịch 2014", {"text": "Thông tư 04/2020/TT-BTP",
                                              "sources": ["tt04"]}],
        "fee": {"kind": "free", "basis": "Miễn lệ phí", "sources": ["luat", "tt04"]},
        "processing_time": {"unit": "working_days", "value": 3},
        "documents": [{"id": "to_khai", "name": {"vi": "Tờ khai", "en": "Form"},
                       "capture": "none", "required": True, "sources": ["tt04"]}],
        "result_places": [{"id": "mot_cua", "name": {"vi": "Một cửa", "en": "Counter"}}],
        "sources": {
            "luat": {"title": "Luật Hộ tịch 60/2014/QH13", "article": "Điều 11",
                     "checked": "2026-11-30", "confidence": "high"},
            "tt04": {"title": "Thông tư 04/2020/TT-BTP", "checked": "2026-05-01",
                     "confidence": "medium"},
        },
    }


def test_every_fact_is_listed_with_what_it_cites() -> None:
    facts = list(facts_of(_procedure()))
    assert [f.location for f in facts] == [
        "agency", "legal_basis[0]", "legal_basis[1]", "fee", "processing_time",
        "documents[0]", "result_places[0]"]
    assert facts[3].source_ids == ("luat", "tt04") and facts[1].source_ids == ()


def test_citations_are_checked() -> None:
    raw = _procedure()
    assert check_sources(raw, TODAY) == []
    assert check_sources(raw, None) == []
    uncited = check_sources(raw, TODAY, require=True)
    assert [loc for loc, _ in uncited] == ["legal_basis[0]", "processing_time",
                                           "result_places[0]"]
    raw["fee"]["sources"] = ["tt_75"]
    raw["sources"]["luat"]["checked"] = "2027-01-01"  # read in the future: a typo
    raw["sources"]["tt04"]["confidence"] = "sure"
    raw["sources"]["Bad-Id"] = {"title": "x y z", "checked": "07/12/2026",
                                "confidence": "low"}
    every = check_sources(raw, TODAY)
    found = dict(every)
    assert "no source 'tt_75'" in found["fee.sources"]
    assert "after today" in found["sources.luat.checked"]
    assert "one of" in found["sources.tt04.confidence"]
    assert "not a date" in found["sources.Bad-Id.checked"]
    assert ("sources.Bad-Id", "cited by no fact") in every
    assert any(loc == "sources.Bad-Id" and "lower-case" in msg for loc, msg in every)


def test_facts_are_reported_oldest_first_and_as_old_as_their_oldest_source() -> None:
    rows = report({"1.000001": _procedure()}, TODAY)
    assert [r.fact.location for r in rows[:3]] == ["legal_basis[0]", "processing_time",
                                                   "result_places[0]"]  # citing nothing
    fee = next(r for r in rows if r.fact.location == "fee")
    assert fee.checked == date(2026, 5, 1) and fee.confidence == "medium"  # tt04, the older
    assert fee.age_days(TODAY) == 220
    stale = report({"1.000001": _procedure()}, TODAY, stale_after_days=180)
    assert {r.fact.location for r in stale} == {
        "legal_basis[0]", "legal_basis[1]", "processing_time", "fee", "documents[0]",
        "result_places[0]"}  # the agency, read a week ago, is fresh


def test_the_catalogue_refuses_a_fact_citing_a_source_it_does_not_have(
        tmp_path: Path) -> None:
    def change(raw: dict[str, Any]) -> None:
        raw["fee"]["sources"] = ["no_such_source"]

    problems = validate_path(broken_copy(tmp_path, change))
    assert any("no_such_source" in p.message for p in problems), problems


def test_validate_fails_a_fact_citing_nothing_and_the_screen_says_to_confirm_it(
        tmp_path: Path) -> None:
    """`kiosk catalogue validate` refuses a fact without a source (issue 17); a kiosk given
    such a file still offers the procedure, telling the citizen to confirm that fact."""
    def change(raw: dict[str, Any]) -> None:
        del raw["processing_time"]["sources"]

    folder = broken_copy(tmp_path, change)
    problems = validate_path(folder)
    assert [(p.file, p.location) for p in problems] == [("1.001193.json", "processing_time")]
    assert "cites no source" in problems[0].message
    service = load_catalogue(folder, 1).get("1.001193")
    assert "processing_time" in service.unsettled
    # An unknown source in Hà Nội's own rules is refused too.
    overrides = folder / "overrides" / "1.json"
    raw = json.loads(overrides.read_text("utf-8"))
    del raw["online_support"]["sources"][:]
    overrides.write_text(json.dumps(raw, ensure_ascii=False), "utf-8")
    assert any(p.file == "overrides/1.json" for p in validate_path(folder))


def test_a_check_date_ahead_fails_validation_but_never_empties_a_kiosk(
        tmp_path: Path) -> None:
    """A typo in a check date is caught by `validate`; a kiosk whose clock runs years behind
    (a flat clock battery) still offers the procedure."""
    def change(raw: dict[str, Any]) -> None:
        next(iter(raw["sources"].values()))["checked"] = "2099-01-01"

    folder = broken_copy(tmp_path, change)
    assert any("after today" in p.message for p in validate_path(folder))
    catalogue = load_catalogue(folder, 1, strict=False)
    assert catalogue.get("1.001193").code == "1.001193"
    assert not any("after today" in p.message for p in catalogue.problems)


def test_the_shipped_sources_are_well_formed() -> None:
    for path in sorted(CATALOGUE.glob("*.json")):
        if path.name.endswith("schema.json"):
            continue
        raw = json.loads(path.read_text("utf-8"))
        assert check_sources(raw, date.today()) == [], path.name


def test_the_marital_status_certificate_cites_every_fact() -> None:
    """The first procedure moved whole to cited facts; what no text read today confirms is
    cited as `unconfirmed`, not left silent."""
    raw = json.loads((CATALOGUE / "1.004873.json").read_text("utf-8"))
    assert check_sources(raw, date.today(), require=True) == []
    rows = {r.fact.location: r for r in report({"1.004873": raw}, date(2026, 12, 7))}
    assert rows["legal_basis[0]"].confidence == "high"  # the law itself was read
    assert rows["processing_time"].confidence == "unconfirmed"
    assert rows["documents[3]"].cites[0].startswith("Thông tư 04/2020/TT-BTP, Điều 12")


def test_birth_registration_cites_every_fact() -> None:
    raw = json.loads((CATALOGUE / "1.001193.json").read_text("utf-8"))
    assert check_sources(raw, date.today(), require=True) == []
    assert raw["legal_basis"][0]["text"].endswith("(Điều 13–16)")  # 17 is marriage


# ---- the residence and judicial-record procedures, corrected from their sources ------------

def _shipped(code: str) -> dict[str, Any]:
    return json.loads((CATALOGUE / f"{code}.json").read_text("utf-8"))


def _rows(code: str) -> dict[str, Any]:
    return {r.fact.location: r for r in report({code: _shipped(code)}, date(2026, 12, 8))}


def test_a_temporary_residence_extension_costs_what_the_ministry_sets() -> None:
    """Circular 75/2022/TT-BTC, table item 2: 15,000 đ in person, 7,000 đ online, per
    registration (the catalogue said 10,000 / 5,000 đ); a national fee, not a province's."""
    raw = _shipped("1.002755")
    fee = raw["fee"]
    assert (fee["amount_vnd"], fee["online_amount_vnd"], fee["set_by"]) == (15000, 7000,
                                                                             "ministry")
    assert "15.000 đ nộp trực tiếp, 7.000 đ nộp trực tuyến" in fee["basis"]
    assert "10.000 đ / 5.000 đ mỗi người" in fee["basis"]  # extension by list
    assert check_sources(raw, date.today(), require=True) == []
    rows = _rows("1.002755")
    assert rows["fee"].confidence == "medium"
    assert rows["fee"].cites[0].startswith("Thông tư 75/2022/TT-BTC")
    assert rows["processing_time"].confidence == "medium"  # 03 working days


# (in person, online) per registration, Circular 75/2022/TT-BTC table items 1 and 2
RESIDENCE_FEES = {"1.002755": (15000, 7000), "1.004194": (15000, 7000),
                  "1.004222": (20000, 10000)}


@pytest.mark.parametrize("code", sorted(RESIDENCE_FEES))
def test_a_residence_fee_is_set_nationally_and_cited(code: str) -> None:
    """Circular 75/2022/TT-BTC sets the residence fees for the whole country, per
    registration, lower online; no note may say a province sets them, and the receipt CT04
    is not called the declaration (CT01)."""
    raw = _shipped(code)
    fee = raw["fee"]
    assert (fee["amount_vnd"], fee["online_amount_vnd"]) == RESIDENCE_FEES[code]
    assert fee["set_by"] == "ministry" and fee["basis"].startswith("Thông tư 75/2022/TT-BTC")
    assert "tỉnh quy định" not in fee["note"]["vi"].replace("không do tỉnh quy định", "")
    assert "CT04 is not the declaration" in raw["verified"]["note"]
    assert check_sources(raw, date.today(), require=True) == []
    assert _rows(code)["fee"].confidence == "medium"


def test_the_judicial_record_follows_the_2025_2026_texts() -> None:
    """Law 107/2025/QH15 and Decree 216/2026/NĐ-CP (both from 1 July 2026); the fee under
    Circular 16/2025/TT-BTC, which replaced 244/2016, whose rates were not read (so not
    settled); the e-copy on VNeID / the national portal (Decree 216/2026, Art. 25); the
    police's own code 3.000333 beside 2.000488."""
    raw = _shipped("2.000488")
    bases = [b["text"] for b in raw["legal_basis"]]
    assert any(b.startswith("Luật số 107/2025/QH15") for b in bases)
    assert any(b.startswith("Nghị định 216/2026/NĐ-CP") for b in bases)
    assert not any(b.startswith("Thông tư 244/2016") for b in bases)
    fee = raw["fee"]
    assert fee["basis"].startswith("Thông tư 16/2025/TT-BTC") and fee["set_by"] == "ministry"
    rows = _rows("2.000488")
    assert rows["fee"].cites[0].startswith("Thông tư 16/2025/TT-BTC")
    assert rows["fee"].confidence == "low"  # the amounts of 16/2025 were not read
    assert {p["id"] for p in raw["result_places"]} >= {"mot_cua", "buu_chinh", "truc_tuyen"}
    assert rows["result_places[2]"].confidence == "medium"
    assert "3.000333" in raw["verified"]["note"] and raw["code"] == "2.000488"
    assert check_sources(raw, date.today(), require=True) == []


def test_death_registration_cites_every_fact() -> None:
    """The law read says where, who, which papers and the same-day result (high); the
    'up to 3 working days when verification is needed' only portal-style texts (low); in
    Hà Nội paper results go by post from 2026, the counter only per a non-official report."""
    raw = _shipped("1.000656")
    assert check_sources(raw, date.today(), require=True) == []
    rows = _rows("1.000656")
    assert rows["legal_basis[0]"].confidence == "high"
    assert rows["documents[1]"].confidence == "high"  # giấy báo tử, Luật Hộ tịch Điều 34
    assert rows["processing_time"].confidence == "low"
    assert rows["result_places[0]"].confidence == "low"  # the counter, in Hà Nội
    assert raw["fee"]["set_by"] == "ministry"  # the copy fee, Circular 281/2016/TT-BTC


def test_the_linked_birth_group_cites_every_fact() -> None:
    """3 working days, 5 when verification is needed, after 15:00 from the next working day
    (state media, medium); its fee exemptions beyond the on-time birth are not confirmed."""
    raw = _shipped("LT-KS-TT-BHYT")
    time = raw["processing_time"]
    assert (time["value"], time["max_value"], time["after_15h_next_day"]) == (3, 5, True)
    assert any(b["text"].startswith("Quyết định 296/QĐ-VPCP") for b in raw["legal_basis"])
    rows = _rows("LT-KS-TT-BHYT")
    assert rows["processing_time"].confidence == "medium"
    assert rows["fee"].confidence == "unconfirmed"


def test_every_shipped_procedure_cites_a_source_for_every_fact() -> None:
    """Issue 17: no fact reaches a citizen without its source (the uncertain ones cite an
    'unconfirmed' entry saying what was not found)."""
    files = [p for p in sorted(CATALOGUE.glob("*.json")) if not p.name.endswith("schema.json")]
    assert len(files) >= 8
    for path in files:
        raw = json.loads(path.read_text("utf-8"))
        assert check_sources(raw, date.today(), require=True) == [], path.name


def test_a_residence_extension_asks_for_the_proof_of_lawful_residence(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    """Luật Cư trú Điều 28 khoản 3: an extension's dossier is a first registration's, so the
    proof of a lawful residence is among its papers (the kiosk omitted it); a household
    member extending with the owner's consent needs none (the portal's note)."""
    session = make_session("1.002755", card=demo_card)
    assert session.set_answer("is_household_head", True) is None
    assert any(e.path == "housing_proof_photo" and e.code == "attachment_required"
               for e in session.errors())
    paper = next(d for d in session.service.documents if d.id == "giay_to_cho_o")
    assert paper.required and paper.capture == "scan"
    assert session.set_answer("is_household_head", False) is None
    assert not any(e.path == "housing_proof_photo" for e in session.errors())
