"""Maintain the Qt Linguist sources: extract strings, fill English, add Vietnamese.

    python tools/ts_fill.py update            # lupdate over kiosk/ui, English = source text
    python tools/ts_fill.py vi < pairs.json   # {"English source": "Vietnamese", ...}
    python tools/ts_fill.py missing           # list strings still lacking a translation

The .ts files in translations/ stay the single source of truth; translators may also open
them in Qt Linguist (pyside6-linguist).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "translations"
LANGS = ("vi", "en")


def ts_path(lang: str) -> Path:
    return TS_DIR / f"kiosk_{lang}.ts"


def lupdate() -> None:
    exe = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run(
        [str(exe), "-extensions", "qml,py", "-locations", "none", "-no-obsolete",
         "-source-language", "en", str(ROOT / "kiosk" / "ui"),
         "-ts", *(str(ts_path(lang)) for lang in LANGS)],
        check=True, stdout=subprocess.DEVNULL,
    )


def _write(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def fill(lang: str, pairs: dict[str, str] | None) -> list[str]:
    """Fill translations (English: the source itself); return sources still missing."""
    path = ts_path(lang)
    tree = ET.parse(path)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if lang == "en":
            translation.text = source
        elif pairs and source in pairs:
            translation.text = pairs[source]
        if translation.text:
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    _write(tree, path)
    return missing


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "update"
    if cmd == "update":
        lupdate()
        fill("en", None)
        missing = fill("vi", None)
    elif cmd == "vi":
        missing = fill("vi", json.load(sys.stdin))
    elif cmd == "missing":
        missing = fill("vi", None)
    else:
        print(__doc__)
        return 2
    for source in missing:
        print(f"missing vi: {source}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
