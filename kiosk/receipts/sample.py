"""A realistic sample receipt record for `kiosk receipt render --sample`, the admin's test
page, previews and tests.

The applicant is one of the kiosk's sample citizens (kiosk/devices/simulator/citizens.py, the
one set of invented people); the procedure is a judicial record certificate (lý lịch tư pháp,
2.000488) with its 200,000 đ fee, so both QR codes appear.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.devices.simulator.citizens import RECEIPT_SAMPLE_ID, citizen, contact
from kiosk.dossier.masking import mask_id_number
from kiosk.dossier.model import ReceiptFacts, ReceiptRecord
from kiosk.receipts.description import VIETNAM_TZ

SAMPLE_LOCAL_CODE = "H26.22.01-261122-K01A7Q"


def sample_record(
    *,
    local_code: str = SAMPLE_LOCAL_CODE,
    official_code: str | None = None,
    fee_vnd: int = 200_000,
) -> ReceiptRecord:
    person = citizen(RECEIPT_SAMPLE_ID)
    reach = contact(RECEIPT_SAMPLE_ID)
    facts = ReceiptFacts(
        applicant_name=person.full_name,
        applicant_address=person.place_of_residence,
        applicant_phone=reach.phone,
        applicant_email=reach.email,
        id_number_masked=mask_id_number(person.id_number),
        service_name_vi="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        service_name_en="Issuing a judicial record certificate to a Vietnamese citizen",
        documents=(
            "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
            "Bản chụp Thẻ căn cước của người yêu cầu",
            "Bản chụp giấy xác nhận thông tin về cư trú",
        ),
        sets=1,
        processing_time_vi="10 ngày",
        result_place_vi=(
            "Bộ phận Một cửa, UBND phường Hoàn Kiếm, số 126 phố Hàng Trống, Hà Nội"
        ),
        fee_vnd=fee_vnd,
        fee_basis="Thông tư 16/2025/TT-BTC" if fee_vnd else "",
        appointment_at=datetime(2026, 12, 7, 8, 0, tzinfo=VIETNAM_TZ),
        notes_vi="Mang theo Thẻ căn cước bản gốc khi nhận kết quả.",
    )
    return ReceiptRecord(
        dossier_id="5b0f6c1e-3c1a-4a7e-9d55-2f8e6b1d4c90",
        local_code=local_code,
        service_code="2.000488",
        created_at=datetime(2026, 11, 22, 14, 5, tzinfo=VIETNAM_TZ),
        facts=facts,
        official_code=official_code,
    )
