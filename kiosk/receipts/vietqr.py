"""The VietQR (NAPAS, EMVCo merchant-presented) payload for a dossier's fee.

Built with `vietnam-qr-pay`; the purpose (tag 62, sub-tag 08, at most 25 characters by the
EMVCo spec) names the dossier code in plain ASCII letters and digits, because many banking
apps drop or reject punctuation in the transfer note and the accountant matches payments to
dossiers by it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vietnam_qr_pay import BanksObject, QRPay

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.dossier.model import ReceiptRecord

log = logging.getLogger(__name__)

PURPOSE_MAX = 25  # EMVCo: "Purpose of Transaction", ans..25
PURPOSE_PREFIX = "LPHS "  # lệ phí hồ sơ

_BIN = re.compile(r"\d{6}")
_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,19}")


class VietQRError(KioskError, ValueError):
    """The fee account in the settings cannot make a valid VietQR (an admin fault)."""

    message_vi = "Chưa cấu hình đúng tài khoản nhận phí. Vui lòng nộp phí tại quầy một cửa."
    message_en = "The fee account is not set up correctly. Please pay the fee at the counter."


@dataclass(frozen=True)
class FeePayment:
    """What the payment QR encodes and what the receipt prints beside it."""

    payload: str
    bank_bin: str
    bank_name: str  # short name, e.g. "VietinBank"; the BIN when the bank is unknown
    account: str
    payee_name: str
    amount_vnd: int
    purpose: str


def payment_purpose(code: str) -> str:
    """ASCII transfer note naming the dossier code, short enough for tag 62/08.

    "H26.22.01-261122-K01A7Q" -> "LPHS H262201261122K01A7Q". A longer agency code keeps the
    code's tail (date, sequence and check character), which is what tells dossiers apart.
    """
    compact = re.sub(r"[^0-9A-Za-z]", "", code).upper()
    purpose = PURPOSE_PREFIX + compact
    if len(purpose) <= PURPOSE_MAX:
        return purpose
    return compact[-PURPOSE_MAX:]


def bank_short_name(bank_bin: str) -> str:
    for bank in BanksObject.values():
        if bank.bin == bank_bin:
            return str(bank.short_name)
    return bank_bin


def fee_payment(
    *, bank_bin: str, account: str, payee_name: str, amount_vnd: int, code: str
) -> FeePayment:
    """A dynamic VietQR (method 12) for `amount_vnd` to the account, naming `code`."""
    if not _BIN.fullmatch(bank_bin):
        raise VietQRError(f"payee_bank_bin must be 6 digits, not {bank_bin!r}")
    if not _ACCOUNT.fullmatch(account):
        raise VietQRError("payee_account must be 1-19 letters or digits")
    if amount_vnd <= 0:
        raise VietQRError(f"a payment QR needs a positive amount, not {amount_vnd}")
    purpose = payment_purpose(code)
    qr = QRPay.init_viet_qr(
        bank_bin=bank_bin, bank_number=account, amount=str(amount_vnd), purpose=purpose
    )
    return FeePayment(
        payload=qr.build(),
        bank_bin=bank_bin,
        bank_name=bank_short_name(bank_bin),
        account=account,
        payee_name=payee_name,
        amount_vnd=amount_vnd,
        purpose=purpose,
    )


def payment_of(record: ReceiptRecord, settings: Settings) -> FeePayment | None:
    """The VietQR for a receipt's fee, or None: no fee, no fee account configured, or an
    invalid one (logged: the fee line still tells the citizen to pay; an admin fixes it)."""
    fee = record.facts.fee_vnd
    if fee <= 0 or not (settings.payee_bank_bin and settings.payee_account):
        return None
    try:
        return fee_payment(bank_bin=settings.payee_bank_bin, account=settings.payee_account,
                           payee_name=settings.payee_name, amount_vnd=fee,
                           code=record.local_code)
    except VietQRError:
        log.warning("payment QR skipped: fee account settings are invalid")
        return None
