"""Who signs apology letters, in the single-letter and the batch dialogs: the head of the
agency in their own name unless the officer chooses a deputy signing "KT.", whose name is then
required (shown next to the field); the head's name never goes under a deputy's title."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import agency, dossiers
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database
from camau_reception.ui.context import AppContext
from tests.helpers import type_text
from tests.ui.test_dossiers_ui import TODAY, _page, _setup

HEAD = "Nguyễn Thị Hồng Nhung"


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """PDFs the dialogs would preview, instead of the preview window."""
    from camau_reception.ui import print_preview

    pdfs: list[Path] = []
    monkeypatch.setattr(print_preview, "show_pdf", lambda parent, path, *a: pdfs.append(Path(path)))
    return pdfs


def _head_in_profile(db: Database, admin: Actor) -> None:
    with db.write() as s:
        agency.save_profile(s, admin, replace(SAMPLE_AGENCY, head_name=HEAD))


def _signature(pdf: Path) -> str:
    """The right-hand column under "Xin kính chào trân trọng!" (left: "Nơi nhận")."""
    lines = pdf_text(pdf).splitlines()
    start = next(i for i, line in enumerate(lines) if "trân trọng" in line)
    right = [re.split(r"\s{2,}", line.strip())[-1] for line in lines[start + 1 :] if line.strip()]
    return " ".join(cell for cell in right if not cell.startswith(("Nơi nhận", "- ")))


def _letters(db: Database) -> int:
    with db.read() as s:
        return len(dossiers.get_by_code(s, "HS-0").apologies)


def test_single_letter_is_signed_by_the_head_by_default(
    qtbot, db: Database, admin: Actor, officer: Actor, shown: list[Path]
) -> None:
    _head_in_profile(db, admin)
    _setup(db, officer, n=1)
    page = _page(qtbot, db, officer)
    page.late.table.selectRow(0)
    dialog = page.late.apology()
    assert dialog is not None
    assert dialog.signer_title.text() == "GIÁM ĐỐC"
    assert dialog.signer_name.text() == HEAD
    dialog.reason.setCurrentIndex(1)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert _signature(shown[-1]) == f"GIÁM ĐỐC {HEAD}"


def test_a_deputy_signing_must_give_their_own_name(
    qtbot, db: Database, admin: Actor, officer: Actor, shown: list[Path]
) -> None:
    _head_in_profile(db, admin)
    _setup(db, officer, n=1)
    page = _page(qtbot, db, officer)
    page.late.table.selectRow(0)
    dialog = page.late.apology()
    assert dialog is not None
    dialog.reason.setCurrentIndex(1)
    mode = dialog.signer.mode
    mode.setCurrentIndex(mode.findData("deputy"))
    assert dialog.signer_title.text() == "PHÓ GIÁM ĐỐC"
    assert dialog.signer_name.text() == ""  # the head's name is not carried over
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    name_error = dialog.errors.label("signer_name")
    assert name_error.isVisible() and "họ tên người ký" in name_error.text()
    assert dialog.isVisible() and _letters(db) == 0
    # The head's own name under a deputy's title is refused too.
    type_text(qtbot, dialog.signer_name, "nguyen thi hong nhung")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "Giám đốc" in name_error.text() and _letters(db) == 0
    dialog.signer_name.clear()
    type_text(qtbot, dialog.signer_name, "Lê Văn Đức")
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert _letters(db) == 1
    assert _signature(shown[-1]) == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Văn Đức"


def test_batch_dialog_defaults_to_the_head_and_requires_a_deputys_name(
    qtbot, db: Database, admin: Actor, officer: Actor
) -> None:
    from camau_reception.ui.dossiers.late import BatchDialog

    _head_in_profile(db, admin)
    ctx = AppContext(db=db, actor=officer, today=lambda: TODAY)
    dialog = BatchDialog(ctx, 3, 0, None)
    qtbot.addWidget(dialog)
    dialog.open()
    options = dialog.options()
    assert (options.signer_title, options.signer_name) == ("GIÁM ĐỐC", HEAD)
    dialog.signer.set_deputy(True)
    with qtbot.assertNotEmitted(dialog.accepted):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("signer_name").isVisible()
    type_text(qtbot, dialog.signer_name, "Lê Văn Đức")
    dialog.signer.set_deputy(False)  # back to the head: the head's position and name again
    assert (dialog.signer_title.text(), dialog.signer_name.text()) == ("GIÁM ĐỐC", HEAD)
    assert dialog.signer_title.isReadOnly()
    dialog.signer.set_deputy(True)  # and the deputy's name typed before comes back
    assert (dialog.signer_title.text(), dialog.signer_name.text()) == ("PHÓ GIÁM ĐỐC", "Lê Văn Đức")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    options = dialog.options()
    assert (options.signer_title, options.signer_name) == ("PHÓ GIÁM ĐỐC", "Lê Văn Đức")
