"""Sizes and colours for QML, derived from settings (touch targets in millimetres)."""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.config import Settings

_NORMAL = {
    "background": "#f4f6f9",
    "surface": "#ffffff",
    "primary": "#b3261e",  # the red of official Vietnamese forms and portals
    "primaryText": "#ffffff",
    "accent": "#f2c200",
    "text": "#1c1b1f",
    "mutedText": "#4a4f57",
    "border": "#c7ccd4",
    "focus": "#005fcc",
    "error": "#b00020",
    "ok": "#1b6e2b",
    # Soft fills behind a chosen option, an information panel, a "from your ID card" badge
    # and a repeated entry's heading (the wizard's cards and panels).
    "selectedFill": "#e6effa",
    "infoFill": "#eef3fb",
    "okFill": "#e3f1e6",
    "sectionFill": "#f0e9e8",
    "scrim": "#000000",
    # A signature is a document: dark ink on white paper in every mode.
    "paper": "#ffffff",
    "ink": "#0b1f4d",
}
_HIGH_CONTRAST = {
    "background": "#000000",
    "surface": "#000000",
    "primary": "#ffff00",
    "primaryText": "#000000",
    "accent": "#00ffff",
    "text": "#ffffff",
    "mutedText": "#ffffff",
    "border": "#ffffff",
    "focus": "#00ffff",
    "error": "#ff6b6b",
    "ok": "#7CFC00",
    "selectedFill": "#000000",
    "infoFill": "#000000",
    "okFill": "#000000",
    "sectionFill": "#000000",
    "scrim": "#000000",
    "paper": "#ffffff",
    "ink": "#0b1f4d",
}


class Theme(QObject):
    """Exposed to QML as `theme`."""

    changed = Signal()

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._touch = settings.touch_target_px
        self._large = False
        self._contrast = False

    def _colors(self) -> dict[str, str]:
        return _HIGH_CONTRAST if self._contrast else _NORMAL

    def _scale(self) -> float:
        return 1.35 if self._large else 1.0

    @Slot()
    def toggleLargeText(self) -> None:
        self._large = not self._large
        self.changed.emit()

    @Slot()
    def toggleHighContrast(self) -> None:
        self._contrast = not self._contrast
        self.changed.emit()

    def reset(self) -> None:
        """The next citizen starts with normal text and colours, whatever the last chose."""
        if self._large or self._contrast:
            self._large = self._contrast = False
            self.changed.emit()

    def _touch_target(self) -> int:
        return self._touch

    def _font_body(self) -> int:
        return round(max(22, self._touch * 0.4) * self._scale())

    def _font_title(self) -> int:
        return round(self._font_body() * 1.6)

    def _font_small(self) -> int:
        return round(self._font_body() * 0.8)

    touchTarget = Property(int, _touch_target, notify=changed)
    fontBody = Property(int, _font_body, notify=changed)
    fontTitle = Property(int, _font_title, notify=changed)
    fontSmall = Property(int, _font_small, notify=changed)
    largeText = Property(bool, lambda self: self._large, notify=changed)
    highContrast = Property(bool, lambda self: self._contrast, notify=changed)
    background = Property(str, lambda self: self._colors()["background"], notify=changed)
    surface = Property(str, lambda self: self._colors()["surface"], notify=changed)
    primary = Property(str, lambda self: self._colors()["primary"], notify=changed)
    primaryText = Property(str, lambda self: self._colors()["primaryText"], notify=changed)
    accent = Property(str, lambda self: self._colors()["accent"], notify=changed)
    text = Property(str, lambda self: self._colors()["text"], notify=changed)
    mutedText = Property(str, lambda self: self._colors()["mutedText"], notify=changed)
    border = Property(str, lambda self: self._colors()["border"], notify=changed)
    focus = Property(str, lambda self: self._colors()["focus"], notify=changed)
    error = Property(str, lambda self: self._colors()["error"], notify=changed)
    ok = Property(str, lambda self: self._colors()["ok"], notify=changed)
    selectedFill = Property(str, lambda self: self._colors()["selectedFill"], notify=changed)
    infoFill = Property(str, lambda self: self._colors()["infoFill"], notify=changed)
    okFill = Property(str, lambda self: self._colors()["okFill"], notify=changed)
    sectionFill = Property(str, lambda self: self._colors()["sectionFill"], notify=changed)
    scrim = Property(str, lambda self: self._colors()["scrim"], notify=changed)
    paper = Property(str, lambda self: self._colors()["paper"], notify=changed)
    ink = Property(str, lambda self: self._colors()["ink"], notify=changed)
