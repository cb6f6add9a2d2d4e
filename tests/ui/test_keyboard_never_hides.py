"""The on-screen keyboard never hides what the citizen needs: for every box a citizen types
into, in every step of every procedure, at the three screen shapes (landscape 1920x1080,
portrait 1080x1920, tablet 1280x800), with the keyboard open the box being typed in and the
button that moves on are wholly visible above the keyboard, and what lies under the
keyboard cannot take a tap (the keyboard is on top)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPointF
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.config import Settings
from kiosk.forms.engine import FormSession
from kiosk.forms.prefill import CardData
from kiosk.forms.sample_papers import sample_paper

from .wizard_harness import Harness, card_json_of_demo_citizen, catalogue, harness_fixture


@pytest.fixture
def harness(qapp, settings: Settings, tmp_path: Path) -> Iterator[Harness]:  # type: ignore[no-untyped-def]
    yield from harness_fixture(settings, tmp_path)

ANSWERS = Path(__file__).parent.parent / "data" / "answers"
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920), "tablet": (1280, 800)}
TYPED = ("input_", "area_", "date_")  # boxes that open the keyboard (date: the year box)


def text_boxes(root: QQuickItem) -> list[QQuickItem]:
    """The controls (TextField/TextArea) named like fields, whatever their Qt class."""
    out: list[QQuickItem] = []

    def visit(item: QQuickItem) -> None:
        name = item.objectName()
        editable = item.property("readOnly") is False and item.property(
            "cursorPosition") is not None
        if name.startswith(TYPED) and editable and item.isVisible() and item.isEnabled():
            out.append(item)
        for child in item.childItems():
            visit(child)

    visit(root)
    return out


def scene_rect(item: QQuickItem) -> tuple[float, float, float, float]:
    top_left = item.mapToScene(QPointF(0, 0))
    return top_left.x(), top_left.y(), top_left.x() + item.width(), top_left.y() + item.height()


def clip_rect(item: QQuickItem) -> tuple[float, float, float, float] | None:
    """The scrolling area that shows `item`, in scene coordinates (None: not in one)."""
    parent = item.parentItem()
    while parent is not None and not parent.inherits("QQuickFlickable"):
        parent = parent.parentItem()
    return None if parent is None else scene_rect(parent)


def wholly_visible(item: QQuickItem, keyboard_top: float, width: float) -> bool:
    left, top, right, bottom = scene_rect(item)
    area = clip_rect(item)
    if area is not None and (top < area[1] - 0.5 or bottom > area[3] + 0.5):
        return False  # scrolled out of its area
    return left >= -0.5 and right <= width + 0.5 and top >= -0.5 and bottom <= keyboard_top + 0.5


def session_for(code: str) -> FormSession:
    session = FormSession(catalogue().get(code), card=CardData.from_json(
        card_json_of_demo_citizen()))
    answers = json.loads((ANSWERS / f"{code}.json").read_text(encoding="utf-8"))
    if "current_expiry" in answers:  # an extension is allowed only shortly before expiry
        answers["current_expiry"] = (date.today() + timedelta(days=5)).isoformat()
    session.set_answers(answers)
    return session


def attach_samples(session: FormSession) -> None:
    """The demo's sample paper for each paper the step asks for (no camera here)."""
    for fv in session.visible_fields():
        fdef = session.form.fields_by_id[fv.field_id]
        paper = sample_paper(fdef.document)
        if fv.type == "attachment" and fv.value is None and paper is not None:
            session.attach(fv.path, paper)


def check_step(harness: Harness, vm: Any, width: float, problems: list[str]) -> int:
    """Focus each box of the step in turn with the keyboard open; return how many."""
    page = harness.find("screenLoader").property("item")
    panel = harness.find("inputPanel")
    boxes = text_boxes(page)
    for box in boxes:
        name = box.objectName()
        box.forceActiveFocus()
        QCoreApplication.processEvents()
        for _ in range(40):  # the keyboard slides in, the page gets shorter, then scrolls
            QTest.qWait(25)
            if panel.property("active") and wholly_visible(
                    box, panel.mapToScene(QPointF(0, 0)).y(), width):
                break
        if not panel.property("active"):
            problems.append(f"{vm.stepId}/{name}: no keyboard opened")
            continue
        keyboard_top = panel.mapToScene(QPointF(0, 0)).y()
        QTest.qWait(60)
        if not wholly_visible(box, keyboard_top, width):
            problems.append(f"{vm.stepId}/{name}: the box is hidden {scene_rect(box)} "
                            f"(keyboard at {keyboard_top})")
        onward = harness.find("wizardNext")
        if not (onward.isVisible() and wholly_visible(onward, keyboard_top, width)):
            problems.append(f"{vm.stepId}/{name}: 'Next' is hidden {scene_rect(onward)}")
        # Under the keyboard, only the keyboard answers a touch.
        hit = item_at(harness.window.contentItem(), QPointF(width / 2, keyboard_top + 10))
        if hit is None or not _within(hit, panel):
            problems.append(f"{vm.stepId}/{name}: a touch under the keyboard reaches "
                            f"{hit.objectName() if hit else None!r}")
    harness.unfocus()
    for _ in range(40):
        if not panel.property("active"):
            break
        QTest.qWait(25)
    return len(boxes)


def item_at(root: QQuickItem, point: QPointF) -> QQuickItem | None:
    """The topmost visible item under a scene point, as a touch finds it (the last-drawn
    child first)."""
    children = sorted(enumerate(root.childItems()), key=lambda c: (c[1].z(), c[0]),
                      reverse=True)
    for _, child in children:
        if not child.isVisible():
            continue
        local = child.mapFromScene(point)
        if 0 <= local.x() <= child.width() and 0 <= local.y() <= child.height():
            return item_at(child, point) or child
    return None


def _within(item: QQuickItem, ancestor: QQuickItem) -> bool:
    while item is not None:
        if item == ancestor:
            return True
        item = item.parentItem()
    return False


@pytest.mark.parametrize("shape", list(SIZES))
def test_the_keyboard_never_hides_the_box_or_the_way_on(harness: Harness, shape: str) -> None:
    width, height = SIZES[shape]
    harness.window.setProperty("width", width)
    harness.window.setProperty("height", height)
    QCoreApplication.processEvents()
    problems: list[str] = []
    checked = 0
    codes = sorted(p.stem for p in ANSWERS.glob("*.json") if p.stem[0].isdigit()
                   or p.stem.startswith("LT-"))
    for code in codes:
        vm = harness.form(session_for(code))
        harness.show("WizardScreen.qml", vm)
        QTest.qWait(50)
        for _ in range(12):
            checked += check_step(harness, vm, width, problems)
            attach_samples(vm.session)
            if not vm.next() or vm.onReview:
                break
            QTest.qWait(30)
        assert vm.onReview, f"{code}: stuck at {vm.stepId}"
    assert checked > 40, checked  # every procedure's boxes were tried
    assert not problems, "\n".join(problems[:40])
