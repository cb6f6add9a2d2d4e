"""In-memory images of the current session (card photo, receipt preview) for QML.

QML reads them as image://session/<name>/<n>; nothing is written to disk, and `clear()`
at the end of a session drops every byte. The counter in the URL defeats QML's cache.
"""

from __future__ import annotations

import itertools
import threading

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

PROVIDER_ID = "session"


class SessionImages(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()  # filled from worker threads, read by the scene graph
        self._images: dict[str, bytes] = {}
        self._counter = itertools.count(1)

    def put(self, name: str, data: bytes) -> str:
        with self._lock:
            self._images[name] = data
        return f"image://{PROVIDER_ID}/{name}/{next(self._counter)}"

    def clear(self) -> None:
        with self._lock:
            self._images.clear()

    def names(self) -> list[str]:
        with self._lock:
            return list(self._images)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        name = image_id.split("/", 1)[0]
        with self._lock:
            data = self._images.get(name)
        image = QImage()
        if data is not None:
            image.loadFromData(data)
        if requested.isValid() and not image.isNull():
            image = image.scaled(requested)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
