"""Facts the catalogue states, checked against their sources (issue 17): what a form allows
and what it tells the citizen must match the rule it cites."""

from __future__ import annotations

import json
from collections.abc import Callable

from kiosk.config import resources_path
from kiosk.forms.engine import FormSession
from kiosk.forms.prefill import CardData

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
