"""Dossiers at scale: listing late dossiers among 200,000, and 1,000 apology letters in one
PDF, each beside the simplest way (raw SQL; raw ReportLab canvas drawing the same letters).

Run: ``python -m bench.bench_dossiers`` (``--dossiers N`` to change the scale).
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path


def _timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _fill(path: Path, n: int) -> None:
    """Bulk rows through SQL for speed; the schema is the program's own."""
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.services import agency
    from camau_reception.storage.db import open_database

    db = open_database(path)
    with db.write() as s:
        agency.first_start(s, SAMPLE_AGENCY, "admin", "Quản Trị", "mat-khau-thu-nghiem")
    db.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO procedures (code, name, level, field, processing_days, has_fee, online, "
        "shared_with_province, in_force, updated_at) VALUES ('P1', 'Cấp giấy phép kinh doanh "
        "dịch vụ karaoke', 'province', 'Văn hóa', 5, 1, 'full', 0, 1, '2026-01-01')"
    )
    rng = random.Random(1)
    start = datetime(2025, 1, 1, 8)
    rows = []
    for i in range(n):
        received = start + timedelta(minutes=rng.randint(0, 700 * 24 * 60))
        due = received + timedelta(days=7)
        returned = (
            None if rng.random() < 0.02 else received + timedelta(days=rng.choice((3, 5, 6, 9)))
        )
        rows.append(
            (
                f"H12-{i:07d}",
                1,
                f"Nguyễn Văn {i}",
                "counter",
                received,
                due,
                due,
                returned,
                "returned" if returned else "processing",
            )
        )
    conn.executemany(
        "INSERT INTO dossiers (code, procedure_id, applicant_name, channel, received_at, due_at, "
        "promised_at, returned_at, state, applicant_id_number, applicant_address, applicant_phone, "
        "applicant_email, due_explanation, digitised, result_digitised, fee_paid_online, "
        "import_source, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,'','','','',"
        "'',0,0,0,'','2026-01-01','2026-01-01',1)",
        rows,
    )
    conn.commit()
    conn.close()


def _raw_letters(out: Path, n: int) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from camau_reception.printing.fonts import FONT, FONT_BOLD, register_fonts

    register_fonts()
    c = canvas.Canvas(str(out), pagesize=A4)
    for i in range(n):
        y = 800
        for font, size, text in (
            (FONT, 12, "UBND TỈNH CÀ MAU"),
            (FONT_BOLD, 12, "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
            (FONT_BOLD, 14, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
            (FONT, 13, f"Kính gửi: Ông/Bà Nguyễn Văn {i}"),
            (FONT, 13, "Ngày 01 tháng 11 năm 2026, Sở tiếp nhận hồ sơ của Ông/Bà. Mã hồ sơ: H12."),
            (FONT, 13, "Lý do: hồ sơ cần xác minh, thẩm định thực tế tại cơ sở."),
            (FONT, 13, "Sở xin lỗi Ông/Bà và sẽ trả kết quả vào ngày 05/12/2026."),
            (FONT, 13, "Xin kính chào trân trọng!"),
            (FONT_BOLD, 13, "PHÓ GIÁM ĐỐC"),
        ):
            c.setFont(font, size)
            c.drawString(85, y, text)
            y -= 24
        c.showPage()
    c.save()


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args(argv)
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.printing.apology_letter import LetterData, render_letters
    from camau_reception.services import dossiers
    from camau_reception.storage.db import open_database

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.sqlite3"
        _fill(path, args.dossiers)
        db = open_database(path)
        at = datetime(2026, 12, 1)
        from camau_reception.domain.calendar import WorkCalendar

        cal = WorkCalendar()
        with db.read() as s:
            late = dossiers.late_dossiers(s, at, open_only=True, cal=cal)
            results["late_list_s"] = _timed(
                lambda: dossiers.late_dossiers(s, at, open_only=True, cal=cal, limit=500)
            )
        conn = sqlite3.connect(path)
        results["late_list_raw_s"] = _timed(
            lambda: conn.execute(
                "SELECT id, code, due_at FROM dossiers WHERE state='processing' AND due_at < ? "
                "ORDER BY due_at LIMIT 500",
                (at,),
            ).fetchall()
        )
        wording = dossiers.template("apology_letter")
        letters = [
            LetterData(
                number=f"{i:02d}/PXL-SVHTTDL",
                issued_on=at.date(),
                applicant_name=f"Nguyễn Văn {i}",
                applicant_address="Cà Mau",
                applicant_phone="0912345678",
                dossier_code=f"H12-{i:07d}",
                procedure_name="Cấp giấy phép kinh doanh dịch vụ karaoke",
                received_at=datetime(2026, 11, 1, 8),
                old_due_at=datetime(2026, 11, 10, 17),
                new_due_on=at.date() + timedelta(days=4),
                reason="Hồ sơ cần xác minh, thẩm định thực tế tại cơ sở",
            )
            for i in range(args.letters)
        ]
        out = Path(tmp) / "letters.pdf"
        results["letters_s"] = _timed(
            lambda: render_letters(letters, SAMPLE_AGENCY, wording, out), runs=3
        )
        results["letters_raw_s"] = _timed(
            lambda: _raw_letters(Path(tmp) / "raw.pdf", args.letters), runs=3
        )
        db.close()
    print(f"{args.dossiers} dossiers ({len(late)} late and open); {args.letters} letters")
    print(f"{'measure':<40}{'ours':>10}{'simplest':>10}{'ratio':>8}")
    for key, label in (
        ("late_list", "late list (first 500), median"),
        ("letters", "apology letters PDF"),
    ):
        ours, raw = results[f"{key}_s"], results[f"{key}_raw_s"]
        print(f"{label:<40}{ours:>9.3f}s{raw:>9.3f}s{ours / raw:>7.1f}x")
    out_dir = Path(__file__).with_name("results")
    out_dir.mkdir(exist_ok=True)
    (out_dir / "dossiers.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
