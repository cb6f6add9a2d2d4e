"""What the receipt says, as a list of blocks: form Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả
kết quả" (Circular 01/2018/TT-VPCP), independent of paper size.

`kiosk.receipts.layout` places these blocks on an 80 mm roll or an A4/A5 sheet; nothing here
knows about points or fonts, so both layouts (and a screen preview) say the same thing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal

from kiosk.config import Settings
from kiosk.dossier.masking import mask_id_number
from kiosk.dossier.model import ReceiptFacts, ReceiptRecord
from kiosk.receipts.qr import ECC_PAYMENT, ECC_TRACKING, tracking_url
from kiosk.receipts.vietqr import payment_of

# Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
VIETNAM_TZ = timezone(timedelta(hours=7), "ICT")

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
UNIT_LINE = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"

Style = Literal["regular", "bold", "italic"]
Role = Literal["body", "small"]


def nfc(text: str) -> str:
    """Precomposed Vietnamese letters: reportlab draws one glyph per character and does not
    stack combining marks, so decomposed input (e.g. read from a chip) must be composed."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Span:
    text: str
    style: Style = "regular"


@dataclass(frozen=True)
class Header:
    unit_lines: tuple[str, ...]  # receiving unit, last line bold
    motto_lines: tuple[str, ...]


@dataclass(frozen=True)
class PlaceDate:
    text: str


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    role: Role = "body"
    align: Literal["left", "center"] = "left"


@dataclass(frozen=True)
class ItemList:
    """A heading paragraph, then numbered items with a hanging indent."""

    heading: tuple[Span, ...]
    items: tuple[str, ...]


@dataclass(frozen=True)
class SignatureBox:
    title: str
    hint: str
    name: str


@dataclass(frozen=True)
class Signatures:
    left: SignatureBox
    right: SignatureBox


@dataclass(frozen=True)
class QRCode:
    payload: str
    ecc: int
    title: str
    caption: tuple[Span, ...]  # one paragraph per span


@dataclass(frozen=True)
class QRGroup:
    codes: tuple[QRCode, ...]


@dataclass(frozen=True)
class Rule:
    """A thin full-width separator (the roll's "tear here" feel; a gap on A4)."""


Block = Header | PlaceDate | Title | Paragraph | ItemList | Signatures | QRGroup | Rule


@dataclass(frozen=True)
class ReceiptDescription:
    code: str  # the code printed as "Mã hồ sơ"
    pdf_title: str  # PDF metadata: no personal data in it
    blocks: tuple[Block, ...] = field(default=())


def format_vnd(amount: int) -> str:
    """200000 -> "200.000 đồng" (Vietnamese groups thousands with dots)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


_WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def local_time(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # a naive time is taken as already local
        return moment.replace(tzinfo=VIETNAM_TZ)
    return moment.astimezone(VIETNAM_TZ)


def place_date(place: str, moment: datetime) -> str:
    t = local_time(moment)
    return f"{place}, ngày {t.day:02d} tháng {t.month:02d} năm {t.year}"


def time_of_day(moment: datetime, *, weekday: bool = False) -> str:
    t = local_time(moment)
    day = f"{_WEEKDAYS[t.weekday()]}, " if weekday else ""
    return f"{t.hour:02d} giờ {t.minute:02d} phút, {day}ngày {t:%d/%m/%Y}"


def _field(label: str, value: str, value_style: Style = "regular",
           align: Literal["left", "center"] = "left") -> Paragraph:
    return Paragraph((Span(f"{label}: ", "bold"), Span(value, value_style)), align=align)


def describe_receipt(record: ReceiptRecord, settings: Settings) -> ReceiptDescription:
    """The receipt's blocks, in reading order, for one dossier."""
    facts = record.facts
    code = record.official_code or record.local_code
    blocks: list[Block] = [
        Header(unit_lines=(settings.agency_name.upper(), UNIT_LINE), motto_lines=MOTTO),
        PlaceDate(place_date(settings.agency_place, record.created_at)),
        Title(TITLE),
    ]
    # centred under the title, as on the form
    if record.official_code:
        blocks.append(_field("Mã hồ sơ", record.official_code, "bold", "center"))
        blocks.append(_field("Mã tạm tại ki-ốt", record.local_code, align="center"))
    else:
        blocks.append(_field("Mã hồ sơ (tạm thời)", record.local_code, "bold", "center"))
    blocks.append(Rule())
    blocks += [
        _field("Bộ phận tiếp nhận", receiver(facts, settings)),
        _field("Tiếp nhận hồ sơ của", facts.applicant_name, "bold"),
    ]
    if facts.id_number_masked:
        blocks.append(_field("Số định danh cá nhân", mask_id_number(facts.id_number_masked)))
    blocks.append(_field("Địa chỉ", facts.applicant_address))
    contact = [s for s in (facts.applicant_phone, facts.applicant_email) if s]
    if facts.applicant_phone:
        blocks.append(_field("Số điện thoại", facts.applicant_phone))
    if facts.applicant_email:
        blocks.append(_field("Email", facts.applicant_email))
    if not contact:
        blocks.append(_field("Liên hệ", "(không cung cấp)"))
    blocks += [
        _field(
            "Nội dung yêu cầu giải quyết",
            f"{facts.service_name_vi} (mã thủ tục {record.service_code})",
        ),
        *([_field("Cơ quan giải quyết", facts.agency_vi)] if facts.agency_vi else []),
        ItemList(
            (Span("(1) Thành phần hồ sơ đã nộp:", "bold"),),
            facts.documents or ("(không có giấy tờ kèm theo)",),
        ),
        _field("(2) Số lượng hồ sơ", f"{facts.sets:02d} bộ"),
        _field("(3) Thời gian giải quyết theo quy định",
               facts.processing_time_vi + (f" ({TO_CONFIRM})" if facts.time_unconfirmed else "")),
        _field("(4) Thời gian nhận hồ sơ", time_of_day(record.created_at)),
        _field(
            "(5) Thời gian trả kết quả",
            time_of_day(facts.appointment_at, weekday=True)
            if facts.appointment_at
            else "cơ quan sẽ báo qua điện thoại hoặc email",
            "bold",
        ),
        _field("(6) Nơi nhận kết quả", facts.result_place_vi
               + (f" đến địa chỉ: {facts.delivery_address}" if facts.delivery_address else "")),
    ]
    if facts.postage_vi:
        blocks.append(_field("Cước bưu chính", facts.postage_vi))
    blocks.append(_field("Phí, lệ phí", fee_text(facts)))
    notes = [n for n in (facts.notes_vi, facts.agency_receipt_vi) if n]
    if not record.official_code:
        notes.append(
            "Mã hồ sơ trên là mã tạm do ki-ốt cấp; mã chính thức được cập nhật khi hồ sơ "
            "được gửi lên Cổng dịch vụ công. Tra cứu bằng mã QR hoặc mã hồ sơ."
        )
    if notes:
        blocks.append(Paragraph((Span("Ghi chú: ", "bold"), Span(" ".join(notes), "italic"))))
    blocks.append(Rule())
    blocks.append(QRGroup(tuple(_qr_codes(record, settings, code))))
    blocks.append(
        Signatures(
            left=SignatureBox("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", facts.applicant_name),
            right=SignatureBox(
                "NGƯỜI TIẾP NHẬN HỒ SƠ", "(Tiếp nhận tự động)", f"Ki-ốt {settings.kiosk_id}"
            ),
        )
    )
    return ReceiptDescription(
        code=code, pdf_title=f"{TITLE} - {code}", blocks=tuple(_normalised(b) for b in blocks)
    )


def _qr_codes(record: ReceiptRecord, settings: Settings, code: str) -> list[QRCode]:
    codes = [
        QRCode(
            payload=tracking_url(settings.tracking_url, record),
            ecc=ECC_TRACKING,
            title="TRA CỨU HỒ SƠ",
            caption=(
                Span(code, "bold"),
                Span("Quét mã để xem tình trạng hồ sơ", "italic"),
            ),
        )
    ]
    fee = record.facts.fee_vnd
    payment = payment_of(record, settings)
    if payment is not None:
        codes.append(
            QRCode(
                payload=payment.payload,
                ecc=ECC_PAYMENT,
                title="NỘP PHÍ QUA VIETQR",
                caption=(
                    Span(f"Số tiền: {format_vnd(fee)}", "bold"),
                    Span(f"{payment.bank_name} - TK {payment.account}"),
                    Span(payment.payee_name),
                    Span(f"Nội dung: {payment.purpose}"),
                ),
            )
        )
    return codes


_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub(" ", nfc(text)).strip()


def _normalised(block: Block) -> Block:
    """NFC and single spaces everywhere, so wrapping and copy-paste behave."""
    if isinstance(block, Paragraph):
        spans = tuple(Span(_SPACES.sub(" ", nfc(s.text)), s.style) for s in block.spans)
        return Paragraph(spans, block.role, block.align)
    if isinstance(block, ItemList):
        return ItemList(block.heading, tuple(_clean(i) for i in block.items))
    if isinstance(block, Signatures):
        return Signatures(
            SignatureBox(block.left.title, block.left.hint, _clean(block.left.name)),
            SignatureBox(block.right.title, block.right.hint, _clean(block.right.name)),
        )
    if isinstance(block, Header):
        return Header(tuple(_clean(s) for s in block.unit_lines), block.motto_lines)
    return block


def next_steps(facts: ReceiptFacts) -> dict[str, str]:
    """What the receipt says happens next, for the receipt screen (nothing of it may be only
    on paper: the printer can fail): when and where the result is, the fee, what to bring.
    In Vietnamese, as the receipt; empty strings for what does not apply."""
    return {
        "appointment": time_of_day(facts.appointment_at, weekday=True)
        if facts.appointment_at else "",
        "resultPlace": facts.result_place_vi
        + (f" đến địa chỉ: {facts.delivery_address}" if facts.delivery_address else ""),
        "postage": facts.postage_vi,
        "fee": fee_text(facts),
        "bring": facts.notes_vi,
    }


def receiver(facts: ReceiptFacts, settings: Settings) -> str:
    """Who received the dossier. Where another agency decides it and issues its own receipt
    (the police), the kiosk is only the support point that filed it online: the ward's
    one-stop desk must not read as the receiver (issue 17)."""
    if facts.agency_receipt_vi:
        return (f"{settings.kiosk_name} tại {settings.agency_name} "
                f"(nộp trực tuyến đến cơ quan giải quyết)")
    return f"{settings.agency_name} - {settings.kiosk_name}"


# What the receipt and the screens say beside a fact no official source confirms (issue 17).
TO_CONFIRM = "cần xác nhận tại bộ phận một cửa"


def fee_text(facts: ReceiptFacts) -> str:
    """The fee as the receipt words it (and the screen repeats it): what is paid, and when a
    province's support lowered it, the listed fee and the rule in one line."""
    if facts.fee_rule_vi and facts.fee_listed_vnd:
        paid = "không phải nộp" if facts.fee_vnd <= 0 else f"nộp {format_vnd(facts.fee_vnd)}"
        text = (f"{paid} (phí, lệ phí {format_vnd(facts.fee_listed_vnd)}; "
                f"{facts.fee_rule_vi})")
    elif facts.fee_vnd <= 0:
        text = "không thu phí"
    else:
        text = format_vnd(facts.fee_vnd) + (f" ({facts.fee_basis})" if facts.fee_basis else "")
    return text + (f" - {TO_CONFIRM}" if facts.fee_unconfirmed else "")
