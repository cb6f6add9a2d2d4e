"""Process-wide Qt settings that must be in place before the QGuiApplication exists."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) or (
        sys.platform in ("win32", "darwin")
    )


def prepare_qt_environment() -> str:
    """Set the input method, style and platform; return the platform in use."""
    # The on-screen keyboard is an input method: it must be chosen before the app starts.
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    if not os.environ.get("QT_QPA_PLATFORM") and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform == "offscreen":
        # No GPU and no window system: the software scene graph renders and grabs reliably.
        os.environ.setdefault("QT_QUICK_BACKEND", "software")
    return platform or "default"
