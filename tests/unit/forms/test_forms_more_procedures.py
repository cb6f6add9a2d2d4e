"""More procedures for issue 17 part 5 (marriage registration; the linked death, residence
removal and funeral allowance group; confirmation of residence information), each on the
real catalogue: its rules, what the demo card fills in, and a whole session through the
engine to a confirmed dossier with the sample answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from kiosk.config import Settings, resources_path
from kiosk.forms.catalogue import Catalogue
from kiosk.forms.engine import FormSession
from kiosk.forms.facts import ages
from kiosk.forms.prefill import CardData

from .conftest import DOCUMENT, FIXED_NOW, sample_answers, sample_attachments

CATALOGUE_DIR = resources_path() / "catalogue"
NEW = ["1.000894", "LT-KT-XTT-MT", "1.010041"]


def card_of(record: Any) -> CardData:
    """A sample citizen's chip as the reader gives it."""
    return CardData.from_json({k: v.isoformat() if hasattr(v, "isoformat") else v
                               for k, v in vars(record).items() if k != "face_jpeg"})


def spouse_card() -> CardData:
    from kiosk.devices.simulator.citizens import demo_spouse

    return card_of(demo_spouse())


def paths(session: FormSession) -> set[str]:
    """The questions the current screen shows."""
    return {f.path for f in session.visible_fields()}


def errors(session: FormSession) -> set[tuple[str, str]]:
    return {(e.path, e.code) for e in session.errors()}


def walk_to_review(session: FormSession) -> None:
    while not session.at_review:
        result = session.next()
        assert result.moved, [(e.path, e.code) for e in result.errors]


def whole_session(make_session: Callable[..., FormSession], card: CardData,
                  code: str) -> FormSession:
    s = make_session(code, card=card)
    assert s.set_answers(sample_answers(code)) == []
    for name in sample_attachments(code):
        assert s.attach(name, DOCUMENT) is None
    walk_to_review(s)
    return s


@pytest.mark.parametrize("code", NEW)
def test_every_fact_cites_a_source(code: str) -> None:
    raw = json.loads((CATALOGUE_DIR / f"{code}.json").read_text("utf-8"))
    rows = ages(code, raw)
    assert rows and all(r.confidence != "none" for r in rows), [
        r.fact.location for r in rows if r.confidence == "none"]


def test_new_procedures_are_in_the_catalogue(catalogue: Catalogue) -> None:
    assert set(NEW) <= set(catalogue.services)
    assert len(catalogue.services) >= 14  # issue 17 part 5: at least 14 procedures


# ---- 1.000894: marriage registration -------------------------------------------------------


def test_marriage_is_prefilled_from_the_card_and_the_other_card(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("1.000894", card=demo_card)
    shown = {f.path: f for f in s.visible_fields()}
    assert shown["applicant"].read_only and shown["applicant_gender"].read_only
    assert s.answer("applicant_gender") == "nam"
    assert s.answer("applicant_ethnicity") == "Kinh"
    assert s.answer("applicant_address")["commune_code"] == 70
    # The common case answers itself: never married, at my ward, no extra copy.
    assert s.answer("applicant_status") == "chua_dang_ky"
    assert s.answer("registry") == "ban" and s.answer("extract_copies") == 0
    assert s.fee_vnd() == 0
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    # Her own card, shown with her consent, answers her whole part.
    filled = s.read_other_card("partner", spouse_card())
    assert set(filled) == {"partner", "partner_gender", "partner_ethnicity",
                           "partner_nationality", "partner_address"}
    assert s.answer("partner_gender") == "nu"
    assert s.answer("partner_address")["commune_code"] == 70
    assert s.next().moved


def test_marriage_conditions_of_the_law(make_session: Callable[..., FormSession],
                                        demo_card: CardData) -> None:
    s = make_session("1.000894", card=demo_card)
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    # A man of the same sex: the State recognises no such marriage (Art. 8.2).
    s.set_answer("partner", {"full_name": "Vũ Hoàng Nam", "id_number": "001204056789",
                             "date_of_birth": "2004-10-04"})
    assert s.answer("partner_gender") == "nam"
    assert ("partner_gender", "constraint") in errors(s)
    # A woman under 18 (the ID number's sex digit says female): too young.
    problem = s.set_answer("partner", {"full_name": "Trần Thu Trang",
                                       "id_number": "001310012345",
                                       "date_of_birth": "2010-05-01"})
    assert problem is not None and "đủ 18 tuổi" in problem.message_vi
    # Oneself is not the other party.
    assert s.set_answer("partner", {"full_name": "Phạm Quốc Hưng",
                                    "id_number": "001099012345",
                                    "date_of_birth": "1999-08-15"}) is not None
    assert s.set_answer("partner_nationality", "Hàn Quốc") is not None


def test_marriage_too_young_applicant_is_stopped(
        make_session: Callable[..., FormSession]) -> None:
    from kiosk.devices.simulator.citizens import demo_citizen

    card = card_of(replace(demo_citizen(), id_number="001207012345",
                           date_of_birth=date(2007, 1, 1)))
    s = make_session("1.000894", card=card)
    s.set_answer("phone", "0912345678")
    refused = s.next()
    assert not refused.moved
    assert [(e.path, e.code) for e in refused.errors] == [("applicant_gender", "constraint")]
    assert "đủ 20 tuổi" in refused.errors[0].message_vi


def test_marriage_says_what_the_chip_knows_of_a_spouse(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("1.000894", card=demo_card)
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    assert not {"spouse_on_card_same", "spouse_on_card_other"} & paths(s)
    s.read_other_card("partner", spouse_card())
    # His chip names her as his spouse: a registered marriage is not registered again.
    assert "spouse_on_card_same" in paths(s) and "spouse_on_card_other" not in paths(s)
    s.set_answer("partner", {"full_name": "Ngô Thị Phương Thảo", "id_number": "001188007654",
                             "date_of_birth": "1988-05-05"})
    # Someone else: only once the marriage on his chip has ended (Art. 5.2.c).
    assert "spouse_on_card_other" in paths(s) and "spouse_on_card_same" not in paths(s)
    assert s.next().moved  # a note, not a refusal: the registry looks it up


def test_marriage_whole_session_to_a_dossier(
        make_session: Callable[..., FormSession], demo_card: CardData,
        settings: Settings) -> None:
    s = whole_session(make_session, demo_card, "1.000894")
    review = s.review()
    assert review.can_confirm
    # Free; one extra copy of the extract is 8,000 đ, which Hà Nội pays filed online.
    assert (review.fee_listed_vnd, review.fee_vnd) == (8000, 0)
    assert review.result_place_vi == (
        "Hai bên cùng nhận Giấy chứng nhận kết hôn tại Ủy ban nhân dân cấp xã")
    # Not by post: both sign the register and the certificate in person (Art. 18).
    assert review.delivery_address == ""
    # Registered at once (Art. 18.2): by closing time the same working day.
    assert review.appointment_at == datetime(2026, 11, 24, 17, 0, tzinfo=FIXED_NOW.tzinfo)
    dossier = s.confirm(settings=settings)
    assert dossier.service_code == "1.000894"
    assert dossier.receipt.applicant_name == "Phạm Quốc Hưng"
    assert dossier.answers["partner"]["id_number"] == "001300045678"
    assert s.prefill_share()[0] >= 5  # all his part; hers was typed in the answers


# ---- LT-KT-XTT-MT: death registration + residence removal + funeral allowance --------------


def grandfather_card() -> CardData:
    from kiosk.devices.simulator.citizens import demo_grandfather

    return card_of(demo_grandfather())


def test_linked_death_is_prefilled_from_both_cards(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("LT-KT-XTT-MT", card=demo_card)
    assert s.answer("declarant_address")["commune_code"] == 70
    assert s.fee_vnd() == 0
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    # The deceased's card, handed in with the papers, fills their part and the address
    # whose permanent residence is removed.
    filled = s.read_other_card("deceased", grandfather_card())
    assert set(filled) == {"deceased", "deceased_gender", "deceased_ethnicity",
                           "deceased_nationality", "deceased_address"}
    assert s.answer("deceased_address")["commune_code"] == 70
    # A grandfather: no chip says so, the relation is picked.
    assert s.answer("declarant_relationship") is None
    # The death notice is dated the day of the death and, from a hospital, issued by it.
    s.set_answer("death_date", "2026-11-20")
    s.set_answer("death_place", "Bệnh viện Bạch Mai")
    assert s.answer("death_notice_date") == "2026-11-20"
    assert s.answer("death_notice_issuer") == "Bệnh viện Bạch Mai"
    assert s.answer("death_notice_kind") == "giay_bao_tu"


def test_linked_death_relation_follows_the_chips_names(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("LT-KT-XTT-MT", card=demo_card)
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    for name, relation in (("Lê Thị Ngọc Ánh", "vo_chong"), ("Phạm Văn Thắng", "con"),
                           ("Nguyễn Thị Thu Hà", "con")):
        s.set_answer("deceased", {"full_name": name, "id_number": "",
                                  "date_of_birth": "1970-04-01"})
        assert s.answer("declarant_relationship") == relation, name
    # The spouse's last residence starts as the declarant's own.
    assert s.set_answer("declarant_relationship", "vo_chong") is None
    assert s.answer("deceased_address")["commune_code"] == 70


def test_linked_death_rules(make_session: Callable[..., FormSession],
                            demo_card: CardData) -> None:
    s = make_session("LT-KT-XTT-MT", card=demo_card)
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    s.read_other_card("deceased", grandfather_card())
    problem = s.set_answer("death_date", "2026-12-01")
    assert problem is not None and problem.message_vi.startswith("Ngày chết")
    s.set_answer("death_date", "2026-11-01")
    assert "late_notice" in paths(s)  # more than 15 days: a provincial fee may apply
    s.set_answer("death_date", "2026-11-20")
    assert "late_notice" not in paths(s)
    refused = s.next()
    assert {(e.path, e.code) for e in refused.errors} == {
        ("declarant_relationship", "required"), ("death_place", "required"),
        ("death_cause", "required"), ("death_notice_issuer", "required"),
        ("death_notice_photo", "attachment_required")}
    for path, value in (("declarant_relationship", "chau"),
                        ("death_place", "Bệnh viện Bạch Mai"), ("death_cause", "Suy tim")):
        assert s.set_answer(path, value) is None
    assert s.attach("death_notice_photo", DOCUMENT) is None
    assert s.next().moved
    # The allowance: nothing asked until the group is known; none: nothing at all.
    assert paths(s) == {"benefit_group", "result_delivery", "post_address"}
    s.set_answer("benefit_group", "khong")
    assert paths(s) == {"benefit_group", "result_delivery", "post_address"}
    # A pensioner: the declarant arranged the funeral and takes it in cash by default.
    s.set_answer("benefit_group", "bhxh")
    assert (s.answer("recipient_is_declarant"), s.answer("payment_method"),
            s.answer("survivor_allowance")) == (True, "tien_mat", False)
    assert s.answer("recipient_home_town") == "Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội"
    assert {"survivor_allowance", "recipient_home_town"} <= paths(s)
    s.set_answer("benefit_group", "bao_tro_xa_hoi")
    assert "survivor_allowance" not in paths(s)
    # Someone else receives it: who, asked; a bank account only when chosen, digits only.
    s.set_answer("recipient_is_declarant", False)
    assert "recipient" in paths(s)
    s.set_answer("payment_method", "tai_khoan")
    assert {"bank_name", "bank_account"} <= paths(s)
    problem = s.set_answer("bank_account", "0011-0045")
    assert problem is not None and problem.message_vi == "Số tài khoản gồm 6 đến 19 chữ số."
    # Hà Nội posts the paper extract to the card's residence.
    assert s.answer("result_delivery") == "buu_chinh"
    assert s.answer("post_address")["commune_code"] == 70


def test_linked_death_whole_session_to_a_dossier(
        make_session: Callable[..., FormSession], demo_card: CardData,
        settings: Settings) -> None:
    s = whole_session(make_session, demo_card, "LT-KT-XTT-MT")
    review = s.review()
    assert review.can_confirm and review.fee_vnd == 0
    assert review.result_place_vi == "Trả qua dịch vụ bưu chính"
    assert "Hàng Trống" in review.delivery_address
    # 05 working days from Tuesday 24/11/2026 10:00 (the residence removal).
    assert review.appointment_at == datetime(2026, 12, 1, 10, 0, tzinfo=FIXED_NOW.tzinfo)
    assert "Tờ khai đề nghị trợ cấp mai táng (ki-ốt lập từ nội dung khai)" in (
        review.documents_vi)
    dossier = s.confirm(settings=settings)
    assert dossier.service_code == "LT-KT-XTT-MT"
    assert dossier.answers["deceased"]["id_number"] == "001041003217"
    assert dossier.answers["bank_account"] == "0011004567890"
    assert len(dossier.attachments) == 1
    assert dossier.receipt.applicant_name == "Phạm Quốc Hưng"


# ---- 1.010041: confirmation of residence information (CT07) --------------------------------


def test_residence_confirmation_asks_only_the_phone(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    s = make_session("1.010041", card=demo_card)
    shown = {f.path: f for f in s.visible_fields()}
    assert shown["declarant"].read_only and shown["declarant_gender"].read_only
    assert s.answer("declarant_gender") == "nam"
    refused = s.next()
    assert [(e.path, e.code) for e in refused.errors] == [("phone", "required")]
    s.set_answer("phone", "0912345678")
    assert s.next().moved
    # The current information, no purpose, the electronic copy: all answered already.
    assert (s.answer("content"), s.answer("purpose"), s.answer("result_delivery")) == (
        "hien_tai", None, "vneid")
    purpose = next(f for f in s.visible_fields() if f.path == "purpose")
    assert "Bổ sung hồ sơ xin việc" in [c.value for c in purpose.suggestions]
    assert s.next().at_review
    assert s.fee_vnd() == 0


def test_residence_confirmation_is_not_posted_by_hanoi(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    """A police procedure: Hà Nội's post and fee rules do not name it (no source says so)."""
    s = make_session("1.010041", card=demo_card)
    assert s.post_rule() is None
    assert s.service.online_support is None


def test_residence_confirmation_whole_session_to_a_dossier(
        make_session: Callable[..., FormSession], demo_card: CardData,
        settings: Settings) -> None:
    s = whole_session(make_session, demo_card, "1.010041")
    review = s.review()
    assert review.can_confirm and review.fee_vnd == 0
    assert review.result_place_vi == "Bản điện tử trên ứng dụng VNeID / Cổng Dịch vụ công"
    # At most half a working day: Tuesday 24/11/2026 10:00 + 4 working hours.
    assert review.appointment_at == datetime(2026, 11, 24, 15, 0, tzinfo=FIXED_NOW.tzinfo)
    assert review.documents_vi == (
        "Tờ khai thay đổi thông tin cư trú (mẫu CT01; ki-ốt lập từ nội dung khai)",)
    dossier = s.confirm(settings=settings)
    assert dossier.service_code == "1.010041"
    assert dossier.answers["content"] == "qua_trinh"
    assert dossier.answers["purpose"] == "Bổ sung hồ sơ xin việc"
    assert s.prefill_share()[0] >= 2
