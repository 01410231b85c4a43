"""Dialogs of the petition workflow: a new petition, and one dialog per action."""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from camau_reception.domain.citizen_id import (
    CccdInfo,
    InvalidCitizenId,
    parse_cccd,
    parse_identity_paper,
)
from camau_reception.domain.text import normalize
from camau_reception.models.petitions import (
    KIND_LABELS,
    RESULT_LABELS,
    SOURCE_LABELS,
    PetitionKind,
    PetitionSource,
)
from camau_reception.models.users import Role
from camau_reception.services import citizens as citizen_service
from camau_reception.services import petitions as svc
from camau_reception.services import reception as reception_service
from camau_reception.services import users
from camau_reception.services.citizens import CitizenInput
from camau_reception.services.errors import ServiceError, ValidationError
from camau_reception.ui import messages
from camau_reception.ui.context import AppContext
from camau_reception.ui.reception.form import NOTE_STYLE, PAPER_KINDS, _number_key
from camau_reception.ui.widgets.form_errors import INVALID_STYLE, FieldErrors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

HOME_PROVINCE = "Cà Mau"  # the communes offered are this province's, as on the reception form


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "Đồng ý") -> bool:
    """``messages.confirm``, looked up at each call (tests replace either)."""
    return messages.confirm(parent, title, text, yes=yes)


def error(parent: QWidget | None, title: str, text: str) -> None:
    """``messages.error``, looked up at each call (tests replace either)."""
    messages.error(parent, title, text)


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


class KindChecks(QFrame):
    """The kinds of one petition as tick boxes: one letter may complain and denounce at once.

    The combo box's calls for a single kind still work (``findData``, ``setCurrentIndex``,
    ``currentData``), so code written for one kind keeps working.
    """

    changed = Signal()

    def __init__(self, labels: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kind")
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        self.checks: dict[str, QCheckBox] = {}
        for value, text in labels.items():
            box = QCheckBox(text)
            box.setObjectName(f"kind_{value}")
            box.toggled.connect(lambda _on: self.changed.emit())
            self.checks[value] = box
            row.addWidget(box)
        row.addStretch(1)

    def setStyleSheet(self, style: str) -> None:  # the QWidget call
        """The error frame goes around the boxes, not around each box."""
        super().setStyleSheet(f"QFrame#kind {{ {style} }}" if style else "")

    def kinds(self) -> list[str]:
        """The ticked kinds, in the order of the boxes."""
        return [value for value, box in self.checks.items() if box.isChecked()]

    def set_kinds(self, kinds: list[str]) -> None:
        for value, box in self.checks.items():
            box.setChecked(value in kinds)

    def findData(self, value: object) -> int:  # the QComboBox call
        return list(self.checks).index(value) if value in self.checks else -1

    def setCurrentIndex(self, index: int) -> None:  # the QComboBox call
        """Tick only the kind at ``index``."""
        values = list(self.checks)
        self.set_kinds([values[index]] if 0 <= index < len(values) else [])

    def currentData(self) -> str | None:  # the QComboBox call
        kinds = self.kinds()
        return kinds[0] if kinds else None


class NewPetitionDialog(_Base):
    """A petition that arrived by post, hotline, comment box, portal or from another body.

    Typing an identity number looks the citizen up as the reception form does: a known number
    fills the name, phone, commune and address (and the petition is linked to that citizen); a
    new CCCD tells sex, birth year and province of birth. A petition of several kinds is saved
    as one petition per kind, split from the first.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "", parent)
        self.setWindowTitle(self.tr("Đơn mới"))  # literal, so that lupdate finds it
        self.setMinimumWidth(620)
        self.created: list[int] = []
        self.created_codes: list[str] = []
        self._saved_text = ""
        self.citizen_id: int | None = None
        # What a found citizen put on screen: field → (value before, value filled in), the
        # number that found them and their province. Cleared when the number changes.
        self._lookup_fill: dict[str, tuple[str, str]] = {}
        self._lookup_number = ""
        self._lookup_province = ""
        self._filling = False
        self.kind = KindChecks({k.value: self.tr(KIND_LABELS[k]) for k in PetitionKind})
        self.kind.set_kinds([PetitionKind.COMPLAINT.value])
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
        self.id_kind = QComboBox()
        self.id_kind.setObjectName("id_kind")
        for value, text in PAPER_KINDS:
            self.id_kind.addItem(self.tr(text), value)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id_number")
        self.id_number.setPlaceholderText(self.tr("Không bắt buộc; gõ số CCCD để tra hồ sơ"))
        self.id_number.setClearButtonEnabled(True)
        self.lookup_status = QLabel()
        self.lookup_status.setObjectName("lookup_status")
        self.lookup_status.setStyleSheet(NOTE_STYLE)
        self.lookup_status.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("petitioner_name")
        self.phone = QLineEdit()
        self.phone.setObjectName("petitioner_phone")
        self.phone.setReadOnly(True)  # a petition keeps no phone of its own
        self.phone.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.phone.setPlaceholderText(self.tr("theo hồ sơ công dân"))
        self.phone.setStyleSheet("QLineEdit { background: palette(window); }")
        self.phone.setToolTip(self.tr("Số điện thoại trong hồ sơ công dân; sửa khi tiếp công dân."))
        self.commune = QComboBox()
        self.commune.setObjectName("commune")
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = citizen_service.communes(HOME_PROVINCE)
        self.commune.addItems(names)
        completer = QCompleter(names, self.commune)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.commune.setCompleter(completer)
        self.commune.setCurrentText("")
        self.commune.lineEdit().setPlaceholderText(self.tr("Chọn hoặc gõ tên xã, phường"))
        self.address = QLineEdit()
        self.address.setObjectName("petitioner_address")
        self.address.setPlaceholderText(self.tr("Số nhà, đường, ấp, khóm"))
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
        self.errors.add_row(self.form, "complaint_round", self.tr("Khiếu nại lần:"), self.round)
        self.errors.add_row(self.form, "source", self.tr("Nguồn đơn:"), self.source)
        self.errors.add_row(self.form, "received_on", self.tr("Ngày nhận:"), self.received)
        paper = QWidget()
        paper_row = QHBoxLayout(paper)
        paper_row.setContentsMargins(0, 0, 0, 0)
        paper_row.addWidget(self.id_kind)
        paper_row.addWidget(self.id_number, 1)
        self.errors.add_row(self.form, "id_number", self.tr("Số CCCD/CMND:"), paper)
        self.errors.register("id_number", self.id_number, self.errors.label("id_number"))
        self.form.addRow("", self.lookup_status)
        self.lookup_status.hide()
        self.errors.add_row(self.form, "petitioner_name", self.tr("Người gửi đơn:"), self.name)
        self.form.addRow(self.tr("Điện thoại:"), self.phone)
        self.errors.add_row(self.form, "commune", self.tr("Xã, phường:"), self.commune)
        self.errors.add_row(self.form, "petitioner_address", self.tr("Địa chỉ:"), self.address)
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
        self.duplicates.setMaximumHeight(110)
        self.duplicates.setSelectionMode(QListWidget.SelectionMode.SingleSelection)
        self.duplicates.setWordWrap(True)  # a suggestion is read whole, not scrolled sideways
        self.duplicates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
        self.kind.changed.connect(self._sync)
        self.id_number.textChanged.connect(self._on_id_changed)
        self.id_number.editingFinished.connect(self._on_id_finished)
        self.id_kind.currentIndexChanged.connect(self._on_id_kind_changed)
        self.summary.textChanged.connect(self._look_for_duplicates)
        self.name.editingFinished.connect(self._look_for_duplicates)
        self.commune.currentTextChanged.connect(self._look_for_duplicates)
        chain = [
            *self.kind.checks.values(),
            self.round,
            self.source,
            self.received,
            self.id_kind,
            self.id_number,
            self.name,
            self.commune,
            self.address,
            self.signers,
            self.summary,
            self.sender_body,
            self.sender_letter,
            self.sender_date,
            self.duplicates,
            self.mark_duplicate,
        ]
        for a, b in itertools.pairwise(chain):
            QWidget.setTabOrder(a, b)
        self._sync()

    def _sync(self) -> None:
        transferred = self.source.currentData() == PetitionSource.TRANSFERRED.value
        self.sender_body.setEnabled(transferred)
        self.sender_letter.setEnabled(transferred)
        self.sender_date.setEnabled(transferred)
        self.round.setEnabled(PetitionKind.COMPLAINT.value in self.kind.kinds())

    # --- the identity number -----------------------------------------------------------------

    def _on_id_changed(self, text: str) -> None:
        if self._filling:
            return
        self.errors.label("id_number").hide()  # the message was about the number before
        self.id_number.setStyleSheet("")
        if self._lookup_number and _number_key(text) == _number_key(self._lookup_number):
            return  # the number that found the citizen, written another way
        if self.citizen_id is not None or self._lookup_fill:
            self._forget_lookup()  # another number: another person
        self._set_status("")
        digits = "".join(ch for ch in text if ch.isdigit())
        if self.id_kind.currentData() == "cccd" and len(digits) == 12:
            self._lookup(text)

    def _on_id_finished(self) -> None:
        if normalize(self.id_number.text()) and self.citizen_id is None:
            self._lookup(self.id_number.text())

    def _on_id_kind_changed(self, _index: int) -> None:
        if self.citizen_id is not None or self._lookup_fill:
            self._forget_lookup()
        self._set_status("")
        self._on_id_finished()

    def _set_status(self, text: str) -> None:
        self.lookup_status.setText(text)
        self.lookup_status.setVisible(bool(text))

    def _check_number(self, number: str) -> tuple[str, CccdInfo | None, str]:
        """(canonical number, what a CCCD tells, error) by the reception form's own rules."""
        kind = self.id_kind.currentData()
        try:
            if kind == "cccd":
                info = parse_cccd(number, today=self.ctx.today())
                return info.number, info, ""
            return parse_identity_paper(kind, number), None, ""
        except InvalidCitizenId as exc:
            return "", None, exc.message

    def _lookup(self, text: str) -> None:
        number, info, problem = self._check_number(text)
        label = self.errors.label("id_number")
        if problem:
            label.setText(problem)
            label.show()
            self.id_number.setStyleSheet(INVALID_STYLE)
            return
        label.hide()
        self.id_number.setStyleSheet("")
        with self.ctx.db.read() as session:
            found = citizen_service.find_by_id_number(session, number)
            data = CitizenInput.from_citizen(found) if found is not None else None
            visits = reception_service.visit_count(session, found.id) if found else 0
            petitions = svc.count_for_citizen(session, found.id) if found else 0
        # Whoever an earlier look-up found is not the person of this number.
        self._forget_lookup()
        if data is not None and data.citizen_id is not None:
            before = self._citizen_values()
            self._set_citizen_values(
                {
                    "name": data.full_name,
                    "phone": data.phone,
                    "commune": data.commune,
                    "address": data.address_detail,
                }
            )
            after = self._citizen_values()
            self._lookup_fill = {k: (before[k], v) for k, v in after.items() if v != before[k]}
            self._lookup_number = number
            self._lookup_province = data.province
            self.citizen_id = data.citizen_id
            self._set_status(
                self.tr("Đã có trong hồ sơ công dân: {n} lượt tiếp, {m} đơn.").format(
                    n=visits, m=petitions
                )
            )
            self._look_for_duplicates()
            return
        if info is not None:
            place = (
                self.tr(", khai sinh tại {province}").format(province=info.province_name)
                if info.province_name
                else ""
            )
            self._set_status(
                self.tr(
                    "Chưa có trong hồ sơ công dân. Số CCCD cho biết: {sex}, sinh năm {year}{place}."
                ).format(sex=info.sex, year=info.birth_year, place=place)
            )
        else:
            self._set_status(self.tr("Chưa có trong hồ sơ công dân."))

    def _citizen_values(self) -> dict[str, str]:
        """The fields a look-up may fill, as shown."""
        return {
            "name": self.name.text(),
            "phone": self.phone.text(),
            "commune": self.commune.currentText(),
            "address": self.address.text(),
        }

    def _set_citizen_values(self, values: dict[str, str]) -> None:
        was, self._filling = self._filling, True
        try:
            for key, value in values.items():
                if key == "commune":
                    self.commune.setCurrentText(value)
                else:
                    getattr(self, key).setText(value)
        finally:
            self._filling = was

    def _forget_lookup(self) -> None:
        """The number no longer names the citizen found: take their details off the form.

        Only the fields the look-up filled and the officer has not changed since go back to
        what they were before it; whatever the officer typed stays.
        """
        fill, self._lookup_fill = self._lookup_fill, {}
        self._lookup_number = self._lookup_province = ""
        current = self._citizen_values()
        self._set_citizen_values(
            {key: before for key, (before, filled) in fill.items() if current[key] == filled}
        )
        if self.citizen_id is not None:
            self.citizen_id = None
            self._set_status("")
            self._look_for_duplicates()

    # --- duplicates --------------------------------------------------------------------------

    def _look_for_duplicates(self) -> None:
        if self._filling:
            return
        summary = self.summary.toPlainText()
        if len(summary) < 12 or not (self.name.text().strip() or self.citizen_id is not None):
            self._show_duplicates([])  # too little to compare: no stale suggestions
            return
        with self.ctx.db.read() as session:
            found = svc.suggest_duplicates(
                session,
                summary=summary,
                on=_pydate(self.received.date()),
                citizen_id=self.citizen_id,
                name=self.name.text(),
                address=self.address.text(),
                commune=self.commune.currentText(),
            )
            rows = [
                (
                    c.petition.id,
                    c.petition.code,
                    f"{c.petition.code} ({c.petition.received_on:%d/%m/%Y}, "
                    f"{self.tr(c.reason)}): {c.petition.summary[:80]}",
                    c.petition.kind,
                )
                for c in found
            ]
        self._show_duplicates(rows)

    def _show_duplicates(self, rows: list[tuple[int, str, str, str]]) -> None:
        """Fill the suggestions (id, code, text, kind); the choice survives if still there."""
        chosen = self.chosen_duplicate()
        ticked = self.mark_duplicate.isChecked()
        self.duplicates.blockSignals(True)
        self.duplicates.clear()
        for pid, code, text, kind in rows:
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, pid)
            item.setData(Qt.ItemDataRole.UserRole + 1, code)
            item.setData(Qt.ItemDataRole.UserRole + 2, kind)
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

    def _chosen_kind(self) -> str:
        items = self.duplicates.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole + 2)) if items else ""

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

    # --- saving ------------------------------------------------------------------------------

    def submit(self) -> None:
        kinds = self.kind.kinds()
        linked = self.citizen_id is not None
        commune = self.commune.currentText()
        found_commune = self._lookup_fill.get("commune", ("", commune))[1]
        data = svc.PetitionInput(
            kind=kinds[0] if kinds else "",
            extra_kinds=kinds[1:],
            source=self.source.currentData(),
            received_on=_pydate(self.received.date()),
            summary=self.summary.toPlainText(),
            petitioner_name=self.name.text(),
            petitioner_address=self.address.text(),
            citizen_id=self.citizen_id,
            id_kind=self.id_kind.currentData(),
            id_number=self.id_number.text(),
            commune=commune,
            # The found citizen's province goes with their commune, not with one typed over it.
            province=self._lookup_province if linked and commune == found_commune else "",
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
        # Of a split letter, the part of the chosen petition's kind is the copy (else the first).
        copy_kind = self._chosen_kind() if self._chosen_kind() in kinds else data.kind
        if chosen is not None:
            text = self.tr(
                "Lưu đơn mới là đơn trùng với đơn {code}?\n"
                "Đơn mới sẽ được lưu đơn ngay (không phân loại, không xử lý tiếp)."
            ).format(code=chosen[1])
            if len(kinds) > 1:
                text += "\n" + self.tr(
                    "Đơn được tách theo loại: chỉ phần {kind} được lưu đơn trùng, "
                    "các phần khác được xử lý như đơn mới."
                ).format(kind=self.tr(KIND_LABELS[PetitionKind(copy_kind)]).lower())
            if not confirm(
                self, self.tr("Xác nhận đơn trùng"), text, yes=self.tr("Lưu là đơn trùng")
            ):
                return

        def save(session: Session) -> None:
            created = svc.record(session, self.ctx.actor, data, today=self.ctx.today())
            self.created = [p.id for p in created]
            self.created_codes = [p.code for p in created]
            self._saved_text = ", ".join(
                f"{p.code} ({self.tr(KIND_LABELS[PetitionKind(p.kind)]).lower()})" for p in created
            )
            if chosen is not None:
                copy = next(p for p in created if p.kind == copy_kind)
                svc.link_duplicate(session, self.ctx.actor, copy.id, chosen[0], on=data.received_on)

        if not self.run(save):
            return
        if len(self.created_codes) == 1:
            self.ctx.status(self.tr("Đã lưu đơn {code}.").format(code=self.created_codes[0]))
            return
        text = self.tr("Đơn được tách thành {n} đơn, mỗi loại một đơn: {codes}.").format(
            n=len(self.created_codes), codes=self._saved_text
        )
        self.ctx.status(text)
        messages.info(self.parentWidget(), self.tr("Đã lưu đơn"), text)


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
