"""Results by post where Hà Nội's rule says so (issue 17): from 1 January 2026 its paper
results go by post; the form starts on the post, the address is the card's residence in its
2025 form, and the review and the receipt say where the result goes and who pays postage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk.config import Settings
from kiosk.dossier.model import ReceiptRecord
from kiosk.forms.calendar import VN_TZ
from kiosk.forms.catalogue import Catalogue
from kiosk.forms.engine import FormSession
from kiosk.forms.prefill import CardData
from kiosk.receipts.description import describe_receipt, next_steps

from .conftest import sample_answers

BEFORE_THE_RULE = datetime(2025, 12, 31, 10, 0, tzinfo=VN_TZ)


def filled(make_session: Callable[..., FormSession], card: CardData, code: str,
           **kw: object) -> FormSession:
    session = make_session(code, card=card, **kw)
    answers = {k: v for k, v in sample_answers(code).items()
               if k not in ("result_delivery", "post_address")}
    assert session.set_answers(answers) == []
    return session


def test_a_hanoi_certificate_goes_by_post_to_the_cards_residence(
        make_session: Callable[..., FormSession], demo_card: CardData,
        settings: Settings) -> None:
    session = filled(make_session, demo_card, "1.004873")
    assert session.answer("result_delivery") == "buu_chinh"
    # The card's residence, in the 2025 two-level form (the ward, no district).
    address = session.answer("post_address")
    assert address["commune_code"] and "Hàng Trống" in address["street"]
    assert "post_address" in session.answers.root.prefilled
    review = session.review()
    assert review.can_confirm, review.errors
    assert "Hàng Trống" in review.delivery_address and "Phường Hoàn Kiếm" in (
        review.delivery_address)
    assert "01/01/2026" in review.post_rule_vi
    assert "77/2025/NQ-HĐND" in review.postage_vi
    dossier = session.confirm(settings=settings)
    facts = dossier.receipt
    assert facts.result_place_vi == "Trả qua dịch vụ bưu chính"
    assert facts.delivery_address == review.delivery_address
    printed = repr(describe_receipt(ReceiptRecord.of(dossier), settings).blocks)
    assert "Trả qua dịch vụ bưu chính đến địa chỉ: " + facts.delivery_address in printed
    assert "Cước bưu chính" in printed and "Nghị quyết 77/2025/NQ-HĐND" in printed
    assert next_steps(facts)["postage"].startswith("Thành phố trả cước bưu chính")


def test_the_citizen_may_still_collect_at_the_counter(
        make_session: Callable[..., FormSession], demo_card: CardData,
        settings: Settings) -> None:
    session = filled(make_session, demo_card, "1.004873")
    assert session.set_answer("result_delivery", "mot_cua") is None
    review = session.review()
    assert (review.delivery_address, review.postage_vi) == ("", "")
    facts = session.confirm(settings=settings).receipt
    assert (facts.result_place_vi, facts.delivery_address, facts.postage_vi) == (
        "Bộ phận Một cửa nơi tiếp nhận hồ sơ", "", "")


def test_before_the_rule_and_outside_it_the_counter_is_the_default(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    assert filled(make_session, demo_card, "1.004873",
                  now=BEFORE_THE_RULE).answer("result_delivery") == "mot_cua"
    # The judicial record is the police's: Hà Nội's rule does not name it.
    session = make_session("2.000488", card=demo_card)
    assert session.answer("result_delivery") == "mot_cua"


def test_a_counter_filing_says_nothing_of_who_pays_postage(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    """Resolution 77/2025 pays the postage of online filings; for one entered at a counter
    no source says who pays, so the kiosk does not say."""
    session = filled(make_session, demo_card, "1.004873")
    session.filing_channel = "counter"
    review = session.review()
    assert review.delivery_address and review.post_rule_vi and review.postage_vi == ""


def test_every_procedure_hanoi_posts_starts_on_the_post_to_the_cards_residence(
        catalogue: Catalogue, make_session: Callable[..., FormSession],
        demo_card: CardData) -> None:
    """Nothing to type for the address: each procedure the rule names has a by-post place,
    starts on it and fills the address from the chip (a walk of LT-KS-TT-BHYT stopped on
    an empty ward when one did not)."""
    posted = [s for s in catalogue.list() if s.post_rule is not None]
    assert len(posted) >= 5
    for service in posted:
        session = make_session(service.code, card=demo_card)
        field = session.form.receipt.result_place
        assert field is not None
        assert service.result_place(session.receipt_value("result_place")).by_post, service.code
        address = session.receipt_value("post_address")
        assert address and address.get("commune_code"), service.code
