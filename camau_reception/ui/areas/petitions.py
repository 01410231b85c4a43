"""Đơn thư: the petitions list and the petition page (header, deadline, timeline, actions)."""

from __future__ import annotations

import html
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.petitions import (
    KIND_LABELS,
    SOURCE_LABELS,
    STATE_LABELS,
    PetitionKind,
    PetitionSource,
    PetitionState,
)
from camau_reception.models.users import Role
from camau_reception.printing.petition_forms import FORM_LABELS
from camau_reception.services import petitions as svc
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext, PageSpec
from camau_reception.ui.messages import confirm, error
from camau_reception.ui.petitions.deadline_chip import DeadlineChip, paint_deadline_cell
from camau_reception.ui.petitions.dialogs import ActionDialog, NewPetitionDialog


class PetitionsPage(QWidget):
    COLUMNS = ("Mã đơn", "Ngày nhận", "Loại", "Người gửi", "Tóm tắt", "Trạng thái", "Hạn")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_id: int | None = None
        self.current_version = 0
        self.forms: list[str] = []
        self.action_buttons: dict[str, QPushButton] = {}
        self.print_button: QPushButton | None = None  # "In giấy tờ" with its menu of forms
        self.last_pdf: Path | None = None
        self.preview = True  # tests turn the modal preview off and read ``last_pdf``
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Đơn mới (Ctrl+Shift+D)"))
        self.new_button.setObjectName("new_petition")
        self.new_button.setEnabled(ctx.actor.has(*svc.HANDLERS))
        self.search = QLineEdit()
        self.search.setObjectName("petition_search")
        self.search.setPlaceholderText(self.tr("Tìm theo mã đơn, tên người gửi, nội dung…"))
        self.kind = QComboBox()
        self.kind.setObjectName("kind_filter")
        self.kind.addItem(self.tr("Mọi loại đơn"), "")
        for k in PetitionKind:
            self.kind.addItem(KIND_LABELS[k], k.value)
        self.state = QComboBox()
        self.state.setObjectName("state_filter")
        self.state.addItem(self.tr("Mọi trạng thái"), "")
        for s in PetitionState:
            self.state.addItem(STATE_LABELS[s], s.value)
        self.open_only = QCheckBox(self.tr("Chỉ đơn đang xử lý"))
        self.overdue_only = QCheckBox(self.tr("Chỉ đơn quá hạn"))
        self.overdue_only.setObjectName("overdue_only")
        for w in (
            self.new_button,
            self.search,
            self.kind,
            self.state,
            self.open_only,
            self.overdue_only,
        ):
            bar.addWidget(w)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("petitions_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        split.addWidget(self.table)
        split.addWidget(self._detail())
        split.setSizes([350, 450])
        layout.addWidget(split, 1)

        self.new_button.clicked.connect(self.new_petition)
        QShortcut(QKeySequence("Ctrl+Shift+D"), self, self.new_petition)
        self.search.textChanged.connect(self.reload)
        for combo in (self.kind, self.state):
            combo.currentIndexChanged.connect(self.reload)
        for box in (self.open_only, self.overdue_only):
            box.toggled.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._on_select)
        ctx.signals.data_changed.connect(self._on_data_changed)
        self.reload()

    def _detail(self) -> QWidget:
        box = QGroupBox(self.tr("Chi tiết đơn"))
        grid = QGridLayout(box)
        self.header = QLabel(self.tr("Chọn một đơn trong danh sách."))
        self.header.setObjectName("petition_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.chip = DeadlineChip()
        self.explanation = QLabel()
        self.explanation.setObjectName("deadline_explanation")
        self.explanation.setWordWrap(True)
        self.actions_bar = QHBoxLayout()
        self.duplicates_box = self._duplicates_box()
        self.timeline = QTableWidget(0, 5)
        self.timeline.setObjectName("timeline")
        self.timeline.setHorizontalHeaderLabels(
            [
                self.tr("Ngày"),
                self.tr("Bước"),
                self.tr("Người thực hiện"),
                self.tr("Số văn bản"),
                self.tr("Ghi chú, thời hạn"),
            ]
        )
        self.timeline.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.timeline.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.timeline.horizontalHeader().setStretchLastSection(True)
        self.timeline.setWordWrap(True)
        grid.addWidget(self.header, 0, 0, 1, 2)
        grid.addWidget(self.chip, 1, 0)
        grid.addWidget(self.explanation, 1, 1)
        grid.addWidget(self.duplicates_box, 2, 0, 1, 2)
        grid.addLayout(self.actions_bar, 3, 0, 1, 2)
        grid.addWidget(self.timeline, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _duplicates_box(self) -> QFrame:
        box = QFrame()
        box.setObjectName("duplicates_box")
        box.setStyleSheet(
            "QFrame#duplicates_box { background: #fff8e1; border: 1px solid #e0b252;"
            " border-radius: 6px; }"
        )
        lay = QVBoxLayout(box)
        self.duplicates_label = QLabel()
        self.duplicates_label.setWordWrap(True)
        self.duplicates_list = QListWidget()
        self.duplicates_list.setObjectName("duplicate_candidates")
        self.duplicates_list.setMaximumHeight(90)
        buttons = QHBoxLayout()
        self.link_button = QPushButton(self.tr("Là đơn trùng với đơn đã chọn — lưu đơn"))
        self.link_button.setObjectName("link_duplicate")
        self.dismiss_button = QPushButton(self.tr("Không phải đơn trùng"))
        self.dismiss_button.setObjectName("dismiss_duplicates")
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        lay.addWidget(self.duplicates_label)
        lay.addWidget(self.duplicates_list)
        lay.addLayout(buttons)
        self.link_button.clicked.connect(self.link_duplicate)
        self.dismiss_button.clicked.connect(self.dismiss_duplicates)
        box.hide()
        return box

    def _on_data_changed(self, area: str) -> None:
        if area in ("petitions", "reception", "calendar"):
            self.reload()

    def reload(self) -> None:
        today = self.ctx.today()
        f = svc.PetitionFilter(
            text=self.search.text(),
            kind=self.kind.currentData() or "",
            state=self.state.currentData() or "",
            only_open=self.open_only.isChecked(),
            overdue_on=today if self.overdue_only.isChecked() else None,
        )
        with self.ctx.db.read() as session:
            rows = [
                (
                    p.id,
                    p.code,
                    p.received_on,
                    p.kind,
                    p.petitioner_name,
                    p.summary,
                    p.state,
                    p.clock_start,
                    p.due_on,
                )
                for p in svc.search(session, f)
            ]
        self.table.setRowCount(len(rows))
        for r, (pid, code, received, kind, name, summary, state, start, due) in enumerate(rows):
            values = (
                code,
                f"{received:%d/%m/%Y}",
                KIND_LABELS[PetitionKind(kind)],
                name,
                summary.replace("\n", " ")[:120],
                STATE_LABELS[PetitionState(state)],
                f"{due:%d/%m/%Y}" if due else "—",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, pid)
                if c == 6:
                    paint_deadline_cell(item, start, due, today)
                self.table.setItem(r, c, item)
        if self.current_id is not None:
            self.show_petition(self.current_id)

    def _on_select(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.show_petition(int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)))

    def open_record(self, petition_id: object) -> None:
        """Called by the main window when another page asks to open a petition."""
        self.search.clear()
        self.show_petition(int(petition_id))

    def show_petition(self, petition_id: int) -> None:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            p = svc.get(session, petition_id)
            self.current_id, self.current_version = p.id, p.version
            source = SOURCE_LABELS[PetitionSource(p.source)]
            if p.sender_body:
                source += f" ({p.sender_body}, văn bản {p.sender_letter_no})"
            e = html.escape
            kind_text = KIND_LABELS[PetitionKind(p.kind)]
            if p.kind == PetitionKind.COMPLAINT and p.complaint_round == 2:
                kind_text += " lần hai"
            signers = f" ({p.signer_count} người ký)" if p.signer_count >= 5 else ""
            head = (
                f"<b>{e(p.code)}</b> — {e(kind_text)} — "
                f"<b>{e(STATE_LABELS[PetitionState(p.state)])}</b><br>"
                f"Người gửi: {e(p.petitioner_name)}{signers}; nhận ngày "
                f"{p.received_on:%d/%m/%Y}; nguồn: {e(source)}<br>{e(p.summary)}"
            )
            steps = [
                (
                    s.on,
                    svc.ACTION_LABELS.get(s.action, "Tiếp nhận"),
                    s.user_name,
                    s.document_no,
                    s.note,
                    s.explanation,
                )
                for s in p.steps
            ]
            # The documents issued for the petition sit on the timeline at their date.
            from camau_reception.models.users import User

            for doc in svc.documents_of(session, p.id):
                who = session.get(User, doc.issued_by) if doc.issued_by else None
                steps.append(
                    (
                        doc.issued_on,
                        "Giấy tờ",
                        who.full_name if who else "",
                        doc.number,
                        doc.title,
                        "",
                    )
                )
            order = {id(x): i for i, x in enumerate(steps)}
            steps.sort(key=lambda x: (x[0], order[id(x)]))
            forms = [
                (
                    f,
                    next(
                        (
                            d.number
                            for d in svc.documents_of(session, p.id)
                            if d.title == FORM_LABELS[f]
                        ),
                        "",
                    ),
                )
                for f in svc.available_forms(p)
            ]
            candidates = [
                (
                    o.id,
                    o.code,
                    f"{o.code} ({o.received_on:%d/%m/%Y}, {STATE_LABELS[PetitionState(o.state)]}): "
                    f"{o.summary[:100]}",
                )
                for o, _score in svc.duplicate_candidates(session, p)
            ]
            explanation = p.steps[-1].explanation if p.steps else ""
            for s in reversed(p.steps):
                if s.rule_id == p.rule_id and s.explanation:
                    explanation = s.explanation
                    break
            actions = svc.available_actions(p, self.ctx.actor)
            start, due = p.clock_start, p.due_on
        self.header.setText(head)  # rich text: every value in it is escaped once, above
        self.chip.set_deadline(start, due, today, explanation)
        self.explanation.setText(explanation if due else "")
        self.timeline.setRowCount(len(steps))
        for r, (on, label, user, doc, note, expl) in enumerate(steps):
            text = "\n".join(x for x in (note, expl) if x)
            for c, value in enumerate((f"{on:%d/%m/%Y}", label, user, doc, text)):
                self.timeline.setItem(r, c, QTableWidgetItem(value))
        self.timeline.resizeRowsToContents()
        while self.actions_bar.count():
            item = self.actions_bar.takeAt(0)
            if item.widget():
                # Hidden at once: deletion waits for the event loop, and a removed button
                # would otherwise still be painted where the layout left it.
                item.widget().hide()
                item.widget().deleteLater()
        self.action_buttons = {}
        for action in actions:
            button = QPushButton(self.tr(svc.ACTION_LABELS[action]))
            self.action_buttons[action] = button
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.actions_bar.addWidget(button)
        self.actions_bar.addStretch(1)
        self.print_button = None
        if forms and self.ctx.actor.has(*svc.HANDLERS):
            button = QPushButton(self.tr("In giấy tờ (Ctrl+P)"))
            self.print_button = button
            button.setObjectName("print_forms")
            button.setShortcut("Ctrl+P")
            menu = QMenu(button)
            for form, number in forms:
                text = self.tr(FORM_LABELS[form])
                text += (
                    self.tr(" — in lại số {n}").format(n=number)
                    if number
                    else self.tr(" — cấp số mới")
                )
                act = menu.addAction(text)
                act.setObjectName(f"form_{form}")
                act.triggered.connect(lambda _=False, f=form: self.print_form(f))
            button.setMenu(menu)
            self.actions_bar.addWidget(button)
        self.forms = [f for f, _ in forms]
        self.duplicates_list.clear()
        for pid, code, text in candidates:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(Qt.ItemDataRole.UserRole + 1, code)
            self.duplicates_list.addItem(item)
        if candidates:
            self.duplicates_list.setCurrentRow(0)
            self.duplicates_label.setText(
                self.tr(
                    "Đơn trùng? Người này đã gửi {n} đơn có nội dung tương tự trong 12 tháng. "
                    "Chọn đơn gốc rồi liên kết (đơn này sẽ được lưu), hoặc ghi nhận không trùng."
                ).format(n=len(candidates))
            )
        can_handle = self.ctx.actor.has(*svc.HANDLERS)
        self.duplicates_box.setVisible(bool(candidates) and can_handle)

    # --- duplicates and paper ---------------------------------------------------------------

    def _write(self, fn) -> bool:
        try:
            with self.ctx.db.write() as session:
                fn(session)
        except ValidationError as exc:
            error(self, self.tr("Chưa lưu được"), "\n".join(exc.errors.values()))
            return False
        except ServiceError as exc:
            error(self, self.tr("Chưa lưu được"), exc.message)
            return False
        self.ctx.notify("petitions")
        return True

    def link_duplicate(self) -> None:
        item = self.duplicates_list.currentItem()
        if self.current_id is None or item is None:
            return
        pid, original = self.current_id, int(item.data(Qt.ItemDataRole.UserRole))
        question = self.tr(
            "Lưu đơn này là đơn trùng với đơn {code}?\nĐơn sẽ được lưu đơn ngay (không xử lý tiếp)."
        ).format(code=item.data(Qt.ItemDataRole.UserRole + 1))
        if not confirm(
            self, self.tr("Xác nhận đơn trùng"), question, yes=self.tr("Lưu là đơn trùng")
        ):
            return
        self._write(
            lambda s: svc.link_duplicate(s, self.ctx.actor, pid, original, on=self.ctx.today())
        )
        self.reload()

    def dismiss_duplicates(self) -> None:
        if self.current_id is None:
            return
        pid, version = self.current_id, self.current_version
        self._write(
            lambda s: svc.dismiss_duplicates(
                s, self.ctx.actor, pid, on=self.ctx.today(), version=version
            )
        )
        self.reload()

    def print_form(self, form: str) -> Path | None:
        """Issue (or reprint) ``form`` and show it in the print preview."""
        if self.current_id is None:
            return None
        out = Path(tempfile.mkdtemp(prefix="camau-don-")) / f"{form}.pdf"
        pid = self.current_id
        if not self._write(
            lambda s: svc.issue_form(s, self.ctx.actor, pid, form, on=self.ctx.today(), out=out)
        ):
            return None
        self.last_pdf = out
        self.show_petition(pid)
        if self.preview:
            from camau_reception.ui.print_preview import show_pdf

            show_pdf(self, out, self.tr(FORM_LABELS[form]), out.name)
        return out

    def action_button(self, action: str) -> QPushButton | None:
        """The button of ``action`` for the petition shown (None when not allowed now)."""
        return self.action_buttons.get(action)

    def run_action(self, action: str) -> ActionDialog | None:
        if self.current_id is None:
            return None
        dialog = ActionDialog(self.ctx, self.current_id, action, self.current_version, self)
        self.last_dialog = dialog
        dialog.open()
        dialog.finished.connect(lambda _r: self.reload())
        return dialog

    def new_petition(self) -> NewPetitionDialog:
        dialog = NewPetitionDialog(self.ctx, self)
        self.last_dialog = dialog
        dialog.open()

        def done(result: int) -> None:
            if result and dialog.created:
                self.current_id = dialog.created[0]
            self.reload()

        dialog.finished.connect(done)
        return dialog

    def today(self) -> date:
        return self.ctx.today()


PAGE = PageSpec(
    order=20,
    key="petitions",
    title="Đơn thư",
    factory=lambda ctx, parent: PetitionsPage(ctx, parent),
    roles=frozenset({Role.OFFICER, Role.LEADER, Role.INSPECTOR}),
    icon="SP_FileDialogListView",
)
