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


# --- formats -------------------------------------------------------------------------------


def test_number_money_time_formats() -> None:
    from datetime import datetime, time
    from decimal import Decimal

    from camau_reception.printing.formats import (
        money_vi,
        month_vi,
        number_vi,
        two_digits,
        vn_date,
        vn_datetime,
        vn_time,
    )

    assert money_vi(1_250_000) == "1.250.000 đồng"
    assert money_vi(Decimal("999.5")) == "1.000 đồng"
    assert number_vi(12.5, 1) == "12,5"
    assert number_vi(-1234567.891, 2) == "-1.234.567,89"
    assert number_vi(0) == "0"
    assert [month_vi(m) for m in (1, 2, 3, 12)] == ["01", "02", "3", "12"]
    assert two_digits(2) == "02" and two_digits(12) == "12"
    assert vn_date(date(2026, 1, 5)) == "05/01/2026" and vn_date(None) == ""
    assert vn_time(time(7, 5)) == "07 giờ 05 phút"
    assert vn_datetime(datetime(2026, 1, 5, 14, 30)) == "14 giờ 30 phút, ngày 05/01/2026"
    assert [weekday_vi(date(2026, 11, 23 + i)) for i in (0, 5)] == ["Thứ Hai", "Thứ Bảy"]


# --- fonts ---------------------------------------------------------------------------------


def test_times_new_roman_file_names_are_recognised() -> None:
    from camau_reception.printing.fonts import _times_style

    assert _times_style("times.ttf") == "regular"
    assert _times_style("TIMESBI.TTF") == "bolditalic"
    assert _times_style("Times New Roman Bold.ttf") == "bold"
    assert _times_style("TimesNewRomanPS-ItalicMT.ttf") == "italic"
    assert _times_style("Times New Roman Condensed.ttf") is None
    assert _times_style("LiberationSerif-Regular.ttf") is None


def test_resources_directory_can_be_overridden(monkeypatch, tmp_path: Path) -> None:
    from camau_reception.printing.fonts import resources_fonts_dir

    monkeypatch.delenv("CAMAU_RECEPTION_RESOURCES", raising=False)
    assert (resources_fonts_dir() / "LiberationSerif-Regular.ttf").is_file()
    assert (resources_fonts_dir() / "LICENSE-LiberationSerif.txt").is_file()
    monkeypatch.setenv("CAMAU_RECEPTION_RESOURCES", str(tmp_path))
    assert resources_fonts_dir() == tmp_path / "fonts"


def test_register_fonts_is_idempotent_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        assert set(pool.map(lambda _: register_fonts(), range(8))) == {"DocSerif"}


# --- document ------------------------------------------------------------------------------


def test_page_one_carries_no_number(tmp_path: Path) -> None:
    out = tmp_path / "long.pdf"
    body = ["Nội dung trình bày dài để văn bản sang trang thứ hai và thứ ba. " * 8] * 25
    render_pdf(_doc(body=body), out)
    pages = pdf_text(out).split("\f")
    assert not any(line.strip().isdigit() for line in pages[0].splitlines())
    # the foot (Nơi nhận, signature) ends the last page
    assert "Nơi nhận:" in pages[-2 if not pages[-1].strip() else -1]


def test_plain_fast_path_draws_exactly_what_the_parser_would(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from camau_reception.printing.document import paragraph

    text = "Ngày 05 tháng 01 năm 2026,   Sở Văn hóa tiếp nhận hồ sơ của Ông Nguyễn Văn Đức. " * 4
    streams = []
    for markup in (False, True):
        body = [paragraph(text, s, markup=markup) for s in ("body", "small", "table_cell")]
        path = tmp_path / f"p{markup}.pdf"
        render_pdf(_doc(body=body, recipients=None, signature=None), path)
        streams.append(PdfReader(str(path)).pages[0].get_contents().get_data())
    assert streams[0] == streams[1]


def test_markup_in_every_entry_point_is_escaped(tmp_path: Path) -> None:
    from camau_reception.printing.document import kinh_gui, paragraph, table

    out = tmp_path / "markup.pdf"
    name = "Trần <Văn> & Bình"
    render_pdf(
        _doc(
            title=f"Giấy mời {name}",
            body=[
                kinh_gui(name),
                paragraph(name, "body_noindent"),
                table([["Họ tên"], [name]], [1], 400),
                f"Dòng một {name}\nDòng hai",
            ],
            signature=SignatureBlock(position="Giám đốc", name=name),
            recipients=[name, "Lưu: VT"],
        ),
        out,
    )
    text = pdf_text(out)
    assert text.count("Trần <Văn> & Bình") >= 4
    assert "Dòng hai" in text


def test_kinh_gui_list_form(tmp_path: Path) -> None:
    from camau_reception.printing.document import kinh_gui

    out = tmp_path / "kg.pdf"
    body = [kinh_gui(["Thanh tra tỉnh Cà Mau", "Ban Tiếp công dân tỉnh;", "UBND xã Tân Thành"])]
    render_pdf(_doc(body=body), out)
    text = pdf_text(out)
    assert "Kính gửi:" in text
    assert "- Thanh tra tỉnh Cà Mau;" in text
    assert "- Ban Tiếp công dân tỉnh;" in text
    assert "- UBND xã Tân Thành." in text


def test_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    from camau_reception.printing.document import frame_width, table

    rows = [["STT", "Họ và tên", "Nội dung"]]
    rows += [[str(i), f"Công dân {i}", "Khiếu nại về đất đai " * 3] for i in range(1, 120)]
    out = tmp_path / "register.pdf"
    grid = table(rows, [0.1, 0.3, 0.6], frame_width(True), center_columns=[0])
    render_pdf(_doc(landscape=True, body=[grid]), out)
    pages = [p for p in pdf_text(out).split("\f") if p.strip()]
    assert len(pages) >= 3
    assert all("Họ và tên" in p for p in pages)


def test_form_code_and_no_number(tmp_path: Path) -> None:
    out = tmp_path / "slip.pdf"
    render_pdf(_doc(number=None, form_code="Mẫu số 04/TCD", title="Phiếu hẹn"), out)
    text = pdf_text(out)
    assert "Mẫu số 04/TCD" in text and "PHIẾU HẸN" in text
    assert "Số:" not in text


def test_two_copies_on_one_landscape_sheet(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "receipt.pdf"
    receipt = _doc(
        title="Giấy biên nhận",
        number=None,
        form_code="Mẫu số 02/TCD",
        copies_per_sheet=2,
        copy_labels=("Bản giao người cung cấp", "Bản lưu"),
        body=["Đã nhận của ông Nguyễn Văn Đức các tài liệu sau. " * 3] * 14,  # must shrink
        recipients=None,
        left_signature=SignatureBlock(position="Người cung cấp", name="Nguyễn Văn Đức"),
    )
    render_pdf(receipt, out)
    assert pdf_page_count(out) == 1
    box = PdfReader(str(out)).pages[0].mediabox
    assert float(box.width) > float(box.height)
    text = pdf_text(out)
    assert "Bản giao người cung cấp" in text and "Bản lưu" in text
    for once_per_copy in ("Mẫu số 02/TCD", "GIẤY BIÊN NHẬN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):
        assert text.count(once_per_copy) == 2, once_per_copy
    assert text.count("Lê Văn Đức") == 2 and text.count("Nguyễn Văn Đức") >= 4


def test_copies_per_sheet_other_than_one_or_two_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        render_pdf(_doc(copies_per_sheet=3), tmp_path / "x.pdf")


def test_batch_mixes_orientations_and_numbers_each_document(tmp_path: Path) -> None:
    from pypdf import PdfReader

    long_body = ["Nội dung dài để sang trang thứ hai. " * 20] * 12
    docs = [
        _doc(body=long_body),
        _doc(landscape=True, title="Sổ tiếp công dân"),
        _doc(copies_per_sheet=2, number=None, title="Giấy biên nhận"),
        _doc(body=long_body),
    ]
    out = tmp_path / "mixed.pdf"
    assert render_pdf(docs, out) == 4
    reader = PdfReader(str(out))
    shapes = [
        "L" if float(p.mediabox.width) > float(p.mediabox.height) else "P" for p in reader.pages
    ]
    assert shapes[0] == "P" and shapes[-1] == "P"
    assert shapes.count("L") == 2
    pages = pdf_text(out).split("\f")
    first_lines = [p.strip().splitlines()[0].strip() for p in pages if p.strip()]
    # each long document numbers its own pages from 2; the one-page sheets carry no number
    numbers = [line if line.isdigit() else "-" for line in first_lines]
    assert numbers == ["-", "2", "3", "-", "-", "-", "2", "3"]
    assert shapes == ["P", "P", "P", "L", "L", "P", "P", "P"]


def test_build_many_reports_progress_and_repeats_the_letterhead(tmp_path: Path) -> None:
    from camau_reception.printing.document import build_many

    out = tmp_path / "many.pdf"
    seen: list[tuple[int, int]] = []
    docs = (_doc(number=f"{i:02d}/PXL-SVHTTDL") for i in range(1, 21))
    assert build_many(docs, out, progress=lambda d, t, _m: seen.append((d, t))) == 20
    assert seen == [(i, 20) for i in range(1, 21)]
    pages = pdf_text(out).split("\f")
    # the letterhead, drawn once as a reusable block, is on every page
    assert all("Độc lập - Tự do - Hạnh phúc" in p and "Lê Văn Đức" in p for p in pages[:20])


def test_cancellation_stops_early(tmp_path: Path) -> None:
    out = tmp_path / "stopped.pdf"
    seen: list[int] = []
    docs = [_doc() for _ in range(200)]
    result = render_pdf(
        docs, out, progress=lambda d, t, m: seen.append(d), cancelled=lambda: len(seen) >= 10
    )
    assert result == 0
    assert len(seen) == 10
    assert not out.exists()


def test_render_into_a_buffer() -> None:
    import io

    buf = io.BytesIO()
    render_pdf(_doc(), buf)
    assert buf.getvalue().startswith(b"%PDF")


def test_a_batch_of_300_letters_gives_300_pages(tmp_path: Path) -> None:
    """Speed is measured in bench/bench_dossiers.py, never asserted here."""
    docs = [
        _doc(
            number=f"{i:02d}/PXL-SVHTTDL",
            body=[
                f"Kính gửi: Ông/Bà Nguyễn Văn Số{i}, địa chỉ ấp {i}, xã Tân Thành.",
                f"Sở tiếp nhận hồ sơ số H12.{i:06d} của Ông/Bà ngày 05 tháng 01 năm 2026. " * 3,
                "Sở xin lỗi Ông/Bà vì sự chậm trễ này và sẽ trả kết quả vào ngày 27/01/2026.",
            ],
        )
        for i in range(300)
    ]
    register_fonts()
    assert render_pdf(docs, tmp_path / "fast.pdf") == 300
    assert pdf_page_count(tmp_path / "fast.pdf") == 300


# --- pdftext -------------------------------------------------------------------------------


def test_pdf_text_without_pdftotext(monkeypatch, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "doc.pdf"
    render_pdf(_doc(), out)
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    text = pdf_text(out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert unicodedata.is_normalized("NFC", text)
