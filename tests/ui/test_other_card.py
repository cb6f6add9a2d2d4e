"""The other parent's card: in birth registration the father applies with his card; the
mother, standing beside him, agrees on screen and her chip fills her ID number, date of
birth, ethnicity, nationality and residence (instead of 12 digits, a date, a list and an
address typed). Through the real QML sheet, the demo's virtual cards and the form engine."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.devices.simulator.citizens import demo_spouse

from .conftest import find, find_item, type_keys
from .test_citizen_flow import click, to_wizard

SPOUSE = demo_spouse()


def to_mother_step(app: Any, qtbot: Any) -> Any:
    to_wizard(app, qtbot)
    form = app.session.form
    engine = form.session
    for path, value in (("phone", "0912345678"), ("child_name", "Phạm Minh An"),
                        ("child_gender", "nu"), ("child_dob", "2026-11-02"),
                        ("child_birth_place", "Bệnh viện Phụ sản Hà Nội")):
        assert engine.set_answer(path, value) is None, path
    form.refresh()
    form.next()
    form.next()
    qtbot.waitUntil(lambda: form.stepId == "mother")
    return engine


def open_sheet(app: Any, qtbot: Any) -> None:
    click(app, "otherCard_mother", qtbot)
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "otherCardAgree") is not None)


def agreed_sheet(app: Any, qtbot: Any) -> Any:
    """The mother's step with her sheet open and her consent given: the form engine."""
    engine = to_mother_step(app, qtbot)
    open_sheet(app, qtbot)
    click(app, "otherCardAgree", qtbot)
    qtbot.waitUntil(lambda: find(app, "otherCardId").property("visible"))
    return engine


def test_the_mothers_card_fills_her_fields_after_her_consent(demo_app, qtbot) -> None:
    app = demo_app
    engine = to_mother_step(app, qtbot)
    # Her name comes from the father's chip; the rest is not known yet.
    assert engine.answer("mother")["full_name"] == SPOUSE.full_name
    assert engine.answer("mother")["id_number"] is None
    open_sheet(app, qtbot)
    # Nothing is read before she agrees: the reading controls are not even shown.
    assert not find(app, "otherCardDemo").property("visible")
    for typed in (SPOUSE.id_number, "12"):  # consent is asked first, whatever was typed
        app.session.readOtherCard(typed, "")
        assert "đồng ý" in app.session.otherCard["error"]
    assert engine.answer("mother")["id_number"] is None
    click(app, "otherCardAgree", qtbot)
    qtbot.waitUntil(lambda: find(app, "otherCardDemo").property("visible"))
    click(app, "otherCardDemo", qtbot)
    qtbot.waitUntil(lambda: engine.answer("mother")["id_number"] == SPOUSE.id_number,
                    timeout=30000)
    assert engine.answer("mother") == {"full_name": SPOUSE.full_name,
                                       "id_number": SPOUSE.id_number,
                                       "date_of_birth": "2000-02-20"}
    assert engine.answer("mother_ethnicity") == "Kinh"
    assert engine.answer("mother_nationality") == "Việt Nam"
    assert engine.answer("mother_address")["commune_name"] == "Phường Hoàn Kiếm"
    # Marked as from the card, and the sheet closed itself.
    rows = {r["id"]: r for r in app.session.form.fields}
    assert all(rows[f]["prefilled"] for f in ("mother", "mother_ethnicity", "mother_address"))
    qtbot.waitUntil(lambda: find_item(app.window.contentItem(), "otherCardSheet") is None)
    assert engine.group_errors(engine.form.groups[2]) == []  # the mother's step is complete
    # Her card may be read again (the wrong one was shown); the father's answers come from
    # the applicant's own chip: no "read this person's card" for him.
    offered = {fv.field_id: fv.own_card for g in engine.form.groups[2:4]
               for fv in engine.step_view(g).fields}
    assert offered["mother"] is True and offered["father"] is False


@pytest.mark.parametrize("typed", [
    "001300099999",  # a well-formed number, not the card's on the reader (PACE refuses it)
    "12345",  # too short to be an ID number
    "00130|x|y",  # a QR reader's text that is no card-front QR
])
def test_a_wrong_number_or_code_says_so_and_fills_nothing(demo_app, qtbot, typed: str) -> None:
    app = demo_app
    engine = agreed_sheet(app, qtbot)
    app.session.readOtherCard(typed, "")
    qtbot.waitUntil(lambda: app.session.otherCard["error"] != "", timeout=30000)
    assert not app.session.otherCard["busy"]
    assert engine.answer("mother")["id_number"] is None
    assert find(app, "otherCardError").property("visible")
    # The sheet stays for another try, and the right card still reads.
    click(app, "otherCardDemo", qtbot)
    qtbot.waitUntil(lambda: engine.answer("mother")["id_number"] == SPOUSE.id_number,
                    timeout=30000)


def test_her_cards_qr_through_a_keyboard_style_reader(demo_app, qtbot) -> None:
    app = demo_app
    engine = agreed_sheet(app, qtbot)
    qtbot.waitUntil(lambda: find(app, "otherCardSheet").property("activeFocus"))
    # Nothing was tapped: the reader's keys go to the sheet, no keyboard opens.
    type_keys(app.window, f"{SPOUSE.id_number}||{SPOUSE.full_name}|20022000|Nữ|Hà Nội|12092024\n")
    qtbot.waitUntil(lambda: engine.answer("mother")["id_number"] == SPOUSE.id_number,
                    timeout=30000)
    assert not find(app, "inputPanel").property("active")


def test_swapping_cards_is_not_the_applicant_walking_off(demo_app, qtbot) -> None:
    app = demo_app
    engine = to_mother_step(app, qtbot)
    open_sheet(app, qtbot)
    app.session.cardRemoved()  # the father takes his card off to make room
    assert not app.session.askCardRemoved
    click(app, "otherCardAgree", qtbot)
    click(app, "otherCardDemo", qtbot)
    qtbot.waitUntil(lambda: engine.answer("mother")["id_number"] == SPOUSE.id_number,
                    timeout=30000)
    app.session.cardRemoved()  # and the mother takes hers back
    assert not app.session.askCardRemoved
    app.session.cardRemoved()  # a later removal means something again
    assert app.session.askCardRemoved


def test_the_end_of_the_visit_closes_the_sheet_and_forgets_her(demo_app, qtbot) -> None:
    app = demo_app
    to_mother_step(app, qtbot)
    open_sheet(app, qtbot)
    click(app, "otherCardAgree", qtbot)
    app.session.finish()
    qtbot.waitUntil(lambda: app.session.screen == "attract")
    assert app.session.otherCard == {"path": "", "consent": False, "busy": False, "error": ""}
    assert find_item(app.window.contentItem(), "otherCardSheet") is None
