"""FormSession on a small made-up procedure: conditions, constraints, repeats, prefill,
navigation and the dossier it produces."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import Settings, load, resources_path
from kiosk.dossier.local_code import validate_local_code
from kiosk.forms.calendar import WorkingCalendar
from kiosk.forms.catalogue import SCHEMA_FILE, Service, build_service
from kiosk.forms.engine import FormIncompleteError, FormSession, RepeatLimitError
from kiosk.forms.prefill import CardData
from kiosk.forms.schema import SchemaValidator

from .conftest import DOCUMENT, FIXED_NOW, FakeConverter


def T(vi: str, en: str | None = None) -> dict[str, str]:
    return {"vi": vi, "en": en or vi}


def procedure() -> dict[str, Any]:
    return {
        "code": "9.999999", "catalogue_version": "2026.11.1", "names": T("Thử", "Test"),
        "category": {"id": "test", "vi": "Thử", "en": "Test"},
        "agency": {"level": "commune", "name": T("UBND")}, "legal_basis": ["Luật thử"],
        "service_level": "toan_trinh",
        "fee": {"kind": "rule", "rule": "${fee_preview}", "basis": "Biểu phí thử"},
        "processing_time": {"unit": "working_days", "value": 2},
        "documents": [
            {"id": "to_khai", "name": T("Tờ khai"), "capture": "none", "required": True},
            {"id": "anh", "name": T("Ảnh giấy tờ"), "capture": "photo", "required": True,
             "relevant": "${need_photo}"},
        ],
        "result_places": [{"id": "mot_cua", "name": T("Một cửa")},
                          {"id": "buu_chinh", "name": T("Bưu chính"), "by_post": True}],
        "verified": {"code": False, "legal_basis": False, "fee": False, "processing_time": False,
                     "documents": False, "form": False},
        "form": {
            "groups": [
                {"id": "who", "title": T("Người khai"), "fields": [
                    {"id": "me", "type": "person", "label": T("Tôi"), "required": True,
                     "prefill": "card.person", "lock_prefilled": True},
                    {"id": "gender", "type": "choice", "label": T("Giới tính"), "required": True,
                     "choices": [{"value": "nam", "label": T("Nam", "Male")},
                                 {"value": "nu", "label": T("Nữ", "Female")}],
                     "prefill": "card.gender", "citizen_data": True},
                    {"id": "home", "type": "address", "label": T("Nơi ở"), "required": True,
                     "prefill": "card.place_of_residence"},
                    {"id": "phone", "type": "phone", "label": T("Điện thoại"), "required": True},
                    {"id": "married", "type": "yes_no", "label": T("Đã kết hôn?"),
                     "required": True},
                    {"id": "spouse", "type": "text", "label": T("Tên vợ/chồng"), "required": True,
                     "relevant": "${married}", "prefill": "card.spouse_name",
                     "prefill_when": "${married}"},
                ]},
                {"id": "details", "title": T("Chi tiết"), "fields": [
                    {"id": "start", "type": "date", "label": T("Từ ngày"), "required": True},
                    {"id": "end", "type": "date", "label": T("Đến ngày"), "required": True,
                     "constraint": ". >= ${start}",
                     "constraint_message": T("Sau ngày bắt đầu", "After the start")},
                    {"id": "copies", "type": "number", "label": T("Số bản"), "integer": True,
                     "min": 1, "max": 5, "default": 1, "required": True},
                    {"id": "fee_preview", "type": "number", "label": T("Phí"),
                     "calculate": "1000 * coalesce(${copies}, 0) + 500 * count(kids)"},
                    {"id": "need_photo", "type": "yes_no", "label": T("Có ảnh?"),
                     "default": False},
                    {"id": "photo", "type": "attachment", "label": T("Ảnh"), "required": True,
                     "relevant": "${need_photo}", "document": "anh", "capture": "photo"},
                    {"id": "delivery", "type": "choice", "label": T("Nhận"), "required": True,
                     "default": "mot_cua",
                     "choices": [{"value": "mot_cua", "label": T("Một cửa")},
                                 {"value": "buu_chinh", "label": T("Bưu chính")}]},
                ]},
                {"id": "kids", "title": T("Con"), "repeat": {"min": 1, "max": 2,
                                                           "item_label": T("Con", "Child")},
                 "fields": [
                     {"id": "kid_name", "type": "text", "label": T("Tên"), "required": True},
                     {"id": "kid_school", "type": "text", "label": T("Trường"),
                      "required": "${kid_age} >= 6", "relevant": "${kid_age} >= 6"},
                     {"id": "kid_age", "type": "number", "label": T("Tuổi"), "required": True,
                      "min": 0, "max": 17},
                 ]},
                {"id": "only_married", "title": T("Hôn nhân"), "relevant": "${married}",
                 "fields": [{"id": "wedding", "type": "date", "label": T("Ngày cưới")}]},
                {"id": "end_group", "title": T("Cam đoan"), "fields": [
                    {"id": "agree", "type": "consent", "label": T("Đồng ý"), "required": True,
                     "statement": T("Tôi cam đoan", "I declare")}]},
            ],
            "receipt": {"applicant_name": "me.full_name", "applicant_id": "me.id_number",
                        "applicant_address": "${home}", "applicant_phone": "${phone}",
                        "result_place": "${delivery}", "sets": "1"},
        },
    }


@pytest.fixture
def service() -> Service:
    raw = procedure()
    violations = SchemaValidator(resources_path() / "catalogue" / SCHEMA_FILE).validate(raw)
    assert violations == []
    return build_service(raw, {})


CARD = {"id_number": "001099012345", "full_name": "Phạm Quốc Hưng", "date_of_birth": "15/08/1999",
        "gender": "Nam", "spouse_name": "Lê Thị Ngọc Ánh",
        "place_of_residence": "Số 18 Ngõ 45 Phố Hàng Trống, Phường Hàng Trống, Quận Hoàn Kiếm"}


def session_of(service: Service, work_calendar: WorkingCalendar, card: dict[str, Any] | None = None,
               converter: FakeConverter | None = None) -> FormSession:
    return FormSession(service, card=CardData.from_json(card) if card else None,
                       calendar=work_calendar, address_converter=converter or FakeConverter(),
                       clock=lambda: FIXED_NOW)


def fill_valid(s: FormSession) -> None:
    assert s.set_answers({
        "me": {"full_name": "Phạm Quốc Hưng", "id_number": "001099012345",
               "date_of_birth": "1999-08-15"},
        "gender": "nam",
        "home": {"province_code": 1, "commune_code": 70, "street": "Số 1 Hàng Bạc"},
        "phone": "0912345678", "married": False, "start": "2026-01-01", "end": "2026-02-01",
        "kids": [{"kid_name": "An", "kid_age": 3}], "agree": True,
    }) == []


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load(env={}, data_dir=tmp_path / "data", fullscreen=False)


# ---- conditions and constraints ---------------------------------------------------------------


def test_relevant_shows_hides_and_excludes(service: Service,
                                           work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    fields = [f.field_id for f in s.visible_fields()]
    assert "spouse" not in fields
    assert s.set_answer("married", True) is None
    assert "spouse" in [f.field_id for f in s.visible_fields()]
    s.set_answer("spouse", "Lê Thị B")
    assert "only_married" in [g.id for g in s.visible_groups()]
    s.set_answer("married", False)
    assert "spouse" not in [f.field_id for f in s.visible_fields()]
    assert "only_married" not in [g.id for g in s.visible_groups()]
    fill_valid(s)
    assert "spouse" not in s.answers_json()  # a hidden answer never leaves the kiosk


def test_cross_field_constraint_and_messages(service: Service,
                                             work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    s.set_answer("start", "01/03/2026")
    problem = s.set_answer("end", "2026-02-01")
    assert problem is not None
    assert problem.code == "constraint"
    assert (problem.message_vi, problem.message_en) == ("Sau ngày bắt đầu", "After the start")
    assert s.set_answer("end", "2026-03-01") is None
    assert s.answer("start") == "2026-03-01"  # dd/mm/yyyy stored as ISO


@pytest.mark.parametrize(("path", "value", "code"), [
    ("phone", "12345", "phone"),
    ("copies", 9, "above_max"),
    ("copies", 2.5, "not_integer"),
    ("copies", "abc", "not_number"),
    ("start", "31/02/2026", "not_date"),
    ("gender", "other", "not_choice"),
    ("me.id_number", "999099012345", "id12_province"),
    ("me.id_number", "00109901234", "id12_digits"),
    ("home.commune_code", 99999, "commune_unknown"),
    ("nope", 1, "unknown_field"),
    ("fee_preview", 5, "read_only"),
])
def test_inline_validation(service: Service, work_calendar: WorkingCalendar, path: str,
                           value: Any, code: str) -> None:
    s = session_of(service, work_calendar)
    s.set_answer("me", {"full_name": "A B", "date_of_birth": "1999-01-01"})
    s.set_answer("home", {"province_code": 1, "commune_code": 70, "street": "x"})
    problem = s.set_answer(path, value)
    assert problem is not None
    assert problem.code == code
    assert problem.message_vi and problem.message_en


def test_id_number_must_match_the_birth_year(service: Service,
                                             work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    problem = s.set_answer("me", {"full_name": "A B", "id_number": "001099012345",
                                  "date_of_birth": "1998-08-15"})
    assert problem is not None
    assert (problem.path, problem.code) == ("me.id_number", "id12_dob_mismatch")


def test_next_refuses_with_errors_then_moves(service: Service,
                                             work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    assert s.current_step() is not None
    result = s.next()
    assert not result.moved
    assert {e.path for e in result.errors} == {"me", "gender", "home", "phone", "married"}
    assert any(f.error is not None for f in s.visible_fields())  # shown after a refused next
    fill_valid(s)
    assert s.next().moved
    step = s.current_step()
    assert step is not None
    assert (step.step_id, step.index, step.count) == ("details", 1, 4)
    assert s.back()
    assert not s.back()


def test_required_expression_in_repeat_items(service: Service,
                                             work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    fill_valid(s)
    s.set_answer("kids[0].kid_age", 7)
    assert [e.path for e in s.errors()] == ["kids[0].kid_school"]
    s.set_answer("kids[0].kid_school", "Trường Tiểu học Tràng An")
    assert s.errors() == ()


# ---- repeats --------------------------------------------------------------------------------


def test_repeat_min_max_add_remove_and_count(service: Service,
                                            work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    fill_valid(s)
    assert s.answer("fee_preview") == 1500
    index = s.add_repeat_item("kids")
    assert index == 1
    assert s.answer("fee_preview") == 2000
    with pytest.raises(RepeatLimitError) as caught:
        s.add_repeat_item("kids")
    assert caught.value.message_vi == "Tối đa 2 mục."
    assert [e.path for e in s.errors()] == ["kids[1].kid_name", "kids[1].kid_age"]
    s.set_answer("kids[1].kid_name", "Bình")
    s.set_answer("kids[1].kid_age", 1)
    s.remove_repeat_item("kids", 0)
    assert s.answer("kids[0].kid_name") == "Bình"
    with pytest.raises(RepeatLimitError):
        s.remove_repeat_item("kids", 0)
    assert s.answers_json()["kids"] == [{"kid_name": "Bình", "kid_age": 1}]
    assert s.set_answer("kids[5].kid_name", "x") is not None  # no such item


def test_repeat_step_view(service: Service, work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    fill_valid(s)
    assert s.next().moved
    s.set_answer("end", "2026-02-01")
    assert s.next().moved
    step = s.current_step()
    assert step is not None
    assert step.is_repeat
    assert step.can_add
    assert not step.items[0].can_remove
    assert [f.path for f in step.items[0].fields] == ["kids[0].kid_name", "kids[0].kid_age"]
    assert step.items[0].label_en == "Child 1"


# ---- prefill from the chip ------------------------------------------------------------------


def test_prefill_marks_and_locks_chip_values(service: Service,
                                             work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar, CARD)
    views = {f.field_id: f for f in s.visible_fields()}
    assert views["me"].prefilled
    assert views["me"].read_only
    assert views["me"].value == {"full_name": "Phạm Quốc Hưng", "id_number": "001099012345",
                                 "date_of_birth": "1999-08-15"}
    assert views["gender"].value == "nam"  # "Nam" on the chip matched to the choice
    assert views["home"].prefilled
    assert views["home"].value["commune_code"] == 70
    assert views["home"].address is not None
    assert views["home"].address.status == "matched"
    problem = s.set_answer("me.full_name", "Someone Else")
    assert problem is not None
    assert problem.code == "locked"
    assert s.set_answer("gender", "nu") is None  # unlocked: editable, no longer "from chip"
    assert not {f.field_id: f for f in s.visible_fields()}["gender"].prefilled


def test_conditional_prefill_follows_its_condition(service: Service,
                                                   work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar, CARD)
    s.set_answer("married", True)
    assert s.answer("spouse") == "Lê Thị Ngọc Ánh"
    s.set_answer("married", False)
    assert s.answer("spouse") is None
    s.set_answer("married", True)
    s.set_answer("spouse", "Lê Thị B")  # typed by the citizen: never overwritten
    s.set_answer("married", False)
    s.set_answer("married", True)
    assert s.answer("spouse") == "Lê Thị B"


def test_ambiguous_chip_address_offers_candidates(service: Service,
                                                  work_calendar: WorkingCalendar) -> None:
    card = {**CARD, "place_of_residence": "Số 12 ngõ 34, Phường Dịch Vọng, Quận Cầu Giấy"}
    s = session_of(service, work_calendar, card)
    home = {f.field_id: f for f in s.visible_fields()}["home"]
    assert not home.prefilled
    assert home.address is not None
    assert home.address.status == "ambiguous"
    assert [c.answer["commune_code"] for c in home.address.candidates] == [167, 160]
    assert home.value["street"] == "Số 12 ngõ 34"
    assert home.value["commune_code"] is None
    assert s.set_answer("home", home.address.candidates[1].answer) is None
    home = {f.field_id: f for f in s.visible_fields()}["home"]
    assert home.prefilled  # chosen among the chip address's conversions
    assert home.display_vi == "Số 12 ngõ 34, Phường Nghĩa Đô, Thành phố Hà Nội"


def test_card_is_optional(service: Service, work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar)
    assert not any(f.prefilled for f in s.visible_fields())
    assert s.prefill_share() == (0, 7)  # me, gender, home, phone, start, end, kid_name


def test_prefill_share_counts_citizen_data(service: Service,
                                           work_calendar: WorkingCalendar) -> None:
    s = session_of(service, work_calendar, CARD)
    assert s.prefill_share() == (3, 7)  # person, gender, address; not phone, dates, kid


# ---- review and dossier ---------------------------------------------------------------------


def test_review_fee_documents_and_confirm(service: Service, work_calendar: WorkingCalendar,
                                          settings: Settings) -> None:
    s = session_of(service, work_calendar, CARD)
    with pytest.raises(FormIncompleteError) as caught:
        s.confirm(settings=settings)
    assert caught.value.errors
    fill_valid(s)
    s.set_answer("need_photo", True)
    assert [e.code for e in s.errors()] == ["attachment_required"]
    assert s.attach("photo", DOCUMENT) is None
    s.set_answer("copies", 3)
    while not s.at_review:
        assert s.next().moved
    review = s.review()
    assert review.can_confirm
    assert review.fee_vnd == 3500
    assert review.documents_vi == ("Tờ khai", "Ảnh giấy tờ")
    assert review.appointment_at == datetime(2026, 11, 26, 10, 0, tzinfo=FIXED_NOW.tzinfo)
    assert any(r.prefilled for sec in review.sections for r in sec.rows)
    dossier = s.confirm(settings=settings, assisted_by="TNV-007")
    assert validate_local_code(dossier.local_code)
    assert dossier.local_code.startswith("H26.22.01-261124-K")
    assert dossier.service_code == "9.999999"
    assert dossier.catalogue_version == "2026.11.1"
    assert dossier.assisted_by == "TNV-007"
    assert dossier.created_at == FIXED_NOW
    assert dossier.receipt.id_number_masked == "********2345"
    assert dossier.receipt.applicant_name == "Phạm Quốc Hưng"
    assert dossier.receipt.fee_vnd == 3500
    assert dossier.receipt.processing_time_vi == "02 ngày làm việc"
    assert dossier.receipt.result_place_vi == "Một cửa"
    assert len(dossier.attachments) == 1
    assert dossier.answers["photo"]["attachment_id"] == dossier.attachments[0].attachment_id
    assert dossier.answers["home"]["commune_name"] == "Phường Hoàn Kiếm"
    second = s.confirm(settings=settings)
    assert second.local_code != dossier.local_code
    assert second.dossier_id != dossier.dossier_id


def test_attachment_problems(service: Service, work_calendar: WorkingCalendar,
                             tmp_path: Path) -> None:
    s = session_of(service, work_calendar)
    s.set_answer("need_photo", True)
    missing = s.attach("photo", tmp_path / "none.jpg")
    assert missing is not None
    assert missing.code == "file_missing"
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    wrong = s.attach("photo", text)
    assert wrong is not None
    assert wrong.code == "media_type"
    assert s.attach("phone", DOCUMENT) is not None  # not an attachment field
    assert s.set_answer("photo", {"attachment_id": "x"}) is not None  # only through attach()
    assert s.attach("photo", DOCUMENT) is None
    s.detach("photo")
    assert s.attachments() == ()


def test_other_field_types(work_calendar: WorkingCalendar, tmp_path: Path) -> None:
    raw = procedure()
    raw["form"]["groups"] = [{"id": "misc", "title": T("Khác"), "fields": [
        {"id": "info", "type": "note", "label": T("Đọc kỹ", "Read carefully")},
        {"id": "langs", "type": "multi_choice", "label": T("Ngôn ngữ"), "required": True,
         "choices": [{"value": "vi", "label": T("Tiếng Việt")},
                     {"value": "en", "label": T("Tiếng Anh")}]},
        {"id": "interpreter", "type": "yes_no", "label": T("Cần phiên dịch?"),
         "relevant": "not selected(${langs}, 'vi')", "required": True},
        {"id": "mail", "type": "email", "label": T("Email"), "required": True},
        {"id": "other_id", "type": "id12", "label": T("Số định danh"), "required": True},
        {"id": "sign", "type": "signature", "label": T("Chữ ký"), "required": True,
         "media_types": ["image/png"]},
    ]}]
    raw["form"]["receipt"] = {"applicant_name": "'x'", "applicant_id": "${other_id}"}
    raw["fee"] = {"kind": "fixed", "amount_vnd": 1000, "basis": "x y z"}
    raw["documents"] = []
    service = build_service(raw, {})
    s = session_of(service, work_calendar)
    assert [f.field_id for f in s.visible_fields()] == ["info", "langs", "interpreter", "mail",
                                                       "other_id", "sign"]
    assert s.set_answer("langs", ["en"]) is None
    assert "interpreter" in [f.field_id for f in s.visible_fields()]
    problem = s.set_answer("langs", ["en", "en"])
    assert problem is not None
    assert problem.code == "duplicate_choice"
    assert s.set_answer("langs", ["vi", "en"]) is None
    assert "interpreter" not in [f.field_id for f in s.visible_fields()]
    assert s.set_answer("mail", "not-an-address") is not None
    assert s.set_answer("mail", "an@example.vn") is None
    assert s.set_answer("other_id", "001 099 012 345") is None
    assert s.answer("other_id") == "001099012345"
    future = s.set_answer("other_id", "001399012345")  # born 2099
    assert future is not None
    assert future.code == "id12_future"
    s.set_answer("other_id", "079204056789")
    assert s.attach("sign", DOCUMENT) is not None  # a JPEG where PNG is asked
    png = tmp_path / "sign.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    assert s.attach("sign", png) is None
    assert s.errors() == ()
    assert s.fee_vnd() == 1000
    assert s.review().sections[0].rows[0].display_en == "Tiếng Việt, Tiếng Anh"
