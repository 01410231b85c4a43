"""Dialogs of the petition workflow: a new petition, and one dialog per action."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.petitions import (
    KIND_LABELS,
    RESULT_LABELS,
    SOURCE_LABELS,
    PetitionKind,
    PetitionSource,
)
from camau_reception.models.users import Role
from camau_reception.services import petitions as svc
from camau_reception.services import users
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.messages import confirm, error
from camau_reception.ui.widgets.form_errors import FieldErrors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _date_edit(d: date, name: str) -> QDateEdit:
    edit = QDateEdit(_qdate(d))
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


class _Base(QDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr(title))
        self.setMinimumWidth(520)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.errors = FieldErrors()
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(
            self.tr("Lưu (Ctrl+Enter)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok.setObjectName("ok_button")
        self.ok.setShortcut("Ctrl+Return")
        self.buttons.addButton(self.tr("Hủy (Esc)"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.buttons)

    def run(self, fn) -> bool:
        """Run ``fn(session)`` in one transaction; show errors next to their fields."""
        try:
            with self.ctx.db.write() as session:
                fn(session)
        except ValidationError as exc:
            for message in self.errors.show(exc.errors):
                error(self, self.tr("Chưa lưu được"), message)
            return False
        except ServiceError as exc:
            error(self, self.tr("Chưa lưu được"), exc.message)
            return False
        self.ctx.notify("petitions")
        self.accept()
        return True

    def submit(self) -> None:
        raise NotImplementedError


class NewPetitionDialog(_Base):
    """A petition that arrived by post, hotline, comment box, portal or from another body."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Đơn mới"))  # literal, so that lupdate finds it
        self.created: list[int] = []
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for k in PetitionKind:
            self.kind.addItem(self.tr(KIND_LABELS[k]), k.value)
        self.round = QComboBox()
        self.round.setObjectName("complaint_round")
        self.round.addItem(self.tr("Lần đầu"), 1)
        self.round.addItem(self.tr("Lần hai"), 2)
        self.source = QComboBox()
        self.source.setObjectName("source")
        for s in PetitionSource:
            if s != PetitionSource.RECEPTION:
                self.source.addItem(self.tr(SOURCE_LABELS[s]), s.value)
        self.received = _date_edit(ctx.today(), "received_on")
        self.name = QLineEdit()
        self.name.setObjectName("petitioner_name")
        self.address = QLineEdit()
        self.address.setObjectName("petitioner_address")
        self.signers = QSpinBox()
        self.signers.setObjectName("signer_count")
        self.signers.setRange(1, 10000)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setFixedHeight(90)
        self.summary.setTabChangesFocus(True)  # Tab goes to the next field, never types a tab
        self.sender_body = QLineEdit()
        self.sender_body.setObjectName("sender_body")
        self.sender_letter = QLineEdit()
        self.sender_letter.setObjectName("sender_letter_no")
        self.sender_date = _date_edit(ctx.today(), "sender_letter_date")
        self.errors.add_row(self.form, "kind", self.tr("Loại đơn:"), self.kind)
        self.form.addRow(self.tr("Khiếu nại:"), self.round)
        self.errors.add_row(self.form, "source", self.tr("Nguồn đơn:"), self.source)
        self.errors.add_row(self.form, "received_on", self.tr("Ngày nhận:"), self.received)
        self.errors.add_row(self.form, "petitioner_name", self.tr("Người gửi đơn:"), self.name)
        self.form.addRow(self.tr("Địa chỉ:"), self.address)
        self.errors.add_row(self.form, "signer_count", self.tr("Số người ký:"), self.signers)
        self.errors.add_row(self.form, "summary", self.tr("Tóm tắt nội dung:"), self.summary)
        self.errors.add_row(
            self.form, "sender_body", self.tr("Cơ quan chuyển đến:"), self.sender_body
        )
        self.errors.add_row(
            self.form, "sender_letter_no", self.tr("Số văn bản chuyển:"), self.sender_letter
        )
        self.errors.add_row(
            self.form, "sender_letter_date", self.tr("Ngày văn bản chuyển:"), self.sender_date
        )
        # Suggestions only: the new petition is linked as a duplicate (and archived) only when
        # the officer picks one, ticks the box naming it, and confirms on saving.
        self.duplicates = QListWidget()
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setMaximumHeight(80)
        self.duplicates.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.duplicates_label = QLabel(self.tr("Đơn trùng? Các đơn tương tự trong 12 tháng:"))
        self.mark_duplicate = QCheckBox()
        self.mark_duplicate.setObjectName("mark_duplicate")
        self.layout_.addWidget(self.duplicates_label)
        self.layout_.addWidget(self.duplicates)
        self.layout_.addWidget(self.mark_duplicate)
        self.duplicates.itemSelectionChanged.connect(self._on_duplicate_chosen)
        self._show_duplicates([])
        self.finish_layout()
        self.source.currentIndexChanged.connect(self._sync)
        self.kind.currentIndexChanged.connect(self._sync)
        self.summary.textChanged.connect(self._look_for_duplicates)
        self.name.editingFinished.connect(self._look_for_duplicates)
        self._sync()

    def _sync(self) -> None:
        transferred = self.source.currentData() == PetitionSource.TRANSFERRED.value
        self.sender_body.setEnabled(transferred)
        self.sender_letter.setEnabled(transferred)
        self.sender_date.setEnabled(transferred)
        self.round.setEnabled(self.kind.currentData() == PetitionKind.COMPLAINT.value)

    def _look_for_duplicates(self) -> None:
        summary = self.summary.toPlainText()
        if len(summary) < 12 or not self.name.text().strip():
            self._show_duplicates([])  # too little to compare: no stale suggestions
            return
        with self.ctx.db.read() as session:
            found = svc.find_duplicates(
                session, summary=summary, on=_pydate(self.received.date()), name=self.name.text()
            )
            rows = [
                (p.id, p.code, f"{p.code} ({p.received_on:%d/%m/%Y}): {p.summary[:80]}")
                for p, _ in found
            ]
        self._show_duplicates(rows)

    def _show_duplicates(self, rows: list[tuple[int, str, str]]) -> None:
        """Fill the suggestions (id, code, text); the choice survives if still suggested."""
        chosen = self.chosen_duplicate()
        ticked = self.mark_duplicate.isChecked()
        self.duplicates.blockSignals(True)
        self.duplicates.clear()
        for pid, code, text in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(Qt.ItemDataRole.UserRole + 1, code)
            self.duplicates.addItem(item)
            if chosen is not None and pid == chosen[0]:
                item.setSelected(True)
                self.duplicates.setCurrentItem(item)
        self.duplicates.blockSignals(False)
        for widget in (self.duplicates_label, self.duplicates, self.mark_duplicate):
            widget.setVisible(bool(rows))
        still = self.chosen_duplicate()
        self._on_duplicate_chosen(keep=ticked and still is not None and still == chosen)

    def chosen_duplicate(self) -> tuple[int, str] | None:
        """(id, code) of the suggestion the officer selected, if any."""
        items = self.duplicates.selectedItems()
        if not items:
            return None
        item = items[0]
        return (
            int(item.data(Qt.ItemDataRole.UserRole)),
            str(item.data(Qt.ItemDataRole.UserRole + 1)),
        )

    def _on_duplicate_chosen(self, keep: bool = False) -> None:
        """A new choice must be ticked again: the box always names the petition it links to."""
        chosen = self.chosen_duplicate()
        if not keep:
            self.mark_duplicate.setChecked(False)
        self.mark_duplicate.setEnabled(chosen is not None)
        if chosen is None:
            self.mark_duplicate.setText(
                self.tr("Đơn này trùng với đơn đã chọn (hãy chọn một đơn trong danh sách)")
            )
        else:
            self.mark_duplicate.setText(
                self.tr("Đơn này trùng với đơn đã chọn: {code} — lưu đơn, không xử lý").format(
                    code=chosen[1]
                )
            )

    def submit(self) -> None:
        data = svc.PetitionInput(
            kind=self.kind.currentData(),
            source=self.source.currentData(),
            received_on=_pydate(self.received.date()),
            summary=self.summary.toPlainText(),
            petitioner_name=self.name.text(),
            petitioner_address=self.address.text(),
            signer_count=self.signers.value(),
            complaint_round=int(self.round.currentData()),
            sender_body=self.sender_body.text(),
            sender_letter_no=self.sender_letter.text(),
            sender_letter_date=(
                _pydate(self.sender_date.date())
                if self.source.currentData() == PetitionSource.TRANSFERRED.value
                else None
            ),
        )
        chosen = self.chosen_duplicate() if self.mark_duplicate.isChecked() else None
        if chosen is not None and not confirm(
            self,
            self.tr("Xác nhận đơn trùng"),
            self.tr(
                "Lưu đơn mới là đơn trùng với đơn {code}?\n"
                "Đơn mới sẽ được lưu đơn ngay (không phân loại, không xử lý tiếp)."
            ).format(code=chosen[1]),
            yes=self.tr("Lưu là đơn trùng"),
        ):
            return

        def save(session: Session) -> None:
            created = svc.record(session, self.ctx.actor, data, today=self.ctx.today())
            self.created = [p.id for p in created]
            if chosen is not None:
                svc.link_duplicate(
                    session, self.ctx.actor, created[0].id, chosen[0], on=data.received_on
                )

        self.run(save)


class ActionDialog(_Base):
    """One workflow action on one petition; shows only the fields that action needs."""

    def __init__(
        self,
        ctx: AppContext,
        petition_id: int,
        action: str,
        version: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, svc.ACTION_LABELS[action], parent)
        self.petition_id, self.action, self.version = petition_id, action, version
        self.fields: dict[str, QWidget] = {}
        self.on = _date_edit(ctx.today(), "on")
        self.errors.add_row(self.form, "on", self.tr("Ngày thực hiện:"), self.on)
        builders = {
            "classify": self._classify,
            "accept": self._accept,
            "transfer": self._transfer,
            "guide": self._guide,
            "return": self._reason,
            "archive": self._archive,
            "extend": self._extend,
            "resolve": self._resolve,
            "reopen": self._reason,
        }
        builders.get(action, lambda: None)()
        if action not in ("return", "reopen", "archive"):
            self._add("note", self.tr("Ghi chú:"), QLineEdit())
        self.state_error = QLabel()
        self.errors.register("state", self.state_error, self.state_error)
        self.layout_.addWidget(self.state_error)
        self.finish_layout()

    def _add(self, key: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(key)
        self.fields[key] = widget
        self.errors.add_row(self.form, key, label, widget)
        return widget

    def _classify(self) -> None:
        for key, label in (
            ("eligible", "Đủ điều kiện xử lý"),
            ("within_competence", "Thuộc thẩm quyền"),
            ("complex_case", "Vụ việc phức tạp"),
            ("remote_area", "Vùng sâu, vùng xa"),
            ("several_places", "Cần xác minh ở nhiều địa điểm"),
        ):
            box = QCheckBox(self.tr(label))
            box.setChecked(key in ("eligible", "within_competence"))
            self._add(key, "", box)

    def _accept(self) -> None:
        self._add("decision_no", self.tr("Số QĐ/TB thụ lý:"), QLineEdit())

    def _transfer(self) -> None:
        self._add("to_body", self.tr("Chuyển đến cơ quan:"), QLineEdit())
        self._add("letter_no", self.tr("Số phiếu chuyển:"), QLineEdit())

    def _guide(self) -> None:
        self._add("to_body", self.tr("Hướng dẫn đến cơ quan:"), QLineEdit())

    def _reason(self) -> None:
        self._add("reason", self.tr("Lý do:"), QLineEdit())

    def _archive(self) -> None:
        combo = QComboBox()
        for key, label in svc.ARCHIVE_REASONS.items():
            combo.addItem(self.tr(label), key)
        self._add("reason", self.tr("Lý do lưu đơn:"), combo)
        self._add("note", self.tr("Ghi chú:"), QLineEdit())

    def _extend(self) -> None:
        self._add("reason", self.tr("Lý do gia hạn:"), QLineEdit())
        self._add("decision_no", self.tr("Số quyết định gia hạn:"), QLineEdit())
        combo = QComboBox()
        combo.addItem(self.tr("— chọn lãnh đạo phê duyệt —"), None)
        with self.ctx.db.read() as session:
            for u in users.list_users(session, active_only=True, role=Role.LEADER):
                combo.addItem(f"{u.full_name} ({u.position})" if u.position else u.full_name, u.id)
        self._add("approver", self.tr("Lãnh đạo phê duyệt:"), combo)

    def _resolve(self) -> None:
        self._add("decision_no", self.tr("Số QĐ/văn bản giải quyết:"), QLineEdit())
        combo = QComboBox()
        combo.addItem(self.tr("— chọn kết quả —"), "")
        for r, label in RESULT_LABELS.items():
            combo.addItem(self.tr(label), r.value)
        self._add("result", self.tr("Kết quả:"), combo)

    def text(self, key: str) -> str:
        w = self.fields.get(key)
        return w.text() if isinstance(w, QLineEdit) else ""

    def checked(self, key: str) -> bool:
        w = self.fields.get(key)
        return bool(w.isChecked()) if isinstance(w, QCheckBox) else False

    def data(self, key: str):
        w = self.fields.get(key)
        return w.currentData() if isinstance(w, QComboBox) else None

    def submit(self) -> None:
        a, actor, pid, on = self.action, self.ctx.actor, self.petition_id, _pydate(self.on.date())
        common = {"on": on, "version": self.version, "today": self.ctx.today()}
        note = self.text("note")
        calls = {
            "classify": lambda s: svc.classify(
                s,
                actor,
                pid,
                eligible=self.checked("eligible"),
                within_competence=self.checked("within_competence"),
                complex_case=self.checked("complex_case"),
                remote_area=self.checked("remote_area"),
                several_places=self.checked("several_places"),
                note=note,
                **common,
            ),
            "accept": lambda s: svc.accept(
                s, actor, pid, decision_no=self.text("decision_no"), note=note, **common
            ),
            "transfer": lambda s: svc.transfer(
                s,
                actor,
                pid,
                to_body=self.text("to_body"),
                letter_no=self.text("letter_no"),
                note=note,
                **common,
            ),
            "guide": lambda s: svc.guide(
                s, actor, pid, to_body=self.text("to_body"), note=note, **common
            ),
            "return": lambda s: svc.return_(s, actor, pid, reason=self.text("reason"), **common),
            "archive": lambda s: svc.archive(
                s, actor, pid, reason=self.data("reason"), note=note, **common
            ),
            "start_verification": lambda s: svc.start_verification(
                s, actor, pid, note=note, **common
            ),
            "extend": lambda s: svc.extend(
                s,
                actor,
                pid,
                reason=self.text("reason"),
                decision_no=self.text("decision_no"),
                approver_id=self.data("approver"),
                **common,
            ),
            "resolve": lambda s: svc.resolve(
                s,
                actor,
                pid,
                decision_no=self.text("decision_no"),
                result=self.data("result") or "",
                note=note,
                **common,
            ),
            "notify": lambda s: svc.notify(s, actor, pid, note=note, **common),
            "close": lambda s: svc.close(s, actor, pid, note=note, **common),
            "reopen": lambda s: svc.reopen(s, actor, pid, reason=self.text("reason"), **common),
        }
        self.run(calls[a])
