"""A realistic sample receipt record for `kiosk receipt render --sample`, previews and tests.

Invented person and address; a judicial record certificate (lý lịch tư pháp, procedure
2.000488) with its 200,000 đ fee, so both QR codes appear.
"""

from __future__ import annotations

from datetime import datetime

from kiosk.dossier.model import ReceiptFacts, ReceiptRecord
from kiosk.receipts.description import VIETNAM_TZ

SAMPLE_LOCAL_CODE = "H26.22.01-261122-K01A7Q"


def sample_record(
    *,
    local_code: str = SAMPLE_LOCAL_CODE,
    official_code: str | None = None,
    applicant_name: str = "Nguyễn Thị Phương Thảo",
    applicant_address: str = (
        "Số 12, ngách 45/17, ngõ 123 phố Hàng Bạc, tổ dân phố số 8, "
        "phường Hoàn Kiếm, thành phố Hà Nội"
    ),
    fee_vnd: int = 200_000,
) -> ReceiptRecord:
    facts = ReceiptFacts(
        applicant_name=applicant_name,
        applicant_address=applicant_address,
        applicant_phone="0912 345 678",
        applicant_email="phuongthao.nguyen@example.vn",
        id_number_masked="********2345",
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
