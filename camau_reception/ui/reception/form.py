"""The reception form (Tiếp công dân): made for the counter, usable with the keyboard alone.

Enter saves (Ctrl+Enter inside a multi-line box), Esc cancels, Ctrl+P saves and prints the
receipt. Typing or scanning a CCCD looks the citizen up: a known citizen fills in with their
earlier visits; a new number fills sex and birth year. Every error the service reports is shown
under its field; nothing is saved until all of it is valid.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime

from PySide6.QtCore import QDateTime, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIntValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.text import normalize
from camau_reception.models.reception import (
    COPY_KIND_LABELS,
    MATTER_KIND_LABELS,
    OUTCOME_LABELS,
    RECEPTION_KIND_LABELS,
    Outcome,
    ReceptionKind,
)
from camau_reception.models.users import Role
from camau_reception.services import citizens as citizen_service
from camau_reception.services import reception as svc
from camau_reception.services.citizens import CitizenInput
from camau_reception.services.errors import ConflictError, ServiceError, ValidationError
from camau_reception.services.reception import DocumentInput, ReceptionInput
from camau_reception.ui import messages
from camau_reception.ui.context import AppContext
from camau_reception.ui.widgets.form_errors import ERROR_STYLE, FieldErrors

PAPER_KINDS = (
    ("cccd", "CCCD"),
    ("cmnd", "CMND"),
    ("passport", "Hộ chiếu"),
    ("other", "Giấy tờ khác"),
)
BADGE_STYLE = (
    "background: #f59e0b; color: white; border-radius: 8px; padding: 2px 8px; font-weight: bold;"
)
NOTE_STYLE = "color: #555;"


def _combo(items: list[tuple[object, str]]) -> QComboBox:
    box = QComboBox()
    for value, text in items:
        box.addItem(text, value)
    return box


def _number_key(number: str) -> str:
    """An identity number as ``citizens.find_by_id_number`` compares it."""
    return normalize(number).replace(" ", "").upper()


def _select(box: QComboBox, value: object) -> None:
    i = box.findData(value)
    if i >= 0:
        box.setCurrentIndex(i)


class TableEditor(QWidget):
    """A small editable table with add/remove buttons and an error line under it."""

    def __init__(self, headers: list[str], add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: keyboard flow stays linear
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(150)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(self.tr("Xóa dòng"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)

    def add_row(self, values: list[str] | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col in range(self.table.columnCount()):
            text = values[col] if values and col < len(values) else ""
            self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.setCurrentCell(row, 0)
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def values(self) -> list[list[str]]:
        out = []
        for row in range(self.table.rowCount()):
            cells = []
            for col in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    cells.append(str(widget.currentData()))
                else:
                    item = self.table.item(row, col)
                    cells.append(item.text() if item else "")
            if any(normalize(c) for c in cells[:1]) or any(normalize(c) for c in cells[1:2]):
                out.append(cells)
        return out


class ReceptionDialog(QDialog):
    """New visit (``reception_id`` None) or correction of a saved one."""

    saved = Signal(int)  # reception id
    print_requested = Signal(int)  # saved with Ctrl+P: print the receipt

    def __init__(
        self, ctx: AppContext, reception_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reception_id = reception_id
        self.version: int | None = None
        self.citizen_id: int | None = None
        # What a found citizen put on screen: field → (value before, value filled in), and
        # the number that found them. Cleared when the number changes (``_forget_lookup``).
        self._lookup_fill: dict[str, tuple[str, str]] = {}
        self._lookup_number = ""
        self.saved_id: int | None = None
        self._filling = False
        self._dirty = False
        self.errors = FieldErrors()
        self.setWindowTitle(
            self.tr("Tiếp công dân — lượt mới")
            if reception_id is None
            else self.tr("Sửa lượt tiếp công dân #{id}").format(id=reception_id)
        )
        self.resize(1180, 820)
        self._build()
        self._load_people()
        if reception_id is None:
            self._defaults()
        else:
            self._load(reception_id)
        self._dirty = False

    # --- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        # Left column: when, who receives, who came.
        left = QVBoxLayout()
        grid.addLayout(left, 0, 0)
        visit_box = QGroupBox(self.tr("Buổi tiếp"))
        visit = QFormLayout(visit_box)
        self.received_at = QDateTimeEdit()
        self.received_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.received_at.setCalendarPopup(True)
        self.errors.add_row(visit, "received_at", self.tr("Ngày giờ tiếp"), self.received_at)
        self.kind = _combo([(k.value, self.tr(v)) for k, v in RECEPTION_KIND_LABELS.items()])
        self.errors.add_row(visit, "kind", self.tr("Hình thức tiếp"), self.kind)
        self.leader = QComboBox()
        self.errors.add_row(visit, "presiding_leader", self.tr("Lãnh đạo chủ trì"), self.leader)
        self.officer = QComboBox()
        self.errors.add_row(visit, "officer", self.tr("Cán bộ tiếp"), self.officer)
        left.addWidget(visit_box)

        citizen_box = QGroupBox(self.tr("Công dân"))
        cform = QFormLayout(citizen_box)
        paper_row = QHBoxLayout()
        self.id_kind = _combo([(k, self.tr(v)) for k, v in PAPER_KINDS])
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("Gõ hoặc quét số CCCD (12 chữ số)"))
        self.id_number.setClearButtonEnabled(True)
        paper_row.addWidget(self.id_kind)
        paper_row.addWidget(self.id_number, 1)
        paper = QWidget()
        paper.setLayout(paper_row)
        paper_row.setContentsMargins(0, 0, 0, 0)
        self.errors.add_row(cform, "citizen.id_number", self.tr("Giấy tờ tùy thân"), paper)
        self.errors.register(
            "citizen.id_number", self.id_number, self.errors.label("citizen.id_number")
        )
        status_row = QHBoxLayout()
        self.lookup_status = QLabel()
        self.lookup_status.setObjectName("lookup_status")
        self.lookup_status.setStyleSheet(NOTE_STYLE)
        self.repeat_badge = QLabel()
        self.repeat_badge.setObjectName("repeat_badge")
        self.repeat_badge.setStyleSheet(BADGE_STYLE)
        self.repeat_badge.hide()
        status_row.addWidget(self.lookup_status, 1)
        status_row.addWidget(self.repeat_badge)
        cform.addRow("", status_row)
        self.full_name = QLineEdit()
        self.errors.add_row(cform, "citizen.full_name", self.tr("Họ và tên"), self.full_name)
        sb_row = QHBoxLayout()
        self.sex = _combo([("", self.tr("—")), ("nam", self.tr("Nam")), ("nữ", self.tr("Nữ"))])
        self.birth_year = QLineEdit()
        self.birth_year.setValidator(QIntValidator(1900, 2100, self))
        self.birth_year.setMaximumWidth(80)
        self.birth_year.setPlaceholderText(self.tr("năm sinh"))
        sb_row.addWidget(self.sex)
        sb_row.addWidget(QLabel(self.tr("Năm sinh")))
        sb_row.addWidget(self.birth_year)
        sb_row.addStretch(1)
        sb_row.setContentsMargins(0, 0, 0, 0)
        sb = QWidget()
        sb.setLayout(sb_row)
        self.errors.add_row(cform, "citizen.sex", self.tr("Giới tính"), sb)
        self.errors.register("citizen.sex", self.sex, self.errors.label("citizen.sex"))
        by_error = QLabel()
        by_error.setObjectName("error_citizen.birth_year")
        cform.addRow("", by_error)
        self.errors.register("citizen.birth_year", self.birth_year, by_error)
        issued_row = QHBoxLayout()
        self.issued_on = QLineEdit()
        self.issued_on.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.issued_on.setMaximumWidth(110)
        self.issued_by = QLineEdit()
        self.issued_by.setPlaceholderText(self.tr("Nơi cấp"))
        issued_row.addWidget(self.issued_on)
        issued_row.addWidget(self.issued_by, 1)
        issued_row.setContentsMargins(0, 0, 0, 0)
        issued = QWidget()
        issued.setLayout(issued_row)
        self.errors.add_row(cform, "citizen.id_issued_on", self.tr("Ngày cấp, nơi cấp"), issued)
        self.errors.register(
            "citizen.id_issued_on", self.issued_on, self.errors.label("citizen.id_issued_on")
        )
        self.phone = QLineEdit()
        self.errors.add_row(cform, "citizen.phone", self.tr("Điện thoại"), self.phone)
        self.province = QComboBox()
        self.province.setEditable(True)
        self.province.addItems(citizen_service.provinces() or ["Cà Mau"])
        cform.addRow(self.tr("Tỉnh"), self.province)
        self.commune = QComboBox()
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.errors.add_row(cform, "citizen.address", self.tr("Xã, phường"), self.commune)
        self.address_detail = QLineEdit()
        self.address_detail.setPlaceholderText(self.tr("Số nhà, đường, ấp, khóm"))
        cform.addRow(self.tr("Địa chỉ cụ thể"), self.address_detail)
        self.history = QListWidget()
        self.history.setObjectName("history")
        self.history.setMaximumHeight(110)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.setWordWrap(True)  # a summary is read whole, not scrolled sideways
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history_label = QLabel(self.tr("Các lần đến trước"))
        cform.addRow(self.history_label, self.history)
        self.same_matter = QComboBox()
        self.errors.add_row(cform, "same_matter_as", self.tr("Cùng nội dung với"), self.same_matter)
        left.addWidget(citizen_box)

        group_box = QGroupBox(self.tr("Đoàn đông người"))
        gform = QFormLayout(group_box)
        self.group_size = QSpinBox()
        self.group_size.setRange(1, 1000)
        self.errors.add_row(gform, "group_size", self.tr("Số người"), self.group_size)
        self.reps = TableEditor(
            [self.tr("Họ và tên người đại diện"), self.tr("Số CCCD"), self.tr("Điện thoại")],
            self.tr("Thêm người đại diện"),
        )
        self.reps.setObjectName("representatives")
        self.errors.add_row(gform, "representatives", self.tr("Người đại diện khác"), self.reps)
        self.reps_note = QLabel(
            self.tr("Người trình bày ở trên là người đại diện thứ nhất; tối đa 5 người đại diện.")
        )
        self.reps_note.setStyleSheet(NOTE_STYLE)
        self.reps_note.setWordWrap(True)
        gform.addRow("", self.reps_note)
        left.addWidget(group_box)
        left.addStretch(1)

        # Right column: the matter, papers, outcome.
        right = QVBoxLayout()
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        matter_box = QGroupBox(self.tr("Nội dung vụ việc"))
        mform = QFormLayout(matter_box)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMinimumHeight(90)
        self.errors.add_row(mform, "summary", self.tr("Tóm tắt nội dung"), self.summary)
        kinds_row = QHBoxLayout()
        kinds_row.setContentsMargins(0, 0, 0, 0)
        self.matter_checks: dict[str, QCheckBox] = {}
        for kind, text in MATTER_KIND_LABELS.items():
            check = QCheckBox(self.tr(text))
            check.setObjectName(f"matter_{kind.value}")
            self.matter_checks[kind.value] = check
            kinds_row.addWidget(check)
        kinds_row.addStretch(1)
        kinds = QWidget()
        kinds.setLayout(kinds_row)
        self.errors.add_row(mform, "matter_kinds", self.tr("Phân loại"), kinds)
        self.corruption = QCheckBox(self.tr("Tố cáo hành vi tham nhũng"))
        self.corruption.setObjectName("corruption")
        self.errors.add_row(mform, "corruption", "", self.corruption)
        self.handled_by = QLineEdit()
        self.handled_by.setPlaceholderText(self.tr("Cơ quan đã giải quyết (nếu có)"))
        mform.addRow(self.tr("Đã được giải quyết tại"), self.handled_by)
        self.within_competence = QCheckBox(self.tr("Thuộc thẩm quyền giải quyết của cơ quan"))
        self.within_competence.setChecked(True)
        mform.addRow("", self.within_competence)
        right.addWidget(matter_box)

        docs_box = QGroupBox(self.tr("Tài liệu công dân cung cấp"))
        dform = QFormLayout(docs_box)
        self.docs = TableEditor(
            [
                self.tr("Tên tài liệu"),
                self.tr("Số trang"),
                self.tr("Tình trạng"),
                self.tr("Loại bản"),
            ],
            self.tr("Thêm tài liệu"),
        )
        self.docs.setObjectName("documents")
        self.docs.add_button.clicked.disconnect()
        self.docs.add_button.clicked.connect(lambda: self.add_document())
        self.errors.add_row(dform, "documents", "", self.docs)
        right.addWidget(docs_box)

        outcome_box = QGroupBox(self.tr("Kết quả tiếp"))
        oform = QFormLayout(outcome_box)
        self.outcome = _combo([(o.value, self.tr(t)) for o, t in OUTCOME_LABELS.items()])
        self.errors.add_row(oform, "outcome", self.tr("Kết quả"), self.outcome)
        self.guided_to = QLineEdit()
        self.guide_doc_number = QLineEdit()
        self.transferred_to = QLineEdit()
        self.transfer_doc_number = QLineEdit()
        self.appointment_at = QDateTimeEdit()
        self.appointment_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.appointment_at.setCalendarPopup(True)
        self.appointment_place = QLineEdit()
        self.appointment_purpose = QLineEdit()
        self.refusal_reason = QComboBox()
        self.refusal_reason.addItem(self.tr("— chọn lý do theo Điều 9 Luật Tiếp công dân —"), "")
        for code, (text, _notice) in svc.REFUSAL_REASONS.items():
            self.refusal_reason.addItem(self.tr(text), code)
        self.refusal_reason.setMaximumWidth(520)
        self.refusal_detail = QLineEdit()
        self._outcome_rows: dict[str, list[QWidget]] = {}
        for key, label, widget, outcome in (
            ("guided_to", "Hướng dẫn đến", self.guided_to, "guided"),
            ("guide_doc_number", "Số văn bản hướng dẫn", self.guide_doc_number, "guided"),
            ("transferred_to", "Chuyển đơn đến", self.transferred_to, "transferred"),
            ("transfer_doc_number", "Số văn bản chuyển", self.transfer_doc_number, "transferred"),
            ("appointment_at", "Ngày giờ hẹn", self.appointment_at, "appointment"),
            ("appointment_place", "Địa điểm hẹn", self.appointment_place, "appointment"),
            ("appointment_purpose", "Nội dung hẹn", self.appointment_purpose, "appointment"),
            ("refusal_reason", "Lý do từ chối", self.refusal_reason, "refused"),
            ("refusal_detail", "Diễn giải", self.refusal_detail, "refused"),
        ):
            error = self.errors.add_row(oform, key, self.tr(label), widget)
            self._outcome_rows.setdefault(outcome, []).append(widget)
            widget.setProperty("form_label", oform.labelForField(widget))
            widget.setProperty("error_label", error)
        self.followup = QPlainTextEdit()
        self.followup.setTabChangesFocus(True)
        self.followup.setMaximumHeight(70)
        oform.addRow(self.tr("Theo dõi, ghi chú"), self.followup)
        right.addWidget(outcome_box)
        right.addStretch(1)

        self.general_error = QLabel()
        self.general_error.setObjectName("general_error")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        outer.addWidget(self.general_error)
        buttons = QHBoxLayout()
        hint = QLabel(self.tr("Enter: lưu · Ctrl+Enter trong ô nhiều dòng · Esc: hủy"))
        hint.setStyleSheet(NOTE_STYLE)
        buttons.addWidget(hint, 1)
        self.save_print_button = QPushButton(self.tr("Lưu và in biên nhận (Ctrl+P)"))
        self.save_button = QPushButton(self.tr("Lưu (Enter)"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.save_print_button.setAutoDefault(False)
        buttons.addWidget(self.save_print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.save_print_button.clicked.connect(lambda: self.save(print_receipt=True))
        self.cancel_button.clicked.connect(self.reject)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: self.save(print_receipt=True))

        self.id_number.textChanged.connect(self._on_id_changed)
        self.id_number.editingFinished.connect(self._on_id_finished)
        self.id_kind.currentIndexChanged.connect(lambda _i: self._on_id_finished())
        self.province.currentTextChanged.connect(self._fill_communes)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.received_at.dateTimeChanged.connect(lambda _dt: self._on_kind_changed())
        self.group_size.valueChanged.connect(self._on_group_changed)
        self.matter_checks["denunciation"].toggled.connect(self._on_denunciation)
        self.outcome.currentIndexChanged.connect(self._on_outcome_changed)
        self.summary.installEventFilter(self)
        # Suggest the earlier visit a moment after typing stops, not only on leaving the box:
        # an officer who presses Enter straight from the summary still sees the link.
        self._suggest_timer = QTimer(self, singleShot=True, interval=400)
        self._suggest_timer.timeout.connect(self._suggest_same_matter)
        self.summary.textChanged.connect(self._suggest_timer.start)
        self._same_matter_chosen = False
        self.same_matter.activated.connect(self._on_same_matter_chosen)
        for w in self.findChildren(QLineEdit):
            w.textEdited.connect(self._mark_dirty)
        self.summary.textChanged.connect(self._mark_dirty)

        # Keyboard order: the counter's natural order, top to bottom, left then right.
        chain = [
            self.id_kind,
            self.id_number,
            self.full_name,
            self.sex,
            self.birth_year,
            self.phone,
            self.province,
            self.commune,
            self.address_detail,
            self.issued_on,
            self.issued_by,
            self.summary,
            *self.matter_checks.values(),
            self.corruption,
            self.handled_by,
            self.within_competence,
            self.outcome,
            self.guided_to,
            self.guide_doc_number,
            self.transferred_to,
            self.transfer_doc_number,
            self.appointment_at,
            self.appointment_place,
            self.appointment_purpose,
            self.refusal_reason,
            self.refusal_detail,
            self.followup,
            self.docs.table,
            self.docs.add_button,
            self.same_matter,
            self.group_size,
            self.reps.table,
            self.reps.add_button,
            self.received_at,
            self.kind,
            self.leader,
            self.officer,
            self.save_button,
            self.save_print_button,
            self.cancel_button,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)

    # --- data in -----------------------------------------------------------------------------

    def _load_people(self) -> None:
        with self.ctx.db.read() as session:
            leaders = [(u.id, u.full_name) for u in svc.leaders(session)]
            officers = [(u.id, u.full_name) for u in svc.officers(session)]
        self.leader.addItem(self.tr("— không —"), None)
        for uid, name in leaders:
            self.leader.addItem(name, uid)
        for uid, name in officers:
            self.officer.addItem(name, uid)
        if self.officer.findData(self.ctx.actor.id) < 0 and self.ctx.actor.id:
            self.officer.addItem(self.ctx.actor.full_name, self.ctx.actor.id)

    def _now(self) -> datetime:
        return self.ctx.now()

    def _defaults(self) -> None:
        now = self._now()
        self.received_at.setDateTime(QDateTime(now))
        self.appointment_at.setDateTime(QDateTime(now.replace(hour=8, minute=0)))
        _select(self.officer, self.ctx.actor.id)
        _select(self.province, None)
        self.province.setCurrentText("Cà Mau")
        self._fill_communes("Cà Mau")
        self.commune.setCurrentText("")
        self._on_kind_changed()
        self._on_group_changed()
        self._on_denunciation(False)
        self._on_outcome_changed()
        self._set_history(None)
        agency = self.ctx.agency()
        self.appointment_place.setText(
            f"Phòng tiếp công dân, {agency.name.title() if agency.name.isupper() else agency.name}"
        )
        self.id_number.setFocus()

    def _fill_communes(self, province: str) -> None:
        current = self.commune.currentText()
        self.commune.clear()
        names = citizen_service.communes(province)
        self.commune.addItems(names)
        completer = QCompleter(names, self.commune)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.commune.setCompleter(completer)
        self.commune.setCurrentText(current)

    def _load(self, reception_id: int) -> None:
        with self.ctx.db.read() as session:
            reception = svc.get(session, reception_id)
            data = svc.to_input(reception)
            self.version = reception.version
            cancelled = reception.cancelled
        self._filling = True
        try:
            self.received_at.setDateTime(QDateTime(data.received_at))
            _select(self.kind, data.kind)
            if data.presiding_leader_id is not None:
                _select(self.leader, data.presiding_leader_id)
            elif data.presiding_leader_name:
                self.leader.addItem(
                    data.presiding_leader_name, ("name", data.presiding_leader_name)
                )
                self.leader.setCurrentIndex(self.leader.count() - 1)
            _select(self.officer, data.officer_id)
            self._fill_citizen(data.citizen, found=True)
            self.group_size.setValue(data.group_size)
            for rep in data.representatives:
                self.reps.add_row([rep.full_name, rep.id_number, rep.phone])
            self.summary.setPlainText(data.summary)
            for kind, check in self.matter_checks.items():
                check.setChecked(kind in data.matter_kinds)
            self.corruption.setChecked(data.corruption)
            self.handled_by.setText(data.handled_by)
            self.within_competence.setChecked(data.within_competence)
            for doc in data.documents:
                self.add_document(doc)
            _select(self.outcome, data.outcome)
            self.guided_to.setText(data.guided_to)
            self.guide_doc_number.setText(data.guide_doc_number)
            self.transferred_to.setText(data.transferred_to)
            self.transfer_doc_number.setText(data.transfer_doc_number)
            if data.appointment_at:
                self.appointment_at.setDateTime(QDateTime(data.appointment_at))
            else:
                self.appointment_at.setDateTime(QDateTime(data.received_at))
            self.appointment_place.setText(data.appointment_place)
            self.appointment_purpose.setText(data.appointment_purpose)
            _select(self.refusal_reason, data.refusal_reason)
            self.refusal_detail.setText(data.refusal_detail)
            self.followup.setPlainText(data.followup)
            _select(self.same_matter, data.same_matter_as_id)
        finally:
            self._filling = False
        self._on_kind_changed()
        self._on_group_changed()
        self._on_denunciation(self.matter_checks["denunciation"].isChecked())
        self._on_outcome_changed()
        if cancelled:
            self.save_button.setEnabled(False)
            self.save_print_button.setEnabled(False)
            self._general(self.tr("Lượt tiếp này đã bị hủy; chỉ xem, không sửa được."))

    def add_document(self, doc: DocumentInput | None = None) -> int:
        doc = doc or DocumentInput()
        row = self.docs.add_row([doc.name, str(doc.pages), doc.condition])
        combo = _combo([(k.value, self.tr(v)) for k, v in COPY_KIND_LABELS.items()])
        _select(combo, doc.copy_kind)
        self.docs.table.setCellWidget(row, 3, combo)
        return row

    # --- reactions ---------------------------------------------------------------------------

    def _mark_dirty(self, *_args: object) -> None:
        if not self._filling:
            self._dirty = True

    def _general(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.setVisible(bool(text))

    def _on_kind_changed(self) -> None:
        regular = self.kind.currentData() == ReceptionKind.REGULAR.value
        self.leader.setEnabled(not regular)
        if regular or self._filling:
            return
        if (
            self.kind.currentData() == ReceptionKind.PERIODIC.value
            and self.leader.currentData() is None
        ):
            day = self.received_at.date().toPython()
            with self.ctx.db.read() as session:
                duty = svc.presiding_leader_for(session, day)
            if duty is not None:
                uid, name = duty
                if uid is not None and self.leader.findData(uid) >= 0:
                    _select(self.leader, uid)
                elif name:
                    self.leader.addItem(name, ("name", name))
                    self.leader.setCurrentIndex(self.leader.count() - 1)

    def _on_group_changed(self) -> None:
        group = self.group_size.value() > 1
        self.reps.setEnabled(group)
        self.reps_note.setEnabled(group)

    def _on_denunciation(self, checked: bool) -> None:
        self.corruption.setVisible(checked)
        if not checked:
            self.corruption.setChecked(False)

    def _on_outcome_changed(self) -> None:
        current = self.outcome.currentData()
        for outcome, widgets in self._outcome_rows.items():
            for w in widgets:
                visible = outcome == current
                w.setVisible(visible)
                label = w.property("form_label")
                if label is not None:
                    label.setVisible(visible)
                if not visible:
                    error = w.property("error_label")
                    if error is not None:
                        error.hide()

    def _on_id_changed(self, text: str) -> None:
        if self._filling:
            return
        # A scanner types the whole QR content of a chip card at once.
        if "|" in text:
            parsed = citizen_service.parse_cccd_qr(text)
            if parsed is not None:
                self._filling = True
                self.id_number.setText(parsed.id_number)
                self._filling = False
                self._lookup(parsed.id_number, scanned=parsed)
            return
        if self._lookup_number and _number_key(text) == _number_key(self._lookup_number):
            return  # the number that found the citizen, written another way
        if self.citizen_id is not None or self._lookup_fill:
            self._forget_lookup()  # another number: another person
        digits = "".join(ch for ch in text if ch.isdigit())
        if self.id_kind.currentData() == "cccd" and len(digits) == 12:
            self._lookup(digits)

    def _on_id_finished(self) -> None:
        number = normalize(self.id_number.text())
        if number and self.id_kind.currentData() != "cccd" and self.citizen_id is None:
            self._lookup(number)

    def _lookup(self, number: str, scanned: CitizenInput | None = None) -> None:
        with self.ctx.db.read() as session:
            found = citizen_service.find_by_id_number(session, number)
            data = CitizenInput.from_citizen(found) if found else None
        label = self.errors.label("citizen.id_number")
        label.hide()
        # Whoever an earlier look-up found is not the person of this number (a card scanned
        # after another): their details go before anything else is filled in.
        self._forget_lookup()
        if data is not None:
            before = self._citizen_values()
            self._fill_citizen(data, found=True)
            after = self._citizen_values()
            self._lookup_fill = {k: (before[k], v) for k, v in after.items() if v != before[k]}
            self._lookup_number = data.id_number
            self.summary.setFocus()
            return
        if scanned is not None:
            self._fill_citizen(scanned, found=False)
        if self.id_kind.currentData() == "cccd":
            from camau_reception.domain.citizen_id import InvalidCitizenId, parse_cccd

            try:
                info = parse_cccd(number, today=self.ctx.today())
            except InvalidCitizenId as exc:
                label.setText(exc.message)
                label.show()
                return
            _select(self.sex, info.sex)
            self.birth_year.setText(str(info.birth_year))
            place = f" (khai sinh tại {info.province_name})" if info.province_name else ""
            self.lookup_status.setText(
                self.tr("Công dân mới{place}: giới tính, năm sinh lấy từ số CCCD.").format(
                    place=place
                )
            )
        else:
            self.lookup_status.setText(self.tr("Công dân mới."))
        if not self.full_name.text():
            self.full_name.setFocus()

    def _citizen_values(self) -> dict[str, str]:
        """The citizen fields a look-up may fill, as shown (province before commune)."""
        return {
            "full_name": self.full_name.text(),
            "sex": self.sex.currentData() or "",
            "birth_year": self.birth_year.text(),
            "issued_on": self.issued_on.text(),
            "issued_by": self.issued_by.text(),
            "phone": self.phone.text(),
            "province": self.province.currentText(),
            "commune": self.commune.currentText(),
            "address_detail": self.address_detail.text(),
        }

    def _set_citizen_value(self, key: str, value: str) -> None:
        if key == "sex":
            _select(self.sex, value)
        elif key in ("province", "commune"):
            getattr(self, key).setCurrentText(value)
        else:
            getattr(self, key).setText(value)

    def _forget_lookup(self) -> None:
        """The number no longer names the citizen found: take their details off the screen.

        Only the fields the look-up filled and the officer has not changed since go back to
        what they were before it (empty on a new visit); whatever the officer typed stays.
        The found citizen's history, badge and status line go too.
        """
        fill, self._lookup_fill = self._lookup_fill, {}
        self._lookup_number = ""
        if fill:
            was = self._filling
            self._filling = True
            try:
                current = self._citizen_values()
                for key, (before, filled) in fill.items():
                    if current[key] == filled:
                        self._set_citizen_value(key, before)
            finally:
                self._filling = was
        if self.citizen_id is not None or fill:
            self.citizen_id = None
            self._set_history(None)

    def _fill_citizen(self, data: CitizenInput, *, found: bool) -> None:
        was = self._filling
        self._filling = True
        try:
            _select(self.id_kind, data.id_kind)
            self.id_number.setText(data.id_number)
            self.full_name.setText(data.full_name)
            _select(self.sex, data.sex)
            self.birth_year.setText(str(data.birth_year) if data.birth_year else "")
            self.issued_on.setText(
                data.id_issued_on.strftime("%d/%m/%Y") if data.id_issued_on else ""
            )
            self.issued_by.setText(data.id_issued_by)
            if data.phone or found:
                self.phone.setText(data.phone)
            if data.province:
                self.province.setCurrentText(data.province)
            if data.commune or found:
                self.commune.setCurrentText(data.commune)
            if data.address_detail or found:
                self.address_detail.setText(data.address_detail)
        finally:
            self._filling = was
        if found and data.citizen_id is not None:
            self.citizen_id = data.citizen_id
            self._set_history(data.citizen_id)

    def _set_history(self, citizen_id: int | None) -> None:
        self.history.clear()
        current_same = self.same_matter.currentData()
        self.same_matter.clear()
        self._same_matter_chosen = False
        self.same_matter.addItem(self.tr("— nội dung mới —"), None)
        if citizen_id is None:
            self.repeat_badge.hide()
            self.history.hide()
            self.history_label.hide()
            self.lookup_status.setText("")
            return
        with self.ctx.db.read() as session:
            visits = [
                r
                for r in svc.citizen_history(session, citizen_id, limit=30)
                if r.id != self.reception_id
            ]
            petitions = svc.citizen_petitions(session, citizen_id)
        for r in visits:
            kinds = ", ".join(MATTER_KIND_LABELS[k] for k in r.matter_kinds)
            text = f"{r.received_at:%d/%m/%Y} · {kinds} · {r.summary[:90]}"
            if r.cancelled:
                text = self.tr("[đã hủy] ") + text
            self.history.addItem(text)
            self.history.item(self.history.count() - 1).setToolTip(text)
            if not r.cancelled:
                self.same_matter.addItem(
                    f"#{r.id} {r.received_at:%d/%m/%Y}: {r.summary[:60]}", r.id
                )
        for code, summary in petitions:
            self.history.addItem(
                self.tr("Đơn {code}: {summary}").format(code=code, summary=summary[:90])
            )
        live = [r for r in visits if not r.cancelled]
        self.history.setVisible(bool(visits or petitions))
        self.history_label.setVisible(bool(visits or petitions))
        if live:
            self.repeat_badge.setText(self.tr("Đã đến {n} lần").format(n=len(live)))
            self.repeat_badge.show()
            self.lookup_status.setText(self.tr("Công dân đã có trong sổ; thông tin đã được điền."))
        else:
            self.repeat_badge.hide()
            self.lookup_status.setText(
                self.tr("Công dân đã có trong hồ sơ; thông tin đã được điền.")
            )
        if current_same is not None:
            _select(self.same_matter, current_same)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.summary and event.type() == QEvent.Type.FocusOut:
            self._suggest_same_matter()
        return super().eventFilter(obj, event)

    def _on_same_matter_chosen(self, _index: int) -> None:
        self._same_matter_chosen = True  # the officer's choice is never overridden

    def _suggest_same_matter(self) -> None:
        """Pre-select the earlier visit with the most similar summary; the officer may clear it."""
        self._suggest_timer.stop()
        if (
            self.citizen_id is None
            or self._same_matter_chosen
            or self.same_matter.currentData() is not None
        ):
            return
        kinds = {k for k, c in self.matter_checks.items() if c.isChecked()}
        with self.ctx.db.read() as session:
            suggestion = svc.suggest_same_matter(
                session, self.citizen_id, self.summary.toPlainText(), kinds
            )
        if suggestion is not None and suggestion != self.reception_id:
            _select(self.same_matter, suggestion)

    # --- data out ----------------------------------------------------------------------------

    def collect(self) -> tuple[ReceptionInput | None, dict[str, str]]:
        """The form as a ``ReceptionInput``; errors the form itself can see (unparsable text)."""
        local: dict[str, str] = {}
        birth = self.birth_year.text().strip()
        issued_text = normalize(self.issued_on.text())
        issued: date | None = None
        if issued_text:
            try:
                d, m, y = (int(p) for p in issued_text.replace("-", "/").split("/"))
                issued = date(y, m, d)
            except ValueError:
                local["citizen.id_issued_on"] = self.tr("Ngày cấp viết theo dạng 05/01/2021.")
        citizen = CitizenInput(
            full_name=self.full_name.text(),
            id_kind=self.id_kind.currentData(),
            id_number=self.id_number.text(),
            id_issued_on=issued,
            id_issued_by=self.issued_by.text(),
            sex=self.sex.currentData() or "",
            birth_year=int(birth) if birth.isdigit() else None,
            phone=self.phone.text(),
            province=self.province.currentText(),
            commune=self.commune.currentText(),
            address_detail=self.address_detail.text(),
            citizen_id=self.citizen_id,
        )
        province, commune = citizen.province, citizen.commune
        reps = []
        for name, number, phone in self.reps.values():
            kind = "cccd" if normalize(number) else "other"
            reps.append(
                CitizenInput(
                    full_name=name,
                    id_kind=kind,
                    id_number=number,
                    phone=phone,
                    province=province,
                    commune=commune,
                )
            )
        docs = []
        for i, (name, pages, condition, copy_kind) in enumerate(self.docs.values()):
            try:
                n = int(normalize(pages) or "1")
            except ValueError:
                local[f"documents.{i}.pages"] = self.tr(
                    "Tài liệu thứ {n}: số trang phải là một số."
                ).format(n=i + 1)
                n = 1
            docs.append(DocumentInput(name, n, condition, copy_kind))
        leader_data = self.leader.currentData()
        leader_id = leader_data if isinstance(leader_data, int) else None
        leader_name = leader_data[1] if isinstance(leader_data, tuple) else ""
        regular = self.kind.currentData() == ReceptionKind.REGULAR.value
        outcome = self.outcome.currentData()
        data = ReceptionInput(
            received_at=self.received_at.dateTime().toPython().replace(second=0, microsecond=0),
            citizen=citizen,
            summary=self.summary.toPlainText(),
            kind=self.kind.currentData(),
            presiding_leader_id=None if regular else leader_id,
            presiding_leader_name="" if regular else leader_name,
            officer_id=self.officer.currentData(),
            group_size=self.group_size.value(),
            representatives=reps if self.group_size.value() > 1 else [],
            matter_kinds={k for k, c in self.matter_checks.items() if c.isChecked()},
            corruption=self.corruption.isChecked(),
            handled_by=self.handled_by.text(),
            within_competence=self.within_competence.isChecked(),
            documents=docs,
            outcome=outcome,
            guided_to=self.guided_to.text() if outcome == Outcome.GUIDED.value else "",
            guide_doc_number=self.guide_doc_number.text()
            if outcome == Outcome.GUIDED.value
            else "",
            transferred_to=self.transferred_to.text()
            if outcome == Outcome.TRANSFERRED.value
            else "",
            transfer_doc_number=(
                self.transfer_doc_number.text() if outcome == Outcome.TRANSFERRED.value else ""
            ),
            appointment_at=(
                self.appointment_at.dateTime().toPython().replace(second=0, microsecond=0)
                if outcome == Outcome.APPOINTMENT.value
                else None
            ),
            appointment_place=(
                self.appointment_place.text() if outcome == Outcome.APPOINTMENT.value else ""
            ),
            appointment_purpose=(
                self.appointment_purpose.text() if outcome == Outcome.APPOINTMENT.value else ""
            ),
            refusal_reason=self.refusal_reason.currentData() or "",
            refusal_detail=self.refusal_detail.text(),
            followup=self.followup.toPlainText(),
            same_matter_as_id=self.same_matter.currentData(),
        )
        return data, local

    def _show_errors(self, errors: dict[str, str]) -> None:
        merged: dict[str, str] = {}
        for key, message in errors.items():
            for table in ("representatives", "documents"):
                if key.startswith(table + "."):
                    key = table
            if key in merged:
                merged[key] += "\n" + message
            else:
                merged[key] = message
        unmatched = self.errors.show(merged)
        self._general("\n".join(unmatched))

    def save(self, print_receipt: bool = False) -> None:
        if not self.save_button.isEnabled():
            return
        data, local = self.collect()
        self._general("")
        if local:
            self._show_errors(local)
            return
        assert data is not None
        now = self.ctx.now()
        try:
            with self.ctx.db.write() as session:
                if self.reception_id is None:
                    reception = svc.record(session, self.ctx.actor, data, now=now)
                else:
                    assert self.version is not None
                    reception = svc.update(
                        session, self.ctx.actor, self.reception_id, data, self.version, now=now
                    )
                saved_id = reception.id
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        except ConflictError as exc:
            self.errors.clear()
            self._general(exc.message)
            return
        except ServiceError as exc:
            self.errors.clear()
            self._general(exc.message)
            return
        self.errors.clear()
        self.saved_id = saved_id
        self._dirty = False
        self.ctx.notify("reception")
        self.saved.emit(saved_id)
        if print_receipt:
            self.print_requested.emit(saved_id)
        self.accept()

    def reject(self) -> None:
        if self._dirty and not messages.confirm(
            self,
            self.tr("Bỏ lượt tiếp đang nhập"),
            self.tr("Thông tin đang nhập chưa được lưu. Bỏ và đóng cửa sổ?"),
            yes=self.tr("Bỏ, không lưu"),
        ):
            return
        super().reject()


def can_record(ctx: AppContext) -> bool:
    return ctx.actor.has(Role.OFFICER, Role.LEADER, Role.INSPECTOR)
