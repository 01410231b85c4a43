"""Who signs an apology letter: the head of the agency in their own name by default; a deputy
signs "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" with their own name, and the head's name is never
printed under a deputy's title (a reprint of a letter recorded without a deputy's name leaves
the line blank to be written by hand)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.printing.apology_letter import LetterData, letter_document, render_letters
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services.dossiers import template

HEAD = "Nguyễn Thị Hồng Nhung"
AGENCY = replace(SAMPLE_AGENCY, head_name=HEAD)


def _data(title: str = "", name: str = "") -> LetterData:
    return LetterData(
        number="01/PXL-SVHTTDL",
        issued_on=date(2026, 11, 16),
        applicant_name="Lâm Thị Ngọc Hân",
        applicant_address="Phường An Xuyên, tỉnh Cà Mau",
        applicant_phone="0912345678",
        dossier_code="000.00.12.H12-261102-0007",
        procedure_name="Cấp giấy phép tổ chức lễ hội",
        received_at=datetime(2026, 11, 2, 8, 30),
        old_due_at=datetime(2026, 11, 9, 17, 0),
        new_due_on=date(2026, 11, 20),
        reason="Hồ sơ cần xác minh",
        signer_title=title,
        signer_name=name,
    )


def _signature(data: LetterData, out: Path) -> str:
    """The printed signature block: the right-hand column under "Xin kính chào trân trọng!"
    (the left one is "Nơi nhận")."""
    assert render_letters([data], AGENCY, template("apology_letter"), out) == 1
    lines = pdf_text(out).splitlines()
    start = next(i for i, line in enumerate(lines) if "trân trọng" in line)
    right = [re.split(r"\s{2,}", line.strip())[-1] for line in lines[start + 1 :] if line.strip()]
    return " ".join(cell for cell in right if not cell.startswith(("Nơi nhận", "- ")))


def test_by_default_the_head_signs_in_their_own_name(tmp_path: Path) -> None:
    sig = letter_document(_data(), AGENCY, template("apology_letter")).signature
    assert sig is not None
    assert (sig.authority, sig.position, sig.name) == ("", "GIÁM ĐỐC", HEAD)
    assert _signature(_data(), tmp_path / "head.pdf") == f"GIÁM ĐỐC {HEAD}"


@pytest.mark.parametrize("name", ["", HEAD, "NGUYEN THI HONG NHUNG"])
def test_a_deputy_title_is_never_printed_over_the_heads_name(name: str, tmp_path: Path) -> None:
    sig = letter_document(_data("PHÓ GIÁM ĐỐC", name), AGENCY, template("apology_letter")).signature
    assert sig is not None
    assert (sig.authority, sig.position, sig.name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "")
    signature = _signature(_data("PHÓ GIÁM ĐỐC", name), tmp_path / "deputy.pdf")
    assert signature == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC"  # the name is left to be written by hand


def test_a_deputy_signs_with_their_own_name(tmp_path: Path) -> None:
    signature = _signature(_data("Phó Giám đốc", "Lê Văn Đức"), tmp_path / "deputy.pdf")
    assert signature == "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Lê Văn Đức"


def test_the_head_title_in_any_case_is_the_head() -> None:
    sig = letter_document(_data("giám đốc", ""), AGENCY, template("apology_letter")).signature
    assert sig is not None
    assert (sig.authority, sig.position, sig.name) == ("", "GIÁM ĐỐC", HEAD)
