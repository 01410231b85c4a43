"""The paper of citizen reception: receipt (02/TCD), appointment slip, refusal notice (01/TCD),
the register (03/TCD) as PDF and Excel, and their command-line forms."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from camau_reception.cli import main
from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.exports import register_xlsx as paper
from camau_reception.models.audit import AuditEvent
from camau_reception.models.settings import IssuedDocument
from camau_reception.printing.apology_letter import WordingError
from camau_reception.printing.pdftext import pdf_page_count, pdf_text
from camau_reception.printing.reception_forms import (
    RegisterLine,
    load_wording,
    register_headings,
    render_register,
)
from camau_reception.services import reception as svc
from camau_reception.services import settings
from camau_reception.services.actor import Actor
from camau_reception.services.errors import ValidationError
from camau_reception.services.reception import DocumentInput
from camau_reception.storage.db import Database
from tests.unit.test_reception_support import NOW, person, visit

ISSUED = date(2026, 3, 16)
DOCS = [
    DocumentInput("Đơn khiếu nại", 2, "Nguyên vẹn", "original"),
    DocumentInput("Quyết định xử phạt số 12/QĐ-XPVPHC", 3, "Có dấu đỏ", "certified"),
    DocumentInput("Ảnh chụp hiện trường", 5, "Ảnh màu", "copy"),
]
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hải")
SECOND = ("Khang", "Lâm", "Minh", "Phong", "Quang", "Sơn")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh")


def _text(path: Path) -> str:
    """The PDF's words in reading order, whitespace collapsed (justified lines have wide gaps)."""
    return re.sub(r"\s+", " ", pdf_text(path, layout=False))


def _pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", p) for p in pdf_text(path, layout=False).split("\f") if p.strip()]


def _record(db: Database, actor: Actor, **kw) -> int:
    with db.write() as s:
        return svc.record(s, actor, visit(**kw), now=NOW).id


def _count(db: Database, model, *where) -> int:
    with db.read() as s:
        return s.execute(select(func.count()).select_from(model).where(*where)).scalar()


def _issue(db: Database, actor: Actor, rid: int, kind: str, out: Path, **kw) -> str:
    with db.write() as s:
        return paper.issue_visit_form(s, actor, rid, kind, on=ISSUED, out=out, **kw).number


# --- Giấy biên nhận (Mẫu 02/TCD) ---------------------------------------------------------------


def test_receipt_lists_the_citizen_and_every_document(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    rid = _record(db, officer, documents=DOCS)
    out = tmp_path / "bien-nhan.pdf"
    number = _issue(db, officer, rid, "receipt", out, two_per_sheet=True)
    assert number == "01/GBN-SVHTTDL"
    text = _text(out)
    assert "Mẫu số 02/TCD" in text
    assert "GIẤY BIÊN NHẬN" in text and "Thông tin, tài liệu" in text
    assert "Nguyễn Văn Đức" in text  # NFC diacritics survive
    assert "096075001234" in text
    assert "Số 12, đường Lý Thường Kiệt" in text
    for name in ("Đơn khiếu nại", "Quyết định xử phạt số 12/QĐ-XPVPHC", "Ảnh chụp hiện trường"):
        assert name in text
    for kind in ("Bản chính", "Bản sao có chứng thực", "Bản photo"):
        assert kind in text
    assert "Có dấu đỏ" in text
    assert "Võ Thị Thu Hà" in text and "Chuyên viên" in text  # the receiving officer
    assert "NGƯỜI CUNG CẤP" in text and "NGƯỜI NHẬN" in text
    assert "09 giờ 15 phút, ngày 16 tháng 3 năm 2026" in text
    assert "…." not in text  # a blank ending a sentence has no doubled stop
    # Two copies on one sheet: one landscape page, each copy labelled.
    assert pdf_page_count(out) == 1
    assert text.count("Nguyễn Văn Đức") >= 4  # "đã nhận của" and the signature, twice
    assert "Bản giao người cung cấp" in text and "Bản lưu" in text


def test_two_per_sheet_or_one_copy_per_page(db: Database, officer: Actor, tmp_path: Path) -> None:
    from pypdf import PdfReader

    rid = _record(db, officer, documents=DOCS)
    one = tmp_path / "mot-to.pdf"
    two = tmp_path / "hai-trang.pdf"
    _issue(db, officer, rid, "receipt", one, two_per_sheet=True)
    _issue(db, officer, rid, "receipt", two, two_per_sheet=False)
    assert pdf_page_count(one) == 1
    assert pdf_page_count(two) == 2
    box = PdfReader(str(one)).pages[0].mediabox
    assert box.width > box.height  # A4 landscape cut in two halves
    for page in PdfReader(str(two)).pages:
        assert page.mediabox.width < page.mediabox.height  # A4 portrait
    pages = _pages(two)
    assert all("Nguyễn Văn Đức" in p and "Đơn khiếu nại" in p for p in pages)
    # Without the parameter the office's setting decides.
    with db.write() as s:
        settings.put(s, officer, paper.TWO_PER_SHEET_SETTING, False, admin_only=False)
    by_setting = tmp_path / "theo-cai-dat.pdf"
    _issue(db, officer, rid, "receipt", by_setting)
    assert pdf_page_count(by_setting) == 2


def test_reprint_keeps_the_number_and_every_print_is_audited(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    rid = _record(db, officer, documents=DOCS)
    first = _issue(db, officer, rid, "receipt", tmp_path / "a.pdf")
    again = _issue(db, officer, rid, "receipt", tmp_path / "b.pdf")
    fresh = _issue(db, officer, rid, "receipt", tmp_path / "c.pdf", new_number=True)
    assert first == again == "01/GBN-SVHTTDL"
    assert fresh == "02/GBN-SVHTTDL"
    with db.read() as s:
        actions = [
            (e.action, e.entity_id, e.summary)
            for e in s.execute(
                select(AuditEvent)
                .where(AuditEvent.action.like("reception.%_form"))
                .order_by(AuditEvent.id)
            ).scalars()
        ]
    assert [a for a, _, _ in actions] == [
        "reception.issue_form",
        "reception.reprint_form",
        "reception.issue_form",
    ]
    assert all(entity == str(rid) for _, entity, _ in actions)
    assert "01/GBN-SVHTTDL" in actions[0][2]
    assert all("Nguyễn" not in summary for _, _, summary in actions)  # no identity in the log


def test_a_failed_pdf_takes_no_number(
    db: Database, officer: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = _record(db, officer, documents=DOCS)

    def broken(*_a, **_k):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(paper, "render_visit_form", broken)
    with pytest.raises(OSError):
        _issue(db, officer, rid, "receipt", tmp_path / "x.pdf")
    assert _count(db, IssuedDocument) == 0
    assert _count(db, AuditEvent, AuditEvent.action == "reception.issue_form") == 0


def test_forms_that_do_not_fit_the_visit_are_refused(
    db: Database, officer: Actor, admin: Actor, tmp_path: Path
) -> None:
    no_papers = _record(db, officer, documents=[])
    plain = _record(db, officer, received_at=datetime(2026, 3, 16, 9, 30))
    cases = [
        (no_papers, "receipt", "tài liệu"),
        (plain, "appointment", "Hẹn gặp lãnh đạo"),
        (plain, "refusal", "từ chối"),
    ]

    def refused(rid: int, kind: str, words: str) -> None:
        with pytest.raises(ValidationError) as info:
            _issue(db, officer, rid, kind, tmp_path / f"{kind}.pdf")
        assert words in info.value.message
        assert not (tmp_path / f"{kind}.pdf").exists()

    for case in cases:
        refused(*case)
    with db.write() as s:
        svc.cancel(s, admin, plain, "Ghi nhầm lượt tiếp", svc.get(s, plain).version)
    refused(plain, "receipt", "đã bị hủy")
    assert _count(db, IssuedDocument) == 0


# --- Phiếu hẹn and Thông báo từ chối (Mẫu 01/TCD) ----------------------------------------------


def test_appointment_slip_gives_time_place_and_purpose(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    rid = _record(
        db,
        officer,
        citizen=person("Trần Thị Lan", "096188004321", sex="nữ"),
        outcome="appointment",
        appointment_at=datetime(2026, 3, 24, 8, 0),
        appointment_place="Phòng tiếp công dân, Sở Văn hóa, Thể thao và Du lịch",
        appointment_purpose="Gặp Giám đốc Sở để trình bày và nhận trả lời",
    )
    out = tmp_path / "phieu-hen.pdf"
    assert _issue(db, officer, rid, "appointment", out) == "01/PH-SVHTTDL"
    text = _text(out)
    assert "PHIẾU HẸN" in text
    assert "Kính gửi: Bà Trần Thị Lan." in text
    assert "08 giờ 00 phút, thứ Ba, ngày 24/03/2026" in text
    assert "Phòng tiếp công dân, Sở Văn hóa, Thể thao và Du lịch" in text
    assert "Gặp Giám đốc Sở để trình bày và nhận trả lời" in text
    assert "NGƯỜI TIẾP CÔNG DÂN" in text and "Võ Thị Thu Hà" in text


def test_refusal_notice_gives_the_legal_reason_and_detail(
    db: Database, officer: Actor, tmp_path: Path
) -> None:
    rid = _record(
        db,
        officer,
        outcome="refused",
        refusal_reason="already_resolved",
        refusal_detail="Đã được giải thích, hướng dẫn nhiều lần.",
        documents=[],
    )
    out = tmp_path / "tu-choi.pdf"
    assert _issue(db, officer, rid, "refusal", out) == "01/TB-SVHTTDL"
    text = _text(out)
    assert "Mẫu số 01/TCD" in text
    assert "THÔNG BÁO" in text and "Về việc từ chối tiếp công dân" in text
    assert "Kính gửi: Ông Nguyễn Văn Đức." in text
    assert "096075001234" in text
    reason = svc.refusal_label("already_resolved")
    assert reason[1:60] in text  # the reason as the law words it (first letter lowered)
    assert "cụ thể: đã được giải thích, hướng dẫn nhiều lần" in text
    assert "Điều 9 Luật Tiếp công dân số 42/2013/QH13" in text
    assert "Điều 4 Nghị định số 154/2026/NĐ-CP" in text
    assert "GIÁM ĐỐC" in text and "Nơi nhận:" in text


# --- the register (Mẫu 03/TCD) -----------------------------------------------------------------


def _name(i: int) -> str:
    return f"{FAMILY[i % 5]} Văn {GIVEN[i % 6]} {SECOND[(i // 6) % 6]}"  # unique below 36


def _month(db: Database, officer: Actor, admin: Actor, n: int = 36) -> dict[str, object]:
    """``n`` visits from 01/03 to 15/03/2026 with long summaries, one cancelled, and one visit
    on each side of the range."""
    names = []
    start = datetime(2026, 3, 1, 7, 30)
    long = (
        "Khiếu nại việc thu hồi giấy phép kinh doanh karaoke của hộ gia đình tại phường An "
        "Xuyên; đề nghị xem xét lại quyết định xử phạt vi phạm hành chính và hoàn trả tiền phạt."
    )
    ids = []
    for i in range(n):
        name = _name(i)
        names.append(name)
        kw: dict[str, object] = {}
        if i % 5 == 1:
            kw = {
                "outcome": "guided",
                "guided_to": "UBND xã Thới Bình",
                "guide_doc_number": "12/HD",
            }
        elif i % 5 == 2:
            kw = {
                "outcome": "transferred",
                "transferred_to": "Sở Tư pháp tỉnh Cà Mau",
                "transfer_doc_number": "34/PC-SVHTTDL",
                "within_competence": False,
            }
        ids.append(
            _record(
                db,
                officer,
                citizen=person(name, f"096075{100 + i:06d}"),
                received_at=start + timedelta(hours=9 * i),
                summary=long * (1 + i % 3),
                **kw,
            )
        )
    cancelled = _record(
        db, officer, citizen=person("Đỗ Thị Hủy", "096180009999"), received_at=start
    )
    with db.write() as s:
        svc.cancel(s, admin, cancelled, "Ghi nhầm lượt tiếp", svc.get(s, cancelled).version)
    before = _record(
        db,
        officer,
        citizen=person("Quách Văn Trước", "096075900001"),
        received_at=datetime(2026, 2, 28, 16, 0),
    )
    after = _record(
        db,
        officer,
        citizen=person("Tạ Văn Sau", "096075900002"),
        received_at=datetime(2026, 3, 16, 8, 0),
    )
    return {"names": names, "ids": ids, "outside": (before, after)}


def test_register_pdf_repeats_the_header_numbers_pages_and_keeps_to_the_range(
    db: Database, officer: Actor, admin: Actor, tmp_path: Path
) -> None:
    _month(db, officer, admin)
    out = tmp_path / "so.pdf"
    result = paper.print_register(db, officer, date(2026, 3, 1), date(2026, 3, 15), out)
    assert result is not None
    assert result.visits == 36
    pages = _pages(out)
    assert result.pages == len(pages) == pdf_page_count(out) >= 3
    from pypdf import PdfReader

    box = PdfReader(str(out)).pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    assert "SỔ TIẾP CÔNG DÂN" in pages[0] and "Mẫu số 03/TCD" in pages[0]
    assert "Từ ngày 01/03/2026 đến ngày 15/03/2026" in pages[0]
    for n, page in enumerate(pages, 1):
        assert "Tóm tắt nội dung vụ việc" in page  # the header on every page
        assert all(f"({c})" in page for c in range(1, 13))  # and the column numbers
        assert f"Trang {n}/{len(pages)}" in page
    text = " ".join(pages)
    for i in range(36):
        assert f"096075{100 + i:06d}" in text  # every visit, by its identity number
    assert "Đỗ Thị Hủy" not in text and "096180009999" not in text  # cancelled
    assert "Quách Văn Trước" not in text and "Tạ Văn Sau" not in text  # outside the range
    assert "12/HD" in text and "34/PC" in text  # (10) and (11), wrapped in their cells
    assert "Tổng số: 36 lượt tiếp, 36 người." in pages[-1]
    with db.read() as s:
        summary = s.execute(
            select(AuditEvent.summary).where(AuditEvent.action == "reception.print_register")
        ).scalar_one()
    assert "01/03/2026" in summary and "36 lượt tiếp" in summary


def test_register_lines_are_the_twelve_columns(db: Database, officer: Actor, admin: Actor) -> None:
    _month(db, officer, admin, n=6)
    appointment = _record(
        db,
        officer,
        citizen=person("Lâm Văn Hẹn", "096075900003"),
        received_at=datetime(2026, 3, 15, 9, 0),
        outcome="appointment",
        appointment_at=datetime(2026, 3, 20, 8, 0),
        matter_kinds={"complaint", "denunciation"},
        group_size=6,
        handled_by="UBND huyện Thới Bình",
    )
    assert appointment
    with db.read() as s:
        lines = paper.register_lines(s, date(2026, 3, 1), date(2026, 3, 15))
    assert [line.seq for line in lines] == list(range(1, 8))
    assert [line.received_at for line in lines] == sorted(line.received_at for line in lines)
    first = lines[0]
    assert first.name_address.startswith(_name(0) + "\n")
    assert first.identity == "096075000100"
    assert first.classification == "Khiếu nại" and first.within_competence
    assert first.followup == "Giải thích, trả lời trực tiếp."
    assert lines[2].transfer == "Sở Tư pháp tỉnh Cà Mau; văn bản số 34/PC-SVHTTDL"
    assert not lines[2].within_competence
    last = lines[-1]
    assert last.classification == "Khiếu nại, Tố cáo"
    assert last.people == 6 and last.handled_by == "UBND huyện Thới Bình"
    assert last.followup == "Hẹn gặp lãnh đạo lúc 08:00 ngày 20/03/2026."
    assert len(RegisterLine._fields) == 12 == len(first.cells())


def test_register_of_an_empty_range_says_so(db: Database, officer: Actor, tmp_path: Path) -> None:
    out = tmp_path / "trong.pdf"
    result = paper.print_register(db, officer, date(2025, 1, 1), date(2025, 1, 31), out)
    assert result is not None and result.visits == 0 and result.pages == 1
    text = _text(out)
    assert "Không có lượt tiếp công dân nào" in text and "Trang 1/1" in text


def test_a_long_register_is_drawn_page_by_page_and_can_be_cancelled(tmp_path: Path) -> None:
    start = datetime(2026, 1, 2, 7, 30)
    lines = [
        RegisterLine(
            i + 1,
            start + timedelta(minutes=20 * i),
            "Nguyễn Thị Mỹ Duyên\nẤp Khai Long, xã Đất Mũi, tỉnh Cà Mau",
            f"096190{i:06d}",
            "Kiến nghị về việc cấp phép tổ chức lễ hội truyền thống tại địa phương. " * (i % 4 + 1),
            "Kiến nghị",
            1,
            "",
            True,
            "",
            "",
            "Giải thích, trả lời trực tiếp.",
        )
        for i in range(600)
    ]
    out = tmp_path / "dai.pdf"
    calls: list[tuple[int, int]] = []
    pages = render_register(
        lines,
        SAMPLE_AGENCY,
        date(2026, 1, 1),
        date(2026, 12, 31),
        out,
        progress=lambda d, t, _m: calls.append((d, t)),
    )
    assert pages == pdf_page_count(out) > 40
    texts = _pages(out)
    assert all("(12)" in p and f"Trang {n}/{pages}" in p for n, p in enumerate(texts, 1))
    assert "600 " in texts[-1] or "Tổng số: 600 lượt tiếp" in texts[-1]
    assert calls and calls[-1][0] == calls[-1][1]  # progress ends at 100 %
    # Cancelled part way: nothing is written.
    stop = tmp_path / "huy.pdf"
    seen = {"n": 0}

    def cancelled() -> bool:
        seen["n"] += 1
        return seen["n"] > 2

    assert (
        render_register(
            lines, SAMPLE_AGENCY, date(2026, 1, 1), date(2026, 12, 31), stop, cancelled=cancelled
        )
        == 0
    )
    assert not stop.exists()


def test_register_excel_has_the_same_columns_and_real_dates(
    db: Database, officer: Actor, admin: Actor, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    data = _month(db, officer, admin, n=12)
    out = tmp_path / "so.xlsx"
    result = paper.export_register(db, officer, date(2026, 3, 1), date(2026, 3, 15), out)
    assert result is not None and result.visits == 12
    wb = load_workbook(out)
    ws = wb.active
    assert ws.title == "Sổ tiếp công dân"
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header == register_headings() and len(header) == 12
    assert all(c.font.b for c in ws[1])
    assert ws.column_dimensions["E"].width >= 40  # the summary is wide
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12
    assert [r[0] for r in rows] == list(range(1, 13))
    assert rows[0][1] == datetime(2026, 3, 1, 7, 30)  # a real date, not text
    assert ws.cell(row=2, column=2).number_format == "dd/mm/yyyy hh:mm"
    assert rows[0][2].startswith(data["names"][0])
    assert rows[0][8] == "x"
    names = " ".join(r[2] for r in rows)
    assert "Đỗ Thị Hủy" not in names and "Tạ Văn Sau" not in names
    assert _count(db, AuditEvent, AuditEvent.action == "reception.export_register") == 1


def test_ranges_are_checked(db: Database, officer: Actor, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        paper.print_register(db, officer, date(2026, 3, 31), date(2026, 3, 1), tmp_path / "x.pdf")
    assert "sau ngày kết thúc" in info.value.message
    with pytest.raises(ValidationError):
        paper.check_range(date(2020, 1, 1), date(2026, 1, 1))
    assert not (tmp_path / "x.pdf").exists()


def test_long_words_break_after_a_separator() -> None:
    from camau_reception.printing.fonts import FONT, register_fonts
    from camau_reception.printing.reception_forms import wrap_cell

    register_fonts()
    lines = wrap_cell("văn bản số 34/PC-SVHTTDL", FONT, 9, 52)
    assert lines[-2:] == ["34/PC-", "SVHTTDL"]
    assert wrap_cell("0960750012345678901234", FONT, 9, 40)[0].isdigit()
    assert "".join(wrap_cell("0960750012345678901234", FONT, 9, 40)) == "0960750012345678901234"
    assert wrap_cell("Họ tên\nđịa chỉ", FONT, 9, 200) == ["Họ tên", "địa chỉ"]


def test_wording_file_must_have_every_form_and_twelve_columns(tmp_path: Path) -> None:
    from camau_reception.printing.reception_forms import default_wording_path

    text = default_wording_path().read_text(encoding="utf-8")
    assert len(load_wording()["register"]["columns"]) == 12
    broken = tmp_path / "reception_forms.toml"
    broken.write_text(text.replace('  ["STT", 4.4],\n', ""), encoding="utf-8")
    with pytest.raises(WordingError, match="12 cột"):
        load_wording(broken)
    broken.write_text(text.replace("[refusal]", "[refusal_old]"), encoding="utf-8")
    with pytest.raises(WordingError, match="refusal"):
        load_wording(broken)


# --- the command line --------------------------------------------------------------------------


def test_cli_prints_and_exports_the_register(
    db: Database, db_path: Path, officer: Actor, admin: Actor, tmp_path: Path, capsys
) -> None:
    from openpyxl import load_workbook

    _month(db, officer, admin, n=8)
    db.close()
    pdf = tmp_path / "so.pdf"
    xlsx = tmp_path / "so.xlsx"
    base = ["--db", str(db_path)]
    assert main([*base, "print", "register", "--from", "2026-03-01", "--to", "15/03/2026",
                 "--out", str(pdf)]) == 0  # fmt: skip
    assert "8 lượt tiếp" in capsys.readouterr().out
    assert "Tổng số: 8 lượt tiếp" in _text(pdf)
    assert main([*base, "export", "register", "--from", "01/03/2026", "--to", "2026-03-15",
                 "--out", str(xlsx)]) == 0  # fmt: skip
    assert load_workbook(xlsx).active.max_row == 9


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (["--from", "2026-03-31", "--to", "2026-03-01"], "sau ngày kết thúc"),
        (["--from", "31/02/2026", "--to", "2026-03-01"], "Ngày không hợp lệ"),
        (["--from", "2026-03-01", "--to", "hôm qua"], "Ngày không hợp lệ"),
    ],
)
def test_cli_rejects_bad_dates_in_vietnamese(
    db: Database, db_path: Path, tmp_path: Path, capsys, dates: list[str], message: str
) -> None:
    db.close()
    for verb, name in (("print", "so.pdf"), ("export", "so.xlsx")):
        out = tmp_path / name
        rc = main(["--db", str(db_path), verb, "register", *dates, "--out", str(out)])
        assert rc == 2
        err = capsys.readouterr().err
        assert message in err and "usage" not in err
        assert not out.exists()


def test_cli_prints_a_receipt_by_visit_number(
    db: Database, db_path: Path, officer: Actor, tmp_path: Path, capsys
) -> None:
    rid = _record(db, officer, documents=DOCS)
    db.close()
    out = tmp_path / "bien-nhan.pdf"
    base = ["--db", str(db_path), "print"]
    assert main([*base, "receipt", "--id", str(rid), "--out", str(out), "--one-per-page"]) == 0
    assert "01/GBN-SVHTTDL" in capsys.readouterr().out
    assert pdf_page_count(out) == 2 and "Nguyễn Văn Đức" in _text(out)
    assert main([*base, "refusal-notice", "--id", str(rid), "--out", str(tmp_path / "x.pdf")]) == 1
    assert "từ chối" in capsys.readouterr().err
    assert main([*base, "receipt", "--id", "999", "--out", str(tmp_path / "y.pdf")]) == 1
    assert "Không tìm thấy" in capsys.readouterr().err
