"""The procedures added for issue 17 part 5, each on the real catalogue: its rules (fee,
which questions apply, the messages a citizen meets), what the demo card fills in, and a
whole session through the engine to a confirmed dossier with the sample answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

import pytest

from kiosk.config import Settings, resources_path
from kiosk.forms.catalogue import Catalogue
from kiosk.forms.engine import FormSession
from kiosk.forms.facts import ages
from kiosk.forms.prefill import CardData

from .conftest import DOCUMENT, FIXED_NOW, sample_answers, sample_attachments

CATALOGUE_DIR = resources_path() / "catalogue"
HANG_TRONG = {"province_code": 1, "commune_code": 70,
              "street": "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7"}
GRANDFATHER = {"full_name": "Phạm Văn Lộc", "id_number": "001041003217",
               "date_of_birth": "1941-03-12"}


def paths(session: FormSession) -> set[str]:
    """The questions the current screen shows."""
    return {f.path for f in session.visible_fields()}


def walk_to_review(session: FormSession) -> None:
    while not session.at_review:
        result = session.next()
        assert result.moved, [(e.path, e.code) for e in result.errors]


@pytest.mark.parametrize("code", ["2.000635", "1.003197", "1.003677"])
def test_every_fact_cites_a_source(code: str) -> None:
    raw = json.loads((CATALOGUE_DIR / f"{code}.json").read_text("utf-8"))
    rows = ages(code, raw)
    assert rows and all(r.confidence != "none" for r in rows), [
        r.fact.location for r in rows if r.confidence == "none"]


# ---- 2.000635: copy of a civil-status extract ------------------------------------------------


def test_extract_copy_is_prefilled_from_the_card(make_session: Callable[..., FormSession],
                                                 demo_card: CardData) -> None:
    s = make_session("2.000635", card=demo_card)
    requester = {f.path: f for f in s.visible_fields()}
    assert requester["requester"].prefilled and requester["requester"].read_only
    assert s.answer("requester.id_number") == "001099012345"
    assert s.answer("requester_address") == HANG_TRONG | {
        "province_name": "Thành phố Hà Nội", "commune_name": "Phường Hoàn Kiếm"}
    # The defaults make the common case (my own birth extract, one copy, by post) no taps.
    assert s.answer("extract_kind") == "khai_sinh"
    assert s.answer("requester_relation") == "ban_than"
    assert s.answer("copies") == 1
    assert s.answer("result_delivery") == "buu_chinh"
    # The postal address is the card's residence, converted to the post-2025 ward.
    assert s.answer("post_address")["commune_code"] == 70
    # 8,000 đ a copy, which Hà Nội pays for a dossier filed online (Resolution 77/2025).
    assert (s.listed_fee_vnd(), s.fee_vnd()) == (8000, 0)


def test_extract_copy_fee_is_8000_a_copy(make_session: Callable[..., FormSession]) -> None:
    s = make_session("2.000635")
    for copies, fee in ((1, 8000), (3, 24000), (10, 80000)):
        assert s.set_answer("copies", copies) is None
        assert s.answer("fee_preview") == fee
        assert (s.listed_fee_vnd(), s.fee_vnd()) == (fee, 0)
    assert s.set_answer("copies", 0).code == "below_min"  # type: ignore[union-attr]
    assert s.set_answer("copies", 11).code == "above_max"  # type: ignore[union-attr]
    assert s.set_answer("copies", 1.5).code == "not_integer"  # type: ignore[union-attr]


def test_extract_copy_asks_about_another_person_only_when_it_is_theirs(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("2.000635", card=demo_card)
    s.set_answers(sample_answers("2.000635"))
    assert s.next().moved
    assert "subject" not in paths(s) and "authorisation_photo" not in paths(s)
    # The spouse: the chip's spouse name is filled in; a marriage extract is theirs too.
    s.set_answer("requester_relation", "vo_chong")
    assert s.answer("subject.full_name") == "Lê Thị Ngọc Ánh"
    assert "authorisation_photo" in paths(s)  # her birth extract: her letter
    s.set_answer("extract_kind", "ket_hon")
    assert "authorisation_photo" not in paths(s)
    # A parent's copy for a minor child needs no letter (Luật Hộ tịch Điều 6 khoản 3)...
    s.set_answer("extract_kind", "khai_sinh")
    s.set_answer("requester_relation", "con")
    s.set_answer("subject", {"full_name": "Phạm Minh An", "id_number": "001326004512",
                             "date_of_birth": "2026-11-02"})
    assert s.answer("subject_gender") == "nu"  # follows the ID number's sex digit
    assert "authorisation_photo" not in paths(s)
    # ...an adult child's does; a deceased relative's death extract is left to the counter.
    s.set_answer("subject", {"full_name": "Phạm Minh An", "id_number": "001326004512",
                             "date_of_birth": "2000-11-02"})
    assert "authorisation_photo" in paths(s)
    assert [e.code for e in s.errors() if e.path == "authorisation_photo"] == [
        "attachment_required"]
    s.set_answer("requester_relation", "cha_me")
    s.set_answer("subject", GRANDFATHER)
    s.set_answer("extract_kind", "khai_tu")
    assert "authorisation_photo" not in paths(s)
    assert s.errors() == ()


def test_extract_copy_messages(make_session: Callable[..., FormSession],
                               demo_card: CardData) -> None:
    s = make_session("2.000635", card=demo_card)
    refused = s.next()
    assert not refused.moved
    assert [(e.path, e.code) for e in refused.errors] == [("phone", "required")]
    assert refused.errors[0].message_vi == "Vui lòng điền mục này."
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    refused = s.next()
    assert [(e.path, e.code) for e in refused.errors] == [("registration_place", "required")]
    problem = s.set_answer("registration_date", "2027-01-05")
    assert problem is not None and problem.message_vi.startswith("Ngày")
    s.set_answer("registration_date", "1999-08-20")
    s.set_answer("registration_place", "Thành phố Hà Nội")
    assert s.next().moved
    # The post goes to the card's residence unless the citizen picks another way.
    assert "post_address" in paths(s)
    s.set_answer("result_delivery", "truc_tuyen")
    assert "post_address" not in paths(s)


def test_extract_copy_offers_the_provinces_the_card_prints(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("2.000635", card=demo_card)
    s.set_answer("phone", "0912345678")
    s.next()
    [place] = [f for f in s.visible_fields() if f.path == "registration_place"]
    assert [c.value for c in place.suggestions] == ["Thành phố Hà Nội"]


def test_extract_copy_whole_session_to_a_dossier(
        make_session: Callable[..., FormSession], demo_card: CardData,
        settings: Settings) -> None:
    s = make_session("2.000635", card=demo_card)
    assert s.set_answers(sample_answers("2.000635")) == []
    for name in sample_attachments("2.000635"):
        assert s.attach(name, DOCUMENT) is None
    walk_to_review(s)
    review = s.review()
    assert review.can_confirm
    assert (review.fee_listed_vnd, review.fee_vnd) == (16000, 0)
    assert review.result_place_vi == "Trả qua dịch vụ bưu chính"
    # Issued on receipt (Luật Hộ tịch Điều 64): by closing time the same working day.
    assert review.appointment_at == datetime(2026, 11, 24, 17, 0, tzinfo=FIXED_NOW.tzinfo)
    assert "Văn bản ủy quyền" not in review.documents_vi
    dossier = s.confirm(settings=settings)
    assert dossier.service_code == "2.000635"
    assert (dossier.receipt.fee_listed_vnd, dossier.receipt.fee_vnd) == (16000, 0)
    assert dossier.receipt.applicant_name == "Phạm Quốc Hưng"
    assert dossier.answers["post_address"]["commune_name"] == "Phường Hoàn Kiếm"
    assert s.prefill_share()[0] >= 3


# ---- 1.003197: removal of permanent residence -----------------------------------------------


def test_removal_is_prefilled_from_the_card(make_session: Callable[..., FormSession],
                                            demo_card: CardData) -> None:
    s = make_session("1.003197", card=demo_card)
    shown = {f.path: f for f in s.visible_fields()}
    assert shown["declarant"].read_only and shown["declarant_gender"].read_only
    assert s.answer("declarant_gender") == "nam"
    assert s.answer("residence_address")["commune_code"] == 70
    assert s.answer("result_delivery") == "vneid"
    assert s.answer("proof_in_database") is False
    assert s.fee_vnd() == 0


def test_removal_rules(make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("1.003197", card=demo_card)
    s.set_answer("phone", "0912345678")
    s.set_answer("is_household_head", False)
    assert {"household_head", "relation_to_head"} <= paths(s)
    # The head named on the chip as a parent: "child" follows.
    s.set_answer("household_head", {"full_name": "Phạm Văn Thắng", "id_number": ""})
    assert s.answer("relation_to_head") == "con"
    s.set_answer("is_household_head", True)
    assert not {"household_head", "relation_to_head"} & paths(s)
    assert s.next().moved
    # At least one person: the empty entry is refused.
    refused = s.next()
    assert ("removed[0].removed_person", "required") in {(e.path, e.code) for e in refused.errors}
    # The sex follows the ID number; the relation to the head (the declarant) follows the
    # chip's names: the declarant himself, his wife, his father.
    s.set_answer("removed[0].removed_person", GRANDFATHER)
    assert s.answer("removed[0].removed_gender") == "nam"
    assert s.answer("removed[0].removed_relation") is None  # a grandfather: picked
    for person, relation in (
            ({"full_name": "Phạm Quốc Hưng", "id_number": "001099012345",
              "date_of_birth": "1999-08-15"}, "chu_ho"),
            ({"full_name": "Lê Thị Ngọc Ánh", "id_number": "001300045678",
              "date_of_birth": "2000-02-20"}, "vo_chong"),
            ({"full_name": "Phạm Văn Thắng", "id_number": "001070004567",
              "date_of_birth": "1970-04-01"}, "cha_me")):
        s.set_answer("removed[0].removed_person", person)
        assert s.answer("removed[0].removed_relation") == relation
    assert s.answer("removed[0].removed_gender") == "nam"
    s.set_answer("removed[0].removed_person", GRANDFATHER)
    s.set_answer("removed[0].removed_relation", "ong_ba")
    assert s.next().moved
    # The proof is asked unless it is already in a database.
    s.set_answer("reason", "chet_mat_tich")
    assert "proof_photo" in paths(s)
    refused = s.next()
    assert [(e.path, e.code) for e in refused.errors] == [("proof_photo", "attachment_required")]
    assert refused.errors[0].message_vi == "Vui lòng chụp hoặc tải lên giấy tờ này."
    s.set_answer("proof_in_database", True)
    assert "proof_photo" not in paths(s)
    assert s.next().at_review
    assert s.review().documents_vi == (
        "Tờ khai thay đổi thông tin cư trú (mẫu CT01; ki-ốt lập từ nội dung khai)",)


def test_removal_whole_session_to_a_dossier(make_session: Callable[..., FormSession],
                                            demo_card: CardData, settings: Settings) -> None:
    s = make_session("1.003197", card=demo_card)
    assert s.set_answers(sample_answers("1.003197")) == []
    for name in sample_attachments("1.003197"):
        assert s.attach(name, DOCUMENT) is None
    walk_to_review(s)
    review = s.review()
    assert review.can_confirm
    assert review.fee_vnd == 0
    assert review.result_place_vi == "Thông báo kết quả qua ứng dụng VNeID / Cổng Dịch vụ công"
    # 05 working days from Tuesday 24/11/2026 10:00.
    assert review.appointment_at == datetime(2026, 12, 1, 10, 0, tzinfo=FIXED_NOW.tzinfo)
    dossier = s.confirm(settings=settings)
    assert dossier.service_code == "1.003197"
    assert dossier.receipt.applicant_name == "Phạm Quốc Hưng"
    assert dossier.answers["removed"][0]["removed_person"]["id_number"] == "001041003217"
    assert len(dossier.attachments) == 1


# ---- 1.003677: declaration of temporary absence -----------------------------------------------


def test_absence_defaults_make_the_common_case_short(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("1.003677", card=demo_card)
    assert s.answer("for_whom") == "ban_than"
    assert s.answer("declarant_gender") == "nam"
    assert "child" not in paths(s)
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    # Leaving today for a year, the case every citizen has (12 months away).
    assert s.answer("case") == "vang_12_thang"
    assert s.answer("from_date") == "2026-11-24"
    assert s.answer("to_date") == "2027-11-24"
    s.set_answer("from_date", "2026-12-15")
    assert s.answer("to_date") == "2027-12-15"  # follows until answered
    problem = s.set_answer("to_date", "2026-12-01")
    assert problem is not None
    assert problem.message_vi == "Ngày kết thúc phải sau ngày bắt đầu tạm vắng."
    refused = s.next()
    assert {(e.path, e.code) for e in refused.errors} >= {
        ("reason", "required"), ("destination", "required")}
    assert s.fee_vnd() == 0


def test_absence_of_a_minor_child_is_declared_by_a_parent(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("1.003677", card=demo_card)
    s.set_answer("for_whom", "con_chua_thanh_nien")
    assert "declarant_gender" not in paths(s) and {"child", "child_gender"} <= paths(s)
    assert s.set_answer("child", {"full_name": "Phạm Minh An", "id_number": "001326004512",
                                  "date_of_birth": "2026-11-02"}) is None
    assert s.answer("child_gender") == "nu"
    problem = s.set_answer("child", {"full_name": "Phạm Văn Lộc", "id_number": "001041003217",
                                     "date_of_birth": "1941-03-12"})
    assert problem is not None and problem.message_vi == "Người từ đủ 18 tuổi tự khai báo tạm vắng."


def test_absence_whole_session_to_a_dossier(make_session: Callable[..., FormSession],
                                            demo_card: CardData, settings: Settings) -> None:
    s = make_session("1.003677", card=demo_card)
    assert s.set_answers(sample_answers("1.003677")) == []
    walk_to_review(s)
    review = s.review()
    assert review.can_confirm and review.fee_vnd == 0
    assert review.appointment_at == datetime(2026, 11, 25, 10, 0, tzinfo=FIXED_NOW.tzinfo)
    dossier = s.confirm(settings=settings)
    assert dossier.service_code == "1.003677"
    assert dossier.answers["destination"]["province_name"] == "Thành phố Đà Nẵng"
    assert dossier.answers["to_date"] == "2028-06-15"


def test_new_procedures_are_in_the_catalogue(catalogue: Catalogue) -> None:
    assert {"2.000635", "1.003197", "1.003677"} <= set(catalogue.services)
    assert len(catalogue.services) >= 11
