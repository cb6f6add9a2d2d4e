"""What the engine knows so the citizen taps and types less (issue 16): another person's own
card, the child's surname offered, a recent date's year, Hà Nội's maternity hospitals to
pick, the parents' marriage from the chip, the closing statement signed at review; and the
catalogue checks that keep those declarations sound."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import resources_path
from kiosk.devices.simulator.citizens import demo_spouse
from kiosk.forms.catalogue import CatalogueError, load_catalogue, validate_path
from kiosk.forms.engine import FormIncompleteError, FormSession
from kiosk.forms.evaluator import ExpressionTypeError, evaluate
from kiosk.forms.expressions import parse
from kiosk.forms.prefill import CardData

from .conftest import broken_copy, field_of, sample_answers

CATALOGUE = resources_path() / "catalogue"


def spouse_card() -> CardData:
    c = demo_spouse()
    return CardData.from_json({k: (v.isoformat() if hasattr(v, "isoformat") else v)
                               for k, v in vars(c).items() if k != "face_jpeg"})


@pytest.fixture
def birth(make_session: Callable[..., FormSession], demo_card: CardData) -> FormSession:
    return make_session("1.001193", card=demo_card)


def test_the_mothers_own_card_answers_her_and_her_step(birth: FormSession) -> None:
    assert birth.answer("mother") == {"full_name": "Lê Thị Ngọc Ánh", "id_number": None,
                                      "date_of_birth": None}  # his chip knows her name only
    filled = birth.read_other_card("mother", spouse_card())
    assert filled == ("mother", "mother_ethnicity", "mother_nationality", "mother_address")
    assert birth.answer("mother") == {"full_name": "Lê Thị Ngọc Ánh",
                                      "id_number": "001300045678", "date_of_birth": "2000-02-20"}
    assert birth.answer("mother_address")["commune_code"] == 70
    group = birth.form.group("mother")
    fields = {fv.field_id: fv for fv in birth.step_view(group).fields}
    assert all(fields[f].prefilled for f in filled)
    assert fields["mother"].read_only  # the chip's data, as the applicant's
    assert fields["mother"].own_card  # and yet her card may be read again
    assert birth.group_errors(group) == []
    # Her answers are hers now: a later pre-fill does not replace them.
    birth.set_answer("declarant_relationship", "cha")
    assert birth.answer("mother")["id_number"] == "001300045678"


def test_only_a_person_that_declares_a_card_takes_one(birth: FormSession) -> None:
    with pytest.raises(ValueError, match="takes no card"):
        birth.read_other_card("declarant", spouse_card())
    with pytest.raises(KeyError):
        birth.read_other_card("nobody", spouse_card())
    fields = {fv.field_id: fv for fv in birth.step_view(birth.form.group("father")).fields}
    assert fields["father"].own_card is False  # the applicant's own chip answered him


def test_the_childs_surname_is_offered_not_claimed(birth: FormSession) -> None:
    assert birth.answer("child_name") == "Phạm"  # the father's surname
    fields = {fv.field_id: fv for fv in birth.step_view(birth.form.group("child")).fields}
    assert not fields["child_name"].prefilled  # no "from the card" badge: only a start
    assert birth.set_answer("child_name", "Phạm").code == "regex"  # a surname alone is not a name
    assert birth.set_answer("child_name", "Phạm Minh An") is None
    birth.set_answer("declarant_relationship", "ong_ba")  # not a parent: nothing offered
    other = birth.answer("child_name")
    assert other == "Phạm Minh An"  # typed by the citizen: kept


def test_a_recent_birth_starts_in_this_year_and_facilities_are_offered(
        birth: FormSession) -> None:
    fields = {fv.field_id: fv for fv in birth.step_view(birth.form.group("child")).fields}
    assert fields["child_dob"].default_year == 2026  # FIXED_NOW's year
    names = [c.label_vi for c in fields["child_birth_place"].suggestions]
    # The maternity hospitals first, then the general ones.
    assert names[:2] == ["Bệnh viện Phụ sản Trung ương", "Bệnh viện Phụ sản Hà Nội"]
    assert "Bệnh viện Đa khoa Hà Đông" in names and len(names) >= 20
    birth.set_answer("child_birth_place_kind", "ngoai_co_so_y_te")
    fields = {fv.field_id: fv for fv in birth.step_view(birth.form.group("child")).fields}
    assert fields["child_birth_place"].suggestions == ()  # born at home: no hospital list


@pytest.mark.parametrize("name", ["maternity_hospitals_hanoi", "general_hospitals_hanoi",
                                  "central_hospitals_hanoi"])
def test_every_offered_facility_names_its_source(name: str) -> None:
    raw = json.loads((CATALOGUE / "lists" / f"{name}.json").read_text("utf-8"))
    assert raw["choices"]
    for choice in raw["choices"]:
        source = choice["source"]
        assert source["url"].startswith("http") and source["checked"] == "2026-12-07", choice


def test_the_parents_marriage_follows_from_the_chip(birth: FormSession) -> None:
    assert birth.answer("parents_married") is True  # his chip names her as his wife
    birth.set_answer("mother", {"full_name": "Nguyễn Thị Bình", "id_number": None,
                                "date_of_birth": None})
    assert birth.answer("parents_married") is None  # another mother: the chip says nothing


def test_the_closing_statement_is_signed_at_review(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("1.001193", card=demo_card)
    answers = sample_answers("1.001193")
    answers.pop("commitment", None)
    session.set_answers(answers)
    session.attach("birth_certificate_photo", Path(__file__).parents[2] / "data" / "answers"
                   / "document.jpg")
    steps = []
    while not session.at_review:
        step = session.current_step()
        assert step is not None and step.count == 6
        steps.append(step.step_id)
        assert session.next().moved, step.step_id
    assert "commitment" not in steps
    review = session.review()
    assert review.can_confirm  # the submit button itself declares
    assert review.statements_vi[0].startswith("Tôi cam đoan")
    assert all(s.step_id != "commitment" for s in review.sections)
    assert [e.path for e in session.errors()] == ["commitment"]
    with pytest.raises(FormIncompleteError):  # not declared: nothing is submitted
        session.confirm(settings=None)  # type: ignore[arg-type]
    session.agree_at_review()
    assert session.errors() == ()
    assert session.back() and session.current_step().step_id == "result"  # type: ignore[union-attr]


@pytest.mark.parametrize(("change", "message"), [
    (lambda r: field_of(r, "mother").update(own_card={"child_name": "full_name"}),
     "'child_name' is not another field of this step"),
    (lambda r: field_of(r, "mother").update(own_card={"mother_ethnicity": "shoe_size"}),
     "the card holds no 'shoe_size'"),
    (lambda r: field_of(r, "phone").update(own_card={}), "only a person may show"),
    (lambda r: field_of(r, "child_gender").update(suggestions="@general_hospitals_hanoi"),
     "only a text answer takes suggestions"),
    (lambda r: field_of(r, "child_birth_place").update(
        suggestions=["@maternity_hospitals_hanoi", "@hospitals_on_the_moon"]),
     "unknown choice list '@hospitals_on_the_moon'"),
    (lambda r: field_of(r, "child_dob").update(after_previous="child_dob"),
     "'child_dob' is not a date of this repeated step"),
    (lambda r: field_of(r, "phone").update(follow="${child_dob}", default="x"),
     "a field that follows a rule has no other default"),
    (lambda r: field_of(r, "phone").update(follow="${child_dob"), "syntax error"),
    (lambda r: r["form"]["groups"][-1]["fields"].append(
        {"id": "extra_note", "type": "text", "label": {"vi": "Ghi chú", "en": "Note"}}),
     "only consent statements can be agreed at review"),
])
def test_unsound_declarations_are_refused(tmp_path: Path, change: Callable[[dict[str, Any]], Any],
                                          message: str) -> None:
    folder = broken_copy(tmp_path, change)
    problems = validate_path(folder)
    assert any(message in p.message for p in problems), problems
    with pytest.raises(CatalogueError):
        load_catalogue(folder, 1)


def test_a_place_typed_as_text_offers_the_addresses_already_known(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("2.000488", card=demo_card)
    if not session.answers.repeats["residence_history"]:
        session.add_repeat_item("residence_history")
    view = session.step_view(session.form.group("residence_history"))
    offered = [c.label_vi for c in view.items[0].fields[2].suggestions]
    assert view.items[0].fields[2].field_id == "period_place"
    # The permanent address as the form holds it (2025 names), and the card's as printed.
    assert offered == [
        "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7, Phường Hàng Trống, Quận Hoàn Kiếm, "
        "Thành phố Hà Nội"]
    assert session.set_answer("residence_history[0].period_place", offered[1]) is None


def test_the_death_notice_issuer_is_offered_the_place_of_death(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("1.000656", card=demo_card)
    fields = {fv.field_id: fv for fv in session.step_view(session.form.group("deceased")).fields}
    offered = [c.value for c in fields["death_place"].suggestions]
    # The homes the form knows first (most die there), then the central hospitals, then the
    # general ones.
    assert all("Hàng Trống" in place for place in offered[:2])
    assert offered[2] == "Bệnh viện Bạch Mai" and "Bệnh viện Đa khoa Hà Đông" in offered
    assert session.set_answer("death_place", "Bệnh viện Bạch Mai") is None
    fields = {fv.field_id: fv for fv in session.step_view(session.form.group("notice")).fields}
    assert [c.value for c in fields["death_notice_issuer"].suggestions] == ["Bệnh viện Bạch Mai"]
    assert fields["death_notice_date"].default_year == 2026


def test_the_death_notice_is_dated_the_day_of_the_death_until_answered(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("1.000656", card=demo_card)
    assert session.answer("death_notice_date") is None
    session.set_answer("death_date", "2026-11-20")
    assert session.answer("death_notice_date") == "2026-11-20"
    session.set_answer("death_date", "2026-11-19")  # corrected: the notice's date follows
    assert session.answer("death_notice_date") == "2026-11-19"
    fields = {fv.field_id: fv for fv in session.step_view(session.form.group("notice")).fields}
    assert not fields["death_notice_date"].prefilled  # a guess, not the card's
    assert session.set_answer("death_notice_date", "2026-11-22") is None
    session.set_answer("death_date", "2026-11-18")  # answered by the citizen: kept
    assert session.answer("death_notice_date") == "2026-11-22"
    session.set_answer("death_date", None)
    assert session.answer("death_notice_date") == "2026-11-22"


def test_the_place_of_birth_is_offered_the_provinces_the_card_prints(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("2.000488", card=demo_card)
    fields = {fv.field_id: fv for fv in session.step_view(session.form.group("applicant")).fields}
    assert [c.value for c in fields["birth_place"].suggestions] == ["Thành phố Hà Nội"]
    moved = CardData.from_json({**demo_card.values,
                                "place_of_origin": "Xã Yên Bình, Huyện Ý Yên, Tỉnh Nam Định"})
    session = make_session("2.000488", card=moved)
    fields = {fv.field_id: fv for fv in session.step_view(session.form.group("applicant")).fields}
    assert [c.value for c in fields["birth_place"].suggestions] == ["Tỉnh Nam Định",
                                                                    "Thành phố Hà Nội"]
    session = make_session("2.000488", card=None)
    fields = {fv.field_id: fv for fv in session.step_view(session.form.group("applicant")).fields}
    assert fields["birth_place"].suggestions == ()


def test_the_other_cards_address_is_converted_ahead_off_the_gui_thread(
        birth: FormSession) -> None:
    """prepare_card runs in the background task; filling the form then converts nothing."""
    converter = birth.converter
    elsewhere = "Số 12 ngõ 34, Phường Dịch Vọng, Quận Cầu Giấy, Thành phố Hà Nội"
    card = CardData.from_json({**spouse_card().values, "place_of_residence": elsewhere,
                               "date_of_birth": "20/02/2000"})
    before = len(converter.calls)  # type: ignore[attr-defined]
    birth.prepare_card(card)
    assert converter.calls[before:] == [elsewhere]  # type: ignore[attr-defined]
    birth.read_other_card("mother", card)
    assert len(converter.calls) == before + 1  # type: ignore[attr-defined]
    assert birth.answer("mother")["id_number"] == "001300045678"


def test_the_life_story_starts_at_14_and_each_period_after_the_one_before(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("2.000488", card=demo_card)
    if not session.answers.repeats["residence_history"]:
        session.add_repeat_item("residence_history")
    # Born 15/08/1999: the declaration starts on the 14th birthday.
    assert session.answer("residence_history[0].period_from") == "2013-08-15"
    assert session.set_answer("residence_history[0].period_to", "2021-07-31") is None
    session.add_repeat_item("residence_history")
    assert session.answer("residence_history[1].period_from") == "2021-08-01"
    session.set_answer("residence_history[0].period_to", "2021-06-30")  # corrected: follows
    assert session.answer("residence_history[1].period_from") == "2021-07-01"
    assert session.set_answer("residence_history[1].period_from", "2021-09-01") is None
    session.set_answer("residence_history[0].period_to", "2021-05-31")  # answered: kept
    assert session.answer("residence_history[1].period_from") == "2021-09-01"
    view = session.step_view(session.form.group("residence_history"))
    assert not any(fv.prefilled for item in view.items for fv in item.fields
                   if fv.field_id == "period_from")  # guesses, not the card's
    blank = make_session("2.000488", card=None)
    if not blank.answers.repeats["residence_history"]:
        blank.add_repeat_item("residence_history")
    assert blank.answer("residence_history[0].period_from") is None  # no birth date known


@pytest.mark.parametrize(("born", "years", "expected"), [
    ("1999-08-15", 14, date(2013, 8, 15)),
    ("2012-02-29", 14, date(2026, 2, 28)),  # no 29 February that year
    ("2012-02-29", 4, date(2016, 2, 29)),
    (None, 14, None),
])
def test_add_years(born: str | None, years: int, expected: date | None) -> None:
    class Env:
        def field(self, name: str) -> object:
            return born

        def card(self, name: str) -> object:
            raise KeyError(name)

        def self_value(self) -> object:
            return None

        def today(self) -> date:
            return date(2026, 12, 7)

    assert evaluate(parse(f"add_years(${{born}}, {years})"), Env()) == expected
    with pytest.raises(ExpressionTypeError):
        evaluate(parse("add_years(${born}, 1.5)"), Env())


@pytest.mark.parametrize("code", ["1.002755", "1.004194", "1.004222"])
def test_a_household_members_sex_and_the_spouse_follow_what_is_known(
        code: str, make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session(code, card=demo_card)
    session.set_answer("is_household_head", True)
    session.add_repeat_item("members")
    session.read_other_card("members[0].member", spouse_card())
    # His chip names his wife; the card read is hers: the household's head's spouse.
    assert session.answer("members[0].member_relation") == "vo_chong"
    assert session.answer("members[0].member_gender") == "nu"
    session.add_repeat_item("members")
    baby = {"full_name": "Phạm Minh An", "id_number": "001326004512",
            "date_of_birth": "2026-11-02"}
    assert session.set_answer("members[1].member", baby) is None
    assert session.answer("members[1].member_gender") == "nu"  # 3: a girl born in the 2000s
    assert session.answer("members[1].member_relation") is None  # a child? a niece? asked
    assert session.set_answer("members[1].member_gender", "nam") is None  # answered: kept
    session.set_answer("members[1].member", baby | {"id_number": "001226004512"})
    assert session.answer("members[1].member_gender") == "nam"
    # Not the head: the relation is to somebody else, so nothing follows from his chip.
    session.set_answer("is_household_head", False)
    assert session.answer("members[0].member_relation") is None


def test_the_period_up_to_now_is_spent_where_the_card_says_one_lives(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("2.000488", card=demo_card)
    if not session.answers.repeats["residence_history"]:
        session.add_repeat_item("residence_history")
    home = ("Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7, Phường Hàng Trống, Quận Hoàn Kiếm, "
            "Thành phố Hà Nội")  # as the card prints it
    assert session.answer("residence_history[0].period_place") == home  # up to now, so far
    assert session.set_answer("residence_history[0].period_to", "2021-07-31") is None
    assert session.answer("residence_history[0].period_place") is None  # a past period: asked
    session.add_repeat_item("residence_history")
    assert session.answer("residence_history[1].period_place") == home
    view = session.step_view(session.form.group("residence_history"))
    assert not any(fv.prefilled for item in view.items for fv in item.fields
                   if fv.field_id == "period_place")  # a guess, not the chip's


def test_the_deceaseds_sex_follows_the_id_number_typed(
        make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    session = make_session("1.000656", card=demo_card)
    person = {"full_name": "Phạm Văn Bình", "id_number": "001045000123",
              "date_of_birth": "1945-03-01"}
    assert session.set_answer("deceased", person) is None
    assert session.answer("deceased_gender") == "nam"


@pytest.mark.parametrize("code", ["1.004194", "1.004222"])
def test_the_relation_to_a_head_the_chip_names_follows(
        code: str, make_session: Callable[..., FormSession], demo_card: CardData) -> None:
    """Moving in with one's father or one's spouse: the chip's parents' and spouse's names
    say what the applicant is to the head; anybody else is asked."""
    session = make_session(code, card=demo_card)
    session.set_answer("is_household_head", False)
    head = {"full_name": demo_card.get("father_name"), "id_number": "001066001234",
            "date_of_birth": "1966-04-12"}
    assert session.set_answer("household_head", head) is None
    assert session.answer("relation_to_head") == "con"
    assert session.set_answer("household_head", head | {"full_name": "Lê Thị Ngọc Ánh"}) is None
    assert session.answer("relation_to_head") == "vo_chong"
    assert session.set_answer("household_head", head | {"full_name": "Nguyễn Văn A"}) is None
    assert session.answer("relation_to_head") is None
    session.set_answer("is_household_head", True)
    session.add_repeat_item("members")
    assert session.set_answer("members[0].member", head) is None
    assert session.answer("members[0].member_relation") == "cha_me"  # his father joins him

