"""Structured logs: JSON lines, rotation, levels; and nothing of a citizen leaks into them."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import logging
import stat
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.config import Settings
from kiosk.logs import structured as logs
from kiosk.logs.redaction import RedactionFilter, SessionRedactor, is_sensitive_key, redact_text
from kiosk.text.vietnamese import remove_diacritics

# A citizen whose family name is not in the common-surname list, so only the session layer
# knows it is a name; and one with a common family name, caught by pattern.
NAME = "Kiều Thị Minh Nguyệt"
NAME_2 = "Nguyễn Văn Bình"
ADDRESS = "Số 12 ngõ 34 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội"
ID_12 = "001099012345"
ID_9 = "012345678"
PHONE = "0912 345 678"
EMAIL = "kieu.nguyet+hs@example.com.vn"
DOB = "14/02/1990"
PHOTO = base64.b64encode(bytes(range(256)) * 8).decode()
MRZ = "IDVNM0990123454001099012345<<8"
MRZ_NAME = "KIEU<<THI<MINH<NGUYET<<<<<<<<"
APDU = "90 00 6F 1A 84 07 A0 00 00 02 47 10 01 A5 0F 5F 2D 02 76 69 9F 6E 06 00 01"

SECRETS = [
    NAME,
    NAME_2,
    ADDRESS,
    "Hàng Bạc",
    ID_12,
    ID_9,
    PHONE,
    "912 345 678",
    "345678",
    EMAIL,
    "kieu.nguyet",
    DOB,
    PHOTO[:40],
    "KIEU",
    "NGUYET",
    "47 10 01",
]
KEPT = ["H26.22.01-250701-0001", "khai-sinh", "kiosk.session", "card read", "attempt"]


@pytest.fixture
def restore_root() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    for handler in [h for h in root.handlers if getattr(h, "_kiosk_handler", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)


def log_a_session(session: SessionRedactor) -> None:
    """What careless code in a session might log."""
    log = logging.getLogger("kiosk.session")
    session.register(NAME, ADDRESS, DOB)
    log.info("card read for %s, born %s, living at %s", NAME, DOB, ADDRESS)
    log.info(
        "card read",
        extra={
            "full_name": NAME,
            "id_number": ID_12,
            "photo": PHOTO,
            "dossier": "H26.22.01-250701-0001",
            "service": "khai-sinh",
        },
    )
    log.info(
        "form",
        extra={
            "fields": {
                "place_of_residence": ADDRESS,
                "phone": PHONE,
                "note": f"call {PHONE} or {EMAIL}",
            },
            "values": [ID_12, "ok", {"name": NAME_2}],
            "attempt": 2,
        },
    )
    log.warning("old ID %s and CCCD %s, phone %s, mail %s", ID_9, ID_12, PHONE, EMAIL)
    log.debug("APDU response %s", APDU)
    log.info("MRZ %s / %s", MRZ, MRZ_NAME)
    log.info("face image data:image/jpeg;base64,%s", PHOTO)
    log.info("citizen without accents: %s, %s", remove_diacritics(NAME), remove_diacritics(ADDRESS))
    log.info("upper: %s", NAME.upper())
    log.info("spouse %s", NAME_2)
    try:
        raise ValueError(f"cannot parse name {NAME!r} id {ID_12}")
    except ValueError:
        log.exception("card parse failed")
    log.info("printed", stack_info=False, extra={"receipt": f"receipt for {NAME}"})


def test_logs_full_session_leaks_nothing(settings: Settings, restore_root: None) -> None:
    settings = dataclasses.replace(settings, log_level="DEBUG")
    session = SessionRedactor()
    console = io.StringIO()
    path = logs.setup_logging(settings, session=session, stream=console)
    log_a_session(session)
    session.clear()
    for handler in logging.getLogger().handlers:
        handler.flush()
    raw = path.read_text(encoding="utf-8")
    records = [json.loads(line) for line in raw.splitlines()]
    decoded = json.dumps(records, ensure_ascii=False)
    everything = raw + decoded + console.getvalue()
    for secret in SECRETS:
        for form in {secret, remove_diacritics(secret), secret.upper()}:
            assert form not in everything, form
    for kept in KEPT:
        assert kept in decoded
    assert len(records) == 12
    assert {r["level"] for r in records} == {"INFO", "WARNING", "DEBUG", "ERROR"}
    assert all(r["logger"] == "kiosk.session" and r["ts"].endswith("Z") for r in records)
    failed = next(r for r in records if r["msg"] == "card parse failed")
    assert "ValueError" in failed["exc"] and "Traceback" in failed["exc"]
    card = next(r for r in records if r["msg"] == "card read")
    assert card["full_name"] == "[REDACTED]" and card["dossier"] == "H26.22.01-250701-0001"


def test_logs_files_are_private_and_rotate(
    settings: Settings, restore_root: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "LOG_MAX_BYTES", 2000)
    path = logs.setup_logging(settings, console=False)
    log = logging.getLogger("kiosk.sync")
    for i in range(100):
        log.info("dossier sent", extra={"attempt": i})
    assert path == settings.data_dir / "logs" / "kiosk.jsonl"
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    rotated = sorted(path.parent.glob("kiosk.jsonl.*"))
    assert [p.name for p in rotated] == [f"kiosk.jsonl.{i}" for i in range(1, 6)]
    for p in [path, *rotated]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600
        assert p.stat().st_size <= 2000
    recent = logs.read_recent(path, limit=10)
    assert [r["attempt"] for r in recent] == list(range(90, 100))


def test_logs_level_from_settings_and_idempotent(settings: Settings, restore_root: None) -> None:
    path = logs.setup_logging(dataclasses.replace(settings, log_level="warning"), console=False)
    path = logs.setup_logging(dataclasses.replace(settings, log_level="WARNING"), console=False)
    log = logging.getLogger("kiosk.ui")
    log.info("not written")
    log.warning("written once")
    text = path.read_text(encoding="utf-8")
    assert "not written" not in text
    assert text.count("written once") == 1
    logs.setup_logging(dataclasses.replace(settings, log_level="LOUD"), console=False)
    assert logging.getLogger().level == logging.INFO
    assert "unknown log_level" in path.read_text(encoding="utf-8")


def test_session_redactor_scope_and_variants() -> None:
    session = SessionRedactor()
    assert redact_text(f"hello {NAME}") == f"hello {NAME}"  # only the session knows it
    with session.session(NAME, ADDRESS, None, ""):
        assert session.active
        for form in (
            NAME,
            NAME.upper(),
            remove_diacritics(NAME).lower(),
            "Kiều  Thị\tMinh Nguyệt",
            "KIEU<<THI<MINH<NGUYET",
            "phố Hàng Bạc",
        ):
            assert session.redact(f"x {form} y") == "x [REDACTED] y", form
    assert not session.active
    assert session.redact(f"x {NAME}") == f"x {NAME}"  # the next citizen's logs are not masked
    session.register("An")  # too short to mask safely
    assert not session.active


def test_redaction_filter_on_any_handler() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactionFilter(SessionRedactor()))
    log = logging.getLogger("test.redaction.plain")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.error("ID %s phone %s", ID_12, "+84 912 345 678")
        log.error("bad %s %s", "only-one-arg")  # broken %-args still logged, redacted
    finally:
        log.removeHandler(handler)
    out = stream.getvalue()
    assert ID_12 not in out and "912 345 678" not in out
    assert "[ID]" in out and "[PHONE]" in out and "only-one-arg" in out


@pytest.mark.parametrize(
    ("key", "sensitive"),
    [
        ("name", True),
        ("full_name", True),
        ("father_name", True),
        ("place_of_residence", True),
        ("permanent_address", True),
        ("photo", True),
        ("face_image", True),
        ("id_number", True),
        ("cccd", True),
        ("phone_number", True),
        ("date_of_birth", True),
        ("printer_name", False),
        ("reader_name", False),
        ("dossier", False),
        ("service", False),
        ("attempt", False),
    ],
)
def test_redaction_sensitive_keys(key: str, sensitive: bool) -> None:
    assert is_sensitive_key(key) is sensitive


def test_redaction_keeps_operational_text() -> None:
    for text in (
        "dossier H26.22.01-250701-0001 sent in 12.5 ms",
        "path /var/lib/hanoi-kiosk/receipts/2025/07/H26.22.01-250701-0001.pdf",
        "reader ACS ACR1252 1S CL Reader PICC 0",
        "fee 50.000 VND",
        "kiosk.devices.card_reader.ReadDataGroup",
        "queue depth 3, oldest 120 s",
        "UBND Phường Hoàn Kiếm, Hà Nội",
    ):
        assert redact_text(text) == text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="0123456789", min_size=12, max_size=12),
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.sampled_from(["3", "5", "7", "8", "9"]),
    st.sampled_from(["", " ", "."]),
    st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=20),
)
def test_redaction_never_lets_ids_or_phones_through(
    id12: str, rest: str, prefix: str, sep: str, noise: str
) -> None:
    phone = f"0{prefix}{rest[0]}{sep}{rest[1:4]}{sep}{rest[4:]}"
    text = f"{noise} cccd {id12}, cmnd {id12[:9]}; tel {phone} {noise}"
    out = redact_text(text)
    assert id12 not in out and id12[:9] not in out
    assert phone not in out
    assert rest[4:] + " " not in out.replace(noise, "")


# Dossier ids are UUIDs; their last group is 12 hex digits, often 9-12 digits in a row, which
# must not be taken for an ID number or a phone (issue #14, item 10).
UUIDS = [
    "1c9587c4-ad60-4917-b58f-001099012345",  # the last group looks like a 12-digit CCCD
    "5d2c8e4a-1b3f-4d6e-a7c9-123456789b11",  # 9 digits, then hex letters
    "0f3e5d7c-9b1a-4c2e-8d4f-900000000001",  # all digits
    "2b4d6f8a-4a1c-4e5d-9f0b-a0912345678f",  # a mobile number inside the group
    "7e0a2b1d-0241-2345-6789-abcdefabcdef",  # a Hà Nội landline across groups
    "3A9F0C21-77B4-4D0E-8E6A-012345678999",  # upper case
]


def test_redaction_keeps_dossier_uuids_and_redacts_ids_beside_them() -> None:
    text = (
        f"dossiers {UUIDS[0]}, {UUIDS[1]} sent; cccd {ID_12} (cmnd {ID_9}) tel {PHONE}; "
        f"retry {UUIDS[2]}/{UUIDS[3]}:{UUIDS[4]} [{UUIDS[5]}] "
        f"path /var/lib/hanoi-kiosk/outbox/{UUIDS[0]}.json số CCCD:{ID_12}."
    )
    assert redact_text(text) == (
        f"dossiers {UUIDS[0]}, {UUIDS[1]} sent; cccd [ID] (cmnd [ID]) tel [PHONE]; "
        f"retry {UUIDS[2]}/{UUIDS[3]}:{UUIDS[4]} [{UUIDS[5]}] "
        f"path /var/lib/hanoi-kiosk/outbox/{UUIDS[0]}.json số CCCD:[ID]."
    )


def test_redaction_digits_in_longer_tokens_are_not_ids() -> None:
    # Part of a hex or alphanumeric identifier: kept.
    for token in ("123456789b11", "a3f9123456789012", "x1y2001099012345", "0912345678ab"):
        assert redact_text(f"job {token} done") == f"job {token} done"
    # Alone, after a label glued to it, beside Vietnamese text or punctuation: redacted.
    for text, expected in (
        (f"CCCD{ID_12}", "CCCD[ID]"),
        (f"số{ID_12}", "số[ID]"),
        (f"{ID_12}đã", "[ID]đã"),
        (f"({ID_12})", "([ID])"),
        (f"{ID_12}_front.jpg", "[ID]_front.jpg"),
        (f"id-{ID_9}-x", "id-[ID]-x"),
        ("tel0912345678", "tel[PHONE]"),
        (f"{UUIDS[0]}-{ID_12}", f"{UUIDS[0]}-[ID]"),
    ):
        assert redact_text(text) == expected, text


@settings(max_examples=300, deadline=None)
@given(st.uuids(), st.booleans(), st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_redaction_never_touches_a_uuid(uuid: object, upper: bool, id12: str) -> None:
    u = str(uuid).upper() if upper else str(uuid)
    assert redact_text(u) == u
    out = redact_text(f"dossier {u} for cccd {id12}; receipts/{u}.pdf")
    # 02... is also how a landline starts: either way the number is gone.
    assert out in (
        f"dossier {u} for cccd {mark}; receipts/{u}.pdf" for mark in ("[ID]", "[PHONE]")
    )
