"""Field-level behaviour of `FormSession`: setting answers with inline validation, the
checks of one field and one step, pre-fill from the chip, and the field/step snapshots."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kiosk.forms import views
from kiosk.forms.addresses import AddressConversion, ChipAddressConverter, format_address
from kiosk.forms.evaluator import is_blank as expr_blank
from kiosk.forms.evaluator import parse_iso_date
from kiosk.forms.model import (
    ADDRESS_PARTS,
    FILE_TYPES,
    PERSON_PARTS,
    FieldDef,
    FieldType,
    FormDef,
    GroupDef,
)
from kiosk.forms.prefill import CardData, fit_choice
from kiosk.forms.state import FAILED, Answers, FieldPath, Item
from kiosk.forms.validation import (
    MESSAGES,
    FieldError,
    InvalidValue,
    check,
    error,
    error_from,
    is_blank,
    normalize,
)

if TYPE_CHECKING:
    from kiosk.dossier.model import AttachmentFile

log = logging.getLogger(__name__)


class FieldsMixin:
    form: FormDef
    answers: Answers
    card: CardData | None
    converter: ChipAddressConverter
    attachment_files: dict[str, AttachmentFile]
    _conversions: dict[str, AddressConversion]
    _attempted: set[str]
    home_province: int | None  # the kiosk's own province, an address's default
    # Defaults a province's rule puts in place of the form's (field id -> value).
    province_defaults: dict[str, Any]

    def _today(self) -> date:  # FormSession supplies the clock
        raise NotImplementedError

    # ---- answers --------------------------------------------------------------------------

    def _locate(self, path: str) -> tuple[FieldPath, GroupDef, Item, FieldDef] | None:
        fp = FieldPath.parse(path)
        if fp is None:
            return None
        f = self.form.fields_by_id.get(fp.field_id)
        item = self.answers.item_at(fp)
        if f is None or item is None:
            return None
        if fp.part is not None and not (
            (f.type is FieldType.PERSON and fp.part in PERSON_PARTS)
            or (f.type is FieldType.ADDRESS and fp.part in ADDRESS_PARTS)
        ):
            return None
        return fp, self.form.group_of_field[f.id], item, f

    def answer(self, path: str) -> Any:
        found = self._locate(path)
        if found is None:
            raise KeyError(path)
        fp, group, item, f = found
        value = self.answers.value(group, item, f)
        if fp.part is not None:
            return (value or {}).get(fp.part)
        return value

    def address_offers(self, path: str) -> list[tuple[FieldDef, dict[str, Any]]]:
        """Other addresses of this form answered in full (ward and street), that `path` does
        not already hold: offered as "same as" (a mother's residence is most often the
        father's), one tap instead of a province, a ward and a street."""
        try:
            current = self.answer(path)
        except KeyError:
            return []
        offers: list[tuple[FieldDef, dict[str, Any]]] = []
        for f, value in self._full_addresses():
            if f.id == path:
                continue
            same = isinstance(current, dict) and all(
                current.get(k) == value.get(k) for k in ("province_code", "commune_code", "street"))
            if not same and all(value != v for _, v in offers):
                offers.append((f, value))
        return offers

    def _full_addresses(self) -> list[tuple[FieldDef, dict[str, Any]]]:
        """The form's addresses answered in full (ward and street), outside repeats."""
        out = []
        for group in self.form.groups:
            if group.repeat is not None:
                continue
            for f in group.fields:
                if f.type is not FieldType.ADDRESS:
                    continue
                if not self.answers.relevant(group, self.answers.root, f):
                    continue
                value = self.answers.value(group, self.answers.root, f)
                if isinstance(value, dict) and value.get("commune_code") and value.get("street"):
                    out.append((f, value))
        return out

    def set_answer(self, path: str, value: Any) -> FieldError | None:
        """Store one answer and return its first problem (inline validation) or None."""
        found = self._locate(path)
        if found is None:
            return error(path, "unknown_field")
        fp, group, item, f = found
        if f.type is FieldType.NOTE or f.read_only:
            return None if value == self.answers.value(group, item, f) else error(
                path, "read_only")
        if f.type in FILE_TYPES:
            if is_blank(value):
                self.attachment_files.pop(fp.key, None)
                item.values.pop(f.id, None)
                self.answers.changed()
                return self.first_error(fp)
            return error(path, "attachment_shape")
        current = item.values.get(f.id)
        if fp.part is not None:
            merged = dict(current or {})
            if fp.part == "province_code" and merged.get("province_code") != value:
                merged["commune_code"] = None  # a commune belongs to one province
            merged[fp.part] = value
            value = merged
        try:
            normalized = normalize(f, value)
        except InvalidValue as exc:
            if self._locked(item, f):
                return error(path, "locked")
            item.raw_input[f.id] = (value, exc.code, exc.part)
            item.values.pop(f.id, None)
            item.touched.add(f.id)
            self.answers.changed()
            self._apply_prefills()
            return error_from(fp.with_part(exc.part), exc.code, None, exc.params)
        if self._locked(item, f) and normalized != current:
            return error(path, "locked")
        item.raw_input.pop(f.id, None)
        if normalized != current:
            item.touched.add(f.id)
            if self._from_chip_candidate(item, f, normalized):
                item.prefilled.add(f.id)
            elif not (f.id in item.partial and _same_name(current, normalized)):
                item.prefilled.discard(f.id)
                item.partial.discard(f.id)
        if normalized is None:
            item.values.pop(f.id, None)
        else:
            item.values[f.id] = normalized
        self.answers.changed()
        self._apply_prefills()
        return self.first_error(fp)

    def _locked(self, item: Item, f: FieldDef) -> bool:
        if not (f.lock_prefilled and f.id in item.prefilled):
            return False
        # Locked only when the card gave the whole answer: a spouse's name alone (the chip
        # holds no spouse ID or birth date) leaves the rest, and typos in it, to the citizen.
        return f.id not in item.partial

    def _from_chip_candidate(self, item: Item, f: FieldDef, value: Any) -> bool:
        """An address the citizen chose among the chip address's conversions."""
        info = item.address_info.get(f.id)
        if f.type is not FieldType.ADDRESS or info is None or not isinstance(value, dict):
            return False
        return any(c.as_answer() == {k: value.get(k) for k in ADDRESS_PARTS}
                   for c in info.candidates)

    # ---- checks ---------------------------------------------------------------------------

    def first_error(self, fp: FieldPath) -> FieldError | None:
        group = self.form.group_of_field[fp.field_id]
        item = self.answers.item_at(fp)
        if item is None:
            return error(str(fp), "unknown_field")
        problems = self.field_errors(group, item, self.form.fields_by_id[fp.field_id])
        return problems[0] if problems else None

    def field_errors(self, group: GroupDef, item: Item, f: FieldDef) -> list[FieldError]:
        a = self.answers
        if not f.has_value or not a.relevant(group, item, f):
            return []
        fp = a.path_of(group, item, f)
        if f.id in item.raw_input:
            _, code, part = item.raw_input[f.id]
            return [error(fp.with_part(part), code)]
        value = a.value(group, item, f)
        if f.calculate is not None:
            return []
        required = a.required(item, f)
        if f.type is FieldType.CONSENT and required and value is not True:
            return [error(fp.key, "consent_required")]
        if is_blank(value):
            if not required:
                return []
            code = "attachment_required" if f.type in FILE_TYPES else "required"
            return [error(fp.key, code)]
        out = [
            error_from(fp.with_part(part), code, f.regex_message if code == "regex" else None,
                       params)
            for part, code, params in check(f, value, self._today())
        ]
        if not out and f.constraint is not None:
            ok = a.evaluate(f.constraint, item, self_value=value,
                            where=f"fields({f.id}).constraint")
            if ok is FAILED:
                out.append(error(fp.key, "rule_error"))
            elif not (ok is True or (not isinstance(ok, bool) and not expr_blank(ok))):
                out.append(error(fp.key, "constraint", f.constraint_message))
        return out

    def group_errors(self, group: GroupDef) -> list[FieldError]:
        a = self.answers
        out: list[FieldError] = []
        if group.repeat is not None:
            count = len(a.repeats[group.id])
            if count < group.repeat.min:
                out.append(error(group.id, "repeat_min", n=group.repeat.min))
        for item in a.items_of(group):
            for f in group.fields:
                out += self.field_errors(group, item, f)
        return out

    # ---- pre-fill from the chip -------------------------------------------------------------

    def _apply_prefills(self) -> None:
        """Fill untouched fields bound to the card; undo a conditional pre-fill whose
        condition stopped holding. Repeats until stable (conditions may chain)."""
        for _ in range(4):
            if not self._prefill_pass():
                return
        log.warning("pre-fill did not settle after 4 passes")

    def _prefill_pass(self) -> bool:
        a = self.answers
        changed = self._follow_defaults()
        for group in self.form.groups:
            for f in group.fields:
                if f.prefill is None:
                    continue
                for item in a.items_of(group):
                    if f.id in item.touched:
                        continue
                    applies = self.card is not None and a.condition(
                        f.prefill_when, item, True, where=f"fields({f.id}).prefill_when")
                    if applies:
                        changed |= self._prefill_one(item, f)
                    elif f.id in item.prefilled or f.id in item.address_info:
                        item.prefilled.discard(f.id)
                        item.partial.discard(f.id)
                        item.address_info.pop(f.id, None)
                        item.values.pop(f.id, None)
                        # Back to what the form starts with (e.g. "Việt Nam"), not blank:
                        # choosing "mother" then "father" again must not empty the field.
                        self._restore_default(item, f)
                        changed = True
                    if changed:
                        a.changed()
        return changed

    def _follow_defaults(self) -> bool:
        """A field with `follow` / `after_previous` holds what they give until the citizen
        answers it, and changes with them (a death notice dated the day of the death)."""
        changed = False
        for group in self.form.groups:
            for f in group.fields:
                if f.follow is None and f.after_previous is None:
                    continue
                items = self.answers.items_of(group)
                for n, item in enumerate(items):
                    if f.id in item.touched:
                        continue
                    value = self._followed(f, item, items[n - 1] if n else None)
                    if item.values.get(f.id) == value:
                        continue
                    if value is None:
                        item.values.pop(f.id, None)
                    else:
                        item.values[f.id] = value
                    changed = True
        if changed:
            self.answers.changed()
        return changed

    def _followed(self, f: FieldDef, item: Item, before: Item | None) -> Any:
        if f.after_previous is not None and before is not None:
            previous = before.values.get(f.after_previous)
            ended = parse_iso_date(previous) if isinstance(previous, str) else None
            raw: Any = ended + timedelta(days=1) if ended is not None else None
        elif f.follow is not None:
            raw = self.answers.evaluate(f.follow, item, where=f"fields({f.id}).follow")
            if raw is FAILED or expr_blank(raw):
                raw = None
        else:
            raw = None
        if isinstance(raw, date):
            raw = raw.isoformat()
        try:
            return None if raw is None else normalize(f, raw)
        except InvalidValue:
            return None

    def _restore_default(self, item: Item, f: FieldDef) -> None:
        default = self.province_defaults.get(f.id, f.default)
        if default is None and f.type is FieldType.ADDRESS and self.home_province is not None:
            default = {"province_code": self.home_province}
        if default is None or f.calculate is not None:
            return
        try:
            item.values[f.id] = normalize(f, default)
        except InvalidValue:
            log.warning("default of %s is not valid", f.id)

    def _prefill_one(self, item: Item, f: FieldDef) -> bool:
        assert f.prefill is not None
        raw = self.answers.evaluate(f.prefill, item, where=f"fields({f.id}).prefill")
        if raw is FAILED or expr_blank(raw):
            return False
        fitted = self._card_answer(item, f, raw)
        if fitted is None:
            return False
        value, complete, partial = fitted
        complete = complete and not f.prefill_partial
        marked = complete or partial
        if item.values.get(f.id) == value and (f.id in item.prefilled) == marked:
            return False
        item.values[f.id] = value
        if marked:
            item.prefilled.add(f.id)
        else:
            item.prefilled.discard(f.id)
        if partial:
            item.partial.add(f.id)
        else:
            item.partial.discard(f.id)
        return True

    def _card_answer(self, item: Item, f: FieldDef, raw: Any) -> tuple[Any, bool, bool] | None:
        """A card's value fitted to a field: (answer, complete, partial), or None when it
        does not fit. A residence is converted to the 2025 address (its candidates kept
        for the citizen to choose from when the conversion is not certain)."""
        complete = True
        partial = False
        if f.type is FieldType.ADDRESS and isinstance(raw, str):
            conversion = self._convert(raw)
            item.address_info[f.id] = conversion
            if conversion.status == "matched":
                raw = conversion.candidates[0].as_answer()
            else:
                complete = False
                provinces = {c.province_code for c in conversion.candidates}
                raw = {"province_code": provinces.pop() if len(provinces) == 1 else None,
                       "commune_code": None, "street": conversion.street or None}
        elif f.type is FieldType.PERSON and isinstance(raw, str):
            raw = {"full_name": raw}  # e.g. the spouse's name: the rest is typed in
            complete = False
            partial = True
        elif f.type in (FieldType.CHOICE, FieldType.MULTI_CHOICE):
            raw = fit_choice(f, raw)
        elif isinstance(raw, date):
            raw = raw.isoformat()
        try:
            value = normalize(f, raw)
        except InvalidValue:
            return None
        if value is None:
            return None
        return value, complete, partial

    def prepare_card(self, card: CardData) -> None:
        """Convert a card's residence ahead (the address indexes make it slow the first
        time): called from a worker thread before read_other_card, which then finds it in
        the cache. Only the cache is written, one item at a time (atomic under the GIL)."""
        text = card.get("place_of_residence")
        if isinstance(text, str) and text.strip():
            self._convert(text)

    def read_other_card(self, path: str, card: CardData) -> tuple[str, ...]:
        """Another person's chip, shown with their consent (the other parent, a household
        member): answers their person field and what its `own_card` names, marked as from
        the card. The answers count as the citizen's own (no later pre-fill replaces them);
        reading a card again replaces them. Returns the ids of the fields answered."""
        found = self._locate(path)
        if found is None:
            raise KeyError(path)
        _, _, item, f = found
        if f.own_card is None:
            raise ValueError(f"{f.id} takes no card")
        filled: list[str] = []
        for target_id, source in ((f.id, "person"), *f.own_card):
            target = self.form.fields_by_id[target_id]
            raw = card.get(source)
            fitted = None if expr_blank(raw) else self._card_answer(item, target, raw)
            if fitted is None:
                continue
            value, complete, _ = fitted
            item.values[target.id] = value
            item.raw_input.pop(target.id, None)
            item.touched.add(target.id)
            item.other_card.add(target.id)
            item.partial.discard(target.id)
            if complete:
                item.prefilled.add(target.id)
            else:
                item.prefilled.discard(target.id)
            filled.append(target.id)
        self.answers.changed()
        self._apply_prefills()
        return tuple(filled)

    def _convert(self, text: str) -> AddressConversion:
        if text not in self._conversions:
            self._conversions[text] = self.converter.convert(text)
        return self._conversions[text]

    # ---- snapshots ------------------------------------------------------------------------

    def field_view(self, group: GroupDef, item: Item, f: FieldDef,
                   show_errors: bool) -> views.FieldView:
        a = self.answers
        fp = a.path_of(group, item, f)
        value = a.value(group, item, f)
        if f.id in item.raw_input:
            value = item.raw_input[f.id][0]
        problems = self.field_errors(group, item, f) if (
            show_errors or f.id in item.touched) else []
        hint = f.hint
        return views.FieldView(
            path=fp.key, field_id=f.id, type=f.type.value,
            label_vi=f.label.vi, label_en=f.label.en,
            hint_vi=hint.vi if hint else "", hint_en=hint.en if hint else "",
            value=value,
            display_vi=views.display(f, value, "vi"), display_en=views.display(f, value, "en"),
            required=a.required(item, f), read_only=f.read_only or self._locked(item, f),
            prefilled=f.id in item.prefilled, error=problems[0] if problems else None,
            choices=tuple(views.ChoiceView(c.value, c.label.vi, c.label.en) for c in f.choices),
            statement_vi=f.statement.vi if f.statement else "",
            statement_en=f.statement.en if f.statement else "",
            capture=f.capture, media_types=f.media_types, multiline=f.multiline,
            address=views.address_view(item.address_info.get(f.id)),
            minimum=f.min, maximum=f.max,
            suggestions=self._suggestions(item, f),
            default_year=self._today().year if f.recent else None,
            # The person may show their own card, unless the applicant's chip answered it.
            own_card=f.own_card is not None and (not self._locked(item, f)
                                                 or f.id in item.other_card),
        )

    def _suggestions(self, item: Item, f: FieldDef) -> tuple[views.ChoiceView, ...]:
        if not self.answers.condition(f.suggestions_when, item, True,
                                      where=f"fields({f.id}).suggestions_when"):
            return ()
        listed = [views.ChoiceView(c.value, c.label.vi, c.label.en) for c in f.suggestions]
        # What the kiosk knows of this citizen comes first (a death at home is the most
        # common), then the general list.
        texts = self.known_addresses() if f.suggest_addresses else []
        if f.suggest_card_places:
            texts += self.card_provinces()
        for source in f.suggest_from:
            group = self.form.group_of_field[source]
            owner = item if group.repeat is not None else self.answers.root
            value = self.answers.value(group, owner, self.form.fields_by_id[source])
            if isinstance(value, str) and value.strip():
                texts.append(value.strip())
        known = [views.ChoiceView(t, t, t) for t in dict.fromkeys(texts)]
        return tuple(known + [c for c in listed if all(c.value != k.value for k in known)])

    def card_provinces(self) -> list[str]:
        """The provinces (as printed: the last part) of the card's place of origin and
        residence."""
        out = []
        for name in ("place_of_origin", "place_of_residence"):
            printed = self.card.get(name) if self.card is not None else None
            if isinstance(printed, str) and printed.strip():
                out.append(" ".join(printed.split(",")[-1].split()))
        return [p for p in dict.fromkeys(out) if p]

    def known_addresses(self) -> list[str]:
        """The addresses the form holds in full, then the card's residence as it is printed
        (the pre-2025 names: right for the years before the reform)."""
        texts = [format_address(value) for _, value in self._full_addresses()]
        chip = self.card.get("place_of_residence") if self.card is not None else None
        if isinstance(chip, str) and chip.strip():
            texts.append(" ".join(chip.split()))
        return list(dict.fromkeys(t for t in texts if t))

    def step_view(self, group: GroupDef) -> views.StepView:
        a = self.answers
        groups = [g for g in self.form.groups
                  if g is group or (self._group_applies(g) and not g.at_review)]
        shown = group.id in self._attempted

        def fields_of(item: Item) -> tuple[views.FieldView, ...]:
            return tuple(self.field_view(group, item, f, shown) for f in group.fields
                         if a.relevant(group, item, f))

        hint = group.hint
        base = dict(step_id=group.id, index=groups.index(group), count=len(groups),
                    title_vi=group.title.vi, title_en=group.title.en,
                    hint_vi=hint.vi if hint else "", hint_en=hint.en if hint else "")
        if group.repeat is None:
            return views.StepView(fields=fields_of(a.root), **base)  # type: ignore[arg-type]
        items = a.repeats[group.id]
        label = group.repeat.item_label
        return views.StepView(
            fields=(), is_repeat=True,
            items=tuple(views.RepeatItemView(i, f"{label.vi} {i + 1}", f"{label.en} {i + 1}",
                                             fields_of(it), len(items) > group.repeat.min)
                        for i, it in enumerate(items)),
            can_add=len(items) < group.repeat.max,
            repeat_min=group.repeat.min, repeat_max=group.repeat.max,
            add_label_vi=f"Thêm {label.vi.lower()}", add_label_en=f"Add {label.en.lower()}",
            **base,  # type: ignore[arg-type]
        )

    def _group_applies(self, group: GroupDef) -> bool:  # FormSession evaluates `relevant`
        raise NotImplementedError


__all__ = ["MESSAGES", "FieldsMixin"]


def _same_name(before: Any, after: Any) -> bool:
    """A person filled in part from the chip (a spouse's name) keeps its "from your ID card"
    mark while the citizen adds, or corrects, the ID number and birth date the chip lacks."""
    return (isinstance(before, dict) and isinstance(after, dict)
            and bool(before.get("full_name")) and before.get("full_name") == after.get("full_name"))
