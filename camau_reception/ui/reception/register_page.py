"""Sổ tiếp công dân: the register page (list, search, filters, new visit, paper)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from camau_reception.models.reception import (
    MATTER_KIND_LABELS,
    OUTCOME_LABELS,
    RECEPTION_KIND_LABELS,
    Outcome,
)
from camau_reception.models.users import Role
from camau_reception.services import reception as svc
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.services.reception_search import RegisterFilter
from camau_reception.ui import messages, tasks
from camau_reception.ui.context import AppContext
from camau_reception.ui.reception.form import ReceptionDialog, can_record
from camau_reception.ui.reception.register_model import DATE_COLUMN, RegisterModel
from camau_reception.ui.widgets.form_errors import ERROR_STYLE

SEARCH_DELAY_MS = 150


def _count_in_thread(work: Callable[[], int], done: Callable[[int], None]) -> None:
    tasks.start(lambda _report, _cancelled: work(), on_done=done, on_error=lambda _e: None)


def _fmt(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class CancelDialog(QDialog):
    """An administrator cancels a visit: a reason is required."""

    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hủy lượt tiếp công dân"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "Lượt tiếp sẽ được đánh dấu đã hủy (không xóa khỏi sổ) kèm lý do. "
                "Thao tác được ghi nhật ký.\n\n{summary}"
            ).format(summary=summary)
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Lý do hủy (bắt buộc)"))
        self.reason.setTabChangesFocus(True)
        layout.addWidget(self.reason)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(
            self.tr("Hủy lượt tiếp"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class RegisterPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reception_page")
        # A visit saved as a corruption denunciation leaves a follow-up code that only this
        # window can hand over: make sure its watcher exists even if no page of that area has
        # been built yet (idempotent; the area may be absent from a trimmed build).
        with contextlib.suppress(ImportError):
            from camau_reception.ui.corruption import session as corruption_session

            corruption_session.install(ctx, self)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.new_button = QPushButton(self.tr("Tiếp mới (Ctrl+N)"))
        self.new_button.setObjectName("new_reception")
        self.new_button.setVisible(can_record(ctx))
        top.addWidget(self.new_button)
        self.search = QLineEdit()
        self.search.setObjectName("register_search")
        self.search.setPlaceholderText(
            self.tr("Tìm theo tên, số CCCD, điện thoại, địa chỉ, nội dung… (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        top.addWidget(self.search, 1)
        self.order_button = QPushButton(self.tr("Cũ nhất trước"))
        self.order_button.setCheckable(True)
        self.order_button.setToolTip(self.tr("Đảo thứ tự: lượt tiếp cũ nhất lên đầu (Ctrl+End)"))
        top.addWidget(self.order_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("Từ ngày"))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setEnabled(False)
        today = ctx.today()
        self.date_from.setDate(QDate(today.year, today.month, 1))
        self.date_to.setDate(QDate(today.year, today.month, today.day))
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("đến")))
        filters.addWidget(self.date_to)
        self.kind_filter = self._combo(
            self.tr("Mọi hình thức"), [(k.value, v) for k, v in RECEPTION_KIND_LABELS.items()]
        )
        self.matter_filter = self._combo(
            self.tr("Mọi phân loại"), [(k.value, v) for k, v in MATTER_KIND_LABELS.items()]
        )
        self.outcome_filter = self._combo(
            self.tr("Mọi kết quả"), [(k.value, v) for k, v in OUTCOME_LABELS.items()]
        )
        self.competence_filter = self._combo(
            self.tr("Thẩm quyền: tất cả"),
            [(True, "Thuộc thẩm quyền"), (False, "Không thuộc thẩm quyền")],
        )
        with ctx.db.read() as session:
            officers = [(u.id, u.full_name) for u in svc.officers(session)]
            leaders = [(u.id, u.full_name) for u in svc.leaders(session)]
        self.officer_filter = self._combo(self.tr("Mọi cán bộ"), officers)
        self.leader_filter = self._combo(self.tr("Mọi lãnh đạo"), leaders)
        for box in (
            self.kind_filter,
            self.matter_filter,
            self.outcome_filter,
            self.competence_filter,
            self.officer_filter,
            self.leader_filter,
        ):
            filters.addWidget(box)
        self.show_cancelled = QCheckBox(self.tr("Hiện lượt đã hủy"))
        self.show_cancelled.setChecked(True)
        filters.addWidget(self.show_cancelled)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = RegisterModel(ctx.db, self, count_async=_count_in_thread)
        self.table = QTableView()
        self.table.setObjectName("register_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(DATE_COLUMN, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(self._on_sort)
        for col, width in enumerate((120, 170, 110, 220, 320, 120, 70, 70, 170, 90, 150, 150)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("register_status")
        bottom.addWidget(self.status, 1)
        self.edit_button = QPushButton(self.tr("Xem, sửa (Enter)"))
        self.cancel_button = QPushButton(self.tr("Hủy lượt tiếp…"))
        self.cancel_button.setVisible(ctx.actor.has(Role.ADMIN))
        bottom.addWidget(self.edit_button)
        bottom.addWidget(self.cancel_button)
        self.paper_buttons: dict[str, QPushButton] = {}
        layout.addLayout(bottom)
        self.bottom_bar = bottom

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        self.use_dates.toggled.connect(self._on_dates_toggled)
        self.date_from.dateChanged.connect(lambda _d: self.apply_filter())
        self.date_to.dateChanged.connect(lambda _d: self.apply_filter())
        for box in (
            self.kind_filter,
            self.matter_filter,
            self.outcome_filter,
            self.competence_filter,
            self.officer_filter,
            self.leader_filter,
        ):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.show_cancelled.toggled.connect(lambda _c: self.apply_filter())
        self.order_button.toggled.connect(self._on_order_toggled)
        self.new_button.clicked.connect(self.new_reception)
        self.edit_button.clicked.connect(self.open_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.model.total_changed.connect(self._update_status)
        self.model.rowsInserted.connect(lambda *_a: self._update_status(self.model.total))
        self.model.reset_done.connect(lambda: self._update_status(self.model.total))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_actions())

        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_reception)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_search)
        QShortcut(
            QKeySequence("Ctrl+End"), self, activated=lambda: self.order_button.setChecked(True)
        )
        QShortcut(
            QKeySequence("Ctrl+Home"), self, activated=lambda: self.order_button.setChecked(False)
        )
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.table, activated=self.open_selected)

        self._install_paper_actions()
        self.apply_filter()
        self._update_actions()

    # --- pieces ------------------------------------------------------------------------------

    def _combo(self, all_text: str, items: list[tuple[object, str]]) -> QComboBox:
        box = QComboBox()
        box.addItem(all_text, None)
        for value, text in items:
            box.addItem(self.tr(text), value)
        return box

    def _install_paper_actions(self) -> None:
        """Buttons for the printed forms (receipt, appointment, refusal, the register)."""
        from camau_reception.ui.reception import paper

        paper.install(self)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_filter(self) -> RegisterFilter:
        return RegisterFilter(
            text=self.search.text(),
            date_from=self.date_from.date().toPython() if self.use_dates.isChecked() else None,
            date_to=self.date_to.date().toPython() if self.use_dates.isChecked() else None,
            kind=self.kind_filter.currentData(),
            matter=self.matter_filter.currentData(),
            outcome=self.outcome_filter.currentData(),
            within_competence=self.competence_filter.currentData(),
            officer_id=self.officer_filter.currentData(),
            leader_id=self.leader_filter.currentData(),
            include_cancelled=self.show_cancelled.isChecked(),
        )

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_actions()

    def _on_dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filter()

    def _on_sort(self, column: int, order: Qt.SortOrder) -> None:
        if column != DATE_COLUMN:
            # Only the register order is kept in an index; other columns do not sort.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                DATE_COLUMN,
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self.order_button.setChecked(order == Qt.SortOrder.AscendingOrder)

    def _on_order_toggled(self, oldest_first: bool) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            DATE_COLUMN,
            Qt.SortOrder.AscendingOrder if oldest_first else Qt.SortOrder.DescendingOrder,
        )
        header.blockSignals(False)
        self.model.set_descending(not oldest_first)
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.scrollToTop()

    def _update_status(self, total: object) -> None:
        shown = self.model.rowCount()
        if total is None:
            text = self.tr("Đang hiện {shown} lượt tiếp (đang đếm tổng số…)").format(
                shown=_fmt(shown)
            )
        else:
            text = self.tr("Đang hiện {shown} / {total} lượt tiếp").format(
                shown=_fmt(shown), total=_fmt(int(total))
            )
        self.status.setText(text)

    def _update_actions(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.cancel_button.setEnabled(row is not None and not row.cancelled)
        for key, button in self.paper_buttons.items():
            enabled = row is not None and not row.cancelled
            if key == "appointment":
                enabled = enabled and row.outcome == Outcome.APPOINTMENT.value
            if key == "refusal":
                enabled = enabled and row.outcome == Outcome.REFUSED.value
            button.setEnabled(enabled)

    def selected_row(self):  # -> RegisterRow | None
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    # --- actions -----------------------------------------------------------------------------

    def new_reception(self) -> ReceptionDialog | None:
        if not can_record(self.ctx):
            return None
        dialog = ReceptionDialog(self.ctx, parent=self)
        dialog.saved.connect(self._after_new)
        dialog.print_requested.connect(self._print_receipt_for)
        dialog.open()
        return dialog

    def _after_new(self, reception_id: int) -> None:
        self.model.reload()
        for row in range(self.model.rowCount()):
            if self.model.rows[row].id == reception_id:
                self.table.selectRow(row)
                break
        self.ctx.status(self.tr("Đã lưu lượt tiếp #{id}.").format(id=reception_id))

    def _print_receipt_for(self, reception_id: int) -> None:
        handler = getattr(self, "print_receipt", None)
        if handler is not None:
            handler(reception_id)

    def open_selected(self) -> ReceptionDialog | None:
        row = self.selected_row()
        if row is None:
            return None
        with self.ctx.db.read() as session:
            stored = svc.get(session, row.id)
            protected = stored.corruption and stored.citizen_id is None
        if protected:
            messages.info(self, self.tr("Tố cáo tham nhũng"), self.tr(svc.PROTECTED_VISIT))
            return None
        dialog = ReceptionDialog(self.ctx, reception_id=row.id, parent=self)
        dialog.saved.connect(lambda rid: self.model.refresh_row(rid))
        dialog.print_requested.connect(self._print_receipt_for)
        dialog.open()
        return dialog

    def cancel_selected(self) -> None:
        row = self.selected_row()
        if row is None or not self.ctx.actor.has(Role.ADMIN):
            return
        summary = f"{row.received_at:%d/%m/%Y %H:%M} — {row.citizen_name}: {row.summary[:120]}"
        dialog = CancelDialog(summary, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                with self.ctx.db.read() as session:
                    version = svc.get(session, row.id).version
                with self.ctx.db.write() as session:
                    svc.cancel(
                        session, self.ctx.actor, row.id, dialog.reason.toPlainText(), version
                    )
            except ValidationError as exc:
                dialog.show_error("; ".join(exc.errors.values()))
                continue
            except ServiceError as exc:
                messages.error(self, self.tr("Không hủy được"), exc.message)
                return
            self.model.refresh_row(row.id)
            self._update_actions()
            self.ctx.notify("reception")
            return

    def save_path(self, title: str, suggested: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return Path(path) if path else None

    def register_range(self) -> tuple[date, date]:
        if self.use_dates.isChecked():
            return self.date_from.date().toPython(), self.date_to.date().toPython()
        today = self.ctx.today()
        return date(today.year, today.month, 1), today
