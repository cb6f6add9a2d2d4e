"""`FormSession`: one citizen filling in one procedure, step by step (one group per screen).

The UI's view-model drives it with plain calls and reads immutable snapshots back
(`current_step()`, `review()`); nothing here calls into the UI. `kiosk dossier new` drives
the very same object (`set_answers()` then `confirm()`), so the command line accepts and
rejects exactly what the screens do.

Typical use::

    session = FormSession(service, card=card_data)
    step = session.current_step()             # StepView: fields with value, error, flags
    session.set_answer("child_name", "Nguyễn Văn B")   # -> FieldError | None (inline)
    session.add_repeat_item("copies")         # repeat groups
    result = session.next()                   # refuses (moved=False) with the step's errors
    summary = session.review()                # at the end: every answer, fee, appointment
    dossier = session.confirm(settings=settings)   # -> kiosk.dossier.model.Dossier
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError
from kiosk.forms import views
from kiosk.forms.addresses import AddressConversion, ChipAddressConverter
from kiosk.forms.calendar import Appointment, WorkingCalendar, now_vn
from kiosk.forms.catalogue import Catalogue, Service
from kiosk.forms.delivery import PostRule
from kiosk.forms.evaluator import is_blank as expr_blank
from kiosk.forms.expressions import FieldRef
from kiosk.forms.fees import ONLINE, Charge, charge, listed_amount
from kiosk.forms.model import FILE_TYPES, FieldType, GroupDef, Text
from kiosk.forms.prefill import CardData
from kiosk.forms.session_fields import FieldsMixin
from kiosk.forms.state import FAILED, Answers, FieldPath, Item
from kiosk.forms.validation import MESSAGES, FieldError, error

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.dossier.local_code import LocalCodeAllocator
    from kiosk.dossier.model import AttachmentFile, Dossier

log = logging.getLogger(__name__)


class RepeatLimitError(KioskError, ValueError):
    """Adding or removing an item would break the group's min/max."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.message_vi = text.vi
        self.message_en = text.en


class FormIncompleteError(KioskError, ValueError):
    """`confirm()` was called while answers are missing or wrong."""

    def __init__(self, errors: tuple[FieldError, ...]) -> None:
        super().__init__("; ".join(f"{e.path}: {e.message_en}" for e in errors))
        self.errors = errors
        self.message_vi = "Tờ khai còn mục chưa điền hoặc chưa đúng; vui lòng kiểm tra lại."
        self.message_en = "Some answers are missing or wrong; please check the form."


class FeeRuleError(KioskError, ValueError):
    """The fee rule gave no usable amount (a catalogue error)."""

    message_vi = "Không tính được lệ phí; vui lòng nhờ cán bộ hỗ trợ."
    message_en = "The fee could not be calculated; please ask a member of staff."


def _default_calendar() -> WorkingCalendar:
    from kiosk.config import resources_path

    return WorkingCalendar.load(resources_path() / "holidays")


class FormSession(FieldsMixin):
    def __init__(self, service: Service, *, card: CardData | None = None,
                 calendar: WorkingCalendar | None = None,
                 address_converter: ChipAddressConverter | None = None,
                 clock: Callable[[], datetime] = now_vn,
                 home_province: int | None = None,
                 filing_channel: str = ONLINE) -> None:
        self.service = service
        # How this kiosk files (settings filing_channel): the fee's rule and a province's
        # support can depend on it (kiosk/forms/fees.py).
        self.filing_channel = filing_channel
        # The kiosk's own province: where an address is asked, it is the likely answer (a
        # Hà Nội kiosk serves Hà Nội residents), offered chosen and changeable.
        self.home_province = home_province
        self.form = service.form
        self.card = card
        self.clock = clock
        self.calendar = calendar or _default_calendar()
        self.converter = address_converter or ChipAddressConverter()
        self.answers = Answers(self.form, card, self._today)
        self.attachment_files: dict[str, AttachmentFile] = {}
        self._conversions: dict[str, AddressConversion] = {}
        self._index = 0  # index into form.groups; len(groups) = the review screen
        self._attempted: set[str] = set()  # steps whose errors are shown after a refused next()
        self.province_defaults = self._defaults_by_rule()
        self._apply_defaults(self.answers.root, [g for g in self.form.groups if not g.repeat])
        for group in self.form.repeat_groups():
            assert group.repeat is not None
            for _ in range(group.repeat.min):
                self._new_item(group)
        self._apply_prefills()
        self._index = self._first_visible_from(0)

    def _today(self) -> date:
        return self.clock().date()

    def post_rule(self) -> PostRule | None:
        """The province's rule sending this procedure's results by post, if in force today."""
        rule = self.service.post_rule
        return rule if rule is not None and rule.applies(self.service.code,
                                                         self._today()) else None

    def _defaults_by_rule(self) -> dict[str, Any]:
        """Where the province sends paper results by post, the result place the receipt
        names starts on the procedure's by-post choice."""
        expr = self.form.receipt.result_place
        if self.post_rule() is None or expr is None or not isinstance(expr.root, FieldRef):
            return {}
        f = self.form.fields_by_id.get(expr.root.name)
        by_post = {p.id for p in self.service.result_places if p.by_post}
        value = next((c.value for c in f.choices if c.value in by_post), None) if f else None
        return {} if f is None or value is None else {f.id: value}

    # ---- navigation -----------------------------------------------------------------------

    def visible_groups(self) -> list[GroupDef]:
        return [g for g in self.form.groups if self._group_applies(g)]

    def _group_applies(self, group: GroupDef) -> bool:
        a = self.answers
        if not a.group_relevant(group):
            return False
        if group.repeat is not None:
            return True
        return any(a.relevant(group, a.root, f) for f in group.fields)

    def _is_step(self, group: GroupDef) -> bool:
        """A screen of the wizard (statements agreed at review are not)."""
        return not group.at_review and self._group_applies(group)

    def _first_visible_from(self, index: int) -> int:
        while index < len(self.form.groups) and not self._is_step(self.form.groups[index]):
            index += 1
        return index

    @property
    def at_review(self) -> bool:
        return self._index >= len(self.form.groups)

    def current_step(self) -> views.StepView | None:
        """The screen to show, or None on the review screen."""
        if self.at_review:
            return None
        return self.step_view(self.form.groups[self._index])

    def visible_fields(self) -> tuple[views.FieldView, ...]:
        step = self.current_step()
        if step is None:
            return ()
        return step.fields + tuple(fv for item in step.items for fv in item.fields)

    def next(self) -> views.NavigationResult:
        if self.at_review:
            return views.NavigationResult(False, (), True)
        group = self.form.groups[self._index]
        errors = tuple(self.group_errors(group))
        if errors:
            self._attempted.add(group.id)
            return views.NavigationResult(False, errors, False)
        self._index = self._first_visible_from(self._index + 1)
        return views.NavigationResult(True, (), self.at_review)

    def back(self) -> bool:
        index = min(self._index, len(self.form.groups)) - 1
        while index >= 0 and not self._is_step(self.form.groups[index]):
            index -= 1
        if index < 0:
            return False
        self._index = index
        return True

    def go_to(self, step_id: str) -> bool:
        """Jump back to a step (the review screen's "change" buttons)."""
        for i, g in enumerate(self.form.groups):
            if g.id == step_id and i <= self._index and self._is_step(g):
                self._index = i
                return True
        return False

    # ---- repeats --------------------------------------------------------------------------

    def add_repeat_item(self, group_id: str) -> int:
        group = self.form.group(group_id)
        if group.repeat is None:
            raise KeyError(group_id)
        items = self.answers.repeats[group_id]
        if len(items) >= group.repeat.max:
            raise RepeatLimitError(_fmt(MESSAGES["repeat_max"], group.repeat.max))
        self._new_item(group)
        self._apply_prefills()
        return len(items) - 1

    def remove_repeat_item(self, group_id: str, index: int) -> None:
        group = self.form.group(group_id)
        if group.repeat is None:
            raise KeyError(group_id)
        items = self.answers.repeats[group_id]
        if len(items) <= group.repeat.min:
            raise RepeatLimitError(_fmt(MESSAGES["repeat_min"], group.repeat.min))
        del items[index]
        self.answers.changed()
        self._apply_prefills()

    def _new_item(self, group: GroupDef) -> Item:
        item = Item()
        self.answers.repeats[group.id].append(item)
        self._apply_defaults(item, [group])
        self.answers.changed()
        return item

    def _apply_defaults(self, item: Item, groups: list[GroupDef]) -> None:
        for g in groups:
            for f in g.fields:
                if f.has_value:
                    self._restore_default(item, f)

    # ---- attachments ----------------------------------------------------------------------

    def attach(self, path: str, file_path: Path, media_type: str | None = None,
               name: str | None = None) -> FieldError | None:
        """Attach a photographed/scanned document (a file kept for the session)."""
        from kiosk.forms.attachments import make_attachment

        fp = FieldPath.parse(path)
        f = self.form.fields_by_id.get(fp.field_id) if fp else None
        if fp is None or f is None or f.type not in FILE_TYPES or self.answers.item_at(
                fp) is None:
            return error(path, "unknown_field")
        made = make_attachment(f, path, file_path, media_type, name)
        if isinstance(made, FieldError):
            return made
        item = self.answers.item_at(fp)
        assert item is not None
        self.attachment_files[fp.key] = made
        item.values[f.id] = {"attachment_id": made.attachment_id, "name": made.name,
                             "media_type": made.media_type}
        item.touched.add(f.id)
        item.raw_input.pop(f.id, None)
        self.answers.changed()
        return self.first_error(fp)

    def detach(self, path: str) -> None:
        fp = FieldPath.parse(path)
        item = self.answers.item_at(fp) if fp else None
        if fp is None or item is None:
            return
        self.attachment_files.pop(fp.key, None)
        item.values.pop(fp.field_id, None)
        self.answers.changed()

    def attachments(self) -> tuple[AttachmentFile, ...]:
        """Files of the attachment fields that apply."""
        out = []
        for key, file in self.attachment_files.items():
            fp = FieldPath.parse(key)
            if fp is None:
                continue
            group = self.form.group_of_field[fp.field_id]
            item = self.answers.item_at(fp)
            f = self.form.fields_by_id[fp.field_id]
            if item is not None and self.answers.relevant(group, item, f):
                out.append(file)
        return tuple(out)

    # ---- whole-form checks ------------------------------------------------------------------

    def agree_at_review(self) -> None:
        """The citizen pressed the review screen's button that states the closing
        statements: they are agreed (confirm() still checks everything)."""
        for group in self.visible_groups():
            if group.at_review:
                for f in group.fields:
                    if f.type is FieldType.CONSENT and self.answers.relevant(
                            group, self.answers.root, f):
                        self.set_answer(f.id, True)

    def errors(self) -> tuple[FieldError, ...]:
        """Every problem in every step that applies (what confirm() refuses on)."""
        out: list[FieldError] = []
        for group in self.visible_groups():
            out += self.group_errors(group)
        return tuple(out)

    def fee_vnd(self) -> int:
        """What the citizen pays: the rule's amount for this kiosk's channel, less what the
        province pays for them."""
        return self.charge().payable_vnd

    def charge(self) -> Charge:
        """The listed fee, what is paid, and the rule that made them differ."""
        fee = self.service.fee
        return charge(self.listed_fee_vnd(), code=self.service.code, set_by=fee.set_by,
                      channel=self.filing_channel, on=self._today(),
                      support=self.service.online_support)

    def listed_fee_vnd(self) -> int:
        """The amount the fee's rule sets for these answers and this kiosk's channel."""
        fee = self.service.fee
        if fee.kind == "free":
            return 0
        if fee.kind == "fixed":
            return int(listed_amount(fee.amount_vnd, fee.online_amount_vnd,
                                     self.filing_channel) or 0)
        assert fee.rule is not None
        value = self.answers.evaluate(fee.rule, self.answers.root, where="fee.rule")
        if value is FAILED or isinstance(value, bool) or not isinstance(value, int | float):
            if value is None:
                return 0
            raise FeeRuleError(f"fee rule of {self.service.code} gave {type(value).__name__}")
        if value < 0:
            raise FeeRuleError(f"fee rule of {self.service.code} is negative")
        return round(value)

    def appointment(self, received_at: datetime | None = None) -> Appointment:
        return self.calendar.appointment(received_at or self.clock(),
                                         self.service.processing_time)

    def receipt_value(self, key: str) -> Any:
        expr = getattr(self.form.receipt, key)
        if expr is None:
            return None
        value = self.answers.evaluate(expr, self.answers.root, where=f"receipt.{key}")
        return None if value is FAILED or expr_blank(value) else value

    def review(self) -> views.ReviewSummary:
        from kiosk.forms.submission import review_summary

        return review_summary(self)

    def answers_json(self) -> dict[str, Any]:
        from kiosk.forms.submission import collect_answers

        return collect_answers(self)

    def prefill_share(self) -> tuple[int, int]:
        """(citizen-data fields filled from the chip, citizen-data fields that apply)."""
        filled = total = 0
        a = self.answers
        for group in self.visible_groups():
            for item in a.items_of(group):
                for f in group.fields:
                    if f.citizen_data and f.has_value and a.relevant(group, item, f):
                        total += 1
                        filled += f.id in item.prefilled
        return filled, total

    def confirm(self, *, settings: Settings, assisted_by: str | None = None,
                received_at: datetime | None = None,
                allocator: LocalCodeAllocator | None = None) -> Dossier:
        """The dossier to hand to the outbox; raises `FormIncompleteError` when not ready."""
        from kiosk.forms.submission import build_dossier

        errors = self.errors()
        if errors:
            for g in self.visible_groups():
                self._attempted.add(g.id)
            raise FormIncompleteError(errors)
        return build_dossier(self, settings=settings, assisted_by=assisted_by,
                             received_at=received_at or self.clock(), allocator=allocator)

    # ---- bulk input (the command line, tests, restoring a draft) ------------------------------

    def set_answers(self, answers: Mapping[str, Any]) -> list[FieldError]:
        """Set many answers: {"field": v, "group": [{"field": v}, ...]}, in form order."""
        problems: list[FieldError] = []
        repeat_ids = set(self.answers.repeats)
        for key, value in answers.items():
            if key in repeat_ids:
                problems += self._set_repeat_answers(key, value)
            elif key not in self.form.fields_by_id or self.form.group_of_field[key].repeat:
                problems.append(error(key, "unknown_field"))
        ordered = [f.id for g in self.form.groups if g.repeat is None for f in g.fields]
        for fid in ordered:
            if fid in answers:
                problem = self.set_answer(fid, answers[fid])
                if problem is not None and problem.code in _INPUT_CODES:
                    problems.append(problem)
        return problems

    def _set_repeat_answers(self, group_id: str, rows: Any) -> list[FieldError]:
        group = self.form.group(group_id)
        assert group.repeat is not None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            return [error(group_id, "unknown_field")]
        items = self.answers.repeats[group_id]
        if len(rows) > group.repeat.max:
            return [error(group_id, "repeat_max", n=group.repeat.max)]
        while len(items) < len(rows):
            self._new_item(group)
        while len(items) > max(len(rows), group.repeat.min):
            del items[-1]
        self.answers.changed()
        problems: list[FieldError] = []
        for i, row in enumerate(rows):
            for fid, value in row.items():
                path = f"{group_id}[{i}].{fid}"
                if fid not in {f.id for f in group.fields}:
                    problems.append(error(path, "unknown_field"))
                    continue
                problem = self.set_answer(path, value)
                if problem is not None and problem.code in _INPUT_CODES:
                    problems.append(problem)
        return problems


# Errors that set_answers reports at once; the rest (required, constraints...) come from
# errors() so that an answer set early is not judged before the answers it depends on.
_INPUT_CODES = frozenset({"unknown_field", "locked", "read_only", "not_number", "not_date",
                          "date_out_of_range", "not_choice", "not_yes_no", "not_text",
                          "address_shape", "person_shape", "attachment_shape"})


def _fmt(text: Text, n: int) -> Text:
    return Text(text.vi.format(n=n), text.en.format(n=n))


def start_session(catalogue: Catalogue, code: str,
                  card: CardData | Mapping[str, Any] | None = None,
                  settings: Settings | None = None) -> FormSession:
    """A new form session for procedure `code`, pre-filled from `card` (CardData or the
    card reader's JSON). With a card holding an address this converts it: run it in a
    background task, or after `ChipAddressConverter().warm_up()` (seconds when cold)."""
    from kiosk.config import resources_path

    if card is not None and not isinstance(card, CardData):
        card = CardData.from_json(card)
    resources = settings.resources() if settings is not None else resources_path()
    return FormSession(catalogue.get(code), card=card,
                       calendar=WorkingCalendar.load(resources / "holidays"),
                       home_province=settings.province_code if settings is not None else None,
                       filing_channel=settings.filing_channel if settings is not None else ONLINE)
