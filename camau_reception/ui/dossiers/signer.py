"""Who signs an apology letter: by default the head of the agency in their own position and
name; or a deputy signing for the head ("KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"), whose own name is
then required, so the head's name is never printed under a deputy's title."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from camau_reception.domain.agency import AgencyProfile
from camau_reception.domain.text import fold, normalize
from camau_reception.printing.signer import head_title_of, is_head_name, is_head_title
from camau_reception.ui.widgets.form_errors import FieldErrors

HEAD, DEPUTY = "head", "deputy"


class SignerFields(QObject):
    """A "Người ký" choice with the position and name fields it fills; ``add_rows`` puts them
    in a form whose ``FieldErrors`` shows ``problems()`` next to the fields."""

    def __init__(self, agency: AgencyProfile, parent: QWidget) -> None:
        super().__init__(parent)
        self.agency = agency
        self.head_title = head_title_of(agency)
        self.head_name = normalize(agency.head_name)
        # "Giám đốc" in running text, "GIÁM ĐỐC" on paper.
        self.head_label = self.head_title.lower().capitalize()
        self.mode = QComboBox(parent)
        self.mode.setObjectName("signer_mode")
        self.mode.addItem(
            self.tr("{title} ký (người đứng đầu cơ quan)").format(title=self.head_label), HEAD
        )
        self.mode.addItem(
            self.tr("Cấp phó ký thay (KT. {title})").format(title=self.head_title), DEPUTY
        )
        self.title = QLineEdit(parent)
        self.title.setObjectName("signer_title")
        self.name = QLineEdit(parent)
        self.name.setObjectName("signer_name")
        self._deputy_name = ""
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()

    def add_rows(self, form: QFormLayout, errors: FieldErrors) -> None:
        form.addRow(self.tr("Người ký:"), self.mode)
        errors.add_row(form, "signer_title", self.tr("Chức vụ người ký:"), self.title)
        errors.add_row(form, "signer_name", self.tr("Họ tên người ký:"), self.name)

    def is_deputy(self) -> bool:
        return self.mode.currentData() == DEPUTY

    def set_deputy(self, deputy: bool) -> None:
        self.mode.setCurrentIndex(self.mode.findData(DEPUTY if deputy else HEAD))

    def _mode_changed(self) -> None:
        if self.is_deputy():
            self.title.setReadOnly(False)
            self.title.setText(self.tr("PHÓ {title}").format(title=self.head_title))
            self.name.setText(self._deputy_name)
            self.name.setPlaceholderText(self.tr("bắt buộc: họ tên cấp phó ký thay"))
        else:
            self._deputy_name = self.name.text() if self.name.text() != self.head_name else ""
            self.title.setText(self.head_title)
            self.title.setReadOnly(True)
            self.name.setText(self.head_name)
            self.name.setPlaceholderText(
                self.tr("để trống thì ghi tay khi ký") if not self.head_name else ""
            )

    def problems(self) -> dict[str, str]:
        """Field errors (by field name) of a deputy signing without a name of their own."""
        if not self.is_deputy():
            return {}
        out: dict[str, str] = {}
        title, name = normalize(self.title.text()), normalize(self.name.text())
        if not title or is_head_title(title, self.agency):
            out["signer_title"] = self.tr(
                "Ghi chức vụ của cấp phó ký thay, ví dụ PHÓ {title}."
            ).format(title=self.head_title)
        elif re.match(r"kt\b", fold(title)):
            out["signer_title"] = self.tr(
                "Chỉ ghi chức vụ, ví dụ PHÓ {title}: dòng “KT. {title}” được in tự động."
            ).format(title=self.head_title)
        if not name:
            out["signer_name"] = self.tr("Cấp phó ký thay: phải ghi họ tên người ký.")
        elif is_head_name(name, self.agency):
            out["signer_name"] = self.tr(
                "{name} là {title}: chọn “{title} ký”, hoặc ghi tên cấp phó ký thay."
            ).format(name=name, title=self.head_label)
        return out

    def values(self) -> tuple[str, str]:
        """(position, name) as recorded on the letter."""
        return normalize(self.title.text()), normalize(self.name.text())
