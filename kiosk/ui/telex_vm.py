"""Telex typing for the kiosk's keyboards, exposed to QML as `telex`.

The engine is kiosk.text.telex; this object holds the on/off switch (on by default in
Vietnamese, off in English: English words typed with Telex on would gain accents) and one
composer for the on-screen keyboard, whose QML input method (components/TelexInputMethod.qml)
calls `feed`, `backspace`, `commitWord` and `reset`. The hardware keyboard has its own
composer in kiosk.ui.telex_filter, switched by the same `enabled`.

What a composer holds is what the citizen is typing, so `reset()` runs at every session wipe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.text.telex import TelexComposer, TelexState
from kiosk.ui.i18n import Translations


def state_map(state: TelexState) -> dict[str, Any]:
    return {"word": state.word, "committed": state.committed}


class TelexViewModel(QObject):
    enabledChanged = Signal()

    def __init__(
        self, i18n: Translations, tone_style: str = "old", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._i18n = i18n
        self._style = tone_style
        self._enabled = i18n.current() == "vi"
        self._composer = TelexComposer(tone_style)
        self.on_reset: list[Callable[[], None]] = []
        i18n.languageChanged.connect(self._language_changed)

    def new_composer(self) -> TelexComposer:
        return TelexComposer(self._style)

    def _language_changed(self) -> None:
        self._set_enabled(self._i18n.current() == "vi")

    def _get_enabled(self) -> bool:
        return self._enabled

    def _set_enabled(self, value: bool) -> None:
        if value == self._enabled:
            return
        self._enabled = bool(value)
        self.enabledChanged.emit()

    @Slot()
    def toggle(self) -> None:
        self._set_enabled(not self._enabled)

    # --- the on-screen keyboard's composer -----------------------------------------
    @Slot(str, result="QVariantMap")
    def feed(self, key: str) -> dict[str, Any]:
        """One key: returns what to commit and the word to keep as pre-edit."""
        return state_map(self._composer.feed(key))

    @Slot(result="QVariantMap")
    def backspace(self) -> dict[str, Any]:
        return state_map(self._composer.backspace())

    @Slot(result=str)
    def commitWord(self) -> str:
        """Finish the word being composed; returns it ("" when there is none)."""
        return self._composer.commit().committed

    @Slot(result=str)
    def word(self) -> str:
        return self._composer.word

    @Slot()
    def discardWord(self) -> None:
        """The on-screen keyboard's field was reset: forget its half word."""
        self._composer.reset()

    @Slot()
    def reset(self) -> None:
        """Forget any half-typed word (on-screen and hardware): the end of a session."""
        self._composer.reset()
        for hook in self.on_reset:
            hook()

    enabled = Property(bool, _get_enabled, _set_enabled, notify=enabledChanged)
