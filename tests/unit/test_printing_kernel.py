"""The NĐ 30/2020 letterhead and document builder, read back as a person would (pdftotext)."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.printing.document import OfficialDocument, SignatureBlock, render_pdf
from camau_reception.printing.fonts import font_source, register_fonts
from camau_reception.printing.formats import document_number, long_date, place_date, weekday_vi
from camau_reception.printing.pdftext import pdf_page_count, pdf_text


def _doc(**kw) -> OfficialDocument:
    base = dict(
        agency=SAMPLE_AGENCY,
        title="Thông báo",
        subtitle="Về việc từ chối tiếp công dân",
        date=date(2026, 1, 5),
        number="05/TB-SVHTTDL",
        body=["Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013."],
        signature=SignatureBlock(
            authority="KT. GIÁM ĐỐC", position="Phó Giám đốc", name="Lê Văn Đức"
        ),
        recipients=["Ông Nguyễn Văn Đức", "Thanh tra tỉnh", "Lưu: VT, TTr"],
    )
    base.update(kw)
    return OfficialDocument(**base)


def test_formats() -> None:
    assert document_number(5, "TB", "SVHTTDL") == "05/TB-SVHTTDL"
    assert document_number(12, "PXL", "SVHTTDL") == "12/PXL-SVHTTDL"
    assert place_date("Cà Mau", date(2026, 1, 5)) == "Cà Mau, ngày 05 tháng 01 năm 2026"
    assert place_date("Cà Mau", date(2026, 2, 15)) == "Cà Mau, ngày 15 tháng 02 năm 2026"
    assert place_date("Cà Mau", date(2026, 11, 3)) == "Cà Mau, ngày 03 tháng 11 năm 2026"
    assert place_date("Cà Mau", date(2026, 3, 20)) == "Cà Mau, ngày 20 tháng 3 năm 2026"
    assert long_date(date(2026, 12, 1)) == "ngày 01 tháng 12 năm 2026"
    assert weekday_vi(date(2026, 11, 29)) == "Chủ nhật"


def test_font_has_vietnamese_glyphs() -> None:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    face = pdfmetrics.getFont("DocSerif").face
    assert all(ord(c) in face.charToGlyph for c in "ạếởựỹđĐƠƯ")
    assert font_source() in ("Times New Roman", "Liberation Serif")


def test_letterhead_motto_number_date_signature(tmp_path: Path) -> None:
    out = tmp_path / "doc.pdf"
    render_pdf(_doc(), out)
    text = pdf_text(out)
    for expected in (
        "UBND TỈNH CÀ MAU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 05/TB-SVHTTDL",
        "Cà Mau, ngày 05 tháng 01 năm 2026",
        "THÔNG BÁO",
        "Về việc từ chối tiếp công dân",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Lê Văn Đức",
        "Nơi nhận:",
        "- Ông Nguyễn Văn Đức;",
        "- Lưu: VT, TTr.",
    ):
        assert expected in text, expected
    assert "VĂN HÓA" in text  # the agency name (may wrap over two lines)


def test_page_numbers_from_page_two_only(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    body = ["Nội dung trình bày dài để văn bản sang trang thứ hai và thứ ba. " * 8] * 25
    render_pdf(_doc(body=body), out)
    pages = pdf_text(out).split("\f")
    assert pdf_page_count(out) >= 3
    assert pages[0].strip().splitlines()[0].strip() != "1"
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert pages[2].strip().splitlines()[0].strip() == "3"


def test_nfd_input_prints_as_nfc_and_markup_is_escaped(tmp_path: Path) -> None:
    out = tmp_path / "nfd.pdf"
    nfd = unicodedata.normalize("NFD", "Bà Nguyễn Thị Hồng Nhung")
    render_pdf(_doc(body=[f"Người nộp: {nfd}", "Ghi chú: a < b & c > d"]), out)
    text = pdf_text(out)
    assert "Bà Nguyễn Thị Hồng Nhung" in text
    assert "a < b & c > d" in text


def test_landscape_page_size(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "land.pdf"
    render_pdf(_doc(landscape=True), out)
    box = PdfReader(str(out)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_batch_one_document_per_page_with_progress(tmp_path: Path) -> None:
    out = tmp_path / "batch.pdf"
    seen: list[int] = []
    docs = [_doc(number=f"{i:02d}/PXL-SVHTTDL", title="Phiếu xin lỗi") for i in range(1, 51)]
    assert render_pdf(docs, out, progress=lambda d, t, m: seen.append(d)) == 50
    assert pdf_page_count(out) == 50
    assert seen[-1] == 50
    text = pdf_text(out).split("\f")
    assert "Số: 01/PXL-SVHTTDL" in text[0] and "Số: 50/PXL-SVHTTDL" in text[49]


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    docs = [_doc() for _ in range(30)]
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    assert render_pdf(docs, out, cancelled=cancelled) == 0
    assert not out.exists()


def test_empty_batch_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_pdf([], tmp_path / "x.pdf")
