"""What the receipt says (Mẫu 01 fields), independent of paper."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import UTC, datetime
from typing import Any

import pytest

from kiosk.config import Settings
from kiosk.dossier.masking import mask_id_number
from kiosk.receipts.description import (
    MOTTO,
    TITLE,
    ItemList,
    Paragraph,
    QRGroup,
    Signatures,
    Title,
    describe_receipt,
    format_vnd,
    place_date,
    time_of_day,
)
from kiosk.receipts.sample import sample_record


def texts(settings: Settings, **changes: Any) -> str:
    record = sample_record()
    facts = changes.pop("facts", None)
    if facts:
        record = dataclasses.replace(record, facts=dataclasses.replace(record.facts, **facts))
    record = dataclasses.replace(record, **changes)
    out: list[str] = []
    for block in describe_receipt(record, settings).blocks:
        if isinstance(block, Paragraph):
            out.append("".join(s.text for s in block.spans))
        elif isinstance(block, ItemList):
            out += ["".join(s.text for s in block.heading), *block.items]
        elif isinstance(block, Title):
            out.append(block.text)
        elif isinstance(block, Signatures):
            out += [block.left.name, block.right.name]
        elif isinstance(block, QRGroup):
            out += [c.payload for c in block.codes]
    return "\n".join(out)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("001234562345", "********2345"),
        ("********2345", "********2345"),
        ("0012 3456 2345", "**** **** 2345"),
        ("", ""),
    ],
)
def test_id_number_is_masked_and_never_unmasked(given: str, shown: str) -> None:
    assert mask_id_number(given) == shown
    assert mask_id_number(mask_id_number(given)) == shown


def test_unmasked_id_in_facts_is_masked_on_the_receipt(settings: Settings) -> None:
    text = texts(settings, facts={"id_number_masked": "001234562345"})
    assert "001234562345" not in text
    assert "********2345" in text


def test_money_and_dates_in_vietnamese_style() -> None:
    assert format_vnd(200_000) == "200.000 đồng"
    assert format_vnd(3_000) == "3.000 đồng"
    # 17:30 UTC on 21 Nov is 00:30 on 22 Nov in Hà Nội (UTC+7)
    moment = datetime(2026, 11, 21, 17, 30, tzinfo=UTC)
    assert place_date("Hà Nội", moment) == "Hà Nội, ngày 22 tháng 11 năm 2026"
    assert time_of_day(moment) == "00 giờ 30 phút, ngày 22/11/2026"
    assert time_of_day(moment, weekday=True) == "00 giờ 30 phút, Chủ nhật, ngày 22/11/2026"


def test_form_fields_are_all_there(settings: Settings) -> None:
    text = texts(settings)
    description = describe_receipt(sample_record(), settings)
    assert any(isinstance(b, Title) and b.text == TITLE for b in description.blocks)
    assert description.blocks[0].motto_lines == MOTTO  # type: ignore[union-attr]
    for label in ("Mã hồ sơ (tạm thời): H26.22.01-261122-K01A7Q", "Tiếp nhận hồ sơ của: ",
                  "Địa chỉ: ", "Số điện thoại: ", "Email: ", "Nội dung yêu cầu giải quyết: ",
                  "(1) Thành phần hồ sơ đã nộp:", "(2) Số lượng hồ sơ: 01 bộ",
                  "(3) Thời gian giải quyết theo quy định: ", "(4) Thời gian nhận hồ sơ: ",
                  "(5) Thời gian trả kết quả: 08 giờ 00 phút, Thứ Hai, ngày 07/12/2026",
                  "(6) Nơi nhận kết quả: ", "Phí, lệ phí: 200.000 đồng", "Ki-ốt KIOSK-DEMO-01"):
        assert label in text
    assert sample_record().facts.applicant_name in text


def test_two_codes_when_a_fee_is_due_one_when_free(settings: Settings) -> None:
    paid = describe_receipt(sample_record(), settings).blocks
    free = describe_receipt(sample_record(fee_vnd=0), settings).blocks
    groups = [b for b in (*paid, *free) if isinstance(b, QRGroup)]
    assert [len(g.codes) for g in groups] == [2, 1]
    assert groups[0].codes[0].payload == (
        "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H26.22.01-261122-K01A7Q")
    assert "không thu phí" in texts(settings, facts={"fee_vnd": 0})


def test_no_payment_code_without_a_fee_account(settings: Settings) -> None:
    no_account = dataclasses.replace(settings, payee_account="")
    groups = [b for b in describe_receipt(sample_record(), no_account).blocks
              if isinstance(b, QRGroup)]
    assert len(groups[0].codes) == 1


def test_official_code_is_printed_and_tracked_beside_the_local_one(settings: Settings) -> None:
    text = texts(settings, official_code="H26.22.01-261122-0975")
    assert "Mã hồ sơ: H26.22.01-261122-0975" in text
    assert "Mã tạm tại ki-ốt: H26.22.01-261122-K01A7Q" in text
    assert "tra-cuu?ma=H26.22.01-261122-0975" in text


def test_decomposed_vietnamese_is_composed(settings: Settings) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Phương Thảo")
    text = texts(settings, facts={"applicant_name": decomposed})
    assert "Nguyễn Thị Phương Thảo" in text
    assert decomposed not in text


def test_missing_appointment_and_contacts_still_say_something(settings: Settings) -> None:
    text = texts(settings, facts={"appointment_at": None, "applicant_phone": "",
                                  "applicant_email": ""})
    assert "(5) Thời gian trả kết quả: cơ quan sẽ báo" in text
    assert "Liên hệ: (không cung cấp)" in text


def test_next_steps_say_on_screen_what_the_paper_says() -> None:
    import dataclasses

    from kiosk.receipts.description import next_steps
    from kiosk.receipts.sample import sample_record

    facts = sample_record().facts
    steps = next_steps(facts)
    assert steps["appointment"] == "08 giờ 00 phút, Thứ Hai, ngày 07/12/2026"
    assert steps["fee"] == "200.000 đồng (Thông tư 16/2025/TT-BTC)"
    assert steps["resultPlace"] == facts.result_place_vi
    assert steps["bring"] == "Mang theo Thẻ căn cước bản gốc khi nhận kết quả."
    free = next_steps(dataclasses.replace(facts, fee_vnd=0, appointment_at=None))
    assert free["fee"] == "không thu phí" and free["appointment"] == ""
