"""Draw the demo mode's sample papers: one picture per document the catalogue asks citizens
to photograph or scan, so that `make run` can finish every procedure with no camera, scanner
or USB stick.

Each picture is unmistakably a sample: a red "MẪU – SAMPLE" stamp across the page and a footer
saying it has no legal value. The names on it are the kiosk's sample citizens (invented).

    .venv/bin/python tools/make_sample_papers.py     # writes resources/sample_papers/*.jpg

Run again after adding a document to the catalogue; tests/unit/forms/test_sample_papers.py
fails while one is missing.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.devices.simulator.citizens import demo_citizen  # noqa: E402
from kiosk.forms.sample_papers import SAMPLE_DIR, needed_documents  # noqa: E402

FONTS = ROOT / "resources" / "fonts"
SIZE = (900, 1270)  # about A4's proportions; small enough to stay near 100 KB as JPEG
INK = (30, 30, 40)
RED = (200, 20, 20)


def font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / name), size)


def draw_paper(document_id: str, title: str) -> Image.Image:
    person = demo_citizen()
    page = Image.new("RGB", SIZE, (250, 248, 240))
    draw = ImageDraw.Draw(page)
    width = SIZE[0]
    y = 50
    for text, face in (("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font("NotoSerif-Bold.ttf", 30)),
                       ("Độc lập - Tự do - Hạnh phúc", font("NotoSerif-Bold.ttf", 26))):
        draw.text((width / 2, y), text, font=face, fill=INK, anchor="mt")
        y += 44
    y += 40
    for line in textwrap.wrap(title.upper(), 34):
        draw.text((width / 2, y), line, font=font("NotoSerif-Bold.ttf", 36), fill=INK,
                  anchor="mt")
        y += 52
    y += 30
    body = font("NotoSerif-Regular.ttf", 26)
    lines = [
        f"Họ, chữ đệm, tên: {person.full_name}",
        f"Ngày, tháng, năm sinh: {person.date_of_birth:%d/%m/%Y}",
        f"Số định danh cá nhân: {person.id_number}",
        f"Vợ/chồng: {person.spouse_name or '—'}",
        "Nơi cư trú: " + person.place_of_residence,
    ]
    for line in lines:
        for part in textwrap.wrap(line, 56):
            draw.text((70, y), part, font=body, fill=INK)
            y += 40
    for _ in range(3):  # room for what a real paper would say
        draw.text((70, y), "." * 70, font=body, fill=INK)
        y += 40
    draw.text((width - 90, y + 40), "Người ký (mẫu)", font=body, fill=INK, anchor="rt")
    # The stamp, drawn on its own layer and turned, so it crosses the whole page.
    stamp = Image.new("RGBA", SIZE, (0, 0, 0, 0))
    stamp_draw = ImageDraw.Draw(stamp)
    stamp_draw.text((SIZE[0] / 2, SIZE[1] / 2), "MẪU – SAMPLE", font=font("NotoSans-Bold.ttf", 130),
                    fill=(*RED, 110), anchor="mm")
    page.paste(stamp.rotate(35, resample=Image.Resampling.BICUBIC), (0, 0),
               stamp.rotate(35, resample=Image.Resampling.BICUBIC))
    footer = font("NotoSans-Bold.ttf", 22)
    draw.rectangle((0, SIZE[1] - 110, width, SIZE[1]), fill=RED)
    draw.text((width / 2, SIZE[1] - 80), "GIẤY TỜ MẪU ĐỂ DÙNG THỬ KI-ỐT – KHÔNG CÓ GIÁ TRỊ",
              font=footer, fill="white", anchor="mt")
    draw.text((width / 2, SIZE[1] - 45), f"SAMPLE FOR THE KIOSK DEMO – NOT A REAL DOCUMENT "
              f"({document_id})", font=footer, fill="white", anchor="mt")
    return page


def main() -> int:
    SAMPLE_DIR.mkdir(parents=True, exist_ok=True)
    for document_id, title in sorted(needed_documents().items()):
        out = SAMPLE_DIR / f"{document_id}.jpg"
        draw_paper(document_id, title).save(out, "JPEG", quality=70, optimize=True)
        print(f"{out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
