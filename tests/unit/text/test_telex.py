"""Telex engine: tables of real words, names and places; typing order; undo; both tone
styles; the incremental composer agreeing with the whole-string converter."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.text import TelexComposer, ToneStyle, telex_to_vietnamese
from kiosk.text.vietnamese import remove_diacritics

# (typed, expected) with the default style (old: "hòa", "thủy").
NAMES = [
    ("Nguyeenx Thij Thu Haf", "Nguyễn Thị Thu Hà"),
    ("Traanf Vawn Hungf", "Trần Văn Hùng"),
    ("Lee Thij Hoongf Nhung", "Lê Thị Hồng Nhung"),
    ("Phamj Minh Tuaans", "Phạm Minh Tuấn"),
    ("Hoangf Thuyf Linh", "Hoàng Thùy Linh"),
    ("DDoox Quang Huy", "Đỗ Quang Huy"),
    ("Vux DDuwcs Thawngs", "Vũ Đức Thắng"),
    ("Buif Thij Ngocj Anhs", "Bùi Thị Ngọc Ánh"),
    ("DDawngj Thij Khuee", "Đặng Thị Khuê"),
    ("Duwowng Quoocs Khanhs", "Dương Quốc Khánh"),
    ("Ngoo Baor Chaau", "Ngô Bảo Châu"),
    ("Hoof Xuaan Huwowng", "Hồ Xuân Hương"),
    ("Luwowng Thees Vinh", "Lương Thế Vinh"),
    ("Trinhj Coong Sown", "Trịnh Công Sơn"),
    ("Nguyeenx Thij Thuys", "Nguyễn Thị Thúy"),
    ("Vox Nguyeen Giaps", "Võ Nguyên Giáp"),
    ("Phan Booij Chaau", "Phan Bội Châu"),
    ("Lys Thuwowngf Kieetj", "Lý Thường Kiệt"),
    ("Chu Vawn An", "Chu Văn An"),
    ("Nguyeenx Traix", "Nguyễn Trãi"),
    ("Quang Trung", "Quang Trung"),
    ("Huyfnh Thucs Khangs", "Huỳnh Thúc Kháng"),
    ("Tooj Thij Quyeenf", "Tộ Thị Quyền"),
    ("Ddinh Tieens Dungx", "Đinh Tiến Dũng"),
    ("Mai Thij Giang", "Mai Thị Giang"),
]

PLACES = [
    ("Hoanf Kieems", "Hoàn Kiếm"),
    ("DDoongs DDa", "Đống Đa"),
    ("Ba DDinhf", "Ba Đình"),
    ("Hai Baf Truwng", "Hai Bà Trưng"),
    ("Caauf Giaays", "Cầu Giấy"),
    ("Taay Hoof", "Tây Hồ"),
    ("Thanh Xuaan", "Thanh Xuân"),
    ("Long Bieen", "Long Biên"),
    ("Hoangf Mai", "Hoàng Mai"),
    ("Haf DDoong", "Hà Đông"),
    ("Socs Sown", "Sóc Sơn"),
    ("DDoong Anh", "Đông Anh"),
    ("Gia Laam", "Gia Lâm"),
    ("Thanh Trif", "Thanh Trì"),
    ("Mee Linh", "Mê Linh"),
    ("Uwngs Hoaf", "Ứng Hòa"),
    ("Phuwowngf Trangf Tieenf", "Phường Tràng Tiền"),
    ("Phoos Hangf Bacj", "Phố Hàng Bạc"),
    ("Quoocs Tuwr Giams", "Quốc Tử Giám"),
    ("Haf Nooij", "Hà Nội"),
    ("Thur DDuwcs", "Thủ Đức"),
    ("Quangr Ninh", "Quảng Ninh"),
    ("Thanh Hoas", "Thanh Hóa"),
    ("Hoaf Binhf", "Hòa Bình"),
    ("Thuwaf Thieen Huees", "Thừa Thiên Huế"),
    ("DDawks Lawks", "Đắk Lắk"),
    ("DD. Lasng, P. Langs Thuwowngj", "Đ. Láng, P. Láng Thượng"),
    ("Bawcs Giang", "Bắc Giang"),
    ("Vinhx Phucs", "Vĩnh Phúc"),
    ("Ngheej An", "Nghệ An"),
]

# Words of the forms and the service catalogue, and words that exercise the spelling rules.
WORDS = [
    ("Thuwowngf trus", "Thường trú"),
    ("tamj trus", "tạm trú"),
    ("Khuyeens", "Khuyến"),
    ("quoocs", "quốc"),
    ("giaays", "giấy"),
    ("nguwowif", "người"),
    ("cawn cuwowcs coong daan", "căn cước công dân"),
    ("chuwngs thuwcj", "chứng thực"),
    ("khai sinh", "khai sinh"),
    ("keets hoon", "kết hôn"),
    ("ddawng kys", "đăng ký"),
    ("hooj khaaur", "hộ khẩu"),
    ("xacs nhaanj tinhf trangj hoon nhaan", "xác nhận tình trạng hôn nhân"),
    ("thur tucj hanhf chinhs", "thủ tục hành chính"),
    ("ddiaj chir nowi owr", "địa chỉ nơi ở"),
    ("soos ddieenj thoaij", "số điện thoại"),
    ("ngayf sinh", "ngày sinh"),
    ("quee quasn", "quê quán"),
    ("giowis tinhs", "giới tính"),
    ("quoocs tichj", "quốc tịch"),
    ("giuwx ginf", "giữ gìn"),
    ("gif", "gì"),
    ("giaf", "già"),
    ("giuwax", "giữa"),
    ("giuwowngf", "giường"),
    ("quys", "quý"),
    ("quyeets ddinhj", "quyết định"),
    ("quyeenf", "quyền"),
    ("quar", "quả"),
    ("quyfnh", "quỳnh"),
    ("thuowr", "thuở"),
    ("huow", "huơ"),
    ("ruowuj", "rượu"),
    ("yeeu", "yêu"),
    ("yeens", "yến"),
    ("uoongs", "uống"),
    ("uwowcs", "ước"),
    ("ngoaif", "ngoài"),
    ("xoays", "xoáy"),
    ("khuyur", "khuỷu"),
    ("ngoeoj", "ngoẹo"),
    ("tuooir", "tuổi"),
    ("muoois", "muối"),
    ("muwowif", "mười"),
    ("huwux", "hữu"),
    ("luwar", "lửa"),
    ("muwa", "mưa"),
    ("muaf", "mùa"),
    ("mias", "mía"),
    ("cuwar", "cửa"),
    ("nghieeng", "nghiêng"),
    ("nghiax", "nghĩa"),
    ("chuyeenj", "chuyện"),
    ("chuyeenr", "chuyển"),
    ("tieengs Vieetj", "tiếng Việt"),
    ("ddi", "đi"),
    ("dduwowcj", "được"),
    ("hoawcj", "hoặc"),
    ("xoawn", "xoăn"),
    ("tuaanf", "tuần"),
    ("thuees", "thuế"),
    ("khoong", "không"),
    ("booong", "boong"),
    ("xooong", "xoong"),
    ("cosc", "cóc"),
    ("hocj", "học"),
    ("ddepj", "đẹp"),
    ("thachj", "thạch"),
]

# Tones typed after the final consonant, and modifiers the user leaves to the engine.
TYPING_ORDER = [
    ("vietj", "việt"),
    ("vieetj", "việt"),
    ("viejt", "việt"),
    ("nguyeenx", "nguyễn"),
    ("nguyenx", "nguyễn"),
    ("hoangf", "hoàng"),
    ("tieengs", "tiếng"),
    ("trangf", "tràng"),
    ("duongw", "dương"),
    ("truongwf", "trường"),
    ("duwongf", "dường"),
    ("muaw", "mưa"),
    ("huwu", "hưu"),
    ("yeu", "yêu"),
    ("hieur", "hiểu"),
    ("asa", "ấ"),
    ("hoafn", "hoàn"),
]

UNDO = [
    ("ass", "as"),
    ("aaa", "aa"),
    ("eee", "ee"),
    ("ooo", "oo"),
    ("ddd", "dd"),
    ("aww", "aw"),
    ("ww", "w"),
    ("uww", "uw"),
    ("nhww", "nhw"),
    ("hoaff", "hoaf"),
    ("asz", "a"),
    ("hoafz", "hoa"),
    ("nguyeenxz", "nguyên"),
    ("z", "z"),
    ("asf", "à"),
    ("huoww", "huow"),
]

UPPERCASE = [
    ("VIEETJ NAM", "VIỆT NAM"),
    ("NGUYEENX", "NGUYỄN"),
    ("DDOONGS DDA", "ĐỐNG ĐA"),
    ("THUWOWNGF TRUS", "THƯỜNG TRÚ"),
    ("HOAF", "HÒA"),
    ("Dd", "Đ"),
    ("dD", "đ"),
    ("W", "Ư"),
    ("Nhw", "Như"),
    ("AAs", "Ấ"),
    ("Aa", "Â"),
    ("QUOOCS", "QUỐC"),
    ("GIAAYS", "GIẤY"),
]

# Text Telex must leave alone: punctuation, digits, e-mail, English names in addresses.
UNTOUCHED = [
    "",
    "123 456",
    "email@example.com",
    "Times City, Park Hill, Garden, Sunshine, Ecopark, Landmark",
    "catf",
    "http://127.0.0.1:8765/v1",
    "a.b-c_d",
    "Internationalization, Supercalifragilistic",  # past 12 letters: as typed
]

# (typed, old style, new style): the two styles differ only in open oa / oe / uy.
STYLES = [
    ("hoaf", "hòa", "hoà"),
    ("hoas", "hóa", "hoá"),
    ("khoer", "khỏe", "khoẻ"),
    ("thuyr", "thủy", "thuỷ"),
    ("tuyf", "tùy", "tuỳ"),
    ("Thuys", "Thúy", "Thuý"),
    ("Hoaf Binhf", "Hòa Bình", "Hoà Bình"),
    ("loaf", "lòa", "loà"),
    ("hoangf", "hoàng", "hoàng"),
    ("huyfnh", "huỳnh", "huỳnh"),
    ("ngoaif", "ngoài", "ngoài"),
    ("quys", "quý", "quý"),
    ("muaf", "mùa", "mùa"),
]


@pytest.mark.parametrize(
    ("typed", "expected"), NAMES + PLACES + WORDS + TYPING_ORDER + UNDO + UPPERCASE
)
def test_telex_word_table(typed: str, expected: str) -> None:
    assert telex_to_vietnamese(typed) == expected


@pytest.mark.parametrize("text", UNTOUCHED)
def test_telex_leaves_non_vietnamese_text(text: str) -> None:
    assert telex_to_vietnamese(text) == text


@pytest.mark.parametrize(("typed", "old", "new"), STYLES)
def test_telex_tone_styles(typed: str, old: str, new: str) -> None:
    assert telex_to_vietnamese(typed) == old  # default: old, as administrative documents
    assert telex_to_vietnamese(typed, ToneStyle.OLD) == old
    assert telex_to_vietnamese(typed, "new") == new
    assert telex_to_vietnamese(typed, "modern") == new


def test_telex_rejects_unknown_style() -> None:
    with pytest.raises(ValueError, match="old"):
        TelexComposer("fancy")


def test_telex_output_is_nfc_precomposed() -> None:
    out = telex_to_vietnamese("Nguyeenx Thij Thu Haf, Hoanf Kieems")
    assert unicodedata.is_normalized("NFC", out)
    assert all(not unicodedata.combining(c) for c in out)


def apply_state(buffer: str, replace: int, text: str) -> str:
    return (buffer[: len(buffer) - replace] if replace else buffer) + text


def type_into(buffer: str, composer: TelexComposer, keys: str) -> str:
    for key in keys:
        state = composer.feed(key)
        buffer = apply_state(buffer, state.replace, state.text)
    return buffer


def test_composer_states_drive_a_text_field() -> None:
    c = TelexComposer()
    states = [c.feed(k) for k in "thuowng"]
    assert [s.word for s in states] == ["t", "th", "thu", "thuo", "thuơ", "thươn", "thương"]
    assert states[4].replace == 1 and states[4].text == "ơ"
    space = c.feed(" ")
    assert space.committed == "thương " and space.word == "" and space.text == " "
    buffer = type_into("", TelexComposer(), "Nguyeenx Thij Thu Haf")
    assert buffer == "Nguyễn Thị Thu Hà"


def test_composer_restores_keys_of_a_non_word_at_its_end() -> None:
    c = TelexComposer()
    buffer = type_into("", c, "Garden")
    assert buffer == "Gảden"  # while typing, Telex acts
    state = c.feed(" ")
    assert apply_state(buffer, state.replace, state.text) == "Garden "
    assert state.committed == "Garden "


def test_composer_backspace_then_retype() -> None:
    c = TelexComposer()
    buffer = type_into("", c, "vieetj")
    assert buffer == "việt"
    st1 = c.backspace()
    buffer = apply_state(buffer, st1.replace, st1.text)
    assert buffer == "việ" and c.word == "việ"
    buffer = type_into(buffer, c, "n")
    assert buffer == "viện"  # the tone stays with the word
    for _ in range(4):
        s = c.backspace()
        buffer = apply_state(buffer, s.replace, s.text)
    assert buffer == "" and c.word == ""
    # Nothing composed: the caller deletes one character itself.
    assert c.backspace().replace == 1


def test_composer_backspace_to_no_vowel_drops_the_tone() -> None:
    c = TelexComposer()
    type_into("", c, "mas")
    c.backspace()
    assert c.word == "m"
    type_into("", c, "a")
    assert c.word == "ma"


def test_composer_commit_and_reset() -> None:
    c = TelexComposer()
    type_into("", c, "Haf")
    assert c.commit().committed == "Hà"
    assert c.word == ""
    type_into("", c, "Nguyeenx")
    c.reset()  # end of a session: the word is gone, nothing is emitted
    assert c.word == "" and c.commit().committed == ""


def test_composer_resume_a_shown_word() -> None:
    c = TelexComposer()
    assert c.resume("xin chao") == "chao"
    state = c.feed("f")
    assert apply_state("xin chao", state.replace, state.text) == "xin chào"
    c.reset()
    assert c.resume("Nguyễn") == "Nguyễn"
    assert c.feed("s").word == "Nguyến"
    assert c.feed("z").word == "Nguyên"


def test_composer_takes_letters_with_marks_from_the_onscreen_keyboard() -> None:
    c = TelexComposer()
    for key in ["v", "i", "ê", "t", "j"]:  # ê from a long-press
        c.feed(key)
    assert c.word == "việt"
    c.reset()
    for key in ["h", "ồ", "r"]:  # a toned letter, then another tone key
        c.feed(key)
    assert c.word == "hổ"


def test_composer_feed_of_several_characters() -> None:
    c = TelexComposer()
    state = c.feed("hoaf ")
    assert state.committed == "hòa "
    assert state.text == "hòa "


KEYS = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=60)
TELEX_HEAVY = st.text(alphabet="aeoudwsfrxjzqgihnctAEODWSFRXJ \u0008", max_size=60)


@settings(max_examples=300, deadline=None)
@given(KEYS)
def test_telex_arbitrary_ascii_never_raises_and_is_nfc(text: str) -> None:
    out = telex_to_vietnamese(text)
    assert unicodedata.is_normalized("NFC", out)
    assert telex_to_vietnamese(text, "new") is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=string.ascii_letters + " .,-0123456789", max_size=40))
def test_telex_without_telex_keys_is_identity(text: str) -> None:
    inert = "".join(c for c in text if c.lower() not in "aeowdsfrxjz")
    assert telex_to_vietnamese(inert) == inert


@settings(max_examples=300, deadline=None)
@given(TELEX_HEAVY)
def test_telex_states_agree_with_whole_string_conversion(text: str) -> None:
    c = TelexComposer()
    buffer = ""
    for key in text:
        state = c.feed(key)
        assert state.replace <= len(buffer)
        buffer = apply_state(buffer, state.replace, state.text)
    end = c.commit()
    buffer = apply_state(buffer, end.replace, end.text)
    assert buffer == telex_to_vietnamese(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(list("aeowdsfrxjnghtiu ")), st.just("BS")), max_size=40))
def test_telex_backspace_keeps_the_field_in_step(keys: list[str]) -> None:
    c = TelexComposer()
    buffer = ""
    for key in keys:
        state = c.backspace() if key == "BS" else c.feed(key)
        buffer = apply_state(buffer, min(state.replace, len(buffer)), state.text)
        # The composed word is always what ends the field.
        assert buffer.endswith(c.word)
        assert unicodedata.is_normalized("NFC", buffer)


def test_remove_diacritics() -> None:
    assert remove_diacritics("Nguyễn Thị Thu Hà, Đống Đa") == "Nguyen Thi Thu Ha, Dong Da"
