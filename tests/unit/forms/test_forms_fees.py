"""The fee as a citizen pays it (issue 17): the rule's amount for the way the kiosk files,
less what Hà Nội pays for a dossier filed online (Resolution 77/2025/NQ-HĐND), on screen, on
the receipt and in its VietQR (0 đ: no VietQR)."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.config import load
from kiosk.forms.calendar import VN_TZ, now_vn
from kiosk.forms.catalogue import Catalogue
from kiosk.forms.engine import FormSession
from kiosk.forms.fees import COUNTER, ONLINE, OnlineSupport, charge, listed_amount
from kiosk.forms.model import Text
from kiosk.forms.prefill import CardData
from kiosk.receipts.description import describe_receipt, fee_text, receiver
from kiosk.receipts.vietqr import payment_of
from kiosk.sync.outbox import Outbox
from kiosk.ui.catalogue_tiles import catalogue_entry

from .conftest import sample_answers
from .test_forms_cli import answers_file, attach_args, run

SUPPORT = OnlineSupport(start=date(2026, 1, 1), until=date(2026, 12, 31), percent=100,
                        fee_set_by=frozenset({"ministry", "province"}),
                        procedures=frozenset({"1.004873"}),
                        rule=Text("Hà Nội hỗ trợ 100%", "Hà Nội pays 100%"), sources=("x",))


@pytest.mark.parametrize(("code", "set_by", "channel", "on", "applies"), [
    ("1.004873", "province", ONLINE, date(2026, 1, 1), True),  # its first day
    ("1.004873", "ministry", ONLINE, date(2026, 12, 31), True),  # its last day
    ("1.004873", "province", ONLINE, date(2025, 12, 31), False),  # not yet
    ("1.004873", "province", ONLINE, date(2027, 1, 1), False),  # ended
    ("1.004873", "province", COUNTER, date(2026, 6, 1), False),  # filed at the counter
    ("1.004222", "ministry", ONLINE, date(2026, 6, 1), False),  # a procedure it does not name
    ("1.004873", None, ONLINE, date(2026, 6, 1), False),  # whose setter nobody sourced
])
def test_an_online_support_applies_only_where_its_rule_says(
        code: str, set_by: str | None, channel: str, on: date, applies: bool) -> None:
    assert SUPPORT.applies(code, set_by, channel, on) is applies
    paid = charge(3000, code=code, set_by=set_by, channel=channel, on=on, support=SUPPORT)
    assert (paid.payable_vnd, paid.rule is not None) == ((0, True) if applies else (3000, False))


def test_a_part_support_leaves_the_share_to_pay() -> None:
    half = dataclasses.replace(SUPPORT, percent=50)
    paid = charge(7001, code="1.004873", set_by="ministry", channel=ONLINE,
                  on=date(2026, 6, 1), support=half)
    assert (paid.listed_vnd, paid.payable_vnd, paid.supported_vnd) == (7001, 3500, 3501)


def test_the_channel_picks_the_amount_the_circular_sets() -> None:
    """Circular 75/2022/TT-BTC: 15,000 đ in person, 7,000 đ online for a residence
    registration; a fee without an online rate is the same both ways."""
    assert listed_amount(15000, 7000, ONLINE) == 7000
    assert listed_amount(15000, 7000, COUNTER) == 15000
    assert listed_amount(200000, None, ONLINE) == 200000


def marital_status(catalogue: Catalogue, card: CardData, *, channel: str = ONLINE,
                   now: datetime = datetime(2026, 11, 24, 10, 0, tzinfo=VN_TZ)) -> FormSession:
    return FormSession(catalogue.get("1.004873"), card=card, clock=lambda: now,
                       filing_channel=channel)


def test_hanoi_pays_its_own_fee_for_a_dossier_filed_online(
        catalogue: Catalogue, demo_card: CardData) -> None:
    """Hà Nội's 3,000 đ (Resolution 06/2020) is 0 đ filed online from 1 January 2026
    (Resolution 77/2025); at the counter, or before that day, it is due."""
    online = marital_status(catalogue, demo_card).charge()
    assert (online.listed_vnd, online.payable_vnd) == (3000, 0)
    assert online.rule is not None and "77/2025/NQ-HĐND" in online.rule.vi
    assert marital_status(catalogue, demo_card, channel=COUNTER).fee_vnd() == 3000
    before = marital_status(catalogue, demo_card,
                            now=datetime(2025, 12, 31, 10, 0, tzinfo=VN_TZ))
    assert (before.fee_vnd(), before.charge().rule) == (3000, None)


def test_the_overview_shows_the_fee_paid_and_the_rule_in_one_line(catalogue: Catalogue) -> None:
    entry = catalogue_entry(catalogue.get("1.004873"), ONLINE, date(2026, 12, 8))
    assert (entry["feePayable"], entry["feeListed"]) == (0, 3000)
    assert "77/2025/NQ-HĐND" in entry["feeRuleVi"] and "\n" not in entry["feeRuleVi"]
    # The listed 3,000 đ rests on one unofficial source, but nothing is to pay whatever it
    # is: the citizen is not sent to the counter over it.
    assert entry["feeUnconfirmed"] is False
    counter = catalogue_entry(catalogue.get("1.004873"), COUNTER, date(2026, 12, 8))
    assert (counter["feePayable"], counter["feeRuleVi"], counter["feeUnconfirmed"]) == (
        3000, "", True)
    # Birth registration's only charge, extra copies of the extract (Ministry of Finance),
    # is paid by the city whatever the number of copies.
    birth = catalogue_entry(catalogue.get("1.001193"), ONLINE, date(2026, 12, 8))
    assert birth["feePayable"] == 0 and "77/2025" in birth["feeRuleVi"]
    assert catalogue_entry(catalogue.get("1.001193"), COUNTER,
                           date(2026, 12, 8))["feePayable"] == -1  # depends on the copies


def dossier_receipt(capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str,
                    env: dict[str, str] | None = None,
                    answers: dict[str, object] | None = None
                    ) -> tuple[dict[str, object], object]:
    """Files `code` with its sample answers through `kiosk dossier new`; its JSON and the
    receipt record the outbox keeps."""
    given = sample_answers(code) if answers is None else answers
    args = ["dossier", "new", "--service", code, "--answers",
            str(answers_file(tmp_path, given)), *attach_args(code), "--json"]
    with pytest.MonkeyPatch.context() as mp:
        for k, v in (env or {}).items():
            mp.setenv(k, v)
        status, out, err = run(capsys, tmp_path, *args)
    assert status == 0, err
    result = json.loads(out)
    with Outbox.open(load(env={}, data_dir=tmp_path / "data")) as outbox:
        record = outbox.receipt_record(str(result["local_code"]))
    return result, record


def vietqr_amount(payload: str) -> int:
    """EMVCo tag 54 (transaction amount) of a VietQR payload."""
    i = 0
    while i < len(payload):
        tag, size = payload[i:i + 2], int(payload[i + 2:i + 4])
        if tag == "54":
            return int(payload[i + 4:i + 4 + size])
        i += 4 + size
    raise AssertionError("no amount in the VietQR")


def test_a_supported_fee_prints_0_and_the_rule_and_no_vietqr(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result, record = dossier_receipt(capsys, tmp_path, "1.004873")
    assert (result["fee"], result["fee_listed"]) == (0, 3000)
    settings = load(env={}, data_dir=tmp_path / "data")
    assert settings.payee_account  # a fee account is set: only the 0 đ keeps the QR away
    assert payment_of(record, settings) is None  # type: ignore[arg-type]
    line = fee_text(record.facts)  # type: ignore[attr-defined]
    assert line.startswith("không phải nộp (phí, lệ phí 3.000 đồng; Hà Nội hỗ trợ 100%")
    printed = describe_receipt(record, settings)  # type: ignore[arg-type]
    assert "NỘP PHÍ QUA VIETQR" not in repr(printed.blocks)
    assert "Nghị quyết 77/2025/NQ-HĐND" in repr(printed.blocks)


def test_a_fee_nobody_supports_is_the_vietqr_amount(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The judicial record (police, Ministry of Finance's fee) is not named by Hà Nội's
    support: the VietQR asks for the whole fee; at the counter for Hà Nội's own fee too."""
    result, record = dossier_receipt(capsys, tmp_path, "2.000488")
    settings = load(env={}, data_dir=tmp_path / "data")
    payment = payment_of(record, settings)  # type: ignore[arg-type]
    assert payment is not None and result["fee"] == result["fee_listed"]
    assert vietqr_amount(payment.payload) == result["fee"] > 0
    counter, record = dossier_receipt(capsys, tmp_path, "1.004873",
                                      {"KIOSK_FILING_CHANNEL": "counter"})
    payment = payment_of(record, settings)  # type: ignore[arg-type]
    assert payment is not None and vietqr_amount(payment.payload) == counter["fee"] == 3000
    assert re.search(r"3\.000 đồng", fee_text(record.facts))  # type: ignore[attr-defined]


def test_a_residence_extension_filed_here_pays_the_online_rate(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Circular 75/2022/TT-BTC: 7,000 đ filed online (15,000 đ in person); no Hà Nội support
    is sourced for the police's procedures, so the VietQR asks for 7,000 đ."""
    answers = sample_answers("1.002755")
    answers["current_expiry"] = (now_vn().date() + timedelta(days=5)).isoformat()
    result, record = dossier_receipt(capsys, tmp_path, "1.002755", answers=answers)
    payment = payment_of(record, load(env={}, data_dir=tmp_path / "data"))  # type: ignore[arg-type]
    assert payment is not None and vietqr_amount(payment.payload) == result["fee"] == 7000
    counter, _ = dossier_receipt(capsys, tmp_path, "1.002755",
                                 {"KIOSK_FILING_CHANNEL": "counter"}, answers)
    assert counter["fee"] == 15000


def test_the_receipt_names_the_agency_that_decides_and_its_own_receipt(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The kiosk only hands the dossier on: its paper names the police as deciding a judicial
    record or a residence registration, and says their own receipt (CT04) follows; it does
    not pose as that form (issue 17)."""
    settings = load(env={}, data_dir=tmp_path / "data")
    _, record = dossier_receipt(capsys, tmp_path, "2.000488")
    printed = repr(describe_receipt(record, settings).blocks)  # type: ignore[arg-type]
    assert "Cơ quan giải quyết" in printed and "Công an tỉnh, thành phố" in printed
    assert "08 giờ làm việc" in printed
    # Received by the support point, filed online to the police: not the ward's desk.
    assert receiver(record.facts, settings) == (  # type: ignore[attr-defined]
        "Điểm hỗ trợ dịch vụ công 24/7 tại UBND Phường Hoàn Kiếm "
        "(nộp trực tuyến đến cơ quan giải quyết)")
    assert "(nộp trực tuyến đến cơ quan giải quyết)" in printed
    answers = sample_answers("1.002755")
    answers["current_expiry"] = (now_vn().date() + timedelta(days=5)).isoformat()
    _, record = dossier_receipt(capsys, tmp_path, "1.002755", answers=answers)
    facts = record.facts  # type: ignore[attr-defined]
    printed = repr(describe_receipt(record, settings).blocks)  # type: ignore[arg-type]
    assert "(mẫu CT04)" in printed and "giấy biên nhận của ki-ốt" in printed
    assert facts.result_place_vi == "Thông báo kết quả bản giấy tại Công an cấp xã"
    # A civil-status procedure decided where it is filed has no such note.
    _, record = dossier_receipt(capsys, tmp_path, "1.004873")
    assert record.facts.agency_receipt_vi == ""  # type: ignore[attr-defined]
