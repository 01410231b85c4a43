"""Test helpers shared by the UI tests.

``QTest.keyClicks`` aborts the whole interpreter on non-ASCII characters (Qt's qasciikey
assertion), so Vietnamese text is typed with real key events that carry the text, as an input
method would deliver it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key; works for any Unicode text."""
    widget.setFocus()
    for ch in text:
        if ch.isascii() and ch.isprintable():
            qtbot.keyClick(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
