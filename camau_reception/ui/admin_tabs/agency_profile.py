"""Thông tin cơ quan: the letterhead of every document."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from camau_reception.domain.agency import AgencyProfile
from camau_reception.services import agency
from camau_reception.services.errors import ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.login import FirstStartDialog
from camau_reception.ui.widgets.form_errors import FieldErrors

ORDER = 20
TITLE = "Thông tin cơ quan"


class AgencyTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.inputs: dict[str, QLineEdit] = {}
        for key, label, _default in FirstStartDialog.PROFILE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            self.inputs[key] = edit
            self.errors.add_row(form, key, self.tr(label), edit)
        layout.addLayout(form)
        self.save_button = QPushButton(self.tr("Lưu thông tin cơ quan (Ctrl+S)"))
        self.save_button.setObjectName("save_agency")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        self.saved = QLabel()
        self.saved.setObjectName("agency_saved")
        layout.addWidget(self.saved)
        layout.addStretch(1)
        self.load()

    def load(self) -> None:
        with self.ctx.db.read() as session:
            profile = agency.get_profile(session)
        if profile:
            for key, value in asdict(profile).items():
                self.inputs[key].setText(value)

    def save(self) -> None:
        profile = AgencyProfile(**{k: e.text() for k, e in self.inputs.items()})
        try:
            with self.ctx.db.write() as session:
                agency.save_profile(session, self.ctx.actor, profile)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            self.saved.clear()
            return
        self.errors.clear()
        self.load()
        self.saved.setText(self.tr("Đã lưu."))
        self.ctx.notify("agency")


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return AgencyTab(ctx, parent)
