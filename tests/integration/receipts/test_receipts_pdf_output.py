"""The rendered PDF itself: text extractable with diacritics intact (pdftotext), fonts
embedded as subsets with Unicode maps (pdffonts), both QR codes readable by two decoders after
rasterising at thermal-printer and office-printer resolutions. PNGs go to tests/artifacts."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.config import Settings
from kiosk.receipts.pdf import render_receipt
from kiosk.receipts.sample import sample_record
from kiosk.receipts.vietqr import payment_purpose

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
DPI = {"80mm": 203, "a4": 150, "a5": 150}  # a thermal head; an office printer's draft

Decode = Callable[[Path], tuple[list[str], list[str]]]
Rasterise = Callable[[Path, int, Path], list[Path]]


def crc16_ccitt(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = (((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)) & 0xFFFF
    return crc


def tlv(text: str) -> dict[str, str]:
    out, i = {}, 0
    while i < len(text):
        tag, length = text[i : i + 2], int(text[i + 2 : i + 4])
        out[tag] = text[i + 4 : i + 4 + length]
        assert len(out[tag]) == length
        i += 4 + length
    return out


def pdftotext(pdf: Path) -> str:
    # -raw: content-stream order, i.e. the order the receipt was drawn (column by column)
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"],
                          capture_output=True, check=True, timeout=60)
    return " ".join(done.stdout.decode("utf-8").split())


@pytest.fixture(params=["80mm", "a4", "a5"])
def rendered(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Path
) -> tuple[str, Path]:
    paper = request.param
    path = tmp_path / f"receipt-{paper}.pdf"
    path.write_bytes(render_receipt(sample_record(), settings, paper))
    return paper, path


def test_text_copies_out_with_diacritics(rendered: tuple[str, Path]) -> None:
    _, pdf = rendered
    text = pdftotext(pdf)
    assert TITLE in text
    assert MOTTO in text
    assert f"Tiếp nhận hồ sơ của: {sample_record().facts.applicant_name}" in text
    assert "H26.22.01-261122-K01A7Q" in text
    assert "(5) Thời gian trả kết quả: 08 giờ 00 phút, Thứ Hai, ngày 07/12/2026" in text
    assert sample_record().facts.id_number_masked in text


def test_fonts_are_embedded_subsets_with_unicode_maps(rendered: tuple[str, Path]) -> None:
    _, pdf = rendered
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, check=True,
                         timeout=60).stdout.decode()
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows, "no fonts listed"
    for row in rows:
        name, emb, sub, uni = row[0], row[-5], row[-4], row[-3]
        assert re.fullmatch(r"[A-Z]{6}\+Noto(Sans|Serif)-\w+", name), row
        assert (emb, sub, uni) == ("yes", "yes", "yes"), row


def test_roll_page_is_80_mm_wide(settings: Settings, tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_receipt(sample_record(), settings, "80mm"))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True,
                          timeout=60).stdout.decode()
    match = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert match
    assert float(match.group(1)) == pytest.approx(80 * 72 / 25.4, abs=0.01)
    assert "Pages:           1" in info


def test_both_codes_decode_and_the_vietqr_checks_out(
    rendered: tuple[str, Path], settings: Settings, decode_qr: Decode, rasterise: Rasterise,
    artifacts_dir: Path,
) -> None:
    paper, pdf = rendered
    pages = rasterise(pdf, DPI[paper], artifacts_dir / f"receipt-{paper}")
    assert len(pages) == 1
    zbar, zxing = decode_qr(pages[0])
    tracking = "https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H26.22.01-261122-K01A7Q"
    for decoded in (zbar, zxing):
        assert tracking in decoded
        vietqr = [t for t in decoded if t.startswith("000201")]
        assert len(vietqr) == 1
        payload = vietqr[0]
        assert payload[-8:-4] == "6304"
        assert payload[-4:] == f"{crc16_ccitt(payload[:-4].encode()):04X}"
        top = tlv(payload)
        account = tlv(tlv(top["38"])["01"])
        assert account == {"00": settings.payee_bank_bin, "01": settings.payee_account}
        assert top["54"] == "200000"
        assert tlv(top["62"])["08"] == payment_purpose("H26.22.01-261122-K01A7Q")


def test_free_service_has_only_the_tracking_code(
    settings: Settings, tmp_path: Path, decode_qr: Decode, rasterise: Rasterise
) -> None:
    record = dataclasses.replace(sample_record(fee_vnd=0), official_code="H26.22.01-261122-0975")
    pdf = tmp_path / "free.pdf"
    pdf.write_bytes(render_receipt(record, settings, "80mm"))
    zbar, zxing = decode_qr(rasterise(pdf, 203, tmp_path / "free")[0])
    expected = ["https://dichvucong.hanoi.gov.vn/tra-cuu?ma=H26.22.01-261122-0975"]
    assert zbar == expected
    assert zxing == expected
    text = pdftotext(pdf)
    assert "Mã hồ sơ: H26.22.01-261122-0975" in text
    assert "Mã tạm tại ki-ốt: H26.22.01-261122-K01A7Q" in text
    assert "VIETQR" not in text


def test_reprint_is_byte_identical(settings: Settings) -> None:
    assert render_receipt(sample_record(), settings, "a4") == render_receipt(
        sample_record(), settings, "a4")
