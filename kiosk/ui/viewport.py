"""What is scrolled out of view is not reported as showing (issue 16).

A screen reader or an automated tester asks the accessibility API which controls are on
screen. Qt Quick answers by comparing an item with the window only: a question scrolled
above the form, or an option under the on-screen keyboard, is still "showing", and a
person told "tap Nữ" looks for a button that is not there. Qt does call an item invisible
when its own opacity is 0 (not its parent's), so `ViewportFade` sets opacity 0 on every
item of a scrolling area (a `Flickable`, a `ListView`) that lies wholly outside it, and
gives each back its own opacity when it scrolls in. Nothing changes on screen (those items
are clipped away already) and, unlike `visible: false`, the form keeps its layout and its
Tab order: a faded box still takes focus, and the wizard then scrolls it into view.

It runs once per frame in which an area moved, before that frame is drawn, so nothing
appears a frame late at the edges.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import SIGNAL, QObject, QRectF, Slot
from PySide6.QtQuick import QQuickItem, QQuickWindow

# The opacity an item had before it was faded, kept on the item itself (a dynamic property)
# so that an item destroyed while faded leaves nothing behind here.
_FADED_FROM = "_kioskFadedFrom"


def _outside(item: QQuickItem, area: QQuickItem, height: float) -> bool:
    rect: QRectF = item.mapRectToItem(area, item.boundingRect())
    return rect.bottom() <= 0 or rect.top() >= height


def fade_outside(area: QQuickItem) -> int:
    """Fade what of `area`'s content lies wholly outside it; restore what came back.
    Returns how many items are faded now."""
    content = area.property("contentItem")
    if not isinstance(content, QQuickItem):
        return 0
    height = area.height()
    faded = 0
    stack = list(content.childItems())
    while stack:
        item = stack.pop()
        was = item.property(_FADED_FROM)
        if item.width() > 0 and item.height() > 0 and _outside(item, area, height):
            # A binding may have set its opacity again while it was away (a label dimmed as
            # its button is disabled): that value is the one to give back.
            if was is None or item.opacity() != 0.0:
                item.setProperty(_FADED_FROM, item.opacity())
                item.setOpacity(0.0)
            faded += 1
        elif was is not None:
            if item.opacity() == 0.0:  # else something set it since: it stands
                item.setOpacity(float(was))
            item.setProperty(_FADED_FROM, None)
        stack.extend(item.childItems())
    return faded


class ViewportFade(QObject):
    """QML: `Component.onCompleted: viewport.follow(flick)` for each scrolling area.

    A move of an area marks it; the marked areas are looked at once per frame, after the
    layouts have placed their items (Qt Quick lays out in its polish step, after the signals
    that say something moved) and before the frame is drawn."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._areas: list[QQuickItem] = []
        self._dirty = 0  # frames still to look at the areas
        self._window: QQuickWindow | None = None

    def attach(self, window: QQuickWindow) -> None:
        self._window = window
        window.afterAnimating.connect(self._flush)

    @Slot(QObject)
    def follow(self, area: QObject) -> None:
        if not isinstance(area, QQuickItem) or area in self._areas:
            return
        self._areas.append(area)
        area.destroyed.connect(lambda: self._forget(area))
        # Whatever moves its items: a scroll, the keyboard taking height, content growing,
        # a list's rows changing, the area appearing (a sheet opens).
        for signal in ("contentYChanged()", "heightChanged()", "contentHeightChanged()",
                       "countChanged()", "visibleChanged()"):
            if area.metaObject().indexOfSignal(signal) >= 0:
                QObject.connect(area, SIGNAL(signal), self._mark)
        content = area.property("contentItem")
        if isinstance(content, QQuickItem):  # a list's rows made or dropped as it scrolls
            content.childrenChanged.connect(self._mark)
        self._mark()

    def _mark(self) -> None:
        # This frame and the next: a list places the rows it has just made a frame later.
        self._dirty = 2
        if self._window is not None and shiboken6.isValid(self._window):
            self._window.update()  # a frame, and with it _flush, even if nothing else moved

    def _forget(self, area: QQuickItem) -> None:
        self._areas = [a for a in self._areas if a is not area and shiboken6.isValid(a)]

    def _flush(self) -> None:
        if not self._dirty:
            return
        self._dirty -= 1
        if self._dirty and self._window is not None:
            self._window.update()
        for area in list(self._areas):
            if shiboken6.isValid(area) and area.isVisible():
                fade_outside(area)
