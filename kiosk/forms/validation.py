"""Per-field value rules: normalising what was typed and checking its type, length, range,
pattern and ID-number sanity. Cross-field rules (`constraint`, `required` expressions) are
evaluated by the engine, which reports them with the same `FieldError`.

Every error carries a code and a message in Vietnamese and English that says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kiosk.forms.addresses import check_address, complete_address
from kiosk.forms.model import FieldDef, FieldType, Text

# Province codes that begin a 12-digit personal ID (Circular 07/2016/TT-BCA): the 63
# pre-2025 provinces. IDs keep their prefix after the 2025 merger.
ID_PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019",
    "020", "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036",
    "037", "038", "040", "042", "044", "045", "046", "048", "049", "051", "052", "054",
    "056", "058", "060", "062", "064", "066", "067", "068", "070", "072", "074", "075",
    "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092", "093",
    "094", "095", "096",
})

MESSAGES: dict[str, Text] = {
    "required": Text("Vui lòng điền mục này.", "Please fill in this item."),
    "not_text": Text("Vui lòng nhập chữ.", "Please type text."),
    "too_short": Text("Cần ít nhất {n} ký tự.", "Needs at least {n} characters."),
    "too_long": Text("Không quá {n} ký tự.", "At most {n} characters."),
    "not_number": Text("Vui lòng nhập một số.", "Please enter a number."),
    "not_integer": Text("Vui lòng nhập số nguyên.", "Please enter a whole number."),
    "below_min": Text("Không được nhỏ hơn {n}.", "Must be at least {n}."),
    "above_max": Text("Không được lớn hơn {n}.", "Must be at most {n}."),
    "not_date": Text("Ngày không hợp lệ (ngày/tháng/năm).",
                     "Not a valid date (day/month/year)."),
    "date_future": Text("Ngày này ở tương lai; vui lòng kiểm tra lại.",
                        "This date is in the future; please check."),
    "date_out_of_range": Text("Năm phải trong khoảng 1900–2100.",
                              "The year must be between 1900 and 2100."),
    "not_choice": Text("Vui lòng chọn một mục trong danh sách.",
                       "Please pick one of the options."),
    "duplicate_choice": Text("Mỗi mục chỉ chọn một lần.", "Pick each option only once."),
    "not_yes_no": Text("Vui lòng chọn Có hoặc Không.", "Please choose Yes or No."),
    "phone": Text("Số điện thoại không đúng (10 số, ví dụ 0912345678).",
                  "Not a valid phone number (10 digits, e.g. 0912345678)."),
    "email": Text("Địa chỉ email không đúng (ví dụ ten@example.com).",
                  "Not a valid e-mail address (e.g. name@example.com)."),
    "id12_digits": Text("Số định danh cá nhân gồm đúng 12 chữ số.",
                        "The personal ID number has exactly 12 digits."),
    "id12_province": Text("3 số đầu của số định danh không phải mã tỉnh hợp lệ; "
                          "vui lòng kiểm tra lại.",
                          "The first 3 digits are not a valid province code; please check."),
    "id12_century": Text("Số thứ 4 của số định danh (thế kỷ, giới tính) không hợp lệ.",
                         "The 4th digit (century and gender) of the ID number is not valid."),
    "id12_future": Text("Năm sinh trong số định danh ở tương lai; vui lòng kiểm tra lại.",
                        "The ID number encodes a birth year in the future; please check."),
    "id12_dob_mismatch": Text("Số định danh không khớp với năm sinh; vui lòng kiểm tra lại.",
                              "The ID number does not match the year of birth; please check."),
    "name": Text("Họ tên chỉ gồm chữ cái và khoảng trắng.",
                 "A name may contain only letters and spaces."),
    "regex": Text("Giá trị không đúng định dạng.", "The value is not in the expected format."),
    "province_unknown": Text("Vui lòng chọn tỉnh/thành phố.", "Please choose the province."),
    "commune_unknown": Text("Vui lòng chọn phường/xã.", "Please choose the ward or commune."),
    "commune_not_in_province": Text("Phường/xã không thuộc tỉnh/thành phố đã chọn.",
                                    "That ward or commune is not in the chosen province."),
    "street_missing": Text("Vui lòng nhập số nhà, đường/phố, thôn/xóm.",
                           "Please enter the house number and street or village."),
    "street_too_long": Text("Số nhà, đường phố quá dài (tối đa 200 ký tự).",
                            "House number and street are too long (at most 200 characters)."),
    "address_shape": Text("Địa chỉ chưa đầy đủ.", "The address is incomplete."),
    "person_shape": Text("Thông tin người chưa đầy đủ.", "The person's details are incomplete."),
    "consent_required": Text("Vui lòng đánh dấu đồng ý để tiếp tục.",
                             "Please tick to agree before continuing."),
    "attachment_shape": Text("Vui lòng chụp hoặc chọn tệp giấy tờ.",
                             "Please photograph or choose the document file."),
    "attachment_required": Text("Vui lòng chụp hoặc tải lên giấy tờ này.",
                                "Please photograph or upload this document."),
    "file_missing": Text("Không đọc được tệp; vui lòng chụp hoặc chọn lại.",
                         "The file could not be read; please photograph or choose it again."),
    "file_too_large": Text("Tệp lớn quá {n} MB; vui lòng chụp lại với chất lượng thấp hơn.",
                           "The file is over {n} MB; please capture it at a lower quality."),
    "media_type": Text("Loại tệp này không được nhận (chỉ ảnh JPEG/PNG hoặc PDF).",
                       "This file type is not accepted (JPEG/PNG image or PDF only)."),
    "constraint": Text("Giá trị không hợp lệ.", "The value is not valid."),
    "rule_error": Text("Không kiểm tra được mục này; vui lòng nhờ cán bộ hỗ trợ.",
                       "This item could not be checked; please ask a member of staff."),
    "locked": Text("Thông tin này đọc từ chip căn cước, không sửa được.",
                   "This comes from the ID card chip and cannot be changed."),
    "read_only": Text("Mục này được tính tự động.", "This item is calculated automatically."),
    "not_visible": Text("Mục này không áp dụng với các lựa chọn hiện tại.",
                        "This item does not apply with the current answers."),
    "repeat_min": Text("Cần ít nhất {n} mục.", "At least {n} entries are needed."),
    "repeat_max": Text("Tối đa {n} mục.", "At most {n} entries."),
    "unknown_field": Text("Không có mục này trong tờ khai.", "There is no such item in the form."),
}


@dataclass(frozen=True)
class FieldError:
    """One problem with one answer; `path` is e.g. "mother.id_number" or "copies[1].name"."""

    path: str
    code: str
    message_vi: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_vi


def error(path: str, code: str, custom: Text | None = None, **params: object) -> FieldError:
    return error_from(path, code, custom, params)


def error_from(path: str, code: str, custom: Text | None,
               params: Mapping[str, object]) -> FieldError:
    text = custom or MESSAGES[code]
    return FieldError(path, code, text.vi.format(**params), text.en.format(**params))


class InvalidValue(ValueError):  # noqa: N818 - a value, not a program error
    """Raised by `normalize` when a value cannot even be read as its type."""

    def __init__(self, code: str, part: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.part = part
        self.params = params


_PHONE_RE = re.compile(r"^0(?:[35789][0-9]{8}|2[0-9]{9})$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ '.-][^\W\d_]+)*$")
_YES = {"yes", "true", "1", "có", "co", "y"}
_NO = {"no", "false", "0", "không", "khong", "n"}


def is_blank(value: object) -> bool:
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    return value is None or value == "" or value == []


def normalize(f: FieldDef, value: Any) -> Any:
    """Turn typed input into the stored answer form (ISO dates, digits-only IDs...)."""
    if is_blank(value):
        return None
    t = f.type
    if t in (FieldType.TEXT, FieldType.CHOICE) and isinstance(value, str):
        value = " ".join(value.split()) if not f.multiline else value.strip()
        if t is FieldType.TEXT:
            return value
    if t is FieldType.NUMBER:
        return _number(value)
    if t is FieldType.DATE:
        return normalize_date(value).isoformat()
    if t is FieldType.CHOICE:
        return _choice(f, value)
    if t is FieldType.MULTI_CHOICE:
        if not isinstance(value, list | tuple):
            raise InvalidValue("not_choice")
        return [_choice(f, v) for v in value]
    if t in (FieldType.YES_NO, FieldType.CONSENT):
        return _yes_no(value)
    if t is FieldType.PHONE:
        digits = re.sub(r"[\s.\-()]", "", str(value))
        return "0" + digits[3:] if digits.startswith("+84") else digits
    if t is FieldType.EMAIL:
        return str(value).strip()
    if t is FieldType.ID12:
        return re.sub(r"\s", "", str(value))
    if t is FieldType.PERSON:
        return _person(f, value)
    if t is FieldType.ADDRESS:
        if not isinstance(value, dict):
            raise InvalidValue("address_shape")
        out = dict(value)
        for key in ("province_code", "commune_code"):
            if isinstance(out.get(key), str) and out[key].strip().isdigit():
                out[key] = int(out[key])
        return complete_address(out)
    if t in (FieldType.ATTACHMENT, FieldType.SIGNATURE):
        if not isinstance(value, dict) or not value.get("attachment_id"):
            raise InvalidValue("attachment_shape")
        return dict(value)
    if not isinstance(value, str):
        raise InvalidValue("not_text")
    return value


def check(f: FieldDef, value: Any, today: date) -> list[tuple[str | None, str, dict[str, Any]]]:
    """Problems with a normalised, non-blank value: (part or None, code, message params)."""
    t = f.type
    out: list[tuple[str | None, str, dict[str, Any]]] = []
    if t is FieldType.TEXT:
        out += _check_length(f, value)
    elif t is FieldType.NUMBER:
        if f.integer and not float(value).is_integer():
            out.append((None, "not_integer", {}))
        if f.min is not None and value < f.min:
            out.append((None, "below_min", {"n": _fmt(f.min)}))
        if f.max is not None and value > f.max:
            out.append((None, "above_max", {"n": _fmt(f.max)}))
    elif t is FieldType.DATE:
        pass  # normalize_date already checked the range
    elif t is FieldType.MULTI_CHOICE:
        if len(set(value)) != len(value):
            out.append((None, "duplicate_choice", {}))
    elif t is FieldType.PHONE:
        if not _PHONE_RE.match(value):
            out.append((None, "phone", {}))
    elif t is FieldType.EMAIL:
        if len(value) > 254 or not _EMAIL_RE.match(value):
            out.append((None, "email", {}))
    elif t is FieldType.ID12:
        code = check_id12(value, today)
        if code:
            out.append((None, code, {}))
    elif t is FieldType.PERSON:
        out += _check_person(f, value, today)
    elif t is FieldType.ADDRESS:
        problem = check_address(value)
        if problem:
            part = {"province_unknown": "province_code", "commune_unknown": "commune_code",
                    "commune_not_in_province": "commune_code", "street_missing": "street",
                    "street_too_long": "street"}.get(problem)
            out.append((part, problem, {}))
    elif t in (FieldType.ATTACHMENT, FieldType.SIGNATURE):
        if value.get("media_type") not in f.media_types:
            out.append((None, "media_type", {}))
    elif t is FieldType.CONSENT and value is not True and f.required is True:
        out.append((None, "consent_required", {}))
    if f.regex and isinstance(value, str) and not re.fullmatch(f.regex, value):
        out.append((None, "regex", {}))
    return out


def check_id12(value: str, today: date) -> str | None:
    if not re.fullmatch(r"[0-9]{12}", value):
        return "id12_digits"
    if value[:3] not in ID_PROVINCE_CODES:
        return "id12_province"
    century = int(value[3])
    if century > 3:  # 0/1: born 1900-1999, 2/3: 2000-2099 (odd = female)
        return "id12_century"
    if id12_birth_year(value) > today.year:
        return "id12_future"
    return None


def id12_birth_year(value: str) -> int:
    return 1900 + 100 * (int(value[3]) // 2) + int(value[4:6])


def normalize_date(value: Any) -> date:
    if isinstance(value, datetime):
        d = value.date()
    elif isinstance(value, date):
        d = value
    elif isinstance(value, str):
        text = value.strip()
        parsed: date | None = None
        for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                parsed = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        if parsed is None:
            raise InvalidValue("not_date")
        d = parsed
    else:
        raise InvalidValue("not_date")
    if not 1900 <= d.year <= 2100:
        raise InvalidValue("date_out_of_range")
    return d


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise InvalidValue("not_number")
    if isinstance(value, int | float):
        number: int | float = value
    else:
        text = str(value).strip().replace(" ", "")
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                raise InvalidValue("not_number") from None
    if isinstance(number, float):
        if number != number or number in (float("inf"), float("-inf")):
            raise InvalidValue("not_number")
        if number.is_integer():
            number = int(number)
    return number


def _choice(f: FieldDef, value: Any) -> str | int:
    for c in f.choices:
        if c.value == value or (isinstance(value, str | int) and not isinstance(value, bool)
                                and str(c.value) == str(value).strip()):
            return c.value
    raise InvalidValue("not_choice")


def _yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise InvalidValue("not_yes_no")


def _person(f: FieldDef, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidValue("person_shape")
    name = value.get("full_name")
    id_number = value.get("id_number")
    dob = value.get("date_of_birth")
    out: dict[str, Any] = {
        "full_name": " ".join(name.split()) if isinstance(name, str) and name.strip() else None,
        "id_number": re.sub(r"\s", "", str(id_number)) if not is_blank(id_number) else None,
        "date_of_birth": None,
    }
    if not is_blank(dob):
        try:
            out["date_of_birth"] = normalize_date(dob).isoformat()
        except InvalidValue as exc:
            raise InvalidValue(exc.code, part="date_of_birth") from None
    return out


def _check_person(f: FieldDef, value: dict[str, Any], today: date
                  ) -> list[tuple[str | None, str, dict[str, Any]]]:
    out: list[tuple[str | None, str, dict[str, Any]]] = []
    name = value.get("full_name")
    if not name:
        out.append(("full_name", "required", {}))
    elif not _NAME_RE.match(name) or len(name) > 100:
        out.append(("full_name", "name", {}))
    id_number = value.get("id_number")
    if id_number:
        code = check_id12(id_number, today)
        if code:
            out.append(("id_number", code, {}))
    elif f.id_required:
        out.append(("id_number", "required", {}))
    dob = value.get("date_of_birth")
    if not dob and f.dob_required:
        out.append(("date_of_birth", "required", {}))
    if dob and date.fromisoformat(dob) > today:
        out.append(("date_of_birth", "date_future", {}))
    if (dob and id_number and not check_id12(id_number, today)
            and id12_birth_year(id_number) != date.fromisoformat(dob).year):
        out.append(("id_number", "id12_dob_mismatch", {}))
    return out


def longest_text(f: FieldDef) -> int:
    """The most characters an answer may have: the catalogue's, else 200 (1,000 multiline)."""
    return f.max_length or (1000 if f.multiline else 200)


def _check_length(f: FieldDef, value: str) -> list[tuple[str | None, str, dict[str, Any]]]:
    longest = longest_text(f)
    if f.min_length and len(value) < f.min_length:
        return [(None, "too_short", {"n": f.min_length})]
    if len(value) > longest:
        return [(None, "too_long", {"n": longest})]
    return []


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)
