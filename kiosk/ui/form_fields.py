"""The wizard step's fields for QML: plain dicts from the engine's snapshots, and a list
model that updates rows in place so the text box being typed in keeps its focus.

A `Repeater` over a plain list property would rebuild every delegate on each keystroke;
`FieldListModel.update` instead diffs the rows by key and emits dataChanged/insert/remove.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtQml import QJSValue

from kiosk.forms import addresses
from kiosk.forms.engine import FormSession
from kiosk.forms.validation import longest_text
from kiosk.forms.views import FieldView, ReviewSummary, StepView

FIELD_ROLE = Qt.ItemDataRole.UserRole + 1
KEY_ROLE = Qt.ItemDataRole.UserRole + 2
# Types whose answer the citizen types: the view-model echoes back what was typed.
TYPED_TYPES = frozenset({"text", "number", "phone", "email", "id12", "date"})


def pick(language: str, vi: str, en: str) -> str:
    return en if language == "en" else vi


def qml_value(value: Any) -> Any:
    """JSON-like values as QML can hold them (dates are already ISO text)."""
    if isinstance(value, dict):
        return {k: qml_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [qml_value(v) for v in value]
    return value


def from_qml(value: Any) -> Any:
    """QML numbers arrive as floats: 1.0 for a province code or choice 1. JS arrays and
    objects may arrive as QJSValue (PySide6 < 6.12): turn them into Python values."""
    if isinstance(value, QJSValue):
        value = value.toVariant()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): from_qml(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [from_qml(v) for v in value]
    return value


class FieldRows:
    """Builds the rows of one step in one language."""

    def __init__(self, session: FormSession, language: str, show_error: Callable[[str], bool],
                 typed: Mapping[str, Any], busy: set[str]) -> None:
        self.session = session
        self.language = language
        self.show_error = show_error
        self.typed = typed
        self.busy = busy

    def rows(self, step: StepView) -> list[dict[str, Any]]:
        if not step.is_repeat:
            return [self.field(fv) for fv in step.fields]
        out: list[dict[str, Any]] = []
        for item in step.items:
            path = f"{step.step_id}[{item.index}]"
            out.append({
                "key": "item:" + path, "path": path, "type": "repeat_item", "id": step.step_id,
                "label": pick(self.language, item.label_vi, item.label_en),
                "canRemove": item.can_remove, "repeatGroup": step.step_id,
                "repeatIndex": item.index,
            })
            out += [self.field(fv, step.step_id, item.index) for fv in item.fields]
        return out

    def field(self, fv: FieldView, group: str = "", index: int = -1) -> dict[str, Any]:
        lang = self.language
        fdef = self.session.form.fields_by_id[fv.field_id]
        error = ""
        parts: dict[str, str] = {}
        if fv.error is not None and self.show_error(fv.path):
            text = fv.error.message(lang)
            part = fv.error.path[len(fv.path) + 1:] if fv.error.path.startswith(
                fv.path + ".") else ""
            if part and fv.type in ("person", "address"):
                parts[part] = text
            else:
                error = text
        row: dict[str, Any] = {
            "key": fv.path, "path": fv.path, "id": fv.field_id, "type": fv.type,
            "label": pick(lang, fv.label_vi, fv.label_en),
            "hint": pick(lang, fv.hint_vi, fv.hint_en),
            "value": qml_value(self._value(fv)),
            "display": pick(lang, fv.display_vi, fv.display_en),
            "error": error, "partErrors": parts,
            "required": fv.required, "prefilled": fv.prefilled, "locked": fv.read_only,
            "choices": [{"value": c.value, "label": pick(lang, c.label_vi, c.label_en)}
                        for c in fv.choices],
            "statement": pick(lang, fv.statement_vi, fv.statement_en),
            "multiline": fv.multiline, "integer": fdef.integer,
            "idRequired": fdef.id_required, "capture": fv.capture or "",
            "document": fdef.document or "", "samplePaper": "",
            "maxLength": longest_text(fdef),
            "mediaTypes": list(fv.media_types), "busy": fv.path in self.busy,
            "repeatGroup": group, "repeatIndex": index,
            "conversion": None, "preview": "", "sameAs": [],
            "ownCard": fv.own_card,
            "suggestions": [{"value": c.value, "label": pick(lang, c.label_vi, c.label_en)}
                            for c in fv.suggestions],
            "defaultYear": str(fv.default_year or ""),
        }
        if fv.type == "address" and not fv.read_only:
            row["sameAs"] = [
                {"label": self._offer_label(f),
                 "text": addresses.format_address(value), "value": qml_value(value)}
                for f, value in self.session.address_offers(fv.path)]
        if fv.address is not None:
            row["conversion"] = {
                "status": fv.address.status, "original": fv.address.original,
                "candidates": [{"label": c.text, "value": qml_value(c.answer)}
                               for c in fv.address.candidates],
            }
        file = self.session.attachment_files.get(fv.path)
        if file is not None and fv.value is not None:
            row["preview"] = Path(file.path).as_uri()
        return row

    def _offer_label(self, f: Any) -> str:
        """"Nơi cư trú – Người đi đăng ký": the field and the step it is on, so a citizen
        knows whose address it is."""
        group = self.session.form.group_of_field.get(f.id)
        label = f.label.get(self.language)
        return f"{label} – {group.title.get(self.language)}" if group is not None else label

    def _value(self, fv: FieldView) -> Any:
        """What was typed wins over the normalised answer, so the box does not change
        under the citizen's fingers ("Nguyễn " keeps its space)."""
        typed = self.typed.get(fv.path)
        if typed is None:
            return fv.value
        if fv.type in TYPED_TYPES:
            return typed
        if isinstance(typed, dict) and isinstance(fv.value, dict):
            merged = dict(fv.value)
            merged.update({k: v for k, v in typed.items() if isinstance(v, str)})
            return merged
        return fv.value


def review_rows(summary: ReviewSummary, language: str) -> list[dict[str, Any]]:
    """Every answer as {label, value, path, prefilled, stepId, stepIndex, stepTitle}."""
    order = {s.step_id: i for i, s in enumerate(summary.sections)}
    return [
        {"label": pick(language, r.label_vi, r.label_en),
         "value": pick(language, r.display_vi, r.display_en),
         "path": r.path, "prefilled": r.prefilled,
         "stepId": section.step_id, "stepIndex": order[section.step_id],
         "stepTitle": pick(language, section.title_vi, section.title_en)}
        for section in summary.sections for r in section.rows
    ]


def review_info(summary: ReviewSummary, language: str) -> dict[str, Any]:
    """What happens after confirming: documents, fee, time, expected date, result place."""
    due = summary.appointment_at
    return {
        "serviceName": pick(language, summary.service_name_vi, summary.service_name_en),
        "documents": list(summary.documents_en if language == "en" else summary.documents_vi),
        "feeVnd": summary.fee_vnd, "feeBasis": summary.fee_basis,
        "feeListed": summary.fee_listed_vnd,
        "feeRule": pick(language, summary.fee_rule_vi, summary.fee_rule_en),
        "feeUnconfirmed": summary.fee_unconfirmed,
        "timeUnconfirmed": summary.time_unconfirmed,
        "processingTime": pick(language, summary.processing_time_vi,
                               summary.processing_time_en),
        "appointment": f"{due:%H:%M} {due:%d/%m/%Y}" if due else "",
        "appointmentEstimated": summary.appointment_estimated,
        "resultPlace": pick(language, summary.result_place_vi, summary.result_place_en),
        "deliveryAddress": summary.delivery_address,
        "postRule": pick(language, summary.post_rule_vi, summary.post_rule_en),
        "postage": pick(language, summary.postage_vi, summary.postage_en),
        "canConfirm": summary.can_confirm,
        "statements": list(summary.statements_en if language == "en" else summary.statements_vi),
        "errors": [e.message(language) for e in summary.errors],
    }


def repeat_info(step: StepView | None, language: str) -> dict[str, Any]:
    if step is None or not step.is_repeat:
        return {"isRepeat": False}
    return {"isRepeat": True, "groupId": step.step_id, "canAdd": step.can_add,
            "addLabel": pick(language, step.add_label_vi, step.add_label_en),
            "count": len(step.items), "min": step.repeat_min, "max": step.repeat_max}


class FieldListModel(QAbstractListModel):
    """Rows of the current step; one role `field` holds the whole dict."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = FIELD_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == FIELD_ROLE:
            return row
        if role == KEY_ROLE:
            return row["key"]
        return None

    def roleNames(self) -> dict[int, QByteArray]:
        return {FIELD_ROLE: QByteArray(b"field"), KEY_ROLE: QByteArray(b"key")}

    @property
    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def update(self, rows: list[dict[str, Any]]) -> None:
        old_keys = [r["key"] for r in self._rows]
        new_keys = [r["key"] for r in rows]
        if old_keys == new_keys:
            for i, row in enumerate(rows):
                if row != self._rows[i]:
                    self._rows[i] = row
                    idx = self.index(i)
                    self.dataChanged.emit(idx, idx, [FIELD_ROLE])
            return
        matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
        # Apply from the end so earlier positions stay valid.
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag in ("delete", "replace"):
                self.beginRemoveRows(QModelIndex(), i1, i2 - 1)
                del self._rows[i1:i2]
                self.endRemoveRows()
            if tag in ("insert", "replace"):
                self.beginInsertRows(QModelIndex(), i1, i1 + (j2 - j1) - 1)
                self._rows[i1:i1] = rows[j1:j2]
                self.endInsertRows()
        for i, row in enumerate(rows):
            if row != self._rows[i]:
                self._rows[i] = row
                idx = self.index(i)
                self.dataChanged.emit(idx, idx, [FIELD_ROLE])

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()
