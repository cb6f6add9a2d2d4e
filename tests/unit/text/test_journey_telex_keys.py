"""The journey walker types Vietnamese as Telex key presses (tests/journey/telex_keys.py): the
kiosk's own Telex engine must turn those keys back into the very text meant."""

from __future__ import annotations

import pytest

from kiosk.text.telex import telex_to_vietnamese
from tests.journey.telex_keys import telex_keys


@pytest.mark.parametrize("text", [
    "Phạm Minh An",
    "Bệnh viện Phụ sản Hà Nội",
    "Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7",
    "Nguyễn Thị Phương Thảo",
    "Đống Đa",
    "hoàn kiếm",
    "Lê Thị Ngọc Ánh",
])
def test_the_keys_type_back_the_text(text: str) -> None:
    keys = telex_keys(text)
    assert keys.isascii()
    assert telex_to_vietnamese(keys) == text


def test_digits_and_plain_words_cost_one_key_each() -> None:
    assert telex_keys("0912345678") == "0912345678"
    assert len(telex_keys("Minh An")) == 7
