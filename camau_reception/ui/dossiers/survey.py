"""Khảo sát hài lòng, made for a tablet facing the citizen or a quick click at the counter:
optional per-aspect ratings first, then one large button for the overall rating records
everything and clears the screen for the next citizen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from camau_reception.services import surveys
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui.context import AppContext
from camau_reception.ui.dossiers.common import AMBER, GREEN, RED, pct
from camau_reception.ui.messages import error
from camau_reception.ui.widgets.form_errors import FieldErrors

CHOICES = ((3, "Hài lòng", GREEN), (2, "Bình thường", AMBER), (1, "Không hài lòng", RED))


class SurveyTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Ông/Bà có hài lòng với việc giải quyết hôm nay không?"))
        title.setStyleSheet("font-size: 22px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        subject = QHBoxLayout()
        self.errors = FieldErrors()
        self.dossier_code = QLineEdit()
        self.dossier_code.setObjectName("survey_dossier_code")
        self.dossier_code.setPlaceholderText(self.tr("Mã hồ sơ (không bắt buộc)"))
        self.reception_id = QSpinBox()
        self.reception_id.setObjectName("survey_reception_id")
        self.reception_id.setRange(0, 2_000_000_000)
        self.reception_id.setSpecialValueText(self.tr("— không gắn lượt tiếp —"))
        self.reception_id.setPrefix(self.tr("Lượt tiếp số "))
        code_error, visit_error = QLabel(), QLabel()
        self.errors.register("dossier_code", self.dossier_code, code_error)
        self.errors.register("reception_id", self.reception_id, visit_error)
        for w in (self.dossier_code, self.reception_id):
            w.setMinimumHeight(36)
        subject.addWidget(self.dossier_code, 2)
        subject.addWidget(self.reception_id, 1)
        layout.addLayout(subject)
        layout.addWidget(code_error)
        layout.addWidget(visit_error)
        grid = QGridLayout()
        self.aspects: dict[str, QButtonGroup] = {}
        for row, (key, label) in enumerate(surveys.ASPECTS.items()):
            name = QLabel(self.tr(label))
            name.setStyleSheet("font-size: 17px;")
            grid.addWidget(name, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(False)  # a second tap clears the choice
            for col, (value, text, colour) in enumerate(CHOICES, 1):
                b = QPushButton(self.tr(text))
                b.setObjectName(f"{key}_{value}")
                b.setCheckable(True)
                b.setMinimumHeight(48)
                b.setStyleSheet(
                    f"QPushButton {{ font-size: 16px; border: 2px solid {colour};"
                    " border-radius: 8px; }"
                    f"QPushButton:checked {{ background: {colour}; color: white; }}"
                )
                group.addButton(b, value)
                grid.addWidget(b, row, col)
            group.idToggled.connect(lambda v, on, g=group: self._single(g, v, on))
            self.aspects[key] = group
        layout.addLayout(grid)
        self.comment = QLineEdit()
        self.comment.setObjectName("survey_comment")
        self.comment.setMinimumHeight(36)
        self.comment.setPlaceholderText(self.tr("Góp ý (không bắt buộc)"))
        layout.addWidget(self.comment)
        hint = QLabel(self.tr("Đánh giá chung — chạm một nút để gửi:"))
        hint.setStyleSheet("font-size: 17px;")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.buttons: dict[int, QPushButton] = {}
        for value, label, colour in CHOICES:
            b = QPushButton(self.tr(label))
            b.setObjectName(f"rate_{value}")
            b.setMinimumHeight(110)
            b.setStyleSheet(
                f"font-size: 26px; font-weight: bold; color: white; background: {colour};"
                " border-radius: 14px;"
            )
            b.clicked.connect(lambda _=False, v=value: self.rate(v))
            row.addWidget(b)
            self.buttons[value] = b
        layout.addLayout(row)
        self.thanks = QLabel()
        self.thanks.setObjectName("thanks")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setStyleSheet(f"font-size: 20px; color: {GREEN};")
        layout.addWidget(self.thanks)
        self.today_index = QLabel()
        self.today_index.setObjectName("today_index")
        self.today_index.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.today_index)
        layout.addStretch(1)
        self._show_today()

    @staticmethod
    def _single(group: QButtonGroup, value: int, on: bool) -> None:
        if on:
            for b in group.buttons():
                if group.id(b) != value and b.isChecked():
                    b.setChecked(False)

    def _aspect(self, key: str) -> int | None:
        group = self.aspects[key]
        # checkedId() is only kept up to date for exclusive groups.
        return next((group.id(b) for b in group.buttons() if b.isChecked()), None)

    def rate(self, value: int) -> None:
        data = surveys.SurveyInput(
            overall=value,
            on=self.ctx.today(),
            dossier_code=self.dossier_code.text(),
            reception_id=self.reception_id.value() or None,
            attitude=self._aspect("attitude"),
            timeliness=self._aspect("timeliness"),
            guidance=self._aspect("guidance"),
            comment=self.comment.text(),
        )
        try:
            with self.ctx.db.write() as session:
                surveys.record_survey(session, self.ctx.actor, data)
        except ValidationError as exc:
            self.thanks.clear()
            for message in self.errors.show(exc.errors):
                error(self, self.tr("Chưa ghi được"), message)
            return
        except ServiceError as exc:
            error(self, self.tr("Chưa ghi được"), exc.message)
            return
        self.errors.clear()
        self.dossier_code.clear()
        self.reception_id.setValue(0)
        self.comment.clear()
        for group in self.aspects.values():
            for b in group.buttons():
                b.setChecked(False)
        self.thanks.setText(self.tr("Cảm ơn Ông/Bà đã đánh giá!"))
        self.ctx.notify("dossiers")
        self._show_today()

    def _show_today(self) -> None:
        today = self.ctx.today()
        with self.ctx.db.read() as session:
            sat = surveys.satisfaction(session, today, today)
        self.today_index.setText(
            self.tr("Hôm nay: {n} lượt đánh giá, chỉ số hài lòng {i}").format(
                n=sat["total"], i=pct(sat["index"])
            )
        )
