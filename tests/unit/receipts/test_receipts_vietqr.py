"""VietQR payload: an independent CRC16-CCITT and TLV reader check what vietnam-qr-pay built."""

from __future__ import annotations

import pytest

from kiosk.receipts.vietqr import PURPOSE_MAX, VietQRError, fee_payment, payment_purpose

# From the reference page (a checked NAPAS example).
REFERENCE = (
    "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN"
    "62150811Chuyen tien630453E6"
)


def crc16_ccitt(data: bytes) -> int:
    """Bitwise CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), no table: independent of the
    library's table-driven implementation."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(text: str) -> dict[str, str]:
    """Top-level EMVCo TLV fields (2-digit tag, 2-digit length), strict about lengths."""
    out: dict[str, str] = {}
    i = 0
    while i < len(text):
        tag, length = text[i : i + 2], int(text[i + 2 : i + 4])
        value = text[i + 4 : i + 4 + length]
        assert len(value) == length, f"field {tag} is truncated"
        assert tag not in out, f"field {tag} repeated"
        out[tag] = value
        i += 4 + length
    return out


def check_crc(payload: str) -> None:
    assert payload[-8:-4] == "6304", "CRC must be the last field"
    expected = crc16_ccitt(payload[:-4].encode("ascii"))
    assert payload[-4:] == f"{expected:04X}"


def test_crc_matches_the_reference_example() -> None:
    check_crc(REFERENCE)
    assert crc16_ccitt(b"123456789") == 0x29B1  # the CRC catalogue's check value


def test_crc_detects_a_changed_amount() -> None:
    tampered = REFERENCE.replace("5405100005802", "5405900005802")
    with pytest.raises(AssertionError):
        check_crc(tampered)


def test_fee_payment_fields() -> None:
    payment = fee_payment(bank_bin="970415", account="113366668888", payee_name="UBND",
                          amount_vnd=200_000, code="H26.22.01-261122-K01A7Q")
    check_crc(payment.payload)
    top = tlv(payment.payload)
    assert top["00"] == "01"
    assert top["01"] == "12"  # dynamic: the amount is fixed
    beneficiary = tlv(top["38"])
    assert beneficiary["00"] == "A000000727"
    assert tlv(beneficiary["01"]) == {"00": "970415", "01": "113366668888"}
    assert beneficiary["02"] == "QRIBFTTA"
    assert top["53"] == "704"
    assert top["54"] == "200000"
    assert top["58"] == "VN"
    purpose = tlv(top["62"])["08"]
    assert purpose == payment.purpose == "LPHS H262201261122K01A7Q"
    assert payment.bank_name == "VietinBank"
    assert payment.payload.isascii()


@pytest.mark.parametrize(
    "code",
    ["H26.22.01-261122-K01A7Q", "H15.50.05.13-261008-0975", "000.00.00.H26-261122-ABCDEFGHIJK"],
)
def test_purpose_is_short_ascii_and_keeps_the_code_tail(code: str) -> None:
    purpose = payment_purpose(code)
    assert purpose.isascii()
    assert len(purpose) <= PURPOSE_MAX
    assert all(ch.isalnum() or ch == " " for ch in purpose)
    compact = "".join(ch for ch in code if ch.isalnum())
    assert compact.endswith(purpose.split()[-1]) or purpose.endswith(compact[-10:])


@pytest.mark.parametrize(
    ("bank_bin", "account", "amount"),
    [("97041", "1", 1), ("970415", "12 34", 1), ("970415", "113366668888", 0)],
)
def test_bad_fee_account_is_refused(bank_bin: str, account: str, amount: int) -> None:
    with pytest.raises(VietQRError):
        fee_payment(bank_bin=bank_bin, account=account, payee_name="X", amount_vnd=amount,
                    code="H26.22.01-261122-K01A7Q")
