"""Dialogs of the Tố cáo tham nhũng page: reveal with a reason, new case, workflow steps,
protection, keys (grant, recovery key set-up and use), follow-up code look-up and hand-over."""

from __future__ import annotations

import html
import tempfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.corruption import (
    FIELDS,
    PERSON_LABELS,
    PROTECTION_LABELS,
    RESULT_LABELS,
    SOURCE_LABELS,
    CaseSource,
    ProtectedPerson,
    ProtectionKind,
    Result,
)
from camau_reception.services import corruption as svc
from camau_reception.services import corruption_keys as keys
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import keyring_cache
from camau_reception.ui.widgets.form_errors import FieldErrors

ERROR_STYLE = "color: #b3261e;"


def date_edit(value: date, name: str = "") -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    if name:
        edit.setObjectName(name)
    return edit


def _error_label(name: str = "general_error") -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def ring_of(ctx: AppContext) -> keys.KeyRing | None:
    return keyring_cache.get(ctx.actor.id)


def local_time(at: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    """A stored (naive UTC) timestamp in the computer's time zone."""
    if at is None:
        return ""
    return at.replace(tzinfo=UTC).astimezone().strftime(fmt)


class RevealDialog(QDialog):
    """ "Xem danh tính": a reason first; the identity shows here, for this view only."""

    def __init__(self, ctx: AppContext, case_id: int, code: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.revealed = False
        self.setWindowTitle(self.tr("Xem danh tính người tố cáo — {code}").format(code=code))
        self.resize(620, 460)
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Danh tính người tố cáo được pháp luật bảo vệ (Điều 8 Luật Tố cáo). Thông tin "
                "chỉ hiện trong cửa sổ này, cho lần xem này; việc xem, lý do và người xem được "
                "ghi vào nhật ký. Không ghi họ tên hay số giấy tờ vào lý do."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("Lý do cần xem (bắt buộc):")))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reveal_reason")
        self.reason.setPlaceholderText(
            self.tr("Ví dụ: Liên hệ người tố cáo để bổ sung chứng cứ theo kế hoạch xác minh")
        )
        self.reason.setMaximumHeight(80)
        layout.addWidget(self.reason)
        self.error = _error_label("reveal_error")
        layout.addWidget(self.error)
        self.view = QTextBrowser()
        self.view.setObjectName("identity_view")
        self.view.hide()
        layout.addWidget(self.view, 1)
        # Correcting the identity (re-encrypted under a new key, audited with the same reason).
        self.edit_errors = FieldErrors()
        self.editor = IdentityFields(self.edit_errors)
        self.editor.setObjectName("identity_editor")
        self.editor.hide()
        layout.addWidget(self.editor)
        buttons = QDialogButtonBox()
        self.reveal_button = buttons.addButton(
            self.tr("Xem danh tính"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.reveal_button.setObjectName("reveal_button")
        self.edit_button = buttons.addButton(
            self.tr("Sửa thông tin…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.edit_button.setObjectName("edit_identity")
        self.edit_button.hide()
        self.save_button = buttons.addButton(
            self.tr("Lưu (mã hóa lại)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.setObjectName("save_identity")
        self.save_button.hide()
        close = buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        self.reveal_button.clicked.connect(self.reveal)
        self.edit_button.clicked.connect(self.start_edit)
        self.save_button.clicked.connect(self.save_identity)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._who: svc.Identity | None = None
        self.saved = False
        self.reason.setFocus()

    def identity_html(self, who: svc.Identity) -> str:
        e = html.escape
        rows = [
            (self.tr("Họ và tên"), who.full_name),
            (
                self.tr("Giấy tờ"),
                f"{who.id_kind.upper()} {who.id_number}".strip() if who.id_number else "",
            ),
            (
                self.tr("Năm sinh, giới tính"),
                ", ".join(str(x) for x in (who.birth_year, who.sex) if x),
            ),
            (self.tr("Địa chỉ"), who.address),
            (self.tr("Điện thoại"), who.phone),
            (self.tr("Thư điện tử"), who.email),
            (self.tr("Mô tả nhận dạng"), who.description),
            (self.tr("Người cùng tố cáo"), "; ".join(who.co_reporters)),
            (self.tr("Tài liệu đã nhận"), "; ".join(who.documents)),
            (self.tr("Lời trình bày"), who.statement),
        ]
        body = "".join(
            f"<tr><td style='padding:2px 10px 2px 0;color:#555'>{e(k)}</td>"
            f"<td style='padding:2px 0'><b>{e(v).replace(chr(10), '<br>')}</b></td></tr>"
            for k, v in rows
            if v
        )
        return f"<table>{body}</table>"

    def reveal(self) -> None:
        try:
            with self.ctx.db.write() as session:
                who = svc.reveal_identity(
                    session,
                    self.ctx.actor,
                    ring_of(self.ctx),
                    self.case_id,
                    self.reason.toPlainText(),
                )
        except ValidationError as exc:
            _show(self.error, "\n".join(exc.errors.values()))
            return
        except ServiceError as exc:
            _show(self.error, exc.message)
            return
        _show(self.error, "")
        self.view.setHtml(self.identity_html(who))
        self.view.show()
        self.reason.setReadOnly(True)
        self.reveal_button.setEnabled(False)
        self.revealed = True
        self._who = who
        self.edit_button.show()

    def start_edit(self) -> None:
        who = self._who
        if who is None:
            return
        f = self.editor
        f.full_name.setText(who.full_name)
        index = f.id_kind.findData(who.id_kind)
        f.id_kind.setCurrentIndex(max(index, 0))
        f.id_number.setText(who.id_number)
        f.phone.setText(who.phone)
        f.email.setText(who.email)
        f.address.setText(who.address)
        f.description.setText(who.description)
        self.view.hide()
        self.editor.show()
        self.edit_button.hide()
        self.save_button.show()
        f.full_name.setFocus()

    def save_identity(self) -> None:
        if self._who is None:
            return
        typed = self.editor.value()
        # Only the typed fields change; the statement, co-reporters and documents stay.
        corrected = replace(
            self._who,
            full_name=typed.full_name,
            id_kind=typed.id_kind,
            id_number=typed.id_number,
            phone=typed.phone,
            email=typed.email,
            address=typed.address,
            description=typed.description,
        )
        try:
            with self.ctx.db.write() as session:
                svc.update_identity(
                    session,
                    self.ctx.actor,
                    ring_of(self.ctx),
                    self.case_id,
                    corrected,
                    self.reason.toPlainText(),
                )
        except ValidationError as exc:
            _show(self.error, "\n".join(self.edit_errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.error, exc.message)
            return
        svc.checkpoint(self.ctx.db)  # the old ciphertext leaves the WAL too
        self.saved = True
        self.ctx.notify("corruption")
        self.accept()

    def done(self, result: int) -> None:
        # The identity leaves the screen and this window's memory with the dialog.
        self.view.clear()
        for line in (
            self.editor.full_name,
            self.editor.id_number,
            self.editor.phone,
            self.editor.email,
            self.editor.address,
            self.editor.description,
        ):
            line.clear()
        self._who = None
        super().done(result)


class IdentityFields(QWidget):
    """The denouncer's identity as typed (new case or correction)."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("identity_full_name")
        self.id_kind = QComboBox()
        for code, label in (("cccd", "CCCD"), ("cmnd", "CMND"), ("passport", "Hộ chiếu")):
            self.id_kind.addItem(label, code)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("identity_id_number")
        self.phone = QLineEdit()
        self.phone.setObjectName("identity_phone")
        self.email = QLineEdit()
        self.address = QLineEdit()
        self.address.setObjectName("identity_address")
        self.description = QLineEdit()
        self.description.setPlaceholderText(self.tr("Đặc điểm nhận dạng nếu không có giấy tờ"))
        errors.add_row(form, "identity.full_name", self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Loại giấy tờ:"), self.id_kind)
        errors.add_row(form, "identity.id_number", self.tr("Số giấy tờ:"), self.id_number)
        form.addRow(self.tr("Điện thoại:"), self.phone)
        form.addRow(self.tr("Thư điện tử:"), self.email)
        form.addRow(self.tr("Địa chỉ:"), self.address)
        form.addRow(self.tr("Mô tả nhận dạng:"), self.description)

    def value(self) -> svc.Identity:
        return svc.Identity(
            full_name=self.full_name.text(),
            id_kind=self.id_kind.currentData(),
            id_number=self.id_number.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.text(),
            description=self.description.text(),
        )


class NewCaseDialog(QDialog):
    """Tiếp nhận tố cáo received in writing, by phone, e-mail or from another body."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: int | None = None
        self.setWindowTitle(self.tr("Tiếp nhận tố cáo hành vi tham nhũng"))
        self.resize(640, 720)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.received_on = date_edit(ctx.today(), "received_on")
        self.source = QComboBox()
        self.source.setObjectName("source")
        for s in CaseSource:
            if s != CaseSource.RECEPTION:
                self.source.addItem(SOURCE_LABELS[s], s.value)
        self.anonymous = QCheckBox(
            self.tr("Nặc danh (ghi nhận là thông tin phục vụ thanh tra, không phải tố cáo)")
        )
        self.anonymous.setObjectName("anonymous")
        self.errors.add_row(form, "received_on", self.tr("Ngày tiếp nhận:"), self.received_on)
        self.errors.add_row(form, "source", self.tr("Nguồn:"), self.source)
        form.addRow("", self.anonymous)
        layout.addLayout(form)
        self.identity_box = QGroupBox(
            self.tr("Người tố cáo — được mã hóa, chỉ thanh tra viên được cấp quyền xem được")
        )
        box_layout = QVBoxLayout(self.identity_box)
        self.identity = IdentityFields(self.errors)
        box_layout.addWidget(self.identity)
        layout.addWidget(self.identity_box)
        form2 = QFormLayout()
        self.field = QComboBox()
        self.field.setObjectName("field")
        self.field.addItem(self.tr("— chọn lĩnh vực —"), "")
        for f in FIELDS:
            self.field.addItem(f, f)
        self.subject = QLineEdit()
        self.subject.setObjectName("subject")
        self.subject.setPlaceholderText(self.tr("Chức vụ, đơn vị của người bị tố cáo"))
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setPlaceholderText(
            self.tr("Tóm tắt nội dung tố cáo, không ghi thông tin nhận diện người tố cáo")
        )
        self.multi_place = QCheckBox(self.tr("Cần xác minh ở nhiều địa điểm (10 ngày làm việc)"))
        self.errors.add_row(form2, "field", self.tr("Lĩnh vực:"), self.field)
        self.errors.add_row(form2, "subject", self.tr("Người bị tố cáo:"), self.subject)
        self.errors.add_row(form2, "summary", self.tr("Nội dung:"), self.summary)
        form2.addRow("", self.multi_place)
        layout.addLayout(form2)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu (Ctrl+S)"))
        buttons.button(QDialogButtonBox.StandardButton.Save).setShortcut("Ctrl+S")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.anonymous.toggled.connect(lambda on: self.identity_box.setVisible(not on))

    def save(self) -> None:
        anonymous = self.anonymous.isChecked()
        data = svc.CaseInput(
            received_on=self.received_on.date().toPython(),
            summary=self.summary.toPlainText(),
            source=self.source.currentData(),
            anonymous=anonymous,
            identity=None if anonymous else self.identity.value(),
            field=self.field.currentData() or "",
            subject=self.subject.text(),
            multi_place=self.multi_place.isChecked(),
        )
        try:
            with self.ctx.db.write() as session:
                result = svc.record(session, self.ctx.actor, data, today=self.ctx.today())
                code, followup, received = (
                    result.case.code,
                    result.followup_code,
                    result.case.received_on,
                )
                self.created_id = result.case.id
        except ValidationError as exc:
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.ctx.notify("corruption")
        self.accept()
        FollowupCodeDialog(self.ctx, code, followup, received, parent=self.parentWidget()).exec()


class FollowupCodeDialog(QDialog):
    """The reporter's follow-up code, shown once (only its hash is stored)."""

    def __init__(
        self,
        ctx: AppContext,
        case_code: str,
        followup_code: str,
        received_on: date,
        documents: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_code = case_code
        self.followup_code = followup_code
        self.received_on = received_on
        self.documents = documents
        self.setWindowTitle(self.tr("Mã theo dõi cho người tố cáo"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Đã lưu hồ sơ {code}; danh tính người tố cáo đã được mã hóa, sổ tiếp công dân "
                "chỉ ghi mã hồ sơ.\nHãy trao mã theo dõi dưới đây cho người tố cáo (in giấy "
                "biên nhận). Mã chỉ hiển thị một lần, chương trình không lưu mã."
            ).format(code=case_code)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = QLabel(followup_code)
        self.code_label.setObjectName("followup_code")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(20)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.code_label)
        buttons = QDialogButtonBox()
        self.print_button = buttons.addButton(
            self.tr("In giấy biên nhận (Ctrl+P)"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.print_button.setShortcut("Ctrl+P")
        close = buttons.addButton(
            self.tr("Đã trao mã, đóng"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.clicked.connect(self.print_receipt)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)

    def reject(self) -> None:
        """Esc would lose the only view of the code: only "Đã trao mã, đóng" closes."""

    def receipt_pdf(self) -> Path:
        from camau_reception.printing import corruption_forms as forms

        out = Path(tempfile.mkdtemp(prefix="camau-")) / f"bien-nhan-{self.case_code}.pdf"
        forms.render(
            forms.followup_receipt(
                self.case_code,
                self.followup_code,
                self.received_on,
                self.ctx.agency(),
                self.documents,
            ),
            out,
        )
        return out

    def print_receipt(self) -> None:
        from camau_reception.ui.print_preview import show_pdf

        path = self.receipt_pdf()
        try:
            show_pdf(self, path, self.tr("Giấy biên nhận đơn tố cáo"))
        finally:
            # The receipt carries the follow-up code: no copy stays in the temporary folder.
            path.unlink(missing_ok=True)
            path.parent.rmdir()


ACTION_HINTS = {
    "extend_classify": "Thời hạn phân loại thành 10 ngày làm việc kể từ ngày tiếp nhận "
    "(Điều 24 Luật Tố cáo).",
    "accept": "Bắt đầu thời hạn giải quyết 30 ngày kể từ ngày thụ lý (Điều 30 Luật Tố cáo).",
    "to_transfer": "Phải chuyển đơn trong 5 ngày làm việc và thông báo cho người tố cáo "
    "(Điều 24 Luật Tố cáo).",
    "transfer": "Phiếu chuyển in ra đã loại bỏ thông tin người tố cáo.",
    "not_accept": "Dừng thời hạn; ghi rõ lý do không thụ lý.",
    "verify": "Thời hạn giải quyết tiếp tục tính từ ngày thụ lý.",
    "extend": "Gia hạn thêm 30 ngày bằng quyết định; tối đa hai lần (Điều 30 Luật Tố cáo).",
    "conclude": "Dừng thời hạn giải quyết; chọn kết luận.",
    "notify": "Thông báo kết quả giải quyết cho người tố cáo theo hình thức bảo đảm bí mật.",
    "close": "Kết thúc hồ sơ.",
}


class ActionDialog(QDialog):
    """One workflow step with its date, document number and note."""

    def __init__(
        self,
        ctx: AppContext,
        case_id: int,
        action: str,
        version: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.action = action
        self.version = version
        self.setWindowTitle(self.tr(svc.ACTION_LABELS[action]))
        self.setMinimumWidth(520)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        with ctx.db.read() as session:
            case = svc.get(session, case_id)
            code, extensions, transfer_to = case.code, case.extensions, case.transfer_to
        hint = self.tr(ACTION_HINTS.get(action, ""))
        if action == "extend":
            hint += " " + self.tr("Đây là lần gia hạn thứ {n}.").format(n=extensions + 1)
        self.hint = QLabel(
            f"<b>{html.escape(code)}</b> — {html.escape(self.tr(svc.ACTION_LABELS[action]))}"
            f"<br>{html.escape(hint)}"
        )
        self.hint.setObjectName("action_hint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        form = QFormLayout()
        self.on = date_edit(ctx.today(), "action_on")
        self.errors.add_row(form, "on", self.tr("Ngày:"), self.on)
        self.document_no = QLineEdit()
        self.document_no.setObjectName("document_no")
        if action in ("accept", "extend", "conclude", "verify", "notify", "not_accept"):
            label = {
                "accept": self.tr("Số quyết định thụ lý:"),
                "extend": self.tr("Số quyết định gia hạn:"),
                "conclude": self.tr("Số kết luận nội dung tố cáo:"),
                "verify": self.tr("Số quyết định xác minh:"),
            }.get(action, self.tr("Số văn bản:"))
            self.errors.add_row(form, "document_no", label, self.document_no)
        if action == "transfer":
            self.document_no.setPlaceholderText(self.tr("Để trống: cấp số phiếu chuyển tự động"))
            self.errors.add_row(form, "document_no", self.tr("Số phiếu chuyển:"), self.document_no)
        self.transfer_to = QLineEdit(transfer_to)
        self.transfer_to.setObjectName("transfer_to")
        if action in ("to_transfer", "transfer"):
            self.errors.add_row(
                form, "transfer_to", self.tr("Cơ quan có thẩm quyền:"), self.transfer_to
            )
        self.result = QComboBox()
        self.result.setObjectName("result")
        if action == "conclude":
            self.result.addItem(self.tr("— chọn —"), "")
            for r in Result:
                self.result.addItem(RESULT_LABELS[r], r.value)
            self.errors.add_row(form, "result", self.tr("Kết luận:"), self.result)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setMaximumHeight(90)
        self.errors.add_row(form, "note", self.tr("Ghi chú:"), self.note)
        layout.addLayout(form)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ghi nhận"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        data = svc.ActionInput(
            on=self.on.date().toPython(),
            note=self.note.toPlainText(),
            document_no=self.document_no.text(),
            transfer_to=self.transfer_to.text(),
            result=self.result.currentData() or "",
        )
        try:
            with self.ctx.db.write() as session:
                svc.act(
                    session,
                    self.ctx.actor,
                    self.case_id,
                    self.action,
                    data,
                    self.version,
                    today=self.ctx.today(),
                    ring=ring_of(self.ctx),
                )
        except ValidationError as exc:
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.ctx.notify("corruption")
        self.accept()


class DetailsDialog(QDialog):
    """Correct what is stored in clear: field, person denounced and the content summary (a
    summary naming the denouncer is refused when the editor holds the key)."""

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.setMinimumWidth(600)
        self.errors = FieldErrors()
        with ctx.db.read() as session:
            case = svc.get(session, case_id)
            code, self.version = case.code, case.version
            field_, subject, summary = case.field, case.subject, case.summary
        self.setWindowTitle(self.tr("Sửa hồ sơ {code}").format(code=code))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.field = QComboBox()
        self.field.setObjectName("field")
        self.field.addItem(self.tr("— chọn lĩnh vực —"), "")
        for f in FIELDS:
            self.field.addItem(f, f)
        self.field.setCurrentIndex(max(self.field.findData(field_), 0))
        self.subject = QLineEdit(subject)
        self.subject.setObjectName("subject")
        self.summary = QPlainTextEdit(summary)
        self.summary.setObjectName("summary")
        self.errors.add_row(form, "field", self.tr("Lĩnh vực:"), self.field)
        self.errors.add_row(form, "subject", self.tr("Người bị tố cáo:"), self.subject)
        self.errors.add_row(form, "summary", self.tr("Nội dung:"), self.summary)
        layout.addLayout(form)
        note = QLabel(
            self.tr(
                "Các thông tin này không được mã hóa và in trên phiếu chuyển, bản trích: không "
                "ghi họ tên, địa chỉ, số điện thoại hay đặc điểm nhận dạng người tố cáo."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        data = svc.DetailsInput(
            summary=self.summary.toPlainText(),
            field=self.field.currentData() or "",
            subject=self.subject.text(),
        )
        try:
            with self.ctx.db.write() as session:
                svc.update_details(
                    session,
                    self.ctx.actor,
                    self.case_id,
                    data,
                    self.version,
                    ring_of(self.ctx),
                )
        except ValidationError as exc:
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.ctx.notify("corruption")
        self.accept()


class DeleteCaseDialog(QDialog):
    """Delete a case entered by mistake: the ciphertext, steps, scans and protection records
    go, the freed pages are zeroed and the WAL emptied; the audit keeps code and reason."""

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.deleted_code = ""
        self.setMinimumWidth(520)
        with ctx.db.read() as session:
            code = svc.get(session, case_id).code
        self.setWindowTitle(self.tr("Xóa hồ sơ {code}").format(code=code))
        layout = QVBoxLayout(self)
        warning = QLabel(
            self.tr(
                "Chỉ xóa hồ sơ nhập nhầm hoặc trùng. Danh tính mã hóa, tài liệu, diễn biến và "
                "đề nghị bảo vệ của hồ sơ {code} bị xóa hẳn, không khôi phục được; nhật ký ghi "
                "mã hồ sơ và lý do."
            ).format(code=code)
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        layout.addWidget(QLabel(self.tr("Lý do xóa (bắt buộc):")))
        self.reason = QLineEdit()
        self.reason.setObjectName("delete_reason")
        layout.addWidget(self.reason)
        self.error = _error_label("delete_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton(
            self.tr("Xóa hồ sơ"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setObjectName("confirm_delete")
        cancel = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.delete_button.clicked.connect(self.delete)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def delete(self) -> None:
        try:
            with self.ctx.db.write() as session:
                self.deleted_code = svc.delete_case(
                    session, self.ctx.actor, ring_of(self.ctx), self.case_id, self.reason.text()
                )
        except ValidationError as exc:
            _show(self.error, "\n".join(exc.errors.values()))
            return
        except ServiceError as exc:
            _show(self.error, exc.message)
            return
        svc.checkpoint(self.ctx.db)
        self.ctx.notify("corruption")
        self.accept()


class DeleteAttachmentDialog(QDialog):
    """Delete one encrypted attachment (uploaded by mistake, a wrong file): the ciphertext is
    zeroed and the WAL emptied; the audit keeps the kind of document and the reason."""

    def __init__(self, ctx: AppContext, attachment_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.attachment_id = attachment_id
        self.deleted = False
        self.setMinimumWidth(520)
        with ctx.db.read() as session:
            att = svc.get_attachment(session, attachment_id)
            label, code, added = att.label, att.case.code, att.added_at
        self.setWindowTitle(self.tr("Xóa tài liệu — {code}").format(code=code))
        layout = QVBoxLayout(self)
        warning = QLabel(
            self.tr(
                "Xóa tài liệu “{label}” (thêm ngày {on}) khỏi hồ sơ {code}? Bản mã hóa bị xóa "
                "hẳn, không khôi phục được; nhật ký ghi loại tài liệu, người xóa và lý do."
            ).format(label=label, on=local_time(added, "%d/%m/%Y"), code=code)
        )
        warning.setObjectName("delete_attachment_warning")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        layout.addWidget(QLabel(self.tr("Lý do xóa (bắt buộc, không ghi thông tin người tố cáo):")))
        self.reason = QLineEdit()
        self.reason.setObjectName("delete_attachment_reason")
        self.reason.setPlaceholderText(self.tr("Ví dụ: Tải nhầm tệp của hồ sơ khác"))
        layout.addWidget(self.reason)
        self.error = _error_label("delete_attachment_error")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.delete_button = buttons.addButton(
            self.tr("Xóa tài liệu"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setObjectName("confirm_delete_attachment")
        cancel = buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setDefault(True)
        self.delete_button.clicked.connect(self.delete)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def delete(self) -> None:
        try:
            with self.ctx.db.write() as session:
                svc.delete_attachment(
                    session,
                    self.ctx.actor,
                    self.attachment_id,
                    self.reason.text(),
                    ring=ring_of(self.ctx),
                )
        except ValidationError as exc:
            _show(self.error, "\n".join(exc.errors.values()))
            return
        except ServiceError as exc:
            _show(self.error, exc.message)
            return
        svc.checkpoint(self.ctx.db)  # the zeroed ciphertext leaves the WAL too
        self.deleted = True
        self.ctx.notify("corruption")
        self.accept()


class ProtectionDialog(QDialog):
    """Đề nghị bảo vệ người tố cáo: who, which protection, when requested."""

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case_id = case_id
        self.setWindowTitle(self.tr("Đề nghị bảo vệ người tố cáo"))
        self.setMinimumWidth(560)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.requested_on = date_edit(ctx.today(), "requested_on")
        self.errors.add_row(form, "requested_on", self.tr("Ngày đề nghị:"), self.requested_on)
        persons = QWidget()
        grid = QGridLayout(persons)
        grid.setContentsMargins(0, 0, 0, 0)
        self.persons: dict[str, QCheckBox] = {}
        for i, p in enumerate(ProtectedPerson):
            box = QCheckBox(PERSON_LABELS[p])
            box.setObjectName(f"person_{p.value}")
            self.persons[p.value] = box
            grid.addWidget(box, i // 2, i % 2)
        self.errors.add_row(form, "persons", self.tr("Người được bảo vệ:"), persons)
        kinds = QWidget()
        kgrid = QGridLayout(kinds)
        kgrid.setContentsMargins(0, 0, 0, 0)
        self.kinds: dict[str, QCheckBox] = {}
        for i, k in enumerate(ProtectionKind):
            box = QCheckBox(PROTECTION_LABELS[k])
            box.setObjectName(f"kind_{k.value}")
            self.kinds[k.value] = box
            kgrid.addWidget(box, i, 0)
        self.errors.add_row(form, "kinds", self.tr("Nội dung bảo vệ:"), kinds)
        self.note = QPlainTextEdit()
        self.note.setObjectName("protection_note")
        self.note.setMaximumHeight(70)
        self.note.setPlaceholderText(self.tr("Không ghi họ tên người thân; chỉ ghi quan hệ"))
        self.errors.add_row(form, "note", self.tr("Ghi chú:"), self.note)
        layout.addLayout(form)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ghi nhận"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        data = svc.ProtectionInput(
            requested_on=self.requested_on.date().toPython(),
            persons={k for k, b in self.persons.items() if b.isChecked()},
            kinds={k for k, b in self.kinds.items() if b.isChecked()},
            note=self.note.toPlainText(),
        )
        try:
            with self.ctx.db.write() as session:
                svc.add_protection_request(
                    session,
                    self.ctx.actor,
                    self.case_id,
                    data,
                    today=self.ctx.today(),
                    ring=ring_of(self.ctx),
                )
        except ValidationError as exc:
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.ctx.notify("corruption")
        self.accept()


class ProtectionDecisionDialog(QDialog):
    def __init__(self, ctx: AppContext, request_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.setWindowTitle(self.tr("Quyết định về đề nghị bảo vệ"))
        self.setMinimumWidth(560)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.approved = QComboBox()
        self.approved.addItem(self.tr("Áp dụng biện pháp bảo vệ"), True)
        self.approved.addItem(self.tr("Không áp dụng"), False)
        form.addRow(self.tr("Quyết định:"), self.approved)
        self.decided_on = date_edit(ctx.today())
        self.errors.add_row(form, "decided_on", self.tr("Ngày:"), self.decided_on)
        self.decision_no = QLineEdit()
        self.decision_no.setObjectName("decision_no")
        self.errors.add_row(form, "decision_no", self.tr("Số văn bản:"), self.decision_no)
        self.note = QLineEdit()
        self.note.setObjectName("decision_note")
        self.errors.add_row(form, "note", self.tr("Ghi chú:"), self.note)
        layout.addLayout(form)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ghi nhận"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            with self.ctx.db.write() as session:
                svc.decide_protection(
                    session,
                    self.ctx.actor,
                    self.request_id,
                    bool(self.approved.currentData()),
                    self.decided_on.date().toPython(),
                    self.decision_no.text(),
                    self.note.text(),
                    ring=ring_of(self.ctx),
                )
        except ValidationError as exc:
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.ctx.notify("corruption")
        self.accept()


class MeasureDialog(QDialog):
    def __init__(self, ctx: AppContext, request_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.setWindowTitle(self.tr("Biện pháp bảo vệ"))
        self.setMinimumWidth(560)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        note = QLabel(
            self.tr(
                "Biện pháp bảo vệ không được mã hóa và hiển thị cho người xem hồ sơ: không ghi "
                "họ tên, địa chỉ, số điện thoại của người tố cáo hay người thân."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.description = QPlainTextEdit()
        self.description.setObjectName("measure_description")
        self.description.setMaximumHeight(80)
        self.errors.add_row(form, "description", self.tr("Biện pháp:"), self.description)
        self.agency = QLineEdit()
        self.agency.setObjectName("measure_agency")
        self.errors.add_row(form, "agency", self.tr("Cơ quan thực hiện:"), self.agency)
        self.start_on = date_edit(ctx.today())
        self.errors.add_row(form, "start_on", self.tr("Từ ngày:"), self.start_on)
        self.has_end = QCheckBox(self.tr("Có ngày kết thúc"))
        self.end_on = date_edit(ctx.today())
        self.end_on.setEnabled(False)
        self.has_end.toggled.connect(self.end_on.setEnabled)
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_end)
        row.addWidget(self.end_on, 1)
        self.errors.add_row(form, "end_on", self.tr("Đến ngày:"), holder)
        layout.addLayout(form)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Ghi nhận"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            with self.ctx.db.write() as session:
                svc.add_protection_measure(
                    session,
                    self.ctx.actor,
                    self.request_id,
                    self.description.toPlainText(),
                    self.start_on.date().toPython(),
                    self.end_on.date().toPython() if self.has_end.isChecked() else None,
                    self.agency.text(),
                    ring=ring_of(self.ctx),
                )
        except ValidationError as exc:
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.ctx.notify("corruption")
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once, to print for the head of the agency."""

    def __init__(self, ctx: AppContext, key_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.key_text = key_text
        self.setWindowTitle(self.tr("Khóa khôi phục — chỉ hiển thị một lần"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "In khóa khôi phục ra giấy và giao Thủ trưởng cơ quan cất giữ theo chế độ mật. "
                "Khóa mở được mọi danh tính người tố cáo khi không còn thanh tra viên nào có "
                "quyền. Chương trình không lưu khóa này và không hiển thị lại."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.key_label = QLabel(key_text)
        self.key_label.setObjectName("recovery_key")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(15)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.key_label)
        self.print_button = QPushButton(self.tr("In khóa khôi phục… (Ctrl+P)"))
        self.print_button.setObjectName("print_recovery")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_sheet)
        layout.addWidget(self.print_button)
        self.confirmed = QCheckBox(
            self.tr("Tôi đã in khóa khôi phục và sẽ giao Thủ trưởng cơ quan cất giữ")
        )
        self.confirmed.setObjectName("recovery_confirmed")
        layout.addWidget(self.confirmed)
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.setEnabled(False)
        self.confirmed.toggled.connect(self.close_button.setEnabled)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.close_button)

    def reject(self) -> None:  # Esc must not lose the only view of the key
        if self.confirmed.isChecked():
            super().reject()

    def sheet_pdf(self) -> Path:
        from camau_reception.printing import corruption_forms as forms

        with self.ctx.db.read() as session:
            fingerprint = keys.status(session).fingerprint
        out = Path(tempfile.mkdtemp(prefix="camau-")) / "khoa-khoi-phuc.pdf"
        forms.render(
            forms.recovery_sheet(
                self.key_text,
                fingerprint,
                self.ctx.agency(),
                self.ctx.today(),
                self.ctx.actor.full_name,
            ),
            out,
        )
        return out

    def print_sheet(self) -> None:
        from camau_reception.ui.print_preview import show_pdf

        path = self.sheet_pdf()
        try:
            show_pdf(self, path, self.tr("Khóa khôi phục"))
        finally:
            path.unlink(missing_ok=True)
            path.parent.rmdir()


class RecoveryGrantDialog(QDialog):
    """Type the printed recovery key to grant an inspector access."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Dùng khóa khôi phục"))
        self.setMinimumWidth(620)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Dùng khi không còn thanh tra viên nào có quyền đọc thông tin bảo mật. Người được "
                "cấp quyền phải đã đăng nhập ít nhất một lần. Mỗi lần dùng khóa đều được ghi nhật ký."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.grantee = QComboBox()
        self.grantee.setObjectName("grantee")
        with ctx.db.read() as session:
            for h in keys.holders(session):
                if h.active:
                    self.grantee.addItem(f"{h.full_name} ({h.username})", h.user_id)
        self.errors.add_row(form, "grantee", self.tr("Cấp quyền cho:"), self.grantee)
        self.key = QLineEdit()
        self.key.setObjectName("recovery_key_input")
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.key.setFont(mono)
        self.errors.add_row(form, "recovery_key", self.tr("Khóa khôi phục:"), self.key)
        layout.addLayout(form)
        self.general = _error_label()
        layout.addWidget(self.general)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Cấp quyền"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        user_id = self.grantee.currentData()
        if user_id is None:
            _show(self.general, self.tr("Chưa có thanh tra viên nào để cấp quyền."))
            return
        try:
            with self.ctx.db.write() as session:
                keys.grant_with_recovery(session, self.ctx.actor, self.key.text(), int(user_id))
        except ValidationError as exc:
            with self.ctx.db.write() as session:
                keys.log_failed_recovery(session, self.ctx.actor)
            _show(self.general, "\n".join(self.errors.show(exc.errors)))
            return
        except ServiceError as exc:
            _show(self.general, exc.message)
            return
        self.key.clear()
        self.ctx.notify("corruption")
        self.accept()


class KeysDialog(QDialog):
    """Who may read protected identities; grant, revoke, a new recovery key."""

    COLUMNS = ("Thanh tra viên", "Tài khoản", "Quyền đọc", "Cấp bởi", "Ngày cấp")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Quyền đọc thông tin bảo mật"))
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("keys_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("holders_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.error = _error_label()
        layout.addWidget(self.error)
        bar = QHBoxLayout()
        self.grant_button = QPushButton(self.tr("Cấp quyền"))
        self.grant_button.setObjectName("grant_button")
        self.revoke_button = QPushButton(self.tr("Thu hồi quyền"))
        self.revoke_button.setObjectName("revoke_button")
        self.recovery_button = QPushButton(self.tr("Tạo khóa khôi phục mới…"))
        self.recovery_button.setObjectName("new_recovery_button")
        close = QPushButton(self.tr("Đóng"))
        for w in (self.grant_button, self.revoke_button, self.recovery_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)
        self.grant_button.clicked.connect(self.grant)
        self.revoke_button.clicked.connect(self.revoke)
        self.recovery_button.clicked.connect(self.new_recovery)
        close.clicked.connect(self.accept)
        self.reload()

    def reload(self) -> None:
        ring = ring_of(self.ctx)
        with self.ctx.db.read() as session:
            st = keys.status(session)
            rows = keys.holders(session)
        can = ring is not None and ring.has_access
        self.status.setText(
            self.tr(
                "Dấu vân tay khóa dữ liệu: {fp}. {n} thanh tra viên có quyền đọc. {mine}"
            ).format(
                fp=st.fingerprint or "—",
                n=st.holders_with_access,
                mine=self.tr("Bạn có quyền và có thể cấp cho người khác.")
                if can
                else self.tr("Bạn chưa có quyền nên không cấp được cho người khác."),
            )
        )
        self.table.setRowCount(len(rows))
        for r, h in enumerate(rows):
            values = (
                h.full_name + ("" if h.active else self.tr(" (đã vô hiệu hóa)")),
                h.username,
                self.tr("Có") if h.has_copy else self.tr("Chưa"),
                h.granted_by,
                local_time(h.granted_at, "%d/%m/%Y"),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, h.user_id)
                self.table.setItem(r, c, item)
        for w in (self.grant_button, self.revoke_button, self.recovery_button):
            w.setEnabled(can)

    def _selected(self) -> int | None:
        row = self.table.currentRow()
        if row < 0:
            _show(self.error, self.tr("Hãy chọn một thanh tra viên trong danh sách."))
            return None
        return int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def _run(self, fn) -> bool:
        try:
            with self.ctx.db.write() as session:
                fn(session)
        except ValidationError as exc:
            _show(self.error, "\n".join(exc.errors.values()))
            return False
        except ServiceError as exc:
            _show(self.error, exc.message)
            return False
        _show(self.error, "")
        self.reload()
        return True

    def grant(self) -> None:
        user_id = self._selected()
        if user_id is not None:
            self._run(lambda s: keys.grant(s, self.ctx.actor, ring_of(self.ctx), user_id))

    def revoke(self) -> None:
        from camau_reception.ui import messages

        user_id = self._selected()
        if user_id is None or not messages.confirm(
            self,
            self.tr("Thu hồi quyền"),
            self.tr("Thu hồi quyền đọc thông tin bảo mật của người này?"),
            yes=self.tr("Thu hồi"),
        ):
            return
        self._run(lambda s: keys.revoke(s, self.ctx.actor, ring_of(self.ctx), user_id))

    def new_recovery(self) -> None:
        from camau_reception.ui import messages

        if not messages.confirm(
            self,
            self.tr("Tạo khóa khôi phục mới"),
            self.tr("Khóa khôi phục đang giữ trên giấy sẽ hết hiệu lực. Tiếp tục?"),
            yes=self.tr("Tạo khóa mới"),
        ):
            return
        holder: list[str] = []
        if self._run(
            lambda s: holder.append(keys.regenerate_recovery(s, self.ctx.actor, ring_of(self.ctx)))
        ):
            RecoveryKeyDialog(self.ctx, holder[0], self).exec()


class FollowupLookup(QWidget):
    """Tra cứu bằng mã theo dõi: any officer sees the state, never the identity."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Người tố cáo đọc mã theo dõi in trên giấy biên nhận; nhập mã để xem tình trạng "
                "hồ sơ. Danh tính người tố cáo không hiển thị ở đây."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("followup_input")
        self.code.setPlaceholderText("K7QM-2XHD-9RTA")
        self.button = QPushButton(self.tr("Tra cứu (Enter)"))
        self.button.setObjectName("followup_button")
        row.addWidget(self.code, 1)
        row.addWidget(self.button)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName("followup_result")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.button.clicked.connect(self.lookup)
        self.code.returnPressed.connect(self.lookup)
        from camau_reception.ui.corruption import session as area_session

        area_session.install(ctx, self)

    def lookup(self) -> None:
        try:
            with self.ctx.db.write() as session:
                view = svc.lookup_followup(session, self.ctx.actor, self.code.text())
        except ValidationError as exc:
            self.result.setText(
                f"<span style='{ERROR_STYLE}'>{html.escape(' '.join(exc.errors.values()))}</span>"
            )
            return
        except ServiceError as exc:
            self.result.setText(f"<span style='{ERROR_STYLE}'>{html.escape(exc.message)}</span>")
            return
        if view is None:
            message = self.tr("Không tìm thấy hồ sơ với mã theo dõi này. Hãy kiểm tra lại mã.")
            self.result.setText(f"<span style='{ERROR_STYLE}'>{html.escape(message)}</span>")
            return
        e = html.escape

        def line(template: str, bold: bool = False, **values: str) -> str:
            # The template escaped as a whole, each value escaped and put into it.
            return e(template).format(
                **{k: f"<b>{e(v)}</b>" if bold else e(v) for k, v in values.items()}
            )

        due = f"{view.due_on:%d/%m/%Y}" if view.due_on else "—"
        last = (
            self.tr("{step} ngày {on}").format(
                step=view.last_step, on=f"{view.last_step_on:%d/%m/%Y}"
            )
            if view.last_step_on
            else "—"
        )
        self.result.setText(
            "<br>".join(
                (
                    line(self.tr("Hồ sơ {code}"), True, code=view.case_code) + f" — {e(view.kind)}",
                    line(self.tr("Ngày tiếp nhận: {on}"), on=f"{view.received_on:%d/%m/%Y}"),
                    line(self.tr("Tình trạng: {state}"), True, state=view.state),
                    line(self.tr("Bước gần nhất: {step}"), step=last),
                    line(self.tr("Thời hạn bước hiện tại: {due}"), due=due),
                )
            )
        )


class FollowupLookupDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tra cứu bằng mã theo dõi"))
        self.resize(520, 260)
        layout = QVBoxLayout(self)
        self.lookup = FollowupLookup(ctx, self)
        layout.addWidget(self.lookup)
        close = QPushButton(self.tr("Đóng"))
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)


def show_intake_receipt(parent: QWidget | None, ctx: AppContext, reception_id: int) -> bool:
    """After the counter saved a visit: if it became a protected case, show the follow-up code
    to hand over (once). Returns True when a code was shown. For the reception page to call."""
    receipt = svc.take_intake_receipt(reception_id)
    if receipt is None:
        return False
    FollowupCodeDialog(
        ctx,
        receipt.case_code,
        receipt.followup_code,
        receipt.received_at.date(),
        receipt.documents,
        parent,
    ).exec()
    return True


class AttachmentViewer(QDialog):
    """Shows a decrypted scan from memory (PDF or image): no clear copy is written to disk
    unless the inspector chooses to save one."""

    def __init__(self, name: str, content: bytes, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import QBuffer, QByteArray
        from PySide6.QtGui import QPixmap
        from PySide6.QtWidgets import QScrollArea

        super().__init__(parent)
        self.setWindowTitle(name)
        self.resize(820, 900)
        self._content = content
        layout = QVBoxLayout(self)
        if content[:5] == b"%PDF-":
            from PySide6.QtPdf import QPdfDocument
            from PySide6.QtPdfWidgets import QPdfView

            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(content))
            self._buffer.open(QBuffer.OpenModeFlag.ReadOnly)
            self._document = QPdfDocument(self)
            self._document.load(self._buffer)
            view = QPdfView(self)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(self._document)
            layout.addWidget(view, 1)
        else:
            pixmap = QPixmap()
            if pixmap.loadFromData(content):
                label = QLabel()
                label.setPixmap(pixmap)
                area = QScrollArea()
                area.setWidget(label)
                layout.addWidget(area, 1)
            else:
                layout.addWidget(
                    QLabel(self.tr("Không xem trực tiếp được loại tệp này; hãy lưu ra tệp."))
                )
        bar = QHBoxLayout()
        save = QPushButton(self.tr("Lưu ra tệp…"))
        close = QPushButton(self.tr("Đóng"))
        bar.addWidget(save)
        bar.addStretch(1)
        bar.addWidget(close)
        layout.addLayout(bar)
        save.clicked.connect(self.save)
        close.clicked.connect(self.accept)

    def save(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from camau_reception.ui import messages

        if not messages.confirm(
            self,
            self.tr("Lưu bản rõ"),
            self.tr(
                "Tệp lưu ra không được mã hóa và có thể làm lộ người tố cáo. Chỉ lưu vào nơi "
                "được bảo vệ theo chế độ mật. Tiếp tục?"
            ),
            yes=self.tr("Lưu"),
        ):
            return
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu tài liệu"), self.windowTitle())
        if path:
            Path(path).write_bytes(self._content)

    def done(self, result: int) -> None:
        self._content = b""
        super().done(result)
