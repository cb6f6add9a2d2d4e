"""The one set of sample citizens: the people virtual cards carry in demo mode and tests, the
applicant on the sample receipt (the admin's test page, `kiosk receipt render --sample`) and
the dossiers the sync tests queue.

Everything here is invented. The ID numbers follow the real layout (province 001 = Hà Nội, a
gender/century digit, the 2-digit birth year, 6 digits) but belong to nobody.
"""

from __future__ import annotations

import hashlib
import io
import random
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from kiosk.devices.card.access_key import LAW_2014_AGES, LAW_2023_AGES, expiry_under_law


@dataclass(frozen=True)
class CitizenRecord:
    id_number: str
    full_name: str
    date_of_birth: date
    gender: str  # "Nam" or "Nữ", as printed on the card
    nationality: str
    ethnicity: str
    religion: str
    place_of_origin: str
    place_of_residence: str
    identifying_marks: str
    date_of_issue: date
    date_of_expiry: date | None  # None = "Không thời hạn"
    father_name: str
    mother_name: str
    spouse_name: str | None
    old_id_number: str | None
    face_jpeg: bytes

    def __repr__(self) -> str:
        # Keep personal data and 18 KB of JPEG out of logs and assertion messages.
        return f"CitizenRecord(id=…{self.id_number[-3:]}, face={len(self.face_jpeg)} bytes)"


# Skin, hair and clothes per portrait seed, so the test citizens do not all look alike.
_SKIN = ((233, 196, 160), (222, 180, 140), (205, 160, 120), (240, 205, 175))
_SHIRT = ((245, 245, 245), (40, 60, 110), (120, 30, 40), (60, 90, 60))


@lru_cache(maxsize=16)
def portrait_jpeg(
    seed: str, *, long_hair: bool = False, size: tuple[int, int] = (360, 480)
) -> bytes:
    """A drawn passport-style portrait as JPEG, deterministic for a seed and Pillow version.

    Real chip photos are 15-20 KB; flat drawings compress far below that, so a seeded grain
    (like a photo's sensor noise) is blended in to reach a realistic size.
    """
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(hashlib.sha256(seed.encode()).digest())
    width, height = size
    image = Image.new("RGB", size, (236, 240, 246))
    draw = ImageDraw.Draw(image)
    # Light background gradient, as under studio lights.
    for y in range(height):
        shade = 246 - y * 24 // height
        draw.line([(0, y), (width, y)], fill=(shade - 12, shade - 6, shade))
    skin = rng.choice(_SKIN)
    hair = (rng.randint(15, 40), rng.randint(10, 30), rng.randint(5, 25))
    shirt = rng.choice(_SHIRT)
    cx = width // 2
    face_w, face_h = width * 0.44, height * 0.5
    top = height * 0.13
    # Shoulders and collar.
    draw.ellipse([cx - width * 0.6, height * 0.76, cx + width * 0.6, height * 1.4], fill=shirt)
    draw.polygon(
        [(cx - 44, height * 0.76), (cx, height * 0.88), (cx + 44, height * 0.76)],
        fill=(250, 250, 250),
    )
    draw.rectangle([cx - 38, top + face_h * 0.8, cx + 38, height * 0.8], fill=skin)
    if long_hair:
        draw.rounded_rectangle(
            [cx - face_w * 0.66, top - 20, cx + face_w * 0.66, top + face_h * 1.25], 60, fill=hair
        )
    # Ears, face, hair cap.
    for side in (-1, 1):
        ex = cx + side * face_w * 0.5
        draw.ellipse([ex - 16, top + face_h * 0.38, ex + 16, top + face_h * 0.62], fill=skin)
    draw.ellipse([cx - face_w / 2, top, cx + face_w / 2, top + face_h], fill=skin)
    draw.chord(
        [cx - face_w * 0.54, top - 22, cx + face_w * 0.54, top + face_h * 0.55], 180, 360, fill=hair
    )
    # Eyes, brows, nose, mouth.
    eye_y = top + face_h * 0.47
    for side in (-1, 1):
        ex = cx + side * face_w * 0.2
        draw.ellipse([ex - 15, eye_y - 7, ex + 15, eye_y + 7], fill=(250, 250, 250))
        draw.ellipse([ex - 6, eye_y - 6, ex + 6, eye_y + 6], fill=(45, 30, 20))
        draw.line([(ex - 18, eye_y - 20), (ex + 16, eye_y - 22)], fill=hair, width=5)
    nose = [(cx, eye_y + 8), (cx - 10, top + face_h * 0.68), (cx + 8, top + face_h * 0.69)]
    draw.line(nose, fill=tuple(c - 40 for c in skin), width=3)
    mouth_y = top + face_h * 0.8
    draw.arc([cx - 26, mouth_y - 12, cx + 26, mouth_y + 8], 20, 160, fill=(150, 70, 70), width=4)
    image = image.filter(ImageFilter.GaussianBlur(1.2))
    grain = Image.frombytes("L", size, rng.randbytes(width * height)).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    image = Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.07)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()


def _expiry(dob: date, issue: date) -> date | None:
    law = LAW_2023_AGES if issue >= date(2024, 7, 1) else LAW_2014_AGES
    return expiry_under_law(dob, issue, law)


# The demo family's home, as the pre-2025 chips print it (the holder, his wife, his
# grandfather live there).
_FAMILY_HOME = ("Số 18 Ngõ 45 Phố Hàng Trống, Tổ dân phố số 7, "
                "Phường Hàng Trống, Quận Hoàn Kiếm, Thành phố Hà Nội")


def demo_citizen() -> CitizenRecord:
    """The demo card's holder: a fictional Hà Nội resident born in 1999."""
    dob, issue = date(1999, 8, 15), date(2023, 3, 20)
    return CitizenRecord(
        id_number="001099012345",
        full_name="Phạm Quốc Hưng",
        date_of_birth=dob,
        gender="Nam",
        nationality="Việt Nam",
        ethnicity="Kinh",
        religion="Không",
        place_of_origin="Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội",
        place_of_residence=_FAMILY_HOME,
        identifying_marks="Nốt ruồi C:1,5cm trên trước đầu lông mày trái",
        date_of_issue=issue,
        date_of_expiry=_expiry(dob, issue),
        father_name="Phạm Văn Thắng",
        mother_name="Nguyễn Thị Thu Hà",
        spouse_name="Lê Thị Ngọc Ánh",
        old_id_number="013579246",
        face_jpeg=portrait_jpeg("001099012345"),
    )


def demo_spouse() -> CitizenRecord:
    """The demo holder's wife, whose name his chip carries: the sample "other parent's card"
    of the demo's birth registration."""
    dob, issue = date(2000, 2, 20), date(2024, 9, 12)
    return CitizenRecord(
        id_number="001300045678",
        full_name="Lê Thị Ngọc Ánh",
        date_of_birth=dob,
        gender="Nữ",
        nationality="Việt Nam",
        ethnicity="Kinh",
        religion="Không",
        place_of_origin="Phường Quang Trung, Thành phố Thái Bình, Tỉnh Thái Bình",
        place_of_residence=_FAMILY_HOME,
        identifying_marks="Nốt ruồi C:0,5cm dưới trước cánh mũi phải",
        date_of_issue=issue,
        date_of_expiry=_expiry(dob, issue),
        father_name="Lê Văn Hùng",
        mother_name="Trần Thị Lan",
        spouse_name="Phạm Quốc Hưng",
        old_id_number=None,
        face_jpeg=portrait_jpeg("001300045678", long_hair=True),
    )


def demo_grandfather() -> CitizenRecord:
    """The demo holder's grandfather, who lived with the family: the sample card of the
    demo's death registration (a deceased person's card is handed in with the papers)."""
    dob, issue = date(1941, 3, 12), date(2021, 5, 17)
    return CitizenRecord(
        id_number="001041003217",
        full_name="Phạm Văn Lộc",
        date_of_birth=dob,
        gender="Nam",
        nationality="Việt Nam",
        ethnicity="Kinh",
        religion="Không",
        place_of_origin="Xã Đông Hội, Huyện Đông Anh, Thành phố Hà Nội",
        place_of_residence=_FAMILY_HOME,
        identifying_marks="Sẹo chấm C:1cm trên sau cánh mũi trái",
        date_of_issue=issue,
        date_of_expiry=_expiry(dob, issue),
        father_name="Phạm Văn Bình",
        mother_name="Đỗ Thị Nhàn",
        spouse_name="Trần Thị Hoa",
        old_id_number="010203041",
        face_jpeg=portrait_jpeg("001041003217"),
    )


def other_citizens() -> list[CitizenRecord]:
    """Test holders: no expiry (issued at 61), unmarried (born 2004), a 2014-law card."""
    elder_dob, elder_issue = date(1960, 1, 12), date(2021, 4, 5)
    young_dob, young_issue = date(2004, 10, 4), date(2021, 6, 21)
    mid_dob, mid_issue = date(1988, 5, 5), date(2021, 3, 2)
    return [
        CitizenRecord(
            id_number="001160004321",
            full_name="Đỗ Thị Hồng Nhung",
            date_of_birth=elder_dob,
            gender="Nữ",
            nationality="Việt Nam",
            ethnicity="Kinh",
            religion="Phật giáo",
            place_of_origin="Xã Phùng Xá, Huyện Thạch Thất, Thành phố Hà Nội",
            place_of_residence=(
                "Số 7 Ngách 12/3 Ngõ Văn Chương, Phường Văn Chương, Quận Đống Đa, Thành phố Hà Nội"
            ),
            identifying_marks="Sẹo chấm C:2cm dưới sau mép phải",
            date_of_issue=elder_issue,
            date_of_expiry=_expiry(elder_dob, elder_issue),
            father_name="Đỗ Văn Lực",
            mother_name="Trịnh Thị Tuyết",
            spouse_name="Bùi Minh Quang",
            old_id_number="011223344",
            face_jpeg=portrait_jpeg("001160004321", long_hair=True),
        ),
        CitizenRecord(
            id_number="001204056789",
            full_name="Vũ Hoàng Nam",
            date_of_birth=young_dob,
            gender="Nam",
            nationality="Việt Nam",
            ethnicity="Tày",
            religion="Không",
            place_of_origin="Xã Yên Bình, Huyện Thạch Thất, Thành phố Hà Nội",
            place_of_residence=(
                "Phòng 1204 Tòa nhà CT2, Khu đô thị Mỹ Đình, Phường Mỹ Đình 1, "
                "Quận Nam Từ Liêm, Thành phố Hà Nội"
            ),
            identifying_marks="Nốt ruồi C:1cm dưới trước cằm",
            date_of_issue=young_issue,
            date_of_expiry=_expiry(young_dob, young_issue),
            father_name="Vũ Đức Thành",
            mother_name="Hoàng Thị Mai",
            spouse_name=None,
            old_id_number=None,
            face_jpeg=portrait_jpeg("001204056789"),
        ),
        CitizenRecord(
            id_number="001188007654",
            full_name="Ngô Thị Phương Thảo",
            date_of_birth=mid_dob,
            gender="Nữ",
            nationality="Việt Nam",
            ethnicity="Kinh",
            religion="Công giáo",
            place_of_origin="Phường Sơn Lộc, Thị xã Sơn Tây, Thành phố Hà Nội",
            place_of_residence=(
                "Số 102 Phố Trần Duy Hưng, Phường Trung Hòa, Quận Cầu Giấy, Thành phố Hà Nội"
            ),
            identifying_marks="Sẹo chấm C:1cm trên sau đuôi mắt trái",
            date_of_issue=mid_issue,
            date_of_expiry=_expiry(mid_dob, mid_issue),
            father_name="Ngô Văn Khải",
            mother_name="Lưu Thị Dung",
            spouse_name="Trần Quang Vinh",
            old_id_number="012987654",
            face_jpeg=portrait_jpeg("001188007654", long_hair=True),
        ),
    ]


@dataclass(frozen=True)
class Contact:
    """What a citizen types, not what the chip holds: for receipts and dossiers."""

    phone: str
    email: str


# Phone numbers in a Viettel range, e-mails at example.vn (RFC 2606-style reserved names).
_CONTACTS = {
    "001099012345": Contact("0912 345 678", "quochung.pham@example.vn"),
    "001160004321": Contact("0983 160 432", "hongnhung.do@example.vn"),
    "001204056789": Contact("0868 204 056", "hoangnam.vu@example.vn"),
    "001188007654": Contact("0904 188 765", "phuongthao.ngo@example.vn"),
    "001300045678": Contact("0977 300 045", "ngocanh.le@example.vn"),
    "001041003217": Contact("0243 826 1234", "vanloc.pham@example.vn"),
}

# Who plays which part outside the card reader.
RECEIPT_SAMPLE_ID = "001188007654"  # the sample receipt's applicant
SYNC_TEST_ID = "001160004321"  # the sync tests' applicant, whose data must never leak


def all_citizens() -> list[CitizenRecord]:
    return [demo_citizen(), demo_spouse(), demo_grandfather(), *other_citizens()]


def citizen(id_number: str) -> CitizenRecord:
    for record in all_citizens():
        if record.id_number == id_number:
            return record
    raise KeyError(f"no sample citizen …{id_number[-3:]}")


def contact(id_number: str) -> Contact:
    return _CONTACTS[id_number]
