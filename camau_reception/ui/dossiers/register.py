"""Sổ theo dõi hồ sơ: the register with search, entry by hand and corrections (the due date and
its explanation shown as the procedure and time are chosen; the officer in charge chosen among
the officers), the receipt slip, return and withdrawal, and the import of the one-stop export."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.dossiers import (
    CHANNEL_LABELS,
    OPEN_STATES,
    PAUSED_STATES,
    STATE_LABELS,
    Channel,
    DossierState,
)
from camau_reception.services import dossiers, procedures
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui import messages
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.common import AMBER, RED, fill, table
from camau_reception.ui.dossiers.late import mark_returned
from camau_reception.ui.widgets.form_errors import FieldErrors


class DossierDialog(QDialog):
    """A dossier received at the counter, entered by hand; with ``dossier_id``, the same form
    corrects a saved dossier (Sửa hồ sơ), checked against the version it was opened at."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, dossier_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier_id: int | None = dossier_id
        self.editing = dossier_id is not None
        self.version: int | None = None
        self.paused_days = 0
        self.returned_at: datetime | None = None
        self.promise_note = ""
        self.setMinimumWidth(640)
        with ctx.db.read() as session:
            procs = procedures.list_procedures(session, in_force_only=True)
            current: dossiers.DossierInput | None = None
            if dossier_id is not None:
                d = dossiers.get(session, dossier_id)
                current = dossiers.to_input(d)
                self.version, self.paused_days, self.returned_at = (
                    d.version,
                    d.paused_days,
                    d.returned_at,
                )
                if d.procedure_id not in {p.id for p in procs}:
                    procs.append(d.procedure)  # no longer in force: still its procedure
                if d.apologies:
                    last = d.apologies[-1]
                    self.promise_note = self.tr(
                        "Đã có phiếu xin lỗi {n} hẹn lại ngày {d}: ngày hẹn này giữ nguyên."
                    ).format(n=last.number, d=f"{last.new_due_on:%d/%m/%Y}")
            self.procs = [(p.code, p.name, p.processing_days) for p in procs]
            keep = current.officer_id if current is not None else ctx.actor.id
            officers = [(u.id, u.full_name) for u in dossiers.officer_choices(session, (keep,))]
        if current is not None:
            self.setWindowTitle(self.tr("Sửa hồ sơ {c}").format(c=current.code))
        else:
            self.setWindowTitle(self.tr("Tiếp nhận hồ sơ"))
        layout = QVBoxLayout(self)
        self.general = QLabel()
        self.general.setObjectName("general_error")
        self.general.setWordWrap(True)
        self.general.setStyleSheet(f"color: {RED}; font-weight: bold;")
        self.general.hide()
        layout.addWidget(self.general)
        form = QFormLayout()
        self.errors = FieldErrors()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.procedure = QComboBox()
        self.procedure.setObjectName("procedure_code")
        self.procedure.setEditable(False)
        for code, name, days in self.procs:
            self.procedure.addItem(f"{code} — {name} ({days} ngày)", code)
        now = ctx.now()
        self.received = QDateTimeEdit(QDateTime(now))
        self.received.setObjectName("received_at")
        self.received.setDisplayFormat("HH:mm dd/MM/yyyy")
        self.received.setCalendarPopup(True)
        self.due = QLabel()
        self.due.setObjectName("due_explanation")
        self.due.setWordWrap(True)
        self.due.setStyleSheet("color: #1b3a6b;")
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for ch in Channel:
            self.channel.addItem(CHANNEL_LABELS[ch], ch.value)
        self.officer = QComboBox()
        self.officer.setObjectName("officer_id")
        if keep is None:  # nobody in charge yet (an import by the system): left as it is
            self.officer.addItem(self.tr("— Chưa phân công —"), None)
        for uid, name in officers:
            self.officer.addItem(name, uid)
        self.officer.setCurrentIndex(max(self.officer.findData(keep), 0))
        self.name = QLineEdit()
        self.name.setObjectName("applicant_name")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("applicant_id_number")
        self.address = QLineEdit()
        self.address.setObjectName("applicant_address")
        self.phone = QLineEdit()
        self.phone.setObjectName("applicant_phone")
        self.email = QLineEdit()
        self.email.setObjectName("applicant_email")
        self.digitised = QCheckBox(self.tr("Hồ sơ đã số hóa"))
        self.result_digitised = QCheckBox(self.tr("Kết quả sẽ số hóa"))
        self.paid_online = QCheckBox(self.tr("Đã thanh toán phí, lệ phí trực tuyến"))
        rows = (
            ("code", self.tr("Mã hồ sơ:"), self.code),
            ("procedure_code", self.tr("Thủ tục:"), self.procedure),
            ("received_at", self.tr("Thời điểm tiếp nhận:"), self.received),
        )
        for key, label, widget in rows:
            self.errors.add_row(form, key, label, widget)
        form.addRow(self.tr("Hẹn trả:"), self.due)
        self.errors.add_row(form, "channel", self.tr("Kênh nộp:"), self.channel)
        self.errors.add_row(form, "officer_id", self.tr("Cán bộ thụ lý:"), self.officer)
        for key, label, widget in (
            ("applicant_name", self.tr("Người nộp:"), self.name),
            ("applicant_id_number", self.tr("Số CCCD:"), self.id_number),
            ("applicant_address", self.tr("Địa chỉ:"), self.address),
            ("applicant_phone", self.tr("Điện thoại:"), self.phone),
            ("applicant_email", self.tr("Thư điện tử:"), self.email),
        ):
            self.errors.add_row(form, key, label, widget)
        # Two rows, so the form fits its width with long labels.
        checks = QGridLayout()
        checks.addWidget(self.digitised, 0, 0)
        checks.addWidget(self.result_digitised, 0, 1)
        checks.addWidget(self.paid_online, 1, 0, 1, 2)
        form.addRow("", checks)
        layout.addLayout(form)
        self.print_receipt = QCheckBox(self.tr("In giấy tiếp nhận và hẹn trả kết quả"))
        self.print_receipt.setObjectName("print_receipt")
        self.print_receipt.setChecked(not self.editing)
        self.print_receipt.setVisible(not self.editing)
        layout.addWidget(self.print_receipt)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(self.tr("Lưu (Ctrl+S)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("save")
        self.ok.setShortcut(QKeySequence("Ctrl+S"))
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if current is not None:
            self._fill(current)
        self.procedure.currentIndexChanged.connect(self.update_due)
        self.received.dateTimeChanged.connect(self.update_due)
        self.update_due()

    def _fill(self, data: dossiers.DossierInput) -> None:
        self.code.setText(data.code)
        self.procedure.setCurrentIndex(max(self.procedure.findData(data.procedure_code), 0))
        self.received.setDateTime(QDateTime(data.received_at))
        self.channel.setCurrentIndex(max(self.channel.findData(data.channel), 0))
        self.name.setText(data.applicant_name)
        self.id_number.setText(data.applicant_id_number)
        self.address.setText(data.applicant_address)
        self.phone.setText(data.applicant_phone)
        self.email.setText(data.applicant_email)
        self.digitised.setChecked(data.digitised)
        self.result_digitised.setChecked(data.result_digitised)
        self.paid_online.setChecked(data.fee_paid_online)

    def _received(self) -> datetime:
        return self.received.dateTime().toPython().replace(second=0, microsecond=0)

    def update_due(self) -> None:
        i = self.procedure.currentIndex()
        if i < 0:
            self.due.setText(self.tr("Chưa có thủ tục nào trong danh mục."))
            return
        days = self.procs[i][2]
        due = dossiers.due_date(self._received(), days, self.ctx.calendar(), self.paused_days)
        lines = [due.explanation]
        if self.returned_at is not None:
            late = self.returned_at.date() > due.due_at.date()
            lines.append(
                self.tr("Đã trả kết quả lúc {t}: {v}.").format(
                    t=f"{self.returned_at:%H:%M %d/%m/%Y}",
                    v=self.tr("trễ hẹn") if late else self.tr("đúng hẹn"),
                )
            )
        if self.promise_note:
            lines.append(self.promise_note)
        self.due.setText("\n".join(lines))

    def _general(self, message: str) -> None:
        self.general.setText(message)
        self.general.setVisible(bool(message))

    def submit(self) -> None:
        data = dossiers.DossierInput(
            code=self.code.text(),
            procedure_code=self.procedure.currentData() or "",
            applicant_name=self.name.text(),
            received_at=self._received(),
            channel=self.channel.currentData(),
            applicant_id_number=self.id_number.text(),
            applicant_address=self.address.text(),
            applicant_phone=self.phone.text(),
            applicant_email=self.email.text(),
            digitised=self.digitised.isChecked(),
            result_digitised=self.result_digitised.isChecked(),
            fee_paid_online=self.paid_online.isChecked(),
            officer_id=self.officer.currentData(),
        )
        now = datetime.combine(self.ctx.today(), datetime.max.time())
        self._general("")
        try:
            with self.ctx.db.write() as session:
                if self.dossier_id is not None and self.version is not None:
                    dossiers.update_dossier(
                        session, self.ctx.actor, self.dossier_id, data, self.version, now=now
                    )
                else:
                    if dossiers.get_by_code(session, data.code) is not None:
                        raise ValidationError({"code": "Mã hồ sơ này đã có trong sổ."})
                    d, _ = dossiers.upsert_dossier(session, self.ctx.actor, data, now=now)
                    self.dossier_id = d.id
        except ValidationError as exc:
            self._general(" ".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:  # ConflictError: somebody else saved it in between
            self.errors.clear()
            self._general(exc.message)
            return
        self.errors.clear()
        self.ctx.notify("dossiers")
        self.accept()


class RegisterTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[dossiers.RegisterRow] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            self.tr("Tìm theo mã hồ sơ, tên người nộp (không dấu cũng được), CCCD, điện thoại…")
        )
        self.state = QComboBox()
        self.state.setObjectName("state_filter")
        self.state.addItem(self.tr("Mọi trạng thái"), None)
        for st in DossierState:
            self.state.addItem(STATE_LABELS[st], st.value)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.state)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Tiếp nhận hồ sơ… (Ctrl+N)"))
        self.new_button.setObjectName("new_dossier")
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.edit_button = QPushButton(self.tr("Sửa hồ sơ… (Enter)"))
        self.edit_button.setObjectName("edit_dossier")
        self.edit_button.setToolTip(
            self.tr("Sửa tên người nộp, thủ tục, thời điểm tiếp nhận, cán bộ thụ lý…")
        )
        self.receipt_button = QPushButton(self.tr("In giấy tiếp nhận"))
        self.receipt_button.setObjectName("receipt")
        self.returned_button = QPushButton(self.tr("Đã trả kết quả…"))
        self.withdraw_button = QPushButton(self.tr("Công dân rút hồ sơ…"))
        self.import_button = QPushButton(self.tr("Nhập từ hệ thống một cửa…"))
        self.import_button.setObjectName("import_dossiers")
        for w in (
            self.new_button,
            self.edit_button,
            self.receipt_button,
            self.returned_button,
            self.withdraw_button,
        ):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(self.import_button)
        layout.addLayout(actions)
        self.count = QLabel()
        layout.addWidget(self.count)
        self.table = table(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Thủ tục"),
                self.tr("Người nộp"),
                self.tr("Kênh"),
                self.tr("Tiếp nhận"),
                self.tr("Hẹn trả"),
                self.tr("Trả kết quả"),
                self.tr("Trạng thái"),
            ],
            "dossier_table",
            stretch=1,
        )
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setObjectName("dossier_detail")
        self.detail.setWordWrap(True)
        layout.addWidget(self.detail)
        self.search.textChanged.connect(self.reload)
        self.state.currentIndexChanged.connect(self.reload)
        self.new_button.clicked.connect(self.new_dossier)
        self.edit_button.clicked.connect(self.edit_dossier)
        self.table.doubleClicked.connect(lambda _i: self.edit_dossier())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.table,
                self.edit_dossier,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        self.receipt_button.clicked.connect(self.receipt)
        self.returned_button.clicked.connect(self.mark_returned)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.import_button.clicked.connect(self.import_file)
        self.table.itemSelectionChanged.connect(self._selected)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.read() as session:
            self.rows = dossiers.list_dossiers(
                session,
                text=self.search.text(),
                state=self.state.currentData(),
                today=self.ctx.today(),
            )
        colours = {(i, 5): RED for i, r in enumerate(self.rows) if r.late}
        colours.update({(i, 7): AMBER for i, r in enumerate(self.rows) if r.state in PAUSED_STATES})
        fill(
            self.table,
            [
                (
                    r.id,
                    [
                        r.code,
                        r.procedure,
                        r.applicant,
                        CHANNEL_LABELS[Channel(r.channel)],
                        f"{r.received_at:%H:%M %d/%m/%Y}",
                        f"{r.due_at:%d/%m/%Y}",
                        f"{r.returned_at:%H:%M %d/%m/%Y}" if r.returned_at else "—",
                        self._state_text(r),
                    ],
                )
                for r in self.rows
            ],
            colours,
        )
        self.count.setText(
            self.tr("{n} hồ sơ (hiện tối đa 500, mới nhất trước)").format(n=len(self.rows))
        )
        self._selected()

    def _state_text(self, r: dossiers.RegisterRow) -> str:
        label = STATE_LABELS[DossierState(r.state)]
        note = r.note()
        return f"{label} · {note}" if note else label

    def _current(self) -> dossiers.RegisterRow | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.rows) or not self.table.selectedIndexes():
            return None
        return self.rows[row]

    def _selected(self) -> None:
        r = self._current()
        processing = r is not None and DossierState(r.state) in OPEN_STATES
        self.receipt_button.setEnabled(r is not None)
        self.edit_button.setEnabled(r is not None)
        self.returned_button.setEnabled(processing)
        self.withdraw_button.setEnabled(processing)
        if r is None:
            self.detail.clear()
            return
        with self.ctx.db.read() as session:
            d = dossiers.get(session, r.id)
            letters = ", ".join(
                f"{x.number} ngày {x.issued_on:%d/%m/%Y} (hẹn {x.new_due_on:%d/%m/%Y})"
                for x in d.apologies
            )
            text = self.tr("Hẹn trả: {e}").format(e=d.due_explanation)
            officer = dossiers.officer_name(session, d.officer_id)
            if officer:
                text += "\n" + self.tr("Cán bộ thụ lý: {n}").format(n=officer)
            state = DossierState(d.state)
            if state in PAUSED_STATES:
                since = f"{d.state_since:%d/%m/%Y}" if d.state_since else "—"
                text += "\n" + self.tr(
                    "{s} từ {d}: dừng tính thời hạn giải quyết, không tính trễ hẹn và không "
                    "lập phiếu xin lỗi cho đến khi hồ sơ tiếp tục được giải quyết."
                ).format(s=STATE_LABELS[state], d=since)
            elif state in (DossierState.REFUSED, DossierState.WITHDRAWN):
                text += "\n" + self.tr(
                    "{s}: không có kết quả phải trả, không tính trễ hẹn."
                ).format(s=STATE_LABELS[state])
            if letters:
                text += "\n" + self.tr("Phiếu xin lỗi: {l}").format(l=letters)
        self.detail.setText(text)

    def new_dossier(self) -> DossierDialog:
        dialog = DossierDialog(self.ctx, self)
        self.last_dialog = dialog

        def finished(result: int) -> None:
            self.reload()
            if result and dialog.dossier_id and dialog.print_receipt.isChecked():
                self._print_receipt(dialog.dossier_id)

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def edit_dossier(self) -> DossierDialog | None:
        """Sửa hồ sơ: the selected dossier in the entry form, saved against its version."""
        r = self._current()
        if r is None:
            return None
        dialog = DossierDialog(self.ctx, self, dossier_id=r.id)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _result: self.reload())
        dialog.open()
        return dialog

    def _print_receipt(self, dossier_id: int) -> Path | None:
        out = Path(tempfile.mkdtemp()) / "giay-tiep-nhan.pdf"
        try:
            with self.ctx.db.write() as session:
                dossiers.print_receipt(session, self.ctx.actor, dossier_id, out)
        except (ServiceError, ValueError) as exc:
            messages.error(self, self.tr("Không in được"), getattr(exc, "message", str(exc)))
            return None
        self.last_pdf = out
        from camau_reception.ui import print_preview

        print_preview.show_pdf(self, out, self.tr("Giấy tiếp nhận hồ sơ"), out.name)
        return out

    def receipt(self) -> None:
        r = self._current()
        if r is not None:
            self._print_receipt(r.id)

    def mark_returned(self) -> None:
        r = self._current()
        if r is not None and mark_returned(self.ctx, self, r.id):
            self.reload()

    def withdraw(self) -> None:
        r = self._current()
        if r is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Rút hồ sơ {c}").format(c=r.code), self.tr("Lý do công dân rút hồ sơ:")
        )
        if not ok or not messages.confirm(
            self,
            self.tr("Xác nhận"),
            self.tr("Ghi nhận công dân rút hồ sơ {c}? Không hoàn tác được.").format(c=r.code),
        ):
            return
        try:
            with self.ctx.db.write() as session:
                dossiers.withdraw(session, self.ctx.actor, r.id, reason)
        except ServiceError as exc:
            messages.error(self, self.tr("Không ghi nhận được"), exc.message)
            return
        self.ctx.notify("dossiers")
        self.reload()

    def import_file(self):  # -> ImportWizard
        from camau_reception.ui.dossiers.import_wizard import ImportWizard, dossier_kind

        wizard = ImportWizard(self.ctx, dossier_kind(), self)
        self.last_wizard = wizard
        wizard.finished.connect(lambda _r: self.reload())
        wizard.open()
        return wizard
