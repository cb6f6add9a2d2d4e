"""Translations are complete and built: every string the UI can show has a finished
Vietnamese and English translation, and every .qm is what lrelease makes of its .ts today.

Fix a failure with `.venv/bin/python tools/ts_fill.py update`, Vietnamese through
`tools/ts_fill.py vi < pairs.json`, then `make translations`.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
UI = ROOT / "kiosk" / "ui"
LANGUAGES = ("vi", "en")
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    exe = BIN / name
    if not exe.exists():
        pytest.fail(f"{name} is missing from the venv (PySide6 ships it)")
    return str(exe)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """(context, source) -> <message> of a .ts file."""
    out = {}
    # The project's own .ts files, not untrusted input.
    for context in ET.parse(ts).getroot().iter("context"):  # noqa: S314
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def finished(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return False
    forms = translation.findall("numerusform")
    texts = [f.text for f in forms] if forms else [translation.text]
    return all(t and t.strip() for t in texts)


@pytest.fixture(scope="module")
def source_strings(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str]]:
    """What the code asks to translate today, straight from the sources."""
    ts = tmp_path_factory.mktemp("lupdate") / "sources.ts"
    subprocess.run(
        [_tool("pyside6-lupdate"), "-extensions", "qml,py", "-locations", "none",
         "-no-obsolete", "-source-language", "en", str(UI), "-ts", str(ts)],
        check=True, capture_output=True, timeout=300,
    )
    found = set(messages(ts))
    assert len(found) > 50, "lupdate found almost nothing: is kiosk/ui still where it was?"
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_source_string_has_a_finished_translation(
    source_strings: set[tuple[str, str]], lang: str
) -> None:
    catalogue = messages(TRANSLATIONS / f"kiosk_{lang}.ts")
    missing = sorted(
        f"{context}: {source!r}"
        for context, source in source_strings
        if (context, source) not in catalogue or not finished(catalogue[(context, source)])
    )
    assert not missing, (
        f"{len(missing)} string(s) lack a finished {lang} translation "
        "(run tools/ts_fill.py update, then add them):\n" + "\n".join(missing)
    )


def test_vietnamese_is_not_just_the_english_copied(source_strings: set[tuple[str, str]]) -> None:
    # English fills itself with the source; a Vietnamese catalogue that equals it almost
    # everywhere means someone ran the English fill on it.
    catalogue = messages(TRANSLATIONS / "kiosk_vi.ts")
    same = [s for key in source_strings if (s := key[1]).isascii() and any(c.isalpha() for c in s)
            and key in catalogue and catalogue[key].findtext("translation") == s]
    assert len(same) < len(source_strings) * 0.1, same[:20]


@pytest.mark.parametrize("ts", sorted(TRANSLATIONS.glob("*.ts")), ids=lambda p: p.name)
def test_qm_is_built_from_the_current_ts(ts: Path, tmp_path: Path) -> None:
    qm = ts.with_suffix(".qm")
    assert qm.exists(), f"{qm.name} is missing: run `make translations`"
    fresh = tmp_path / qm.name
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(fresh)],
                   check=True, capture_output=True, timeout=120)
    assert qm.stat().st_mtime >= ts.stat().st_mtime, (
        f"{qm.name} is older than {ts.name}: run `make translations`"
    )
    assert qm.read_bytes() == fresh.read_bytes(), (
        f"{qm.name} differs from what lrelease builds from {ts.name}: run `make translations`"
    )
