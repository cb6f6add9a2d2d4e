"""Card-front QR parsing and the keyboard-wedge scanner."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from kiosk.devices.card.card_qr import CardQrError, KeyboardWedge, parse_card_qr, parse_from_camera

SEVEN = (
    "001090123456|012345678|Nguyễn Văn A|01011990|Nam|Số 1 Phố X, Phường Y, Quận Z, Hà Nội|15042021"
)


def test_seven_field_layout() -> None:
    qr = parse_card_qr(SEVEN)
    assert qr.layout == "7-field"
    assert qr.id_number == "001090123456"
    assert qr.old_id_number == "012345678"
    assert qr.full_name == "Nguyễn Văn A"
    assert qr.date_of_birth == date(1990, 1, 1)
    assert qr.gender == "Nam"
    assert qr.address == "Số 1 Phố X, Phường Y, Quận Z, Hà Nội"
    assert qr.date_of_issue == date(2021, 4, 15)
    assert "Nguyễn" not in repr(qr)


def test_empty_old_id() -> None:
    qr = parse_card_qr("001199012345||Trần Thị Bích|05061999|Nữ|Hà Nội|01022022")
    assert qr.layout == "7-field"
    assert qr.old_id_number is None
    assert qr.gender == "Nữ"


def test_six_field_variant() -> None:
    qr = parse_card_qr("001199012345|Trần Thị Bích|05061999|Nữ|Hà Nội|01022022")
    assert qr.layout == "6-field"
    assert qr.old_id_number is None
    assert qr.full_name == "Trần Thị Bích"
    assert qr.date_of_issue == date(2022, 2, 1)


@pytest.mark.parametrize("suffix", ["\r\n", "\r", "\n", "  ", " \t\r\n"])
def test_trailing_whitespace(suffix: str) -> None:
    assert parse_card_qr(SEVEN + suffix) == parse_card_qr(SEVEN)


def test_decomposed_unicode_and_bom() -> None:
    text = "\ufeff" + unicodedata.normalize("NFD", SEVEN)
    assert parse_card_qr(text).full_name == "Nguyễn Văn A"


@pytest.mark.parametrize(
    "text",
    [
        "001099012345",  # just the number
        "001099012345|something|new|layout|with|many|more|fields|here",
        "001099012345|012345678|Tên|99999999|Nam|Địa chỉ|15042021",  # bad date -> unknown
        "001099012345|012345678|Tên|01011990|Khác|Địa chỉ|15042021",  # unknown gender
        "https://example.invalid/x|001099012345|abc",  # ID not first but the only one
    ],
)
def test_unknown_layouts_give_only_the_id(text: str) -> None:
    qr = parse_card_qr(text)
    assert qr.layout == "unknown"
    assert qr.id_number == "001099012345"
    assert qr.full_name is None and qr.date_of_birth is None and qr.address is None
    assert qr.old_id_number is None and qr.gender is None and qr.date_of_issue is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \r\n",
        "hello world",
        "12345678901",  # 11 digits
        "0010990123456",  # 13 digits
        "x|001099012345|001099054321",  # two candidate IDs, neither first: no guessing
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
        "A" * 5000,
    ],
)
def test_malformed_raises_typed_error(text: str) -> None:
    with pytest.raises(CardQrError) as info:
        parse_card_qr(text)
    assert info.value.code == "qr_not_id_card"
    assert info.value.message_vi and info.value.message_en


def test_issue_before_birth_is_not_trusted_as_layout() -> None:
    qr = parse_card_qr("001099012345|012345678|Tên|01011999|Nam|Địa chỉ|01011990")
    assert qr.layout == "unknown" and qr.id_number == "001099012345"


def test_camera_uses_the_same_parser() -> None:
    assert parse_from_camera(SEVEN) == parse_card_qr(SEVEN)
    with pytest.raises(CardQrError):
        parse_from_camera("not a card")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _type(wedge: KeyboardWedge, clock: FakeClock, text: str, gap: float = 0.01) -> list[str]:
    done = []
    for key in text:
        clock.now += gap
        result = wedge.feed(key)
        if result is not None:
            done.append(result)
    return done


def test_wedge_completes_on_enter() -> None:
    clock = FakeClock()
    wedge = KeyboardWedge(clock=clock)
    assert _type(wedge, clock, SEVEN) == []
    assert wedge.pending == SEVEN
    clock.now += 0.01
    assert wedge.feed("Enter") == SEVEN
    assert wedge.pending == ""
    assert parse_card_qr(SEVEN).id_number == "001090123456"


def test_wedge_crlf_gives_one_scan() -> None:
    clock = FakeClock()
    wedge = KeyboardWedge(clock=clock)
    assert _type(wedge, clock, "001099012345\r\n001099054321\n") == ["001099012345", "001099054321"]


def test_wedge_timeout_drops_partial_input() -> None:
    clock = FakeClock()
    wedge = KeyboardWedge(clock=clock, inter_key_timeout_s=0.1)
    _type(wedge, clock, "99999")  # a person poking at the keyboard
    clock.now += 5.0
    assert _type(wedge, clock, "001099012345\r") == ["001099012345"]


def test_wedge_slow_typing_never_completes_a_scan() -> None:
    clock = FakeClock()
    wedge = KeyboardWedge(clock=clock, inter_key_timeout_s=0.1)
    assert _type(wedge, clock, "001099012345", gap=0.5) == []
    assert wedge.pending == "5"


def test_wedge_ignores_named_keys_and_empty_enter() -> None:
    clock = FakeClock()
    wedge = KeyboardWedge(clock=clock)
    assert wedge.feed("Return") is None
    for key in ("Shift", "0", "Shift", "1"):
        clock.now += 0.01
        wedge.feed(key)
    assert wedge.pending == "01"
    wedge.reset()
    assert wedge.pending == ""


def test_wedge_feed_text_and_max_length() -> None:
    wedge = KeyboardWedge(clock=lambda: 0.0, max_length=10)
    assert wedge.feed_text("0123456789ABC\n") == ["ABC"]
    assert wedge.feed_text("a\nb\n") == ["a", "b"]
