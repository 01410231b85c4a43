"""Phiếu xin lỗi và hẹn lại: reason (common ones or typed), new date (a working day after
today and after the old date), signer (the head by default; a deputy signing "KT." must give
their name); a draft preview before the number is taken; a second rescheduling needs a
leader's approval."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.users import Role
from camau_reception.services import apologies, dossiers, users
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui import messages
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.common import RED, to_date, to_qdate
from camau_reception.ui.dossiers.signer import SignerFields
from camau_reception.ui.widgets.form_errors import FieldErrors


class ApologyDialog(QDialog):
    def __init__(self, ctx: AppContext, dossier_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id = dossier_id
        self.letter_id: int | None = None
        self.draft_pdf: Path | None = None
        self.setWindowTitle(self.tr("Phiếu xin lỗi và hẹn lại ngày trả kết quả"))
        self.setMinimumWidth(600)
        cal = ctx.calendar()
        today = ctx.today()
        with ctx.db.read() as session:
            d = dossiers.get(session, dossier_id)
            summary = self.tr(
                "<b>{code}</b> — {name}<br>{proc}<br>Hẹn trả: {due:%d/%m/%Y}"
                " · Hẹn hiện tại: {promised:%d/%m/%Y} · Trễ {late} ngày làm việc"
            ).format(
                code=d.code,
                name=d.applicant_name,
                proc=d.procedure.name,
                due=d.due_at,
                promised=d.promised_at,
                late=max(cal.working_days_between(d.promised_at.date(), today), 0),
            )
            self.previous = len(d.apologies)
            proposal = apologies.default_new_date(d, today, cal)
            leaders = [
                (u.id, u.full_name)
                for u in users.list_users(session, active_only=True, role=Role.LEADER)
            ]
        layout = QVBoxLayout(self)
        label = QLabel(summary)
        label.setWordWrap(True)
        layout.addWidget(label)
        if self.previous:
            warn = QLabel(
                self.tr(
                    "Hồ sơ đã hẹn lại {n} lần. Hẹn lại lần nữa phải được lãnh đạo phê duyệt."
                ).format(n=self.previous)
            )
            warn.setObjectName("second_warning")
            warn.setStyleSheet(f"color: {RED}; font-weight: bold;")
            warn.setWordWrap(True)
            layout.addWidget(warn)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setEditable(True)
        self.reason.addItems(apologies.common_reasons())
        self.new_date = QDateEdit(to_qdate(proposal))
        self.new_date.setObjectName("new_due_on")
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("dd/MM/yyyy")
        self.day_note = QLabel()
        self.day_note.setObjectName("day_note")
        self.signer = SignerFields(ctx.agency(), self)
        self.signer_title = self.signer.title
        self.signer_name = self.signer.name
        self.approver = QComboBox()
        self.approver.setObjectName("approver")
        if self.previous:
            self.approver.addItem(self.tr("— chọn lãnh đạo phê duyệt —"), None)
            for uid, name in leaders:
                self.approver.addItem(name, uid)
            if ctx.actor.has(Role.LEADER):
                self.approver.setCurrentIndex(max(self.approver.findData(ctx.actor.id), 0))
        else:
            self.approver.addItem(self.tr("— không cần (hẹn lại lần đầu) —"), None)
        self.approver.setEnabled(bool(self.previous))
        self.errors.add_row(form, "reason", self.tr("Lý do trễ hẹn:"), self.reason)
        self.errors.add_row(form, "new_due_on", self.tr("Ngày hẹn trả mới:"), self.new_date)
        form.addRow("", self.day_note)
        self.signer.add_rows(form, self.errors)
        self.errors.add_row(form, "approver", self.tr("Lãnh đạo phê duyệt:"), self.approver)
        self.state_error = QLabel()
        self.errors.register("state", self.state_error, self.state_error)
        layout.addLayout(form)
        layout.addWidget(self.state_error)
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(
            self.tr("Xem trước bản nháp"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.preview_button.setObjectName("preview_button")
        self.ok = buttons.addButton(
            self.tr("Lập phiếu (cấp số) và in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setObjectName("ok_button")
        self.ok.setDefault(True)
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.preview_button.clicked.connect(self.preview)
        layout.addWidget(buttons)
        self.new_date.dateChanged.connect(self._describe_day)
        self._describe_day()

    def _describe_day(self) -> None:
        cal = self.ctx.calendar()
        day = to_date(self.new_date.date())
        off = None if cal.is_working_day(day) else (cal.day_off_name(day) or self.tr("ngày nghỉ"))
        if off:
            self.day_note.setText(self.tr("⚠ {d:%d/%m/%Y} là {o}").format(d=day, o=off))
            self.day_note.setStyleSheet(f"color: {RED};")
        else:
            n = cal.working_days_between(self.ctx.today(), day)
            self.day_note.setText(self.tr("{n} ngày làm việc kể từ hôm nay").format(n=n))
            self.day_note.setStyleSheet("color: #555;")

    def _data(self) -> apologies.ApologyInput:
        title, name = self.signer.values()
        return apologies.ApologyInput(
            reason=self.reason.currentText(),
            new_due_on=to_date(self.new_date.date()),
            signer_title=title,
            signer_name=name,
            approver_id=self.approver.currentData(),
        )

    def _signer_ok(self) -> bool:
        """Show a deputy's missing name next to its field; True when the signer is complete."""
        problems = self.signer.problems()
        self.errors.show(problems)
        return not problems

    def preview(self) -> Path | None:
        if not self._signer_ok():
            return None
        out = Path(tempfile.mkdtemp()) / "phieu-xin-loi-ban-nhap.pdf"
        try:
            with self.ctx.db.read() as session:
                apologies.preview_letter(
                    session, self.dossier_id, self._data(), self.ctx.today(), out
                )
        except (ServiceError, ValueError) as exc:
            messages.error(self, self.tr("Không xem trước được"), getattr(exc, "message", str(exc)))
            return None
        self.draft_pdf = out
        from camau_reception.ui import print_preview

        print_preview.show_pdf(self, out, self.tr("Bản nháp phiếu xin lỗi"), out.name)
        return out

    def submit(self) -> None:
        if not self._signer_ok():
            return
        try:
            with self.ctx.db.write() as session:
                letter = apologies.issue_apology(
                    session,
                    self.ctx.actor,
                    self.dossier_id,
                    self._data(),
                    self.ctx.today(),
                    self.ctx.calendar(),
                )
                self.letter_id = letter.id
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                messages.error(self, self.tr("Chưa lập được phiếu"), message)
            return
        except ServiceError as exc:
            messages.error(self, self.tr("Chưa lập được phiếu"), exc.message)
            return
        self.ctx.notify("dossiers")
        self.accept()
