"""Home-screen tiles from the service catalogue."""

from __future__ import annotations

from kiosk.config import Settings
from kiosk.ui.shell import ServiceTile

# Until the catalogue loader lands: the essential procedures the kiosk is built for.
_ESSENTIAL = [
    ServiceTile("1.001193", "Đăng ký khai sinh", "Birth registration"),
    ServiceTile("1.004222", "Đăng ký thường trú", "Permanent residence registration"),
    ServiceTile("1.004194", "Đăng ký tạm trú", "Temporary residence registration"),
    ServiceTile("1.004873", "Cấp Giấy xác nhận tình trạng hôn nhân",
                "Marriage status certificate"),
    ServiceTile("2.000488", "Cấp Phiếu lý lịch tư pháp", "Judicial record certificate"),
    ServiceTile("1.000656", "Đăng ký khai tử", "Death registration"),
]


def tiles_from_catalogue(settings: Settings) -> list[ServiceTile]:
    return list(_ESSENTIAL)
