"""Telex on a hardware keyboard (a volunteer's USB keyboard, a technician's laptop).

An application event filter: while Telex is on and a text input has focus, a letter key
becomes a QInputMethodEvent that commits what the engine finished and shows the word being
composed as pre-edit (underlined, like any input method). Any other key, a tap or a focus
change first commits the word, then goes on as usual, so Enter still submits and Tab still
moves. Hidden (PIN, token), e-mail, URL and Latin-only fields are left alone.

Installed before the idle monitor, so the monitor (called first) still sees every key.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QInputMethodEvent,
    QInputMethodQueryEvent,
    QKeyEvent,
    QTextCharFormat,
    QWindow,
)

from kiosk.text.telex import TelexState
from kiosk.ui.telex_vm import TelexViewModel

log = logging.getLogger(__name__)

_SKIP_HINTS = (
    Qt.InputMethodHint.ImhHiddenText
    | Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhLatinOnly
    | Qt.InputMethodHint.ImhEmailCharactersOnly
    | Qt.InputMethodHint.ImhUrlCharactersOnly
    | Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhFormattedNumbersOnly
    | Qt.InputMethodHint.ImhDialableCharactersOnly
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
_FLUSH_EVENTS = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
# Pressed on their own before a capital or a shortcut: they neither type nor end a word.
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr, Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
}


def accepts_telex(target: QObject | None) -> bool:
    """Is ``target`` an editable text input that wants free text?"""
    if target is None:
        return False
    query = QInputMethodQueryEvent(
        Qt.InputMethodQuery.ImEnabled | Qt.InputMethodQuery.ImHints
        | Qt.InputMethodQuery.ImReadOnly
    )
    QCoreApplication.sendEvent(target, query)
    if not query.value(Qt.InputMethodQuery.ImEnabled):
        return False
    if query.value(Qt.InputMethodQuery.ImReadOnly):
        return False
    hints = query.value(Qt.InputMethodQuery.ImHints)
    try:
        bits = Qt.InputMethodHint(int(hints or 0))
    except (TypeError, ValueError):
        bits = Qt.InputMethodHint.ImhNone
    return not (bits & _SKIP_HINTS)


class TelexKeyFilter(QObject):
    def __init__(self, telex: TelexViewModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._telex = telex
        self._composer = telex.new_composer()
        self._target: QObject | None = None
        telex.enabledChanged.connect(self.flush)
        telex.on_reset.append(self.reset)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusObjectChanged.connect(self._focus_changed)

    @property
    def composing(self) -> bool:
        return bool(self._composer.word)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window sees each input event first; handling it there means the text item
        # never gets the raw key.
        if not isinstance(watched, QWindow):
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        if kind in _FLUSH_EVENTS and self.composing:
            self.flush()
        return False

    def _key(self, window: QWindow, event: QKeyEvent) -> bool:
        if event.key() in _MODIFIER_KEYS:
            return False
        # The window's own focus item, not the application's: on a kiosk's bare X session
        # (no window manager) the window is never "activated", so QGuiApplication has no
        # focus object, yet the window still delivers keys to its focused text box.
        target = window.focusObject() or QGuiApplication.focusObject()
        if not self._telex.enabled or not accepts_telex(target):
            self.flush()
            return False
        assert target is not None
        if target is not self._target:
            self.flush()
            self._target = target
        text = event.text()
        if event.modifiers() & _COMMAND_MODIFIERS:
            self.flush()
            return False
        if event.key() == Qt.Key.Key_Backspace and self.composing:
            self._send(self._composer.backspace())
            return True
        if len(text) == 1 and text.isalpha():
            self._send(self._composer.feed(text))
            return True
        self.flush()
        return False

    def _send(self, state: TelexState) -> None:
        target = self._target
        if target is None or not shiboken6.isValid(target):
            self._composer.reset()
            return
        attributes = []
        if state.word:
            underline = QTextCharFormat()
            underline.setFontUnderline(True)
            attributes = [
                QInputMethodEvent.Attribute(
                    QInputMethodEvent.AttributeType.TextFormat, 0, len(state.word), underline
                ),
                QInputMethodEvent.Attribute(
                    QInputMethodEvent.AttributeType.Cursor, len(state.word), 1, None
                ),
            ]
        event = QInputMethodEvent(state.word, attributes)
        if state.committed:
            event.setCommitString(state.committed)
        QCoreApplication.sendEvent(target, event)

    def flush(self) -> None:
        """Commit the word being composed into the field that shows it."""
        if self.composing:
            self._send(self._composer.commit())
        else:
            self._composer.reset()

    def reset(self) -> None:
        """Drop the word without committing it (end of a citizen session)."""
        target = self._target
        self._composer.reset()
        if target is not None and shiboken6.isValid(target):
            QCoreApplication.sendEvent(target, QInputMethodEvent("", []))
        self._target = None

    def _focus_changed(self, _focus: QObject | None) -> None:
        # The word belongs to the field that had focus: commit it there.
        self.flush()
        self._target = None
