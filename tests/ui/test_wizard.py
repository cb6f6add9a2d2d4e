"""The wizard: FormViewModel over a real birth-registration FormSession pre-filled from the
demo card, driven through the view-model and by touching the QML screens. Screenshots of
every screen go to tests/artifacts/wizard-*.png for people to look at."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtQuick import QQuickItem

from kiosk.config import Settings
from kiosk.forms.engine import FormIncompleteError
from kiosk.ui.form_vm import FormViewModel

from .wizard_harness import Harness, birth_session, harness_fixture

CHILD_DOB = date.today() - timedelta(days=20)


@pytest.fixture
def harness(qapp, settings: Settings, tmp_path: Path) -> Iterator[Harness]:  # type: ignore[no-untyped-def]
    yield from harness_fixture(settings, tmp_path)


@pytest.fixture
def document(tmp_path: Path) -> Path:
    """A "USB stick" folder with a photographed birth certificate."""
    folder = tmp_path / "usb" / "GIAY-TO"
    folder.mkdir(parents=True)
    image = Image.new("RGB", (900, 1200), (250, 248, 240))
    for y in range(150, 1100, 60):  # lines of "text", so the preview shows a page
        image.paste((90, 90, 110), (100, y, 800, y + 14))
    image.save(folder / "giay-chung-sinh.jpg", quality=80)
    return folder


def rows(vm: FormViewModel) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in vm.fields}


# Answers per step for a father filing with his own card (the demo citizen is a man).
ANSWERS: dict[str, dict[str, Any]] = {
    "declarant": {"declarant_relationship": "cha", "phone": "0912 345 678"},
    "child": {"child_name": "Phạm Minh An", "child_gender": "nam",
              "child_dob": CHILD_DOB.strftime("%d/%m/%Y"),
              "child_birth_place": "Bệnh viện Phụ sản Hà Nội"},
    "mother": {"mother": {"full_name": "Lê Thị Ngọc Ánh", "id_number": "001199001234",
                          "date_of_birth": "02/03/1999"},
               "mother_ethnicity": "Kinh",
               "mother_address": {"province_code": 1, "commune_code": 70,
                                  "street": "Số 18 Ngõ 45 Phố Hàng Trống"}},
    "father": {"parents_married": True},
    "documents": {},
    "result": {},
}


def test_view_model_walks_the_birth_registration_to_a_dossier(
    harness: Harness, qtbot, settings: Settings, document: Path
) -> None:
    vm = harness.form(birth_session(), settings=settings)
    # Six steps: the closing statement is agreed on the review screen, not on a step.
    assert (vm.stepIndex, vm.stepCount, vm.stepId) == (0, 6, "declarant")
    assert vm.canGoBack is False
    first = rows(vm)
    assert first["declarant"]["prefilled"] and first["declarant"]["locked"]
    assert first["declarant"]["value"]["full_name"] == "Phạm Quốc Hưng"
    conversion = first["declarant_address"]["conversion"]
    assert conversion["status"] == "matched"
    assert "Quận Hoàn Kiếm" in conversion["original"]
    assert first["declarant_address"]["value"]["commune_name"] == "Phường Hoàn Kiếm"
    assert not first["phone"]["prefilled"]
    assert first["phone"]["error"] == ""  # nothing is judged before the citizen acts
    # The card holder is a man: "father" is offered chosen (and can be changed).
    assert first["declarant_relationship"]["value"] == "cha"
    assert first["declarant_relationship"]["prefilled"] and not first[
        "declarant_relationship"]["locked"]

    with qtbot.waitSignal(vm.nextRefused) as refused:
        assert vm.next() is False
    assert refused.args == ["phone"]
    assert vm.stepIndex == 0
    assert rows(vm)["phone"]["error"] == "Vui lòng điền mục này."
    assert rows(vm)["email"]["error"] == ""  # optional

    # A language switch re-labels everything, errors included.
    with qtbot.waitSignal(vm.fieldsChanged):
        harness.i18n.set_language("en")
    assert rows(vm)["phone"]["label"] == "Contact phone number"
    assert rows(vm)["phone"]["error"] == "Please fill in this item."
    assert vm.stepTitle == "Person filing"
    harness.i18n.set_language("vi")
    assert vm.stepTitle == "Người đi đăng ký"

    # A typed phone number keeps its spaces on screen; an invalid one is refused.
    vm.setAnswer("phone", "0912 34")
    vm.commitField("phone")
    assert rows(vm)["phone"]["value"] == "0912 34"
    assert rows(vm)["phone"]["error"].startswith("Số điện thoại không đúng")
    assert vm.next() is False

    for step_id, answers in ANSWERS.items():
        assert vm.stepId == step_id
        for path, value in answers.items():
            vm.setAnswer(path, value)
        if step_id == "father":
            father = rows(vm)["father"]
            assert father["prefilled"] and father["value"]["id_number"] == "001099012345"
        if step_id == "documents":
            assert vm.next() is False  # the photo is required
            assert rows(vm)["birth_certificate_photo"]["error"]
            vm.attachFile("birth_certificate_photo", str(document / "giay-chung-sinh.jpg"))
            qtbot.waitUntil(lambda: rows(vm)["birth_certificate_photo"]["value"] is not None)
            assert rows(vm)["birth_certificate_photo"]["preview"].startswith("file://")
        if step_id == "result":
            with qtbot.waitSignal(vm.reviewReady):
                assert vm.next() is True
        else:
            assert vm.next() is True, rows(vm)
    assert vm.onReview is True
    assert vm.fields == []

    review = {r["path"]: r for r in vm.review}
    assert review["phone"]["value"] == "0912345678"
    assert review["child_name"]["value"] == "Phạm Minh An"
    assert review["child_dob"]["value"] == CHILD_DOB.strftime("%d/%m/%Y")
    assert review["declarant"]["prefilled"] is True
    assert review["child_gender"]["stepId"] == "child"
    info = vm.reviewInfo
    assert info["canConfirm"] is True and info["feeVnd"] == 0
    assert info["statements"][0].startswith("Tôi cam đoan nội dung đề nghị đăng ký khai sinh")
    assert "commitment" not in review  # not an answer to check: the statement to agree to
    assert "Giấy chứng sinh" in info["documents"]

    # "Change" on the review goes back to that step; Next walks forward again.
    assert vm.editStep("child") is True
    assert (vm.stepId, vm.onReview) == ("child", False)
    while not vm.onReview:
        assert vm.next() is True

    with pytest.raises(FormIncompleteError):  # not declared yet: nothing is submitted
        vm.confirm(assisted_by=None)
    vm.agreeAtReview()  # the review's button that states the declaration
    dossier = vm.confirm(assisted_by=None)  # as the session view-model calls it
    assert dossier.answers["commitment"] is True
    assert dossier.service_code == "1.001193"
    assert dossier.answers["child_name"] == "Phạm Minh An"
    assert dossier.answers["declarant"]["id_number"] == "001099012345"
    (attachment,) = dossier.attachments
    folder = vm.session_dir
    assert folder is not None and attachment.path.parent == folder
    assert attachment.path.read_bytes() == (document / "giay-chung-sinh.jpg").read_bytes()

    vm.wipe()
    assert not folder.exists()
    assert vm.session is None and vm.fields == [] and vm.review == []
    with pytest.raises(RuntimeError):
        vm.confirm()


def test_typing_keeps_the_same_text_box(harness: Harness) -> None:
    """Rows update in place: the box being typed in is never rebuilt (focus would go)."""
    vm = harness.form(birth_session())
    harness.show("WizardScreen.qml", vm)
    box = harness.type_into("input_phone", "09")
    assert box.hasActiveFocus()
    harness.type_into("input_phone", "12")
    assert harness.find("input_phone") is box
    assert box.hasActiveFocus()
    assert box.property("text") == "0912"
    assert harness.find("inputPanel").property("active") is True


def _shown(item: QQuickItem) -> bool:
    return bool(item.isVisible())


def test_wizard_by_touch_with_inline_messages_and_badges(
    harness: Harness, qtbot, artifacts_dir: Path, document: Path
) -> None:
    vm = harness.form(birth_session(), document_folders=[document.parent])
    page = harness.show("WizardScreen.qml", vm)
    assert page.objectName() == "wizardScreen"
    assert harness.find("stepTitle").property("text") == "Người đi đăng ký"
    assert harness.find("wizardProgressText").property("text") == "Bước 1/6"
    assert _shown(harness.find("badge_declarant"))
    assert not _shown(harness.find("badge_phone"))
    assert harness.find("input_declarant.full_name").property("readOnly") is True
    harness.shot(artifacts_dir / "wizard-1-declarant.png")

    # Next with missing answers: refused, messages under the fields, in Vietnamese.
    harness.tap("wizardNext")
    assert vm.stepIndex == 0
    assert harness.find("error_phone_text").property("text") == "Vui lòng điền mục này."
    assert not _shown(harness.find("error_declarant_relationship"))  # offered from the card
    harness.shot(artifacts_dir / "wizard-errors.png")

    harness.find("choice_declarant_relationship_me").clicked.emit()  # type: ignore[attr-defined]
    assert rows(vm)["declarant_relationship"]["value"] == "me"  # the citizen may change it
    harness.find("choice_declarant_relationship_cha").clicked.emit()  # type: ignore[attr-defined]
    assert not _shown(harness.find("error_declarant_relationship"))
    harness.type_into("input_phone", "0912")
    harness.unfocus()
    assert harness.find("error_phone_text").property("text").startswith(
        "Số điện thoại không đúng")
    harness.tap("wizardNext")
    assert vm.stepIndex == 0
    harness.type_into("input_phone", "345678")
    harness.shot(artifacts_dir / "wizard-keyboard.png")
    assert not _shown(harness.find("error_phone"))
    harness.unfocus()
    harness.tap("wizardNext")
    assert harness.find("stepTitle").property("text") == "Người được khai sinh"
    assert harness.find("wizardBack").property("text").endswith("Quay lại")

    # The child: text, big choice cards, day/month grids and the year on the number pad.
    # The father's surname is offered from his card: only the given names are typed.
    assert harness.find("input_child_name").property("text") == "Phạm"
    harness.type_into("input_child_name", " Minh An")
    assert rows(vm)["child_name"]["value"] == "Phạm Minh An"
    harness.find("choice_child_gender_nam").clicked.emit()  # type: ignore[attr-defined]
    harness.find("date_child_dob_day_button").clicked.emit()  # type: ignore[attr-defined]
    harness.shot(artifacts_dir / "wizard-date-day.png")
    harness.tap(f"day_{CHILD_DOB.day}")
    # The month's grid opens by itself; a recent birth's year is this year's.
    qtbot.waitUntil(lambda: harness.maybe(f"month_{CHILD_DOB.month}") is not None)
    harness.shot(artifacts_dir / "wizard-date-month.png")
    harness.tap(f"month_{CHILD_DOB.month}")
    assert harness.find("date_child_dob_year").property("text") == str(date.today().year)
    if CHILD_DOB.year != date.today().year:  # born last December, registered in January
        harness.find("date_child_dob_year").setProperty("text", "")
        harness.type_into("date_child_dob_year", str(CHILD_DOB.year))
    harness.unfocus()
    assert rows(vm)["child_dob"]["error"] == ""
    harness.type_into("input_child_birth_place", "Bệnh viện Phụ sản Hà Nội")
    harness.unfocus()
    assert _shown(harness.find("badge_child_ethnicity"))
    harness.shot(artifacts_dir / "wizard-2-child.png")
    harness.tap("wizardNext")
    assert vm.stepId == "mother", rows(vm)

    # The mother: a person field, an ethnicity from a searchable list, an address picker.
    # The father's card names his wife: her name is there, her ID and birth date are not.
    assert rows(vm)["mother"]["value"]["full_name"] == "Lê Thị Ngọc Ánh"
    assert harness.find("input_mother.id_number").property("readOnly") is False
    harness.type_into("input_mother.id_number", "001199001234")
    harness.find("date_mother.date_of_birth_day_button").clicked.emit()  # type: ignore[attr-defined]
    harness.tap("day_2")
    qtbot.waitUntil(lambda: harness.maybe("month_3") is not None)  # opened by itself
    harness.tap("month_3")
    harness.type_into("date_mother.date_of_birth_year", "1998")
    harness.unfocus()
    assert "năm sinh" in harness.find("error_mother.id_number_text").property("text")
    harness.find("date_mother.date_of_birth_year").setProperty("text", "")
    harness.type_into("date_mother.date_of_birth_year", "1999")
    harness.unfocus()
    assert harness.find("error_mother.id_number_text").property("text") == ""
    harness.find("select_mother_ethnicity").clicked.emit()  # type: ignore[attr-defined]
    harness.type_into("pickerSearch", "kinh")
    harness.tap("option_Kinh")
    assert rows(vm)["mother_ethnicity"]["value"] == "Kinh"
    harness.find("province_mother_address").clicked.emit()  # type: ignore[attr-defined]
    harness.type_into("pickerSearch", "ha noi")
    harness.tap("option_1")
    harness.find("commune_mother_address").clicked.emit()  # type: ignore[attr-defined]
    harness.type_into("pickerSearch", "hoan kiem")
    harness.unfocus()
    harness.shot(artifacts_dir / "wizard-commune-picker.png")
    harness.tap("option_70")
    harness.type_into("input_mother_address.street", "Số 18 Ngõ 45 Phố Hàng Trống")
    harness.unfocus()
    assert rows(vm)["mother_address"]["value"]["commune_name"] == "Phường Hoàn Kiếm"
    harness.shot(artifacts_dir / "wizard-3-mother.png")
    harness.tap("wizardNext")
    assert vm.stepId == "father", [(r["path"], r["error"], r["partErrors"]) for r in vm.fields]

    assert _shown(harness.find("badge_father"))
    harness.find("choice_parents_married_yes").clicked.emit()  # type: ignore[attr-defined]
    harness.shot(artifacts_dir / "wizard-4-father.png")
    harness.tap("wizardNext")
    assert vm.stepId == "documents"

    # The document from a USB stick, with a preview before it is used.
    harness.find("file_birth_certificate_photo").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: harness.maybe("documentFile_0") is not None)
    harness.tap("documentFile_0")
    qtbot.waitUntil(lambda: harness.find("filePreview").property("loaded"))
    harness.shot(artifacts_dir / "wizard-file-picker.png")
    harness.tap("useFile")
    qtbot.waitUntil(lambda: harness.maybe("attached_birth_certificate_photo") is not None
                    and _shown(harness.find("attached_birth_certificate_photo")))
    harness.shot(artifacts_dir / "wizard-5-documents.png")
    harness.tap("wizardNext")
    assert vm.stepId == "result"
    assert harness.find("wizardNext").property("text").startswith("Xem lại hồ sơ")
    harness.shot(artifacts_dir / "wizard-6-result.png")
    with qtbot.waitSignal(vm.reviewReady):
        harness.tap("wizardNext")

    # The review: every answer, "Sửa" per step, the big confirm button.
    harness.show("ReviewScreen.qml", vm)
    assert harness.find("reviewTitle").property("text") == "Vui lòng kiểm tra lại hồ sơ"
    assert harness.find("reviewValue_child_name").property("text") == "Phạm Minh An"
    assert harness.find("reviewValue_phone").property("text") == "0912345678"
    assert harness.find("reviewFee").property("text") == "Miễn phí"
    assert harness.find("confirmButton").property("enabled") is True
    # One tap declares and submits: the statement stands right above the button.
    assert harness.find("confirmButton").property("text").endswith(
        "Tôi cam đoan, xác nhận và nộp hồ sơ")
    assert _shown(harness.find("reviewStatement"))
    assert harness.find("edit_child").property("text").endswith("Sửa")
    harness.shot(artifacts_dir / "wizard-review.png")
    harness.i18n.set_language("en")
    assert harness.find("reviewTitle").property("text") == "Please check your application"
    harness.shot(artifacts_dir / "wizard-review-en.png")
    harness.i18n.set_language("vi")
    harness.find("edit_child").clicked.emit()  # type: ignore[attr-defined]
    assert vm.stepId == "child"


def test_language_switch_relabels_the_wizard(harness: Harness, qtbot, artifacts_dir: Path
                                             ) -> None:
    vm = harness.form(birth_session())
    vm.setAnswer("declarant_relationship", "cha")
    vm.setAnswer("phone", "0912345678")
    assert vm.next()
    harness.show("WizardScreen.qml", vm)
    label = harness.find("label_child_name")
    assert label.property("text") == "Họ, chữ đệm và tên của trẻ"
    assert _shown(harness.find("badge_child_ethnicity"))
    harness.i18n.set_language("en")
    qtbot.waitUntil(lambda: label.property("text") == "Child's full name")
    assert harness.find("stepTitle").property("text") == "The child"
    assert harness.find("wizardNext").property("text").startswith("Next")
    assert harness.find("wizardProgressText").property("text") == "Step 2 of 6"
    harness.shot(artifacts_dir / "wizard-2-child-en.png")


@pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) va", r"Using Qt multimedia with FFmpeg")
def test_no_camera_says_so_and_offers_the_file_route(
    harness: Harness, qtbot, artifacts_dir: Path, document: Path, settings: Settings
) -> None:
    # The configured documents folder is offered like a USB stick.
    vm = harness.form(birth_session(), settings=replace(settings, documents_dir=document))
    vm.setAnswer("declarant_relationship", "cha")
    vm.setAnswer("phone", "0912345678")
    for step in ("child", "mother", "father"):
        for path, value in ANSWERS[step].items():
            vm.setAnswer(path, value)
    while vm.stepId != "documents":
        assert vm.next()
    harness.show("WizardScreen.qml", vm)
    harness.find("camera_birth_certificate_photo").clicked.emit()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: harness.maybe("noCameraMessage") is not None)
    message = harness.find("noCameraMessage")
    assert message.isVisible()
    assert "không có máy ảnh" in message.property("text")
    harness.shot(artifacts_dir / "wizard-no-camera.png")
    harness.tap("useFileInstead")
    qtbot.waitUntil(lambda: harness.maybe("documentFile_0") is not None)
    assert harness.maybe("cameraSheet") is None
    assert vm.documentFiles[0]["name"] == "giay-chung-sinh.jpg"


def test_overview_shows_documents_fee_time_and_level(harness: Harness, artifacts_dir: Path
                                                     ) -> None:
    entry = harness.shell.services.entry("1.001193")
    assert entry["nameVi"] == "Đăng ký khai sinh"
    harness.show("ServiceOverviewScreen.qml", entry=entry)
    assert harness.find("overviewTitle").property("text") == "Đăng ký khai sinh"
    # Its only charge, extra copies of the extract, Hà Nội pays when filed online
    # (Resolution 77/2025/NQ-HĐND), said in one line under the fee.
    assert harness.find("overviewFee_value").property("text") == "Miễn phí"
    assert "77/2025/NQ-HĐND" in harness.find("overviewFee_detail").property("text")
    assert harness.find("overviewTime_value").property("text").startswith("Trong ngày")
    assert harness.find("overviewLevel_value").property("text") == "Toàn trình"
    assert harness.maybe("document_giay_chung_sinh") is not None
    harness.shot(artifacts_dir / "wizard-overview.png")
    harness.i18n.set_language("en")
    assert harness.find("overviewTitle").property("text") == "Birth registration"
    harness.shot(artifacts_dir / "wizard-overview-en.png")

    fixed = harness.shell.services.entry("1.004873")
    harness.show("ServiceOverviewScreen.qml", entry=fixed)
    assert harness.find("overviewTitle").property("text") == fixed["nameEn"]
    assert harness.find("overviewFee_value").property("text") == "Free of charge"
    assert harness.find("overviewFee_detail").property("text").startswith(
        "Fee 3.000 VND. Hà Nội pays 100% of the fee when a dossier is filed online")
    # Its processing time no official text confirms: the citizen is told to ask.
    caution = harness.find("overviewTime_caution")
    assert caution.isVisible()
    assert caution.property("text") == "To be confirmed at the one-stop counter"
    assert not harness.find("overviewFee_caution").isVisible()
    harness.shot(artifacts_dir / "wizard-overview-supported-fee-en.png")
    harness.i18n.set_language("vi")
    assert caution.property("text") == "Cần xác nhận tại bộ phận một cửa"
    harness.shot(artifacts_dir / "wizard-overview-supported-fee.png")


ANSWERS_DIR = Path(__file__).resolve().parents[1] / "data" / "answers"


def unbounded_inputs(root: QQuickItem) -> list[str]:
    """Text boxes that would take any amount of text (a stuck key, a scanner): none allowed."""
    found: list[str] = []
    if root.objectName() == "shadowInput":
        return found  # Qt Virtual Keyboard's own mirror of the focused box, never typed into
    if root.inherits("QQuickTextInput") and int(root.property("maximumLength")) >= 32767:
        found.append(root.objectName() or root.metaObject().className())
    for child in root.childItems():
        found += unbounded_inputs(child)
    return found


def _sample_answers(code: str) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads((ANSWERS_DIR / f"{code}.json").read_text("utf-8"))
    if "current_expiry" in answers:  # an extension is allowed only shortly before expiry
        answers["current_expiry"] = (date.today() + timedelta(days=5)).isoformat()
    return answers


@pytest.mark.parametrize("code", sorted(p.stem for p in ANSWERS_DIR.glob("*.json")
                                        if p.stem != "attachments"))
def test_every_procedure_runs_on_screen_to_its_review(
    harness: Harness, qtbot, settings: Settings, artifacts_dir: Path, code: str
) -> None:
    """Each procedure, pre-filled from the demo card, shown step by step with its sample
    answers (no Qt warning on any screen), reaches a review that can be confirmed."""
    from kiosk.forms.engine import FormSession
    from kiosk.forms.prefill import CardData

    from .wizard_harness import card_json_of_demo_citizen, catalogue

    session = FormSession(catalogue().get(code),
                          card=CardData.from_json(card_json_of_demo_citizen()))
    assert session.set_answers(_sample_answers(code)) == []
    attach = json.loads((ANSWERS_DIR / "attachments.json").read_text("utf-8"))[code]
    vm = harness.form(session, settings=settings)
    harness.show("WizardScreen.qml", vm)
    steps = 0
    while not vm.onReview:
        for path in attach:
            if path in rows(vm) and rows(vm)[path]["value"] is None:
                vm.attachFile(path, str(ANSWERS_DIR / "document.jpg"))
                qtbot.waitUntil(lambda p=path: rows(vm)[p]["value"] is not None)
        assert harness.find("stepTitle").property("text") == vm.stepTitle
        assert vm.stepTitle
        assert unbounded_inputs(harness.window.contentItem()) == []
        harness.tap("wizardNext")
        steps += 1
        assert steps <= vm.stepCount, [(r["path"], r["error"]) for r in vm.fields if r["error"]]
    harness.show("ReviewScreen.qml", vm)
    assert harness.find("confirmButton").property("enabled") is True
    harness.shot(artifacts_dir / f"wizard-review-{code}.png")
    dossier = vm.confirm()
    assert dossier.service_code == code


def test_the_review_says_what_is_paid_why_and_where_the_result_goes(
        harness: Harness, qtbot, settings: Settings, artifacts_dir: Path) -> None:
    """Hà Nội, a marital-status certificate filed online: 0 đ with the listed fee and the rule
    in one line, the result by post to the card's residence and who pays the postage; the
    time no official text confirms is marked (issue 17)."""
    from kiosk.forms.engine import FormSession
    from kiosk.forms.prefill import CardData

    from .wizard_harness import card_json_of_demo_citizen, catalogue

    session = FormSession(catalogue().get("1.004873"),
                          card=CardData.from_json(card_json_of_demo_citizen()))
    answers = {k: v for k, v in _sample_answers("1.004873").items() if k != "post_address"}
    assert session.set_answers(answers) == []
    vm = harness.form(session, settings=settings)
    harness.show("WizardScreen.qml", vm)
    for _ in range(vm.stepCount):
        if vm.onReview:
            break
        harness.tap("wizardNext")
    assert vm.onReview, [(r["path"], r["error"]) for r in vm.fields if r["error"]]
    harness.show("ReviewScreen.qml", vm)
    assert harness.find("reviewFee").property("text") == "Miễn phí"
    rule = harness.find("reviewFeeRule").property("text")
    assert rule.startswith("Lệ phí 3.000 đồng. Hà Nội hỗ trợ 100%") and "77/2025" in rule
    assert not harness.find("reviewFeeCaution").isVisible()
    assert harness.find("reviewResultPlace").property("text") == "Trả qua dịch vụ bưu chính"
    to = harness.find("reviewDeliveryAddress").property("text")
    assert to.startswith("Gửi đến: ") and "Hàng Trống" in to
    assert "Thành phố trả cước bưu chính" in harness.find("reviewPostage").property("text")
    flick = harness.find("reviewFlick")
    flick.setProperty("contentY", max(0.0, flick.property("contentHeight")
                                      - flick.property("height")))
    qtbot.wait(50)
    harness.shot(artifacts_dir / "wizard-review-fee-support-and-post.png")
    harness.i18n.set_language("en")
    assert harness.find("reviewDeliveryAddress").property("text").startswith("To: ")
    harness.shot(artifacts_dir / "wizard-review-fee-support-and-post-en.png")


def test_screens_survive_a_wipe_and_an_empty_form(harness: Harness) -> None:
    """Idle timeout or card removal wipes the form under a visible screen: no errors."""
    vm = harness.form(birth_session())
    harness.show("WizardScreen.qml", vm)
    harness.type_into("input_phone", "0912")
    vm.wipe()
    assert harness.find("stepTitle").property("text") == ""
    assert harness.maybe("input_phone") is None
    harness.show("ReviewScreen.qml", vm)
    assert harness.find("confirmButton").property("enabled") is False
    harness.show("WizardScreen.qml", None)
    harness.show("ReviewScreen.qml", None)
    harness.show("ServiceOverviewScreen.qml", entry={})
    assert harness.find("overviewTitle").property("text") == ""


def test_touch_targets_and_high_contrast(harness: Harness, artifacts_dir: Path) -> None:
    vm = harness.form(birth_session())
    vm.setAnswer("declarant_relationship", "cha")
    vm.setAnswer("phone", "0912345678")
    assert vm.next()
    harness.show("WizardScreen.qml", vm)
    minimum = harness.settings.touch_target_px
    names = ["wizardNext", "wizardBack", "input_child_name", "choice_child_gender_nam",
             "date_child_dob_day_button", "date_child_dob_month_button", "date_child_dob_year",
             "select_child_ethnicity"]
    for name in names:
        item = harness.find(name)
        assert item.height() >= minimum and item.width() >= minimum, name
    label = harness.find("label_child_name")
    before = label.property("font").pixelSize()
    harness.theme.toggleHighContrast()
    harness.theme.toggleLargeText()
    assert label.property("font").pixelSize() > before
    harness.shot(artifacts_dir / "wizard-high-contrast.png")
