"""Tố cáo tham nhũng: the list (reporter always masked), the case page (deadline chip, timeline,
protection, encrypted attachments, redacted paper) and the key status of the signed-in user."""

from __future__ import annotations

import html
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.deadlines import deadline_status
from camau_reception.models.corruption import (
    PROTECTION_STATUS_LABELS,
    STATE_LABELS,
    CaseState,
    ProtectionStatus,
)
from camau_reception.models.users import Role
from camau_reception.services import corruption as svc
from camau_reception.services import corruption_keys as keys
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui import messages
from camau_reception.ui.context import AppContext
from camau_reception.ui.corruption import dialogs
from camau_reception.ui.corruption import session as area_session
from camau_reception.ui.corruption.dialogs import local_time, ring_of
from camau_reception.ui.petitions.deadline_chip import (
    COLOURS,
    DeadlineChip,
    paint_deadline_cell,
)

MASK = "Người tố cáo (đã bảo mật)"


class CorruptionPage(QWidget):
    COLUMNS = ("Mã hồ sơ", "Ngày nhận", "Người tố cáo", "Lĩnh vực", "Nội dung", "Trạng thái", "Hạn")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_id: int | None = None
        self.current_version = 0
        self.is_inspector = ctx.actor.has(Role.INSPECTOR)
        layout = QVBoxLayout(self)

        # Key status of the signed-in user, with what they may do about it.
        keybar = QHBoxLayout()
        self.key_status = QLabel()
        self.key_status.setObjectName("key_status")
        self.key_status.setWordWrap(True)
        self.setup_button = QPushButton(self.tr("Thiết lập khóa bảo mật…"))
        self.setup_button.setObjectName("setup_keys")
        self.keys_button = QPushButton(self.tr("Quyền đọc thông tin bảo mật…"))
        self.keys_button.setObjectName("manage_keys")
        self.recovery_button = QPushButton(self.tr("Dùng khóa khôi phục…"))
        self.recovery_button.setObjectName("use_recovery")
        keybar.addWidget(self.key_status, 1)
        for w in (self.setup_button, self.keys_button, self.recovery_button):
            keybar.addWidget(w)
        layout.addLayout(keybar)

        bar = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Tiếp nhận tố cáo (Ctrl+Shift+T)"))
        self.new_button.setObjectName("new_case")
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setPlaceholderText(self.tr("Tìm theo mã hồ sơ, nội dung, người bị tố cáo…"))
        self.state = QComboBox()
        self.state.setObjectName("state_filter")
        self.state.addItem(self.tr("Mọi trạng thái"), "")
        for s in CaseState:
            self.state.addItem(STATE_LABELS[s], s.value)
        self.year = QSpinBox()
        self.year.setObjectName("year_filter")
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(self.tr("Mọi năm"))
        self.year.setValue(0)
        self.lookup_button = QPushButton(self.tr("Tra mã theo dõi…"))
        self.lookup_button.setObjectName("followup_lookup")
        self.report_button = QPushButton(self.tr("Báo cáo năm…"))
        self.report_button.setObjectName("year_report")
        for w in (
            self.new_button,
            self.search,
            self.state,
            self.year,
            self.lookup_button,
            self.report_button,
        ):
            bar.addWidget(w)
        layout.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("cases_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        split.addWidget(self.table)
        split.addWidget(self._detail())
        split.setSizes([300, 500])
        layout.addWidget(split, 1)

        self.new_button.clicked.connect(self.new_case)
        QShortcut(QKeySequence("Ctrl+Shift+T"), self, self.new_case)
        self.search.textChanged.connect(self.reload)
        self.state.currentIndexChanged.connect(self.reload)
        self.year.valueChanged.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.setup_button.clicked.connect(self.setup_keys)
        self.keys_button.clicked.connect(self.manage_keys)
        self.recovery_button.clicked.connect(self.use_recovery)
        self.lookup_button.clicked.connect(self.followup_lookup)
        report_menu = QMenu(self.report_button)
        report_menu.addAction(self.tr("In báo cáo (PDF)…"), self.print_year_report)
        report_menu.addAction(
            self.tr("Xuất số liệu (CSV) cho cổng thông tin…"), lambda: self.export_year_csv()
        )
        self.report_button.setMenu(report_menu)
        ctx.signals.data_changed.connect(self._on_data_changed)
        area_session.install(ctx, self)
        self.reload()

    # --- layout of the case page ---------------------------------------------------------------

    def _detail(self) -> QWidget:
        box = QGroupBox(self.tr("Hồ sơ"))
        grid = QGridLayout(box)
        self.header = QLabel(self.tr("Chọn một hồ sơ trong danh sách."))
        self.header.setObjectName("case_header")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.chip = DeadlineChip()
        self.explanation = QLabel()
        self.explanation.setObjectName("deadline_explanation")
        self.explanation.setWordWrap(True)
        reporter = QHBoxLayout()
        self.reporter = QLabel()
        self.reporter.setObjectName("reporter_label")
        self.reveal_button = QPushButton(self.tr("Xem danh tính…"))
        self.reveal_button.setObjectName("reveal_identity")
        self.slip_button = QPushButton(self.tr("In phiếu chuyển đơn (đã che)…"))
        self.slip_button.setObjectName("print_transfer_slip")
        self.verifier_button = QPushButton(self.tr("In bản trích cho người xác minh…"))
        self.verifier_button.setObjectName("print_verifier_copy")
        reporter.addWidget(self.reporter, 1)
        for w in (self.reveal_button, self.slip_button, self.verifier_button):
            reporter.addWidget(w)
        self.actions_bar = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("Sửa hồ sơ…"))
        self.edit_button.setObjectName("edit_case")
        self.delete_button = QPushButton(self.tr("Xóa hồ sơ nhập nhầm…"))
        self.delete_button.setObjectName("delete_case")
        steps_row = QHBoxLayout()
        steps_row.addLayout(self.actions_bar, 1)
        steps_row.addWidget(self.edit_button)
        steps_row.addWidget(self.delete_button)
        self.tabs = QTabWidget()
        self.timeline = self._table(
            "timeline", ("Ngày", "Bước", "Người thực hiện", "Số văn bản", "Ghi chú, thời hạn")
        )
        self.tabs.addTab(self.timeline, self.tr("Diễn biến"))
        protection = QWidget()
        pl = QVBoxLayout(protection)
        self.protection = self._table(
            "protection_table",
            (
                "Ngày đề nghị",
                "Người được bảo vệ",
                "Nội dung",
                "Hạn xem xét",
                "Quyết định",
                "Biện pháp",
            ),
        )
        pl.addWidget(self.protection)
        pbar = QHBoxLayout()
        self.protect_button = QPushButton(self.tr("Đề nghị bảo vệ…"))
        self.protect_button.setObjectName("add_protection")
        self.decide_button = QPushButton(self.tr("Quyết định…"))
        self.decide_button.setObjectName("decide_protection")
        self.measure_button = QPushButton(self.tr("Thêm biện pháp…"))
        self.measure_button.setObjectName("add_measure")
        for w in (self.protect_button, self.decide_button, self.measure_button):
            pbar.addWidget(w)
        pbar.addStretch(1)
        pl.addLayout(pbar)
        self.tabs.addTab(protection, self.tr("Bảo vệ người tố cáo"))
        attachments = QWidget()
        al = QVBoxLayout(attachments)
        self.attachments = self._table(
            "attachments_table", ("Loại tài liệu", "Ngày thêm", "Dung lượng (đã mã hóa)")
        )
        al.addWidget(self.attachments)
        abar = QHBoxLayout()
        self.attach_button = QPushButton(self.tr("Thêm tài liệu (mã hóa)…"))
        self.attach_button.setObjectName("add_attachment")
        self.open_file_button = QPushButton(self.tr("Mở tài liệu (cần lý do)…"))
        self.open_file_button.setObjectName("open_attachment")
        self.delete_file_button = QPushButton(self.tr("Xóa tài liệu…"))
        self.delete_file_button.setObjectName("delete_attachment")
        abar.addWidget(self.attach_button)
        abar.addWidget(self.open_file_button)
        abar.addWidget(self.delete_file_button)
        abar.addStretch(1)
        al.addLayout(abar)
        self.tabs.addTab(attachments, self.tr("Tài liệu mã hóa"))
        self.history = self._table("reveal_history", ("Thời điểm", "Người xem", "Nội dung"))
        self.tabs.addTab(self.history, self.tr("Lịch sử xem danh tính"))
        grid.addWidget(self.header, 0, 0, 1, 2)
        grid.addWidget(self.chip, 1, 0)
        grid.addWidget(self.explanation, 1, 1)
        grid.addLayout(reporter, 2, 0, 1, 2)
        grid.addLayout(steps_row, 3, 0, 1, 2)
        grid.addWidget(self.tabs, 4, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.reveal_button.clicked.connect(self.reveal)
        self.edit_button.clicked.connect(self.edit_case)
        self.delete_button.clicked.connect(self.delete_case)
        self.slip_button.clicked.connect(self.print_transfer_slip)
        self.verifier_button.clicked.connect(self.print_verifier_copy)
        self.protect_button.clicked.connect(self.add_protection)
        self.decide_button.clicked.connect(self.decide_protection)
        self.measure_button.clicked.connect(self.add_measure)
        self.attach_button.clicked.connect(self.add_attachment)
        self.open_file_button.clicked.connect(self.open_attachment)
        self.delete_file_button.clicked.connect(self.delete_attachment)
        for w in self._case_buttons():
            w.setEnabled(False)
        return box

    def _table(self, name: str, columns: tuple[str, ...]) -> QTableWidget:
        t = QTableWidget(0, len(columns))
        t.setObjectName(name)
        t.setHorizontalHeaderLabels([self.tr(c) for c in columns])
        t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        t.horizontalHeader().setStretchLastSection(True)
        t.verticalHeader().hide()
        t.setWordWrap(True)
        return t

    # --- keys ----------------------------------------------------------------------------------

    def _refresh_keys(self) -> None:
        ring = ring_of(self.ctx)
        with self.ctx.db.read() as session:
            st = keys.status(session)
        if not st.vault_ready:
            text = self.tr(
                "Chưa thiết lập khóa bảo mật: chưa thể ghi nhận tố cáo tham nhũng. "
                "Một thanh tra viên cần thiết lập khóa (và in khóa khôi phục)."
            )
        elif ring is not None and ring.has_access:
            text = self.tr(
                "Khóa bảo mật của bạn đã mở cho phiên làm việc này (dấu vân tay {fp})."
            ).format(fp=st.fingerprint)
        elif self.is_inspector:
            text = self.tr(
                "Bạn chưa được cấp quyền đọc danh tính người tố cáo. Hãy đề nghị một thanh tra "
                "viên đã có quyền cấp quyền cho bạn."
            )
        else:
            text = self.tr(
                "Danh tính người tố cáo được mã hóa; chỉ thanh tra viên được cấp quyền mới "
                "xem được. Bạn thấy hồ sơ, thời hạn và diễn biến."
            )
        self.key_status.setText(text)
        self.setup_button.setVisible(self.is_inspector and not st.vault_ready)
        self.setup_button.setEnabled(ring is not None)
        self.keys_button.setVisible(self.is_inspector and st.vault_ready)
        self.recovery_button.setVisible(st.vault_ready and st.has_recovery)
        self.new_button.setEnabled(st.vault_ready)

    def setup_keys(self) -> None:
        try:
            with self.ctx.db.write() as session:
                text = keys.setup(session, self.ctx.actor, ring_of(self.ctx))
        except ServiceError as exc:
            messages.error(self, self.tr("Không thiết lập được"), exc.message)
            return
        dialogs.RecoveryKeyDialog(self.ctx, text, self).exec()
        self._refresh_keys()

    def manage_keys(self) -> dialogs.KeysDialog:
        dialog = dialogs.KeysDialog(self.ctx, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def use_recovery(self) -> dialogs.RecoveryGrantDialog:
        dialog = dialogs.RecoveryGrantDialog(self.ctx, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def followup_lookup(self) -> dialogs.FollowupLookupDialog:
        dialog = dialogs.FollowupLookupDialog(self.ctx, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    # --- list ----------------------------------------------------------------------------------

    def _on_data_changed(self, area: str) -> None:
        if area in ("corruption", "reception", "calendar"):
            self.reload()

    def reload(self) -> None:
        self._refresh_keys()
        today = self.ctx.today()
        f = svc.CaseFilter(
            text=self.search.text(),
            state=self.state.currentData() or "",
            year=self.year.value() or None,
        )
        with self.ctx.db.read() as session:
            rows = [
                (
                    c.id,
                    c.code,
                    c.received_on,
                    c.reporter_label,
                    c.field,
                    c.summary,
                    c.state,
                    c.clock_start,
                    c.due_on,
                )
                for c in svc.list_rows(session, self.ctx.actor, f)
            ]
        self.table.setRowCount(len(rows))
        for r, (cid, code, received, reporter, field, summary, state, start, due) in enumerate(
            rows
        ):
            values = (
                code,
                f"{received:%d/%m/%Y}",
                reporter,
                field or "—",
                summary.replace("\n", " ")[:140],
                svc.state_label(state),
                f"{due:%d/%m/%Y}" if due else "—",
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, cid)
                if c == 6 and due and start:
                    fg, bg = COLOURS[deadline_status(start, due, today)]
                    item.setForeground(QColor(fg))
                    item.setBackground(QColor(bg))
                self.table.setItem(r, c, item)
        if self.current_id is not None:
            self.show_case(self.current_id)

    def _on_select(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.show_case(int(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)))

    def select_code(self, code: str) -> bool:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).text() == code:
                self.table.selectRow(r)
                return True
        return False

    def open_record(self, case_id: object) -> None:
        """Called by the main window when another page asks to open a case."""
        for w in (self.search, self.state, self.year):
            w.blockSignals(True)
        self.search.clear()
        self.state.setCurrentIndex(0)
        self.year.setValue(0)
        for w in (self.search, self.state, self.year):
            w.blockSignals(False)
        self.reload()
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == int(case_id):
                self.table.selectRow(r)
                self.table.scrollToItem(self.table.item(r, 0))
                break
        if self.current_id != int(case_id):  # the row was selected already, or not listed
            self.show_case(int(case_id))

    # --- the case ------------------------------------------------------------------------------

    def clear_case(self) -> None:
        """No case selected (or the selected one was deleted): an empty panel."""
        self.current_id = None
        self.header.setText(self.tr("Chọn một hồ sơ trong danh sách."))
        self.chip.set_deadline(None, None, self.ctx.today())
        self.explanation.clear()
        self.reporter.clear()
        for table in (self.timeline, self.protection, self.attachments, self.history):
            table.setRowCount(0)
        self._set_actions([])
        for w in self._case_buttons():
            w.setEnabled(False)

    def _case_buttons(self) -> tuple[QPushButton, ...]:
        """The buttons that act on the selected case (all off while none is selected)."""
        return (
            self.reveal_button,
            self.edit_button,
            self.delete_button,
            self.slip_button,
            self.verifier_button,
            self.protect_button,
            self.decide_button,
            self.measure_button,
            self.attach_button,
            self.open_file_button,
            self.delete_file_button,
        )

    def _set_actions(self, actions: list[str]) -> None:
        while self.actions_bar.count():
            item = self.actions_bar.takeAt(0)
            old = item.widget()
            if old is not None:
                # At once (deleteLater waits for the event loop): off the screen and out of
                # ``findChild``.
                old.hide()
                old.setParent(None)
                old.deleteLater()
        for action in actions:
            button = QPushButton(self.tr(svc.ACTION_LABELS[action]))
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.actions_bar.addWidget(button)
        self.actions_bar.addStretch(1)

    def show_case(self, case_id: int) -> None:
        today = self.ctx.today()
        e = html.escape
        with self.ctx.db.read() as session:
            try:
                c = svc.get(session, case_id)
            except ServiceError:
                self.clear_case()
                return
            self.current_id, self.current_version = c.id, c.version
            sheet = svc.sheet_of(c)
            extra = []
            if c.accept_decision_no:
                extra.append(f"thụ lý theo {c.accept_decision_no} ngày {c.accepted_on:%d/%m/%Y}")
            if c.resolve_due_on:
                extra.append(f"hạn giải quyết {c.resolve_due_on:%d/%m/%Y}")
            if c.extensions:
                extra.append(f"đã gia hạn {c.extensions} lần")
            if c.transfer_to:
                extra.append(f"chuyển đến {c.transfer_to}")
            if c.result:
                extra.append(svc.RESULT_LABELS[svc.Result(c.result)])
            head = (
                f"<b>{e(c.code)}</b> — {e(sheet.kind)} — <b>{e(sheet.state)}</b><br>"
                f"Nhận ngày {c.received_on:%d/%m/%Y}; nguồn: {e(sheet.source)}; lĩnh vực: "
                f"{e(c.field or '—')}<br>Người bị tố cáo: {e(c.subject or '—')}<br>"
                f"{e(c.summary)}" + (f"<br><i>{e('; '.join(extra))}</i>" if extra else "")
            )
            steps = [
                (
                    s.on,
                    svc.ACTION_LABELS.get(s.action, s.action),
                    s.user_name,
                    s.document_no,
                    s.note,
                    s.explanation,
                )
                for s in c.steps
            ]
            explanation = ""
            for s in reversed(c.steps):
                if s.rule_id == c.rule_id and s.explanation:
                    explanation = s.explanation
                    break
            actions = svc.available_actions(c, self.ctx.actor)
            start, due = c.clock_start, c.due_on
            has_identity, anonymous = c.has_identity, c.anonymous
            requests = [
                (
                    r.id,
                    r.requested_on,
                    svc.describe_persons(r.persons),
                    svc.describe_kinds(r.kinds),
                    r.decision_due_on,
                    r.status,
                    r.decision_no,
                    "; ".join(
                        f"{m.description} (từ {m.start_on:%d/%m/%Y}"
                        + (f" đến {m.end_on:%d/%m/%Y}" if m.end_on else "")
                        + ")"
                        for m in r.measures
                    ),
                )
                for r in c.protection_requests
            ]
            files = [(a.id, a.label, a.added_at, a.size) for a in c.attachments]
            history = svc.access_history(session, self.ctx.actor, c.id)
            can_slip = bool(c.transfer_to)
        self.header.setText(head)
        self.chip.set_deadline(start, due, today, explanation)
        self.explanation.setText(explanation if due else "")
        if anonymous:
            self.reporter.setText(self.tr("Người tố cáo: Nặc danh (tin báo, không có danh tính)"))
        else:
            self.reporter.setText(
                self.tr(
                    "{mask} — danh tính đã được mã hóa, chỉ thanh tra viên được cấp quyền xem"
                ).format(mask=MASK)
            )
        ring = ring_of(self.ctx)
        self.reveal_button.setVisible(self.is_inspector and has_identity)
        self.reveal_button.setEnabled(ring is not None and ring.has_access)
        for w in (self.edit_button, self.delete_button):
            w.setVisible(self.is_inspector)
        self.edit_button.setEnabled(self.is_inspector)
        self.delete_button.setEnabled(ring is not None and ring.has_access)
        self.slip_button.setEnabled(can_slip)
        self.verifier_button.setEnabled(True)
        for w in (self.protect_button, self.attach_button):
            w.setEnabled(self.is_inspector)
        self.open_file_button.setVisible(self.is_inspector)
        self.open_file_button.setEnabled(ring is not None and ring.has_access and bool(files))
        self.delete_file_button.setVisible(self.is_inspector)
        self.delete_file_button.setEnabled(self.is_inspector and bool(files))
        self.decide_button.setEnabled(self.is_inspector and bool(requests))
        self.measure_button.setEnabled(self.is_inspector and bool(requests))
        self._fill(
            self.timeline,
            [
                (
                    f"{on:%d/%m/%Y}",
                    label,
                    user,
                    doc,
                    note + (("\n" + expl) if expl else ""),
                )
                for on, label, user, doc, note, expl in steps
            ],
        )
        self._fill(
            self.protection,
            [
                (
                    f"{req_on:%d/%m/%Y}",
                    persons,
                    kinds,
                    f"{due_on:%d/%m/%Y}" if due_on else "—",
                    PROTECTION_STATUS_LABELS[ProtectionStatus(status)]
                    + (f" ({doc})" if doc else ""),
                    measures or "—",
                )
                for _rid, req_on, persons, kinds, due_on, status, doc, measures in requests
            ],
            ids=[r[0] for r in requests],
        )
        for r, (_rid, req_on, _p, _k, due_on, status, _d, _m) in enumerate(requests):
            if status == ProtectionStatus.PENDING.value and due_on is not None:
                paint_deadline_cell(self.protection.item(r, 3), req_on, due_on, today)
        self._fill(
            self.attachments,
            [(label, f"{at:%d/%m/%Y}", f"{size // 1024 + 1} KB") for _i, label, at, size in files],
            ids=[f[0] for f in files],
        )
        self._fill(self.history, [(local_time(at), user, text) for at, user, text in history])
        self._set_actions(actions)

    def _fill(
        self, table: QTableWidget, rows: list[tuple[str, ...]], ids: list[int] | None = None
    ) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if ids is not None:
                    item.setData(Qt.ItemDataRole.UserRole, ids[r])
                table.setItem(r, c, item)
        table.resizeRowsToContents()

    def action_button(self, action: str) -> QPushButton | None:
        return self.findChild(QPushButton, f"action_{action}")

    # --- actions -------------------------------------------------------------------------------

    def new_case(self) -> dialogs.NewCaseDialog | None:
        if not self.new_button.isEnabled():
            return None
        dialog = dialogs.NewCaseDialog(self.ctx, self)
        self.last_dialog = dialog

        def done(result: int) -> None:
            if result and dialog.created_id:
                self.current_id = dialog.created_id
            self.reload()

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def run_action(self, action: str) -> dialogs.ActionDialog | None:
        if self.current_id is None:
            return None
        dialog = dialogs.ActionDialog(self.ctx, self.current_id, action, self.current_version, self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()
        return dialog

    def edit_case(self) -> dialogs.DetailsDialog | None:
        if self.current_id is None:
            return None
        dialog = dialogs.DetailsDialog(self.ctx, self.current_id, self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()
        return dialog

    def delete_case(self) -> dialogs.DeleteCaseDialog | None:
        if self.current_id is None:
            return None
        dialog = dialogs.DeleteCaseDialog(self.ctx, self.current_id, self)
        self.last_dialog = dialog

        def done(result: int) -> None:
            if result:
                self.clear_case()
                self.ctx.status(self.tr("Đã xóa hồ sơ {code}.").format(code=dialog.deleted_code))
            self.reload()

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def reveal(self) -> dialogs.RevealDialog | None:
        if self.current_id is None:
            return None
        code = (
            self.table.item(self.table.currentRow(), 0).text()
            if self.table.currentRow() >= 0
            else ""
        )
        dialog = dialogs.RevealDialog(self.ctx, self.current_id, code, self)
        self.last_dialog = dialog
        dialog.finished.connect(
            lambda _r: self.show_case(self.current_id) if self.current_id else None
        )
        dialog.open()
        return dialog

    def _selected_id(self, table: QTableWidget) -> int | None:
        row = table.currentRow()
        if row < 0 and table.rowCount() == 1:
            row = 0
        if row < 0:
            messages.info(self, self.tr("Chọn một dòng"), self.tr("Hãy chọn một dòng trong bảng."))
            return None
        return int(table.item(row, 0).data(Qt.ItemDataRole.UserRole))

    def add_protection(self) -> dialogs.ProtectionDialog | None:
        if self.current_id is None:
            return None
        dialog = dialogs.ProtectionDialog(self.ctx, self.current_id, self)
        self.last_dialog = dialog
        dialog.finished.connect(lambda _r: self.reload())
        dialog.open()
        return dialog

    def decide_protection(self) -> dialogs.ProtectionDecisionDialog | None:
        request_id = self._selected_id(self.protection)
        if request_id is None:
            return None
        dialog = dialogs.ProtectionDecisionDialog(self.ctx, request_id, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def add_measure(self) -> dialogs.MeasureDialog | None:
        request_id = self._selected_id(self.protection)
        if request_id is None:
            return None
        dialog = dialogs.MeasureDialog(self.ctx, request_id, self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def delete_attachment(self) -> dialogs.DeleteAttachmentDialog | None:
        """ "Xóa tài liệu": the selected encrypted attachment, with a reason (inspectors)."""
        attachment_id = self._selected_id(self.attachments)
        if attachment_id is None:
            return None
        try:
            dialog = dialogs.DeleteAttachmentDialog(self.ctx, attachment_id, self)
        except ServiceError as exc:  # deleted meanwhile by another inspector
            messages.error(self, self.tr("Không xóa được"), exc.message)
            self.reload()
            return None
        self.last_dialog = dialog

        def done(result: int) -> None:
            if result and dialog.deleted:
                self.ctx.status(self.tr("Đã xóa tài liệu khỏi hồ sơ."))
            if self.current_id is not None:
                self.show_case(self.current_id)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def add_attachment(self) -> None:
        if self.current_id is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn bản quét đơn tố cáo hoặc tài liệu"), "", self.tr("Mọi tệp (*)")
        )
        if not path:
            return
        label, ok = _choose_label(self)
        if not ok:
            return
        try:
            content = Path(path).read_bytes()
            with self.ctx.db.write() as session:
                svc.add_attachment(
                    session, self.ctx.actor, self.current_id, label, Path(path).name, content
                )
        except OSError as exc:
            messages.error(self, self.tr("Không đọc được tệp"), str(exc))
            return
        except ValidationError as exc:
            messages.error(self, self.tr("Không thêm được"), "\n".join(exc.errors.values()))
            return
        except ServiceError as exc:
            messages.error(self, self.tr("Không thêm được"), exc.message)
            return
        self.show_case(self.current_id)

    def open_attachment(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        attachment_id = self._selected_id(self.attachments)
        if attachment_id is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Mở tài liệu mã hóa"),
            self.tr("Lý do cần mở (được ghi nhật ký, không ghi họ tên người tố cáo):"),
        )
        if not ok:
            return
        try:
            with self.ctx.db.write() as session:
                name, content = svc.open_attachment(
                    session, self.ctx.actor, ring_of(self.ctx), attachment_id, reason
                )
        except ValidationError as exc:
            messages.error(self, self.tr("Không mở được"), "\n".join(exc.errors.values()))
            return
        except ServiceError as exc:
            messages.error(self, self.tr("Không mở được"), exc.message)
            return
        dialogs.AttachmentViewer(name, content, self).exec()
        del content
        self.show_case(self.current_id) if self.current_id else None

    def _print(self, fn, title: str, name: str) -> Path | None:
        from camau_reception.ui.print_preview import show_pdf

        if self.current_id is None:
            return None
        out = Path(tempfile.mkdtemp(prefix="camau-")) / name
        try:
            with self.ctx.db.read() as session:
                fn(session, self.ctx.actor, self.current_id, out, self.ctx.today())
        except ValidationError as exc:
            messages.error(self, self.tr("Không in được"), "\n".join(exc.errors.values()))
            return None
        except ServiceError as exc:
            messages.error(self, self.tr("Không in được"), exc.message)
            return None
        self.last_pdf = out
        if not getattr(self, "no_preview", False):
            show_pdf(self, out, title, name)
        return out

    def print_transfer_slip(self) -> Path | None:
        return self._print(
            svc.print_transfer_slip, self.tr("Phiếu chuyển đơn tố cáo"), "phieu-chuyen-don.pdf"
        )

    def print_verifier_copy(self) -> Path | None:
        return self._print(
            svc.print_verifier_copy,
            self.tr("Bản trích nội dung tố cáo"),
            "ban-trich-noi-dung-to-cao.pdf",
        )

    def print_year_report(self) -> Path | None:
        from camau_reception.ui.print_preview import show_pdf

        year = self.year.value() or self.ctx.today().year
        out = Path(tempfile.mkdtemp(prefix="camau-")) / f"bao-cao-to-cao-tham-nhung-{year}.pdf"
        with self.ctx.db.read() as session:
            svc.print_year_report(session, year, out, self.ctx.today())
        self.last_pdf = out
        if not getattr(self, "no_preview", False):
            show_pdf(self, out, self.tr("Báo cáo năm {y}").format(y=year), out.name)
        return out

    def export_year_csv(self, path: str | Path | None = None) -> Path | None:
        """The yearly figures as CSV (UTF-8 with BOM) for the department's portal."""
        from camau_reception.exports.corruption_csv import write_report_csv

        year = self.year.value() or self.ctx.today().year
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Xuất số liệu tố cáo tham nhũng năm {y}").format(y=year),
                f"so-lieu-to-cao-tham-nhung-{year}.csv",
                self.tr("Tệp CSV (*.csv)"),
            )
            if not chosen:
                return None
            path = chosen
        out = Path(path)
        with self.ctx.db.read() as session:
            report = svc.yearly_report(session, year, self.ctx.today())
        try:
            write_report_csv(year, report.rows(), out)
        except OSError as exc:
            messages.error(self, self.tr("Không ghi được tệp"), str(exc))
            return None
        self.ctx.status(self.tr("Đã xuất số liệu năm {y} vào {p}.").format(y=year, p=out))
        return out

    def today(self) -> date:
        return self.ctx.today()


def _choose_label(parent: QWidget) -> tuple[str, bool]:
    from PySide6.QtWidgets import QInputDialog

    return QInputDialog.getItem(
        parent,
        parent.tr("Loại tài liệu"),
        parent.tr("Tài liệu này là:"),
        list(svc.ATTACHMENT_LABELS),
        0,
        False,
    )
