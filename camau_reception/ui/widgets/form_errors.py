"""Show a service ValidationError next to the fields it names."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

ERROR_STYLE = "color: #b3261e; font-size: 11px;"
INVALID_STYLE = "border: 1px solid #b3261e;"


class FieldErrors:
    """Maps field names to (input widget, error label); ``show(errors)`` fills the labels."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> QLabel:
        """Add ``widget`` to ``form`` with an error label below it; returns the label."""
        form.addRow(label, widget)
        error = QLabel()
        error.setObjectName(f"error_{key}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        form.addRow("", error)
        self._fields[key] = (widget, error)
        return error

    def register(self, key: str, widget: QWidget, error: QLabel) -> None:
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self._fields[key] = (widget, error)

    def label(self, key: str) -> QLabel:
        return self._fields[key][1]

    def clear(self) -> None:
        for widget, error in self._fields.values():
            error.clear()
            error.hide()
            widget.setStyleSheet("")

    def show(self, errors: dict[str, str]) -> list[str]:
        """Display each message by its field; returns messages that match no field."""
        self.clear()
        unmatched = []
        first: QWidget | None = None
        for key, message in errors.items():
            if key in self._fields:
                widget, error = self._fields[key]
                error.setText(message)
                error.show()
                widget.setStyleSheet(INVALID_STYLE)
                first = first or widget
            else:
                unmatched.append(message)
        if first is not None:
            first.setFocus()
        return unmatched
