"""Phiếu xin lỗi và hẹn lại: reason, new date (a working day after today and the old date),
signer; a second rescheduling needs a leader's approval."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import dossiers, users
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.messages import error
from camau_reception.ui.widgets.form_errors import FieldErrors


class ApologyDialog(QDialog):
    def __init__(self, ctx: AppContext, dossier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.letter_id: int | None = None
        self.setWindowTitle(self.tr("Phiếu xin lỗi và hẹn lại ngày trả kết quả"))
        self.setMinimumWidth(560)
        cal = ctx.calendar()
        with ctx.db.read() as session:
            d = dossiers.get(session, dossier_id)
            info = (
                f"{d.code} — {d.applicant_name}\n{d.procedure.name}\n"
                f"Hẹn trả: {d.promised_at:%H:%M %d/%m/%Y}"
            )
            second = bool(d.apologies)
            proposal = dossiers.default_new_date(d, ctx.today(), cal)
            leaders = [
                (u.id, u.full_name)
                for u in users.list_users(session, active_only=True, role=Role.LEADER)
            ]
        layout = QVBoxLayout(self)
        label = QLabel(info)
        label.setWordWrap(True)
        layout.addWidget(label)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setEditable(True)
        self.reason.addItems(dossiers.template("apology_letter")["reasons"])
        self.new_date = QDateEdit(QDate(proposal.year, proposal.month, proposal.day))
        self.new_date.setObjectName("new_due_on")
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("dd/MM/yyyy")
        self.signer_title = QLineEdit(self.tr("PHÓ GIÁM ĐỐC"))
        self.signer_title.setObjectName("signer_title")
        self.signer_name = QLineEdit()
        self.signer_name.setObjectName("signer_name")
        self.approver = QComboBox()
        self.approver.setObjectName("approver")
        self.approver.addItem(
            self.tr("— không cần (hẹn lại lần đầu) —")
            if not second
            else self.tr("— chọn lãnh đạo phê duyệt —"),
            None,
        )
        for uid, name in leaders:
            self.approver.addItem(name, uid)
        self.approver.setEnabled(second)
        self.errors.add_row(form, "reason", self.tr("Lý do trễ hẹn:"), self.reason)
        self.errors.add_row(form, "new_due_on", self.tr("Ngày hẹn trả mới:"), self.new_date)
        form.addRow(self.tr("Chức vụ người ký:"), self.signer_title)
        form.addRow(self.tr("Họ tên người ký:"), self.signer_name)
        self.errors.add_row(form, "approver", self.tr("Lãnh đạo phê duyệt (lần 2):"), self.approver)
        self.state_error = QLabel()
        self.errors.register("state", self.state_error, self.state_error)
        layout.addLayout(form)
        layout.addWidget(self.state_error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(
            self.tr("Lập phiếu và xem trước"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setObjectName("ok_button")
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def submit(self) -> None:
        q = self.new_date.date()
        data = dossiers.ApologyInput(
            reason=self.reason.currentText(),
            new_due_on=date(q.year(), q.month(), q.day()),
            signer_title=self.signer_title.text(),
            signer_name=self.signer_name.text(),
            approver_id=self.approver.currentData(),
        )
        try:
            with self.ctx.db.write() as session:
                letter = dossiers.issue_apology(
                    session,
                    self.ctx.actor,
                    self.dossier_id,
                    data,
                    self.ctx.today(),
                    self.ctx.calendar(),
                )
                self.letter_id = letter.id
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                error(self, self.tr("Chưa lập được phiếu"), message)
            return
        except ServiceError as exc:
            error(self, self.tr("Chưa lập được phiếu"), exc.message)
            return
        self.ctx.notify("dossiers")
        self.accept()
