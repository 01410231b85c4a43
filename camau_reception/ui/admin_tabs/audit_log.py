"""Nhật ký hệ thống: filterable audit log with a "verify chain" button."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.services import audit
from camau_reception.ui.context import AppContext

ORDER = 40
TITLE = "Nhật ký hệ thống"
PAGE_SIZE = 500


def _local(at: datetime) -> str:
    return at.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M:%S")


class AuditTab(QWidget):
    COLUMNS = ("#", "Thời điểm", "Người dùng", "Thao tác", "Đối tượng", "Nội dung")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._last_id: int | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("audit_search")
        self.search.setPlaceholderText(self.tr("Tìm trong nội dung…"))
        self.user = QLineEdit()
        self.user.setObjectName("audit_user")
        self.user.setPlaceholderText(self.tr("Tên đăng nhập"))
        self.action = QLineEdit()
        self.action.setObjectName("audit_action")
        self.action.setPlaceholderText(self.tr("Mã thao tác, ví dụ user.login"))
        filter_button = QPushButton(self.tr("Lọc"))
        filter_button.setObjectName("audit_filter")
        self.verify_button = QPushButton(self.tr("Kiểm tra chuỗi nhật ký"))
        self.verify_button.setObjectName("verify_chain")
        for w in (self.search, self.user, self.action, filter_button, self.verify_button):
            bar.addWidget(w)
        layout.addLayout(bar)
        self.result = QLabel()
        self.result.setObjectName("chain_result")
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        self.more_button = QPushButton(self.tr("Xem thêm sự kiện cũ hơn"))
        self.more_button.setObjectName("audit_more")
        layout.addWidget(self.more_button)
        filter_button.clicked.connect(self.reload)
        self.search.returnPressed.connect(self.reload)
        self.verify_button.clicked.connect(self.verify)
        self.more_button.clicked.connect(self.load_more)
        self.reload()

    def _query(self, before_id: int | None) -> list[tuple]:
        with self.ctx.db.read() as session:
            events = audit.list_events(
                session,
                text=self.search.text(),
                username=self.user.text().strip(),
                action=self.action.text().strip(),
                before_id=before_id,
                limit=PAGE_SIZE,
            )
            return [
                (
                    e.id,
                    _local(e.at),
                    e.username or "—",
                    e.action,
                    f"{e.entity} {e.entity_id}".strip(),
                    e.summary,
                )
                for e in events
            ]

    def reload(self) -> None:
        self.table.setRowCount(0)
        self._append(self._query(None))

    def load_more(self) -> None:
        self._append(self._query(self._last_id))

    def _append(self, rows: list[tuple]) -> None:
        start = self.table.rowCount()
        self.table.setRowCount(start + len(rows))
        for r, row in enumerate(rows, start):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        if rows:
            self._last_id = rows[-1][0]
        self.more_button.setEnabled(len(rows) == PAGE_SIZE)

    def verify(self) -> None:
        with self.ctx.db.read() as session:
            report = audit.verify_chain(session)
        color = "#1b5e20" if report.ok else "#b3261e"
        self.result.setStyleSheet(f"color: {color}; font-weight: bold;")
        self.result.setText(report.message)


def build(ctx: AppContext, parent: QWidget | None) -> QWidget:
    return AuditTab(ctx, parent)
