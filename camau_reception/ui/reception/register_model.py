"""The register as a lazy table model: pages fetched by key as the view scrolls.

Only loaded rows exist in the model (``canFetchMore`` / ``fetchMore``); each page continues
after the last loaded key, so the millionth row costs the same as the first. Sorting and
filtering happen in SQL: changing either resets the model and reads one page. The total for
the status line is counted off the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from camau_reception.models.reception import (
    MATTER_KIND_LABELS,
    OUTCOME_LABELS,
    RECEPTION_KIND_LABELS,
    Outcome,
    ReceptionKind,
)
from camau_reception.services import reception_search as rs
from camau_reception.services.reception_search import RegisterFilter, RegisterRow
from camau_reception.storage.db import Database

PAGE = 120

COLUMNS = (
    ("received_at", "Ngày tiếp"),
    ("citizen", "Công dân"),
    ("id_number", "Số giấy tờ"),
    ("address", "Địa chỉ"),
    ("summary", "Nội dung"),
    ("matters", "Phân loại"),
    ("group_size", "Số người"),
    ("repeat", "Lần tiếp"),
    ("outcome", "Kết quả"),
    ("kind", "Hình thức"),
    ("officer", "Cán bộ tiếp"),
    ("leader", "Lãnh đạo chủ trì"),
)
DATE_COLUMN = 0
REPEAT_COLUMN = 7

REPEAT_BRUSH = QBrush(QColor("#fde7c8"))
CANCELLED_BRUSH = QBrush(QColor("#8a8a8a"))
REFUSED_BRUSH = QBrush(QColor("#b3261e"))

RowRole = Qt.ItemDataRole.UserRole + 1


def _short_kind(value: str) -> str:
    try:
        return RECEPTION_KIND_LABELS[ReceptionKind(value)]
    except ValueError:
        return value


def _outcome(value: str) -> str:
    try:
        return OUTCOME_LABELS[Outcome(value)]
    except ValueError:
        return value


class RegisterModel(QAbstractTableModel):
    total_changed = Signal(object)  # int, or None while counting
    reset_done = Signal()

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        count_async: Callable[[Callable[[], int], Callable[[int], None]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.filter = RegisterFilter()
        self.descending = True
        self.rows: list[RegisterRow] = []
        self._exhausted = False
        self.total: int | None = None
        self._count_async = count_async
        self._generation = 0

    # --- loading -----------------------------------------------------------------------------

    def set_filter(self, flt: RegisterFilter) -> None:
        self.filter = replace(flt)
        self.reload()

    def set_descending(self, descending: bool) -> None:
        if descending != self.descending:
            self.descending = descending
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._exhausted = False
        self._load_page()
        self.endResetModel()
        self._generation += 1
        self._start_count()
        self.reset_done.emit()

    def _load_page(self) -> list[RegisterRow]:
        after = self.rows[-1].sort_key if self.rows else None
        with self.db.read() as session:
            page = rs.page(
                session, self.filter, after_key=after, limit=PAGE, descending=self.descending
            )
        if len(page) < PAGE:
            self._exhausted = True
        self.rows.extend(page)
        return page

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        after = self.rows[-1].sort_key if self.rows else None
        with self.db.read() as session:
            page = rs.page(
                session, self.filter, after_key=after, limit=PAGE, descending=self.descending
            )
        if len(page) < PAGE:
            self._exhausted = True
        if not page:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()

    def _start_count(self) -> None:
        if self._exhausted:
            self.total = len(self.rows)
            self.total_changed.emit(self.total)
            return
        self.total = None
        self.total_changed.emit(None)
        flt = replace(self.filter)
        generation = self._generation
        db = self.db

        def work() -> int:
            with db.read() as session:
                return rs.count(session, flt)

        def done(n: int) -> None:
            if generation == self._generation:  # a newer filter may have replaced this one
                self.total = n
                self.total_changed.emit(n)

        if self._count_async is None:
            done(work())
        else:
            self._count_async(work, done)

    def refresh_row(self, reception_id: int) -> None:
        """Re-read one changed visit in place (after an edit or a cancellation)."""
        for i, row in enumerate(self.rows):
            if row.id == reception_id:
                with self.db.read() as session:
                    fresh = rs.page(
                        session, self.filter, after_key=row.sort_key + 1, limit=1, descending=True
                    )
                if fresh and fresh[0].id == reception_id:
                    self.rows[i] = fresh[0]
                    self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                else:
                    self.reload()
                return

    def row_at(self, row: int) -> RegisterRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # --- Qt model ----------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(COLUMNS[section][1])
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Only the register order (time) is indexed; other columns keep it.
        if column == DATE_COLUMN:
            self.set_descending(order == Qt.SortOrder.DescendingOrder)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "summary":
                return row.summary
            if key == "repeat" and row.repeat_count:
                return self.tr("Công dân đã đến {n} lần trước về cùng nội dung").format(
                    n=row.repeat_count
                )
            if row.cancelled:
                return self.tr("Lượt tiếp đã bị hủy")
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if key == "repeat" and row.repeat_count:
                return REPEAT_BRUSH
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.cancelled:
                return CANCELLED_BRUSH
            if key == "outcome" and row.outcome == Outcome.REFUSED.value:
                return REFUSED_BRUSH
            return None
        if role == Qt.ItemDataRole.FontRole and row.cancelled:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("group_size", "repeat"):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == RowRole:
            return row
        return None

    def _display(self, row: RegisterRow, key: str) -> str:
        if key == "received_at":
            return row.received_at.strftime("%d/%m/%Y %H:%M")
        if key == "citizen":
            return row.citizen_name or self.tr("(được bảo vệ)")
        if key == "id_number":
            return row.id_number
        if key == "address":
            return row.address
        if key == "summary":
            return row.summary.replace("\n", " ")
        if key == "matters":
            return ", ".join(self.tr(MATTER_KIND_LABELS[k]) for k in row.matter_kinds)
        if key == "group_size":
            return str(row.group_size)
        if key == "repeat":
            return self.tr("Lần {n}").format(n=row.repeat_count + 1) if row.repeat_count else ""
        if key == "outcome":
            text = self.tr(_outcome(row.outcome))
            return self.tr("Đã hủy") + " — " + text if row.cancelled else text
        if key == "kind":
            return self.tr(_short_kind(row.kind))
        if key == "officer":
            return row.officer_name
        if key == "leader":
            return row.leader_name
        return ""
