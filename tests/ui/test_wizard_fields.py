"""Field components the birth registration does not use (several answers, signature, note,
repeated groups, ID number, number) on a small form built for the test, and the home
screen's search and categories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.config import Settings
from kiosk.forms.catalogue import build_service
from kiosk.forms.engine import FormSession
from kiosk.ui.catalogue_tiles import search_tiles, tiles_from_catalogue
from kiosk.ui.form_vm import FormViewModel

from .wizard_harness import Harness, harness_fixture


def _text(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


SAMPLE: dict[str, Any] = {
    "code": "LT-TEST-FIELDS", "catalogue_version": "2025.11.1",
    "names": _text("Thủ tục thử", "Test procedure"),
    "category": {"id": "test", "vi": "Thử", "en": "Test"},
    "agency": {"level": "commune", "name": _text("UBND xã", "Commune")},
    "legal_basis": ["none"], "service_level": "mot_phan",
    "fee": {"kind": "fixed", "amount_vnd": 3000, "basis": "test"},
    "processing_time": {"unit": "working_days", "value": 3},
    "documents": [], "result_places": [{"id": "mot_cua", "name": _text("Một cửa", "Counter")}],
    "verified": {"code": False, "legal_basis": False, "fee": False, "processing_time": False,
                 "documents": False, "form": False},
    "form": {
        "groups": [
            {"id": "about", "title": _text("Về bạn", "About you"), "fields": [
                {"id": "intro", "type": "note", "label": _text("Lưu ý", "Please note"),
                 "hint": _text("Chỉ là thử nghiệm.", "This is only a test.")},
                {"id": "applicant_id", "type": "id12", "label": _text("Số định danh", "ID number"),
                 "required": True},
                {"id": "reasons", "type": "multi_choice", "required": True,
                 "label": _text("Lý do", "Reasons"),
                 "choices": [{"value": "work", "label": _text("Công việc", "Work")},
                             {"value": "study", "label": _text("Học tập", "Study")},
                             {"value": "family", "label": _text("Gia đình", "Family")},
                             {"value": "other", "label": _text("Khác", "Other")}]},
                {"id": "copies", "type": "number", "integer": True, "min": 1, "max": 5,
                 "required": True, "label": _text("Số bản", "Copies")},
                {"id": "remarks", "type": "text", "multiline": True,
                 "label": _text("Ghi chú", "Remarks")},
            ]},
            {"id": "children", "title": _text("Các con", "Children"),
             "repeat": {"min": 1, "max": 2, "item_label": _text("Con", "Child")},
             "fields": [
                 {"id": "child_name", "type": "text", "required": True,
                  "label": _text("Họ tên", "Full name")},
                 {"id": "child_dob", "type": "date", "required": True,
                  "label": _text("Ngày sinh", "Date of birth")},
             ]},
            {"id": "sign", "title": _text("Ký tên", "Signature"), "fields": [
                {"id": "signature", "type": "signature", "required": True,
                 "label": _text("Chữ ký", "Signature"), "media_types": ["image/png"]},
            ]},
        ],
        "receipt": {"applicant_name": "'Test'", "applicant_id": "${applicant_id}"},
    },
}


@pytest.fixture
def harness(qapp, settings: Settings, tmp_path: Path) -> Iterator[Harness]:  # type: ignore[no-untyped-def]
    yield from harness_fixture(settings, tmp_path)


def sample_form(harness: Harness) -> FormViewModel:
    return harness.form(FormSession(build_service(SAMPLE, {})))


def rows(vm: FormViewModel) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in vm.fields}


def test_id_number_multi_choice_and_number(harness: Harness, artifacts_dir: Path) -> None:
    vm = sample_form(harness)
    harness.show("WizardScreen.qml", vm)
    assert harness.maybe("field_intro") is not None  # the note, no answer
    box = harness.type_into("input_applicant_id", "001099")
    assert box.property("inputMethodHints") & Qt.InputMethodHint.ImhDigitsOnly
    harness.unfocus()
    assert harness.find("error_applicant_id_text").property("text") == (
        "Số định danh cá nhân gồm đúng 12 chữ số.")
    harness.type_into("input_applicant_id", "012345")
    harness.unfocus()
    assert harness.find("error_applicant_id_text").property("text") == ""

    harness.find("choice_reasons_work").clicked.emit()  # type: ignore[attr-defined]
    harness.find("choice_reasons_family").clicked.emit()  # type: ignore[attr-defined]
    assert rows(vm)["reasons"]["value"] == ["work", "family"]
    harness.find("choice_reasons_work").clicked.emit()  # type: ignore[attr-defined]
    assert rows(vm)["reasons"]["value"] == ["family"]
    assert harness.find("choice_reasons_family").property("selected") is True

    harness.type_into("input_copies", "9")
    harness.unfocus()
    assert harness.find("error_copies_text").property("text") == "Không được lớn hơn 5."
    harness.shot(artifacts_dir / "wizard-fields-multi.png")
    harness.find("input_copies").setProperty("text", "")
    harness.type_into("input_copies", "2")
    assert rows(vm)["copies"]["value"] == "2"
    assert not harness.find("input_remarks").isVisible()  # several lines: a text area
    harness.type_into("area_remarks", "Xin nhận kết quả buổi chiều.")
    assert rows(vm)["remarks"]["value"] == "Xin nhận kết quả buổi chiều."
    assert rows(vm)["remarks"]["required"] is False
    harness.tap("wizardNext")
    assert vm.stepId == "children", [(r["path"], r["value"], r["error"]) for r in vm.fields]


def test_repeated_group_add_and_remove(harness: Harness, artifacts_dir: Path) -> None:
    vm = sample_form(harness)
    for path, value in {"applicant_id": "001099012345", "reasons": ["study"],
                        "copies": 1}.items():
        vm.setAnswer(path, value)
    assert vm.next()
    harness.show("WizardScreen.qml", vm)
    assert vm.repeat["isRepeat"] and vm.repeat["count"] == 1
    assert harness.find("repeatItem_children[0]") is not None
    assert not harness.find("removeItem_children[0]").isVisible()  # the minimum is one
    harness.type_into("input_children[0].child_name", "Phạm Minh An")
    harness.unfocus()
    harness.tap("addRepeat")
    assert vm.repeat["count"] == 2
    assert harness.find("removeItem_children[1]").isVisible()
    assert not harness.find("addRepeat").isVisible()  # the maximum is two
    assert harness.find("addRepeat").property("text").endswith("Thêm con")
    harness.type_into("input_children[1].child_name", "Phạm Minh Anh")
    harness.unfocus()
    harness.shot(artifacts_dir / "wizard-fields-repeat.png")
    harness.tap("wizardNext")  # dates are missing in both
    assert vm.stepId == "children"
    assert rows(vm)["children[1].child_dob"]["error"] == "Vui lòng điền mục này."
    harness.find("removeItem_children[1]").clicked.emit()  # type: ignore[attr-defined]
    assert vm.repeat["count"] == 1
    assert rows(vm)["children[0].child_name"]["value"] == "Phạm Minh An"
    assert "children[1].child_name" not in rows(vm)


def test_signature_is_drawn_and_attached(harness: Harness, qtbot, artifacts_dir: Path) -> None:
    vm = sample_form(harness)
    for path, value in {"applicant_id": "001099012345", "reasons": ["study"], "copies": 1,
                        "children[0].child_name": "An", "children[0].child_dob": "01/02/2020"
                        }.items():
        vm.setAnswer(path, value)
    assert vm.next() and vm.next()
    assert vm.stepId == "sign"
    harness.show("WizardScreen.qml", vm)
    pad = harness.find("signature_signature")
    origin = pad.mapToScene(pad.boundingRect().topLeft()).toPoint()
    window = harness.window
    QTest.mousePress(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     origin + QPoint(60, 120))
    for i in range(1, 30):
        QTest.mouseMove(window, origin + QPoint(60 + i * 14, 120 + (i % 6) * 9 - 20))
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       origin + QPoint(480, 110))
    qtbot.waitUntil(lambda: rows(vm)["signature"]["value"] is not None, timeout=5000)
    value = rows(vm)["signature"]["value"]
    assert value["media_type"] == "image/png"
    stored = vm.session.attachment_files["signature"].path  # type: ignore[union-attr]
    assert stored.parent == vm.session_dir and stored.stat().st_size > 500
    harness.shot(artifacts_dir / "wizard-fields-signature.png")
    harness.find("clearSignature_signature").clicked.emit()  # type: ignore[attr-defined]
    assert rows(vm)["signature"]["value"] is None


def test_search_is_accent_insensitive(settings: Settings) -> None:
    tiles = tiles_from_catalogue(settings)
    assert len(tiles) >= 8
    found = {t.code for t in search_tiles(tiles, "khai sinh")}
    assert "1.001193" in found and "1.004222" not in found
    assert {t.code for t in search_tiles(tiles, "Khai Sinh")} == found
    assert {t.code for t in search_tiles(tiles, "dang ky")} >= {"1.001193", "1.000656",
                                                                "1.004222", "1.004194"}
    assert search_tiles(tiles, "đăng ký khai tử")[0].code == "1.000656"
    assert search_tiles(tiles, "khai tu")[0].code == "1.000656"
    # The linked death group is found too: it registers a death.
    assert {t.code for t in search_tiles(tiles, "death")} == {"1.000656", "LT-KT-XTT-MT"}
    assert search_tiles(tiles, "xyz không có") == []
    civil = search_tiles(tiles, "", tiles[0].category_id)
    assert civil and all(t.category_id == tiles[0].category_id for t in civil)


def test_home_screen_search_and_categories(harness: Harness, artifacts_dir: Path) -> None:
    harness.show("HomeScreen.qml")
    assert harness.find("homeTitle").property("text").startswith("Xin chào")
    # A tile near the top: with 14 procedures the last ones are below the fold.
    assert harness.maybe("tile_1.004873") is not None
    harness.type_into("serviceSearch", "khai sinh")
    assert harness.maybe("tile_1.001193") is not None
    assert harness.maybe("tile_1.004873") is None
    harness.unfocus()
    harness.shot(artifacts_dir / "wizard-search.png")
    harness.tap("clearSearch")
    assert harness.maybe("tile_1.004873") is not None
    categories = harness.shell.services.categories
    residence = next(c for c in categories if c["id"] != "civil_status")
    harness.tap("category_" + residence["id"])
    codes = {r["code"] for r in harness.shell.services.results}
    assert codes and "1.001193" not in codes
    harness.shot(artifacts_dir / "wizard-categories.png")
    harness.tap("category_all")
    assert len(harness.shell.services.results) == harness.shell.services.count


def test_a_file_that_cannot_be_read_is_explained(harness: Harness, qtbot, tmp_path: Path
                                                 ) -> None:
    vm = sample_form(harness)
    for path, value in {"applicant_id": "001099012345", "reasons": ["study"], "copies": 1,
                        "children[0].child_name": "An", "children[0].child_dob": "01/02/2020"
                        }.items():
        vm.setAnswer(path, value)
    assert vm.next() and vm.next()
    vm.attachFile("signature", str(tmp_path / "gone.png"))
    assert rows(vm)["signature"]["busy"] is True
    qtbot.waitUntil(lambda: rows(vm)["signature"]["busy"] is False)
    assert rows(vm)["signature"]["error"] == (
        "Không đọc được tệp. Vui lòng thử lại hoặc chọn tệp khác.")
    harness.i18n.set_language("en")
    assert rows(vm)["signature"]["error"] == (
        "The file could not be read. Please try again or choose another file.")
    assert rows(vm)["signature"]["value"] is None
