"""Dialogs of the reception calendar: a recurrence rule with a live preview of the days it
gives (and the ones it moves off days off), one session, move/postpone, deputise, the desk of
one day, the directory, and publishing a month or quarter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.recurrence import WEEKDAY_NAMES, Rule, occurrences
from camau_reception.services import schedule
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.widgets.form_errors import FieldErrors

RED = "#b3261e"


def to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date_edit(d: date) -> QDateEdit:
    w = QDateEdit(to_qdate(d))
    w.setCalendarPopup(True)
    w.setDisplayFormat("dd/MM/yyyy")
    return w


def _time_edit(hhmm: str) -> QTimeEdit:
    h, m = (int(x) for x in hhmm.split(":"))
    w = QTimeEdit(QTime(h, m))
    w.setDisplayFormat("HH:mm")
    return w


def _hhmm(w: QTimeEdit) -> str:
    return w.time().toString("HH:mm")


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setObjectName("ok_button")
    ok.setDefault(True)
    box.addButton(dialog.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.submit)  # type: ignore[attr-defined]
    box.rejected.connect(dialog.reject)
    return box, ok


class _ServiceDialog(QDialog):
    """Runs ``save(session)`` in one write transaction; field errors show by their fields,
    anything else in the banner at the top of the dialog. Nothing is half-saved."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrors()
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {RED};")
        self.banner.hide()
        self._error_rows: list[tuple[QFormLayout, str, QWidget]] = []

    def row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        """A form row with its error line; the error line takes no room until it has text."""
        self.errors.add_row(form, key, label, widget)
        self._error_rows.append((form, key, widget))
        form.setRowVisible(self.errors.label(key), False)

    def sync_error_rows(self) -> None:
        for form, key, widget in self._error_rows:
            label = self.errors.label(key)
            form.setRowVisible(label, bool(label.text()) and not widget.isHidden())

    def save(self, session) -> None:  # pragma: no cover - every dialog overrides it
        raise NotImplementedError

    def submit(self) -> None:
        self.banner.hide()
        try:
            with self.ctx.db.write() as session:
                self.save(session)
        except ValidationError as exc:
            rest = self.errors.show(exc.errors)
            self.sync_error_rows()
            if rest:
                self.banner.setText("\n".join(rest))
                self.banner.show()
            return
        except ServiceError as exc:
            self.errors.clear()
            self.sync_error_rows()
            self.banner.setText(exc.message)
            self.banner.show()
            return
        self.ctx.notify("schedule")
        self.accept()


def _leader_combo(ctx: AppContext, exclude: int | None = None) -> QComboBox:
    combo = QComboBox()
    with ctx.db.read() as session:
        for p in schedule.list_leaders(session):
            if p.id != exclude:
                combo.addItem(f"{p.full_name} — {p.position}", p.id)
    return combo


class RuleDialog(_ServiceDialog):
    """Fill a period at once: "Thứ Năm tuần thứ 2 của mỗi tháng", "Ngày 15 hằng tháng",
    "Thứ Ba và Thứ Năm hằng tuần" (desk roster). The preview lists every day and each move."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, target: str = "session"
    ) -> None:
        super().__init__(ctx, parent)
        self.created = 0
        self.setWindowTitle(self.tr("Lập lịch theo quy tắc lặp"))
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        top = QHBoxLayout()
        form = QFormLayout()
        self.form = form
        self.target = QComboBox()
        self.target.setObjectName("rule_target")
        self.target.addItem(self.tr("Buổi tiếp định kỳ của lãnh đạo"), "session")
        self.target.addItem(self.tr("Cán bộ trực bàn tiếp công dân"), "desk")
        self.kind = QComboBox()
        self.kind.setObjectName("rule_kind")
        self.kind.addItem(self.tr("Thứ … của tuần thứ … mỗi tháng"), "nth_weekday")
        self.kind.addItem(self.tr("Ngày … hằng tháng"), "day_of_month")
        self.kind.addItem(self.tr("Các thứ trong tuần"), "weekdays")
        self.weekday = QComboBox()
        for i, name in enumerate(WEEKDAY_NAMES[:5]):
            self.weekday.addItem(name, i)
        self.weekday.setCurrentIndex(3)
        self.nth = QComboBox()
        for n, label in ((1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5"), (-1, "cuối cùng")):
            self.nth.addItem(self.tr(label), n)
        self.nth.setCurrentIndex(1)
        self.day = QSpinBox()
        self.day.setObjectName("rule_day")
        self.day.setRange(1, 31)
        self.day.setValue(15)
        self.week_box = QWidget()
        week_layout = QHBoxLayout(self.week_box)
        week_layout.setContentsMargins(0, 0, 0, 0)
        self.week_checks: list[QCheckBox] = []
        for i, name in enumerate(WEEKDAY_NAMES[:5]):
            cb = QCheckBox(name)
            cb.setChecked(i in (1, 3))
            cb.setObjectName(f"weekday_{i}")
            self.week_checks.append(cb)
            week_layout.addWidget(cb)
        self.shift = QComboBox()
        self.shift.addItem(self.tr("ngày làm việc liền sau"), "forward")
        self.shift.addItem(self.tr("ngày làm việc liền trước"), "backward")
        today = ctx.today()
        self.start = _date_edit(date(today.year, today.month, 1))
        self.end = _date_edit(date(today.year, 12, 31))
        self.leader = _leader_combo(ctx)
        self.leader.setObjectName("rule_leader")
        self.start_time = _time_edit("07:30")
        self.end_time = _time_edit("11:00")
        self.place = QLineEdit(schedule.DEFAULT_PLACE)
        self.topics = QLineEdit()
        self.topics.setPlaceholderText(self.tr("Ví dụ: khiếu nại, tố cáo thuộc lĩnh vực di sản"))
        self.half = QComboBox()
        self.half.addItem(self.tr("Buổi sáng"), "morning")
        self.half.addItem(self.tr("Buổi chiều"), "afternoon")
        self.staff = QListWidget()
        self.staff.setObjectName("rule_staff")
        self.staff.setMaximumHeight(110)
        with ctx.db.read() as session:
            for p in schedule.list_staff(session):
                item = QListWidgetItem(f"{p.full_name} — {p.position}")
                item.setData(Qt.ItemDataRole.UserRole, p.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.staff.addItem(item)
        form.addRow(self.tr("Lập cho:"), self.target)
        self.row(form, "kind", self.tr("Kiểu lặp:"), self.kind)
        self.row(form, "weekday", self.tr("Thứ:"), self.weekday)
        self.row(form, "nth", self.tr("Tuần thứ:"), self.nth)
        self.row(form, "day", self.tr("Ngày trong tháng:"), self.day)
        self.row(form, "weekdays", self.tr("Các thứ:"), self.week_box)
        self.errors.add_row(
            form, "shift", self.tr("Rơi vào ngày nghỉ thì chuyển sang:"), self.shift
        )
        form.addRow(self.tr("Từ ngày:"), self.start)
        self.row(form, "end", self.tr("Đến ngày:"), self.end)
        self.row(form, "presiding", self.tr("Lãnh đạo chủ trì:"), self.leader)
        self.row(form, "start_time", self.tr("Giờ bắt đầu:"), self.start_time)
        self.row(form, "end_time", self.tr("Giờ kết thúc:"), self.end_time)
        form.addRow(self.tr("Địa điểm:"), self.place)
        form.addRow(self.tr("Nội dung dự kiến:"), self.topics)
        self.row(form, "half", self.tr("Buổi:"), self.half)
        self.row(form, "staff", self.tr("Cán bộ trực:"), self.staff)
        top.addLayout(form, 3)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("rule_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.preview = QTableWidget(0, 3)
        self.preview.setObjectName("rule_preview")
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Theo quy tắc"), self.tr("Ngày xếp lịch"), self.tr("Ghi chú")]
        )
        self.preview.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.verticalHeader().hide()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 1)
        box, self.ok = _buttons(self, self.tr("Lập lịch"))
        layout.addWidget(box)
        for w in (self.target, self.kind, self.weekday, self.nth, self.shift):
            w.currentIndexChanged.connect(self.refresh)
        self.day.valueChanged.connect(self.refresh)
        for w in (self.start, self.end):
            w.dateChanged.connect(self.refresh)
        for cb in self.week_checks:
            cb.toggled.connect(self.refresh)
        self.target.setCurrentIndex(self.target.findData(target))
        if target == "desk":
            self.kind.setCurrentIndex(self.kind.findData("weekdays"))
        self.refresh()

    def rule(self) -> Rule:
        return Rule(
            self.kind.currentData(),
            weekday=self.weekday.currentData(),
            nth=self.nth.currentData(),
            day=self.day.value(),
            weekdays=tuple(i for i, cb in enumerate(self.week_checks) if cb.isChecked()),
            shift=self.shift.currentData(),
        )

    def checked_staff(self) -> list[int]:
        return [
            self.staff.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.staff.count())
            if self.staff.item(i).checkState() == Qt.CheckState.Checked
        ]

    def refresh(self) -> None:
        kind, desk = self.kind.currentData(), self.target.currentData() == "desk"
        rows = {
            self.weekday: kind == "nth_weekday",
            self.nth: kind == "nth_weekday",
            self.day: kind == "day_of_month",
            self.week_box: kind == "weekdays",
            self.shift: kind != "weekdays",
            self.leader: not desk,
            self.start_time: not desk,
            self.end_time: not desk,
            self.place: not desk,
            self.topics: not desk,
            self.half: desk,
            self.staff: desk,
        }
        for widget, visible in rows.items():
            self.form.setRowVisible(widget, visible)
        self.sync_error_rows()
        rule = self.rule()
        self.preview.setRowCount(0)
        if rule.errors():
            self.summary.setText(self.tr("Quy tắc chưa đủ: ") + "; ".join(rule.errors().values()))
            return
        start, end = to_date(self.start.date()), to_date(self.end.date())
        occ = occurrences(rule, start, end, self.ctx.calendar()) if end >= start else []
        moved = sum(1 for o in occ if o.moved)
        self.summary.setText(
            self.tr("{rule}: {n} ngày, {m} ngày chuyển khỏi ngày nghỉ.").format(
                rule=rule.describe(), n=len(occ), m=moved
            )
        )
        self.preview.setRowCount(len(occ))
        for r, o in enumerate(occ):
            cells = [f"{o.planned:%d/%m/%Y}", f"{WEEKDAY_NAMES[o.day.weekday()]} {o.day:%d/%m/%Y}"]
            for c, text in enumerate([*cells, o.note]):
                item = QTableWidgetItem(text)
                if o.moved:
                    item.setForeground(QColor(RED))
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()

    def save(self, session) -> None:
        start, end = to_date(self.start.date()), to_date(self.end.date())
        if self.target.currentData() == "desk":
            self.created = schedule.fill_desk(
                session,
                self.ctx.actor,
                self.rule(),
                start,
                end,
                self.half.currentData(),
                self.checked_staff(),
                cal=self.ctx.calendar(),
            )
        else:
            self.created = len(
                schedule.generate(
                    session,
                    self.ctx.actor,
                    self.rule(),
                    start,
                    end,
                    self.leader.currentData() or 0,
                    start_time=_hhmm(self.start_time),
                    end_time=_hhmm(self.end_time),
                    place=self.place.text(),
                    topics=self.topics.text(),
                    cal=self.ctx.calendar(),
                )
            )


class SessionDialog(_ServiceDialog):
    """One reception day: add by hand on a chosen day, or edit time, place, topics, leader."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
        session_id: int | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.session_id = session_id
        self.version: int | None = None
        self.setWindowTitle(
            self.tr("Sửa buổi tiếp") if session_id else self.tr("Thêm buổi tiếp công dân")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        form = QFormLayout()
        self.day = _date_edit(day or ctx.today())
        self.day.setObjectName("session_day")
        self.leader = _leader_combo(ctx)
        self.leader.setObjectName("session_leader")
        self.start_time = _time_edit("07:30")
        self.end_time = _time_edit("11:00")
        self.place = QLineEdit(schedule.DEFAULT_PLACE)
        self.place.setObjectName("session_place")
        self.topics = QPlainTextEdit()
        self.topics.setMaximumHeight(70)
        if session_id:
            with ctx.db.read() as session:
                s = schedule.get_session(session, session_id)
                self.day.setDate(to_qdate(s.day))
                self.day.setEnabled(False)  # the day changes by "Dời/Hoãn", which is audited
                self.leader.setCurrentIndex(self.leader.findData(s.presiding_id))
                self.start_time.setTime(QTime.fromString(s.start_time, "HH:mm"))
                self.end_time.setTime(QTime.fromString(s.end_time, "HH:mm"))
                self.place.setText(s.place)
                self.topics.setPlainText(s.topics)
                self.version = s.version
        self.row(form, "day", self.tr("Ngày:"), self.day)
        self.row(form, "presiding", self.tr("Lãnh đạo chủ trì:"), self.leader)
        self.row(form, "start_time", self.tr("Giờ bắt đầu:"), self.start_time)
        self.row(form, "end_time", self.tr("Giờ kết thúc:"), self.end_time)
        form.addRow(self.tr("Địa điểm:"), self.place)
        form.addRow(self.tr("Nội dung dự kiến:"), self.topics)
        layout.addLayout(form)
        box, self.ok = _buttons(self, self.tr("Lưu"))
        layout.addWidget(box)

    def save(self, session) -> None:
        args = dict(
            start_time=_hhmm(self.start_time),
            end_time=_hhmm(self.end_time),
            place=self.place.text(),
            topics=self.topics.toPlainText(),
        )
        if self.session_id:
            schedule.update_session(
                session,
                self.ctx.actor,
                self.session_id,
                presiding_id=self.leader.currentData() or 0,
                version=self.version,
                **args,
            )
        else:
            schedule.create_session(
                session,
                self.ctx.actor,
                to_date(self.day.date()),
                self.leader.currentData() or 0,
                cal=self.ctx.calendar(),
                **args,
            )


class MoveDialog(_ServiceDialog):
    """Move a day by hand, or postpone it (hoãn) with a reason and a new date."""

    def __init__(
        self,
        ctx: AppContext,
        session_id: int,
        parent: QWidget | None = None,
        *,
        postpone: bool = False,
    ) -> None:
        super().__init__(ctx, parent)
        self.session_id = session_id
        with ctx.db.read() as session:
            s = schedule.get_session(session, session_id)
            self.version, old, who = s.version, s.day, s.acting.full_name
        self.setWindowTitle(self.tr("Hoãn buổi tiếp") if postpone else self.tr("Dời buổi tiếp"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(
            QLabel(self.tr("Buổi tiếp ngày {d} của {who}.").format(d=f"{old:%d/%m/%Y}", who=who))
        )
        form = QFormLayout()
        self.move_radio = QRadioButton(self.tr("Dời lịch (điều chỉnh kế hoạch)"))
        self.postpone_radio = QRadioButton(self.tr("Hoãn buổi tiếp, thông báo ngày tiếp mới"))
        (self.postpone_radio if postpone else self.move_radio).setChecked(True)
        form.addRow(self.move_radio)
        form.addRow(self.postpone_radio)
        self.new_day = _date_edit(old)
        self.new_day.setObjectName("new_day")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.hint = QLabel()
        self.hint.setObjectName("publication_hint")
        self.hint.setWordWrap(True)
        self.row(form, "new_day", self.tr("Ngày mới:"), self.new_day)
        self.row(form, "reason", self.tr("Lý do:"), self.reason)
        form.addRow(self.hint)
        layout.addLayout(form)
        box, self.ok = _buttons(self, self.tr("Lưu"))
        layout.addWidget(box)
        self.new_day.dateChanged.connect(self.update_hint)
        self.update_hint()

    def update_hint(self) -> None:
        from camau_reception.domain.deadlines import latest_publication_date
        from camau_reception.services.deadline_rules import rulebook

        day = to_date(self.new_day.date())
        cal = self.ctx.calendar()
        if not cal.is_working_day(day):
            self.hint.setText(
                self.tr("Ngày {d} là ngày nghỉ ({why}).").format(
                    d=f"{day:%d/%m/%Y}", why=cal.day_off_name(day) or self.tr("cuối tuần")
                )
            )
            return
        with self.ctx.db.read() as session:
            deadline = latest_publication_date(day, cal, rulebook(session))
        late = deadline.due < self.ctx.today()
        self.hint.setStyleSheet(f"color: {RED};" if late else "")
        self.hint.setText(
            self.tr("Phải niêm yết lịch mới chậm nhất ngày {d}{late}.").format(
                d=f"{deadline.due:%d/%m/%Y}",
                late=self.tr(" — đã quá hạn niêm yết 05 ngày làm việc") if late else "",
            )
        )

    def save(self, session) -> None:
        schedule.move(
            session,
            self.ctx.actor,
            self.session_id,
            to_date(self.new_day.date()),
            self.reason.text(),
            self.version,
            postpone=self.postpone_radio.isChecked(),
            cal=self.ctx.calendar(),
        )


class DeputiseDialog(_ServiceDialog):
    """Ủy quyền: hand a leader's day to another leader, with the reason."""

    def __init__(self, ctx: AppContext, session_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.session_id = session_id
        with ctx.db.read() as session:
            s = schedule.get_session(session, session_id)
            self.version, presiding = s.version, s.presiding_id
            text = self.tr("Buổi tiếp ngày {d} do {who} chủ trì.").format(
                d=f"{s.day:%d/%m/%Y}", who=s.presiding.full_name
            )
        self.setWindowTitle(self.tr("Ủy quyền chủ trì tiếp công dân"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(QLabel(text))
        form = QFormLayout()
        self.deputy = _leader_combo(ctx, exclude=presiding)
        self.deputy.setObjectName("deputy")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.row(form, "deputy", self.tr("Người được ủy quyền:"), self.deputy)
        self.row(form, "reason", self.tr("Lý do:"), self.reason)
        layout.addLayout(form)
        box, self.ok = _buttons(self, self.tr("Ủy quyền"))
        layout.addWidget(box)

    def save(self, session) -> None:
        schedule.deputise(
            session,
            self.ctx.actor,
            self.session_id,
            self.deputy.currentData() or 0,
            self.reason.text(),
            self.version,
        )


class DeskDialog(_ServiceDialog):
    """Who staffs the desk on one day, morning and afternoon."""

    def __init__(self, ctx: AppContext, day: date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.day = day
        self.setWindowTitle(self.tr("Trực tiếp công dân ngày {d}").format(d=f"{day:%d/%m/%Y}"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        row = QHBoxLayout()
        self.lists: dict[str, QListWidget] = {}
        with ctx.db.read() as session:
            people = [(p.id, f"{p.full_name} — {p.position}") for p in schedule.list_staff(session)]
            current = {(d.half, d.staff_id) for d in schedule.desk_between(session, day, day)}
        for half, label in (
            ("morning", self.tr("Buổi sáng")),
            ("afternoon", self.tr("Buổi chiều")),
        ):
            col = QVBoxLayout()
            col.addWidget(QLabel(label))
            lw = QListWidget()
            lw.setObjectName(f"desk_{half}")
            for pid, name in people:
                item = QListWidgetItem(name)
                item.setData(Qt.ItemDataRole.UserRole, pid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = (half, pid) in current
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                lw.addItem(item)
            col.addWidget(lw)
            row.addLayout(col)
            self.lists[half] = lw
        layout.addLayout(row)
        box, self.ok = _buttons(self, self.tr("Lưu"))
        layout.addWidget(box)

    def save(self, session) -> None:
        for half, lw in self.lists.items():
            ids = [
                lw.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(lw.count())
                if lw.item(i).checkState() == Qt.CheckState.Checked
            ]
            schedule.set_desk(session, self.ctx.actor, self.day, half, ids)


class PublishDialog(_ServiceDialog):
    """Publish (niêm yết) a month or quarter: freezes a version; shows what changed since the
    version before, so the notice can say so."""

    def __init__(self, ctx: AppContext, month: date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.row_version = 0
        self.setWindowTitle(self.tr("Niêm yết lịch tiếp công dân"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        form = QFormLayout()
        self.period = QComboBox()
        self.period.setObjectName("publish_period")
        q = (month.month - 1) // 3 + 1
        self.period.addItem(
            self.tr("Tháng {m:02d}/{y}").format(m=month.month, y=month.year), f"{month:%Y-%m}"
        )
        self.period.addItem(
            self.tr("Quý {q} năm {y}").format(q=q, y=month.year), f"{month.year}-Q{q}"
        )
        self.row(form, "period", self.tr("Kỳ niêm yết:"), self.period)
        form.addRow(self.tr("Ngày niêm yết:"), QLabel(f"{ctx.today():%d/%m/%Y}"))
        layout.addLayout(form)
        self.changes = QListWidget()
        self.changes.setObjectName("publish_changes")
        layout.addWidget(QLabel(self.tr("Nội dung sẽ niêm yết:")))
        layout.addWidget(self.changes, 1)
        box, self.ok = _buttons(self, self.tr("Niêm yết"))
        layout.addWidget(box)
        self.period.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        period = self.period.currentData()
        self.changes.clear()
        with self.ctx.db.read() as session:
            pending = schedule.pending_changes(session, period)
            current = schedule.snapshot(session, period)
            last = schedule.latest_version(session, period)
            start, end = schedule.period_bounds(period)
            live = [
                x
                for x in schedule.sessions_between(session, start, end)
                if x.status in schedule.LIVE
            ]
            states = schedule.publication_state(
                session, live, self.ctx.today(), self.ctx.calendar()
            )
            # Posting today is too late for these: the notice should not hide it.
            late = [
                (x.day, states[x.id].latest)
                for x in live
                if states[x.id].published_on is None and states[x.id].latest < self.ctx.today()
            ]
            last_text = (
                self.tr("Bản {v} đã niêm yết ngày {d}.").format(
                    v=last.version, d=f"{last.published_on:%d/%m/%Y}"
                )
                if last
                else ""
            )
        if pending is None:
            self.changes.addItem(self.tr("Bản đầu tiên, {n} buổi tiếp:").format(n=len(current)))
            for x in current:
                d = date.fromisoformat(x["day"])
                self.changes.addItem(f"  {d:%d/%m/%Y} {x['time']} – {x['presiding']}")
        elif not pending:
            self.changes.addItem(last_text + " " + self.tr("Lịch chưa thay đổi."))
        else:
            self.changes.addItem(last_text + " " + self.tr("Thay đổi so với bản trước:"))
            for line in pending:
                self.changes.addItem("  " + line)

        for day, latest in late:
            item = QListWidgetItem(
                self.tr("Niêm yết muộn: buổi {d} phải niêm yết chậm nhất ngày {l}.").format(
                    d=f"{day:%d/%m/%Y}", l=f"{latest:%d/%m/%Y}"
                )
            )
            item.setForeground(QColor(RED))
            self.changes.addItem(item)

    def save(self, session) -> None:
        row = schedule.publish(session, self.ctx.actor, self.period.currentData(), self.ctx.today())
        self.row_version = row.version


class PersonDialog(_ServiceDialog):
    """Add or edit one person of the directory."""

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, person_id: int | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.person_id = person_id
        self.setWindowTitle(self.tr("Sửa thông tin") if person_id else self.tr("Thêm người"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        form = QFormLayout()
        self.full_name = QLineEdit()
        self.full_name.setObjectName("person_name")
        self.position = QComboBox()
        self.position.setEditable(True)
        self.position.setObjectName("person_position")
        self.position.addItems(["Giám đốc", "Phó Giám đốc", "Chánh Thanh tra", "Chuyên viên"])
        self.is_leader = QCheckBox(self.tr("Lãnh đạo (chủ trì tiếp công dân định kỳ)"))
        self.is_head = QCheckBox(self.tr("Người đứng đầu cơ quan"))
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.publish_contacts = QCheckBox(self.tr("Công khai số điện thoại và thư điện tử"))
        self.publish_contacts.setChecked(True)
        self.active = QCheckBox(self.tr("Đang công tác"))
        self.active.setChecked(True)
        self.user = QComboBox()
        self.user.addItem(self.tr("(không có tài khoản)"), None)
        from camau_reception.services.users import list_users

        with ctx.db.read() as session:
            for u in list_users(session, active_only=True):
                self.user.addItem(f"{u.full_name} ({u.username})", u.id)
            if person_id:
                from camau_reception.models.schedule import Person

                p = session.get(Person, person_id)
                if p is not None:
                    self.full_name.setText(p.full_name)
                    self.position.setCurrentText(p.position)
                    self.is_leader.setChecked(p.is_leader)
                    self.is_head.setChecked(p.is_head)
                    self.phone.setText(p.phone)
                    self.email.setText(p.email)
                    self.publish_contacts.setChecked(p.publish_contacts)
                    self.active.setChecked(p.active)
                    self.user.setCurrentIndex(max(self.user.findData(p.user_id), 0))
        self.row(form, "full_name", self.tr("Họ và tên:"), self.full_name)
        form.addRow(self.tr("Chức vụ:"), self.position)
        form.addRow("", self.is_leader)
        form.addRow("", self.is_head)
        form.addRow(self.tr("Điện thoại:"), self.phone)
        self.row(form, "email", self.tr("Thư điện tử:"), self.email)
        form.addRow("", self.publish_contacts)
        form.addRow("", self.active)
        self.row(form, "user_id", self.tr("Tài khoản:"), self.user)
        layout.addLayout(form)
        box, self.ok = _buttons(self, self.tr("Lưu"))
        layout.addWidget(box)

    def save(self, session) -> None:
        args = dict(
            is_leader=self.is_leader.isChecked(),
            is_head=self.is_head.isChecked(),
            phone=self.phone.text(),
            email=self.email.text(),
            user_id=self.user.currentData(),
            publish_contacts=self.publish_contacts.isChecked(),
        )
        if self.person_id:
            schedule.update_staff(
                session,
                self.ctx.actor,
                self.person_id,
                full_name=self.full_name.text(),
                position=self.position.currentText(),
                active=self.active.isChecked(),
                **args,
            )
        else:
            schedule.add_staff(
                session, self.ctx.actor, self.full_name.text(), self.position.currentText(), **args
            )


class DirectoryDialog(QDialog):
    """The directory of leaders and officers, with the contacts the office publishes."""

    HEADERS = ("Họ và tên", "Chức vụ", "Vai trò", "Điện thoại", "Thư điện tử", "Công khai", "")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Danh bạ lãnh đạo và cán bộ"))
        self.resize(860, 420)
        self.planner = ctx.actor.has(*schedule.PLANNERS)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setObjectName("directory")
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in self.HEADERS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.edit_selected)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Thêm người…"))
        self.edit_button = QPushButton(self.tr("Sửa…"))
        close = QPushButton(self.tr("Đóng"))
        for b in (self.add_button, self.edit_button):
            b.setVisible(self.planner)
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.add_button.clicked.connect(lambda: self.open_person(None))
        self.edit_button.clicked.connect(self.edit_selected)
        close.clicked.connect(self.accept)
        self.reload()

    def reload(self) -> None:
        with self.ctx.db.read() as session:
            people = [
                (
                    p.id,
                    p.full_name,
                    p.position,
                    self.tr("Người đứng đầu")
                    if p.is_head
                    else (self.tr("Lãnh đạo") if p.is_leader else self.tr("Cán bộ")),
                    p.phone,
                    p.email,
                    self.tr("Có") if p.publish_contacts else self.tr("Không"),
                    "" if p.active else self.tr("Ngừng"),
                )
                for p in schedule.list_staff(session, include_inactive=True)
            ]
        self.table.setRowCount(len(people))
        for r, (pid, *cells) in enumerate(people):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, pid)
                self.table.setItem(r, c, item)

    def open_person(self, person_id: int | None) -> PersonDialog:
        dialog = PersonDialog(self.ctx, self, person_id)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    def edit_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0 and self.planner:
            self.open_person(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole))
