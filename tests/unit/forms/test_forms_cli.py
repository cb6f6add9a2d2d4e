"""`kiosk catalogue ...` and `kiosk dossier new`: accepting and refusing like the wizard."""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.config import load, resources_path
from kiosk.dossier.local_code import validate_local_code
from kiosk.forms.calendar import WorkingCalendar, now_vn
from kiosk.forms.catalogue import load_catalogue
from kiosk.forms.engine import FormSession
from kiosk.sync.outbox import Outbox

from .conftest import DOCUMENT, FakeConverter, demo_card_json, sample_answers, sample_attachments


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(tmp_path / "data"), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def answers_file(tmp_path: Path, answers: dict[str, Any], name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return path


def attach_args(code: str) -> list[str]:
    out = []
    for field_id in sample_attachments(code):
        out += ["--attach", f"{field_id}={DOCUMENT}"]
    return out


# ---- catalogue ------------------------------------------------------------------------------


def test_catalogue_list(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "catalogue", "list", "--json")
    assert code == 0
    listed = {s["code"] for s in json.loads(out)["services"]}
    assert {"1.001193", "1.004222", "1.004194", "1.004873", "2.000488", "1.000656",
            "LT-KS-TT-BHYT", "1.002755"} <= listed
    code, out, _ = run(capsys, tmp_path, "catalogue", "list")
    assert code == 0
    assert "Đăng ký khai sinh" in out


def test_catalogue_show_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "catalogue", "show", "2.000488", "--json")
    assert code == 0
    doc = json.loads(out)
    fields = {f["id"]: f for step in doc["steps"] for f in step["fields"]}
    assert doc["fee"]["set_by"] == "ministry" and "online_support" not in doc["fee"]
    code, out, _ = run(capsys, tmp_path, "catalogue", "show", "1.002755", "--json")
    fee = json.loads(out)["fee"]
    assert (fee["amount_vnd"], fee["online_amount_vnd"]) == (15000, 7000)
    code, out, _ = run(capsys, tmp_path, "catalogue", "show", "1.004873", "--json")
    support = json.loads(out)["fee"]["online_support"]
    assert (support["from"], support["percent"]) == ("2026-01-01", 100)
    assert fields["copies"]["type"] == "number"
    assert fields["copies"]["min"] == 1
    assert fields["request_form"]["constraint"] == ". = '12' or ${certificate_type} != 'so_2'"
    assert fields["request_form"]["constraint_message"]["en"].startswith("Certificate no. 2")
    assert [c["value"] for c in fields["certificate_type"]["choices"]] == ["so_1", "so_2"]
    assert fields["applicant"]["prefill"] == "card.person"
    assert fields["applicant"]["parts"] == ["full_name", "id_number", "date_of_birth"]
    assert fields["period_from"]["path"] == "residence_history[i].period_from"
    # What an unanswered start takes: the 14th birthday, then the day after the period before.
    assert fields["period_from"]["follow"] == "add_years(applicant.date_of_birth, 14)"
    assert fields["period_from"]["after_previous"] == "period_to"
    assert "follow" not in fields["copies"]
    history = next(s for s in doc["steps"] if s["id"] == "residence_history")
    assert history["repeat"]["min"] == 1
    assert doc["fee"]["rule"] == "${fee_preview}"
    assert doc["verified"]["code"] is True
    code, _, err = run(capsys, tmp_path, "catalogue", "show", "0.000000", "--json")
    assert code == 2
    assert "0.000000" in err


def test_catalogue_validate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "catalogue", "validate")
    assert code == 0
    assert "OK" in out
    folder = tmp_path / "catalogue"
    shutil.copytree(resources_path() / "catalogue", folder)
    broken = json.loads((folder / "1.000656.json").read_text("utf-8"))
    broken["form"]["groups"][1]["fields"][5]["constraint"] = ". <= today() and"
    (folder / "1.000656.json").write_text(json.dumps(broken, ensure_ascii=False), "utf-8")
    code, out, err = run(capsys, tmp_path, "catalogue", "validate", str(folder))
    assert code == 1
    assert out.startswith("1.000656.json: form.groups[1](deceased).fields[5](death_date)"
                          ".constraint: syntax error")
    assert "1 problem(s)" in err
    code, out, _ = run(capsys, tmp_path, "catalogue", "validate", str(folder / "1.001193.json"))
    assert code == 0


# ---- dossier new ----------------------------------------------------------------------------


def test_catalogue_facts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, tmp_path, "catalogue", "facts", "--json")
    assert code == 0
    rows = json.loads(out)
    assert {r["code"] for r in rows} >= {"1.001193", "2.000488"}
    police = next(r for r in rows if r["code"] == "2.000488" and r["location"] == "agency")
    assert police["confidence"] == "medium" and police["checked"] == "2026-12-07"
    # What cites nothing first, then the oldest check first.
    checked = [r["checked"] or "" for r in rows]
    assert checked == sorted(checked)
    assert any(r["code"] == "overrides/1" for r in rows)  # Hà Nội's own rules are facts too
    code, out, _ = run(capsys, tmp_path, "catalogue", "facts", "--stale-after", "180d")
    uncited = [r for r in rows if r["checked"] is None]
    assert code == (1 if uncited else 0)  # facts citing nothing fail the check
    assert ("no source" in out) == bool(uncited)
    code, out, _ = run(capsys, tmp_path, "catalogue", "facts", "--stale-after", "0d")
    assert code == 1 and "2.000488" in out  # everything is older than today
    with pytest.raises(SystemExit) as refused:  # argparse: usage and exit 2
        run(capsys, tmp_path, "catalogue", "facts", "--stale-after", "soon")
    assert refused.value.code == 2 and "a number of days" in capsys.readouterr().err


def test_dossier_new_queues_a_valid_dossier(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    args = ["dossier", "new", "--service", "1.001193", "--answers",
            str(answers_file(tmp_path, sample_answers("1.001193"))), *attach_args("1.001193")]
    code, out, err = run(capsys, tmp_path, *args)
    assert code == 0, err
    local_code = out.strip()
    assert validate_local_code(local_code)
    with Outbox.open(load(env={}, data_dir=tmp_path / "data")) as outbox:
        entry = outbox.get(local_code)
        assert outbox.counts()
        record = outbox.receipt_record(local_code)
    assert entry is not None
    assert record.facts.id_number_masked == "********2345"
    code, out, err = run(capsys, tmp_path, *args, "--json", "--assisted-by", "TNV-01")
    assert code == 0, err
    result = json.loads(out)
    assert result["local_code"] != local_code
    # One extra copy of the extract, 8,000 đ, which Hà Nội pays for a dossier filed online.
    assert (result["fee"], result["fee_listed"]) == (0, 8000)
    assert "77/2025/NQ-HĐND" in result["fee_rule"]
    assert result["appointment"]
    assert result["dossier_id"]


def test_dossier_new_refuses_with_one_line_per_problem(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    answers = sample_answers("1.001193")
    answers["phone"] = "123"
    del answers["child_name"]
    answers["shoe_size"] = 42
    code, out, _ = run(capsys, tmp_path, "dossier", "new", "--service", "1.001193",
                         "--answers", str(answers_file(tmp_path, answers)))
    assert code == 2
    lines = out.strip().splitlines()
    assert lines == [
        "shoe_size: Không có mục này trong tờ khai.",
        "phone: Số điện thoại không đúng (10 số, ví dụ 0912345678).",
        "child_name: Vui lòng điền mục này.",
        "birth_certificate_photo: Vui lòng chụp hoặc tải lên giấy tờ này.",
    ]
    assert not (tmp_path / "data" / "outbox").exists() or not Outbox.open(
        load(env={}, data_dir=tmp_path / "data")).list()


def test_cli_and_session_agree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The same wrong answers give the same problems on screen and on the command line."""
    answers = sample_answers("2.000488")
    answers["copies"] = 11
    answers["request_form"] = "13"
    answers["certificate_type"] = "so_2"
    answers["residence_history"][0]["period_to"] = "2001-01-01"
    answers["post_address"] = {"province_code": 1, "commune_code": 27316, "street": "x"}
    code, out, _ = run(capsys, tmp_path, "dossier", "new", "--service", "2.000488",
                       "--answers", str(answers_file(tmp_path, answers)), "--json")
    assert code == 2
    from_cli = {(e["field"], e["code"]) for e in json.loads(out)["errors"]}
    service = load_catalogue(resources_path() / "catalogue", 1).get("2.000488")
    session = FormSession(service, calendar=WorkingCalendar.load(resources_path() / "holidays"),
                          address_converter=FakeConverter())
    session.set_answers(answers)
    from_screen = {(e.path, e.code) for e in session.errors()}
    assert from_cli == from_screen
    assert from_cli == {("copies", "above_max"), ("request_form", "constraint"),
                        ("authorised_person", "required"), ("authorisation_photo",
                                                            "attachment_required"),
                        ("residence_history[0].period_to", "constraint"),
                        ("post_address.commune_code", "commune_not_in_province")}


def test_extension_within_15_days_of_expiry(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    answers = sample_answers("1.002755")
    today = now_vn().date()
    answers["current_expiry"] = (today + timedelta(days=5)).isoformat()
    path = answers_file(tmp_path, answers)
    code, _out, err = run(capsys, tmp_path, "dossier", "new", "--service", "1.002755",
                         "--answers", str(path), *attach_args("1.002755"))
    assert code == 0, err
    answers["current_expiry"] = (today + timedelta(days=40)).isoformat()
    code, out, _ = run(capsys, tmp_path, "dossier", "new", "--service", "1.002755", "--answers",
                       str(answers_file(tmp_path, answers, "late.json")),
                       *attach_args("1.002755"))
    assert code == 2
    assert out.startswith("current_expiry: Chỉ gia hạn trong 15 ngày")


def test_card_values_cannot_be_contradicted(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    card = demo_card_json()
    del card["place_of_residence"]  # keeps this test fast: no address conversion
    card_file = tmp_path / "card.json"
    card_file.write_text(json.dumps(card, ensure_ascii=False), "utf-8")
    answers = sample_answers("1.004873")
    answers["requester"] = {**answers["requester"], "full_name": "Nguyễn Văn Khác"}
    code, out, _ = run(capsys, tmp_path, "--config", "/nonexistent", "dossier", "new",
                       "--service", "1.004873", "--answers", str(answers_file(tmp_path, answers)),
                       "--card-json", str(card_file))
    assert code == 2
    assert out.strip() == "requester: Thông tin này đọc từ chip căn cước, không sửa được."
    del answers["requester"]  # taken from the chip instead
    code, out, err = run(capsys, tmp_path, "dossier", "new", "--service", "1.004873",
                         "--answers", str(answers_file(tmp_path, answers)),
                         "--card-json", str(card_file), "--json")
    assert code == 0, err
    assert "requester" in json.loads(out)["prefilled_from_chip"]
    result = json.loads(out)
    # Hà Nội's own fee (3,000 đ), 0 đ filed online from 2026 (Resolution 77/2025/NQ-HĐND).
    assert (result["fee"], result["fee_listed"]) == (0, 3000)


@pytest.mark.parametrize(("args", "needle"), [
    (["--service", "0.000000"], "0.000000"),
    (["--service", "1.001193", "--attach", "no-equals-sign"], "TRƯỜNG=ĐƯỜNG_DẪN"),
])
def test_unusable_inputs_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                args: list[str], needle: str) -> None:
    path = answers_file(tmp_path, {})
    code, _, err = run(capsys, tmp_path, "dossier", "new", "--answers", str(path), *args)
    assert code == 2
    assert needle in err


def test_answers_file_must_be_json_object(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", "utf-8")
    code, _, err = run(capsys, tmp_path, "dossier", "new", "--service", "1.001193",
                       "--answers", str(bad))
    assert code == 2
    assert "JSON" in err
    code, _, err = run(capsys, tmp_path, "dossier", "new", "--service", "1.001193",
                       "--answers", str(answers_file(tmp_path, [1, 2])))  # type: ignore[arg-type]
    assert code == 2


@pytest.mark.slow
def test_dossier_new_with_the_demo_card_prefills(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path) -> None:
    card_file = tmp_path / "card.json"
    card_file.write_text(json.dumps(demo_card_json(), ensure_ascii=False), "utf-8")
    answers = {k: v for k, v in sample_answers("1.001193").items()
               if k not in ("declarant", "declarant_address", "father", "father_address")}
    code, out, err = run(capsys, tmp_path, "dossier", "new", "--service", "1.001193", "--answers",
                         str(answers_file(tmp_path, answers)), "--card-json", str(card_file),
                         *attach_args("1.001193"), "--json")
    assert code == 0, err
    prefilled = json.loads(out)["prefilled_from_chip"]
    assert {"declarant", "declarant_address", "father", "father_address"} <= set(prefilled)
