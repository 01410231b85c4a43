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
from datetime import date, datetime, timedelta
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


def _raw_letters(out: Path, letters: list, agency, wording: dict) -> None:
    """The same letters drawn straight on a ReportLab canvas: the same wording and fields,
    letterhead, wrapped justified-width paragraphs, signature and recipients; no layout
    engine, no page templates."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    from camau_reception.printing.apology_letter import fill, letter_values
    from camau_reception.printing.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts

    register_fonts()
    c = canvas.Canvas(str(out), pagesize=A4)
    left, width = 85.0, 595.0 - 85.0 - 57.0
    for data in letters:
        values = letter_values(data, agency)
        y = 790.0
        for font, size, x, text in (
            (FONT, 12, left + 40, "UBND TỈNH CÀ MAU"),
            (FONT_BOLD, 12, 300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        ):
            c.setFont(font, size)
            c.drawString(x, y, text)
        y -= 15
        c.setFont(FONT_BOLD, 12)
        c.drawString(left, y, "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
        c.drawString(330, y, "Độc lập - Tự do - Hạnh phúc")
        y -= 28
        c.setFont(FONT, 13)
        c.drawString(left + 30, y, f"Số: {data.number}")
        c.setFont(FONT_ITALIC, 13)
        c.drawString(
            310,
            y,
            f"Cà Mau, ngày {data.issued_on:%d} tháng {data.issued_on:%m} năm {data.issued_on:%Y}",
        )
        y -= 32
        c.setFont(FONT_BOLD, 14)
        c.drawCentredString(left + width / 2, y, fill(wording["title"], values))
        y -= 26
        c.setFont(FONT, 13)
        paragraphs = [fill(wording["greeting"], values), fill(wording["contact"], values)]
        paragraphs += [fill(p, values) for p in wording["paragraphs"]]
        for text in paragraphs:
            for i, line in enumerate(simpleSplit(text, FONT, 13, width - 28)):
                c.drawString(left + (28 if i == 0 else 0), y, line)
                y -= 17
            y -= 6
        c.setFont(FONT_BOLD, 13)
        c.drawCentredString(420, y - 10, "KT. GIÁM ĐỐC")
        c.drawCentredString(420, y - 26, data.signer_title or "PHÓ GIÁM ĐỐC")
        c.drawCentredString(420, y - 110, data.signer_name or "Lê Văn Đức")
        c.setFont(FONT_BOLD, 12)
        c.drawString(left, y - 10, "Nơi nhận:")
        c.setFont(FONT, 11)
        for j, r in enumerate(wording.get("recipients", [])):
            c.drawString(left, y - 25 - 13 * j, f"- {r};")
        c.showPage()
    c.save()


def _run(n: int, n_letters: int) -> dict[str, float]:
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.domain.calendar import WorkCalendar
    from camau_reception.printing.apology_letter import LetterData, render_letters
    from camau_reception.services import apologies, dossiers, indicators
    from camau_reception.services.actor import SYSTEM
    from camau_reception.storage.db import open_database

    results: dict[str, float] = {"dossiers": n}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dossiers.sqlite3"
        _fill(path, n)
        db = open_database(path)
        day = date(2026, 12, 1)
        cal = WorkCalendar()
        with db.read() as s:
            late = dossiers.late_dossiers(s, day, open_only=True, cal=cal)
            owing = dossiers.late_dossiers(s, day, only_owing=True, cal=cal)
            results["late_open"] = len(late)
            results["late_list_s"] = _timed(
                lambda: dossiers.late_dossiers(s, day, open_only=True, cal=cal)
            )
            results["late_first500_s"] = _timed(
                lambda: dossiers.late_dossiers(s, day, open_only=True, cal=cal, limit=500)
            )
            results["late_all_s"] = _timed(lambda: dossiers.late_dossiers(s, day, cal=cal))
            results["owing_s"] = _timed(
                lambda: dossiers.late_dossiers(s, day, only_owing=True, cal=cal)
            )
            results["indicators_year_s"] = _timed(
                lambda: indicators.indicators(s, date(2026, 1, 1), date(2026, 12, 31))
            )
        conn = sqlite3.connect(path)
        midnight = datetime.combine(day, datetime.min.time())

        def raw_late() -> list:
            return conn.execute(
                "SELECT d.id, d.code, p.name, d.applicant_name, d.due_at, d.promised_at, "
                "(SELECT count(*) FROM apology_letters a WHERE a.dossier_id = d.id) "
                "FROM dossiers d JOIN procedures p ON p.id = d.procedure_id "
                "WHERE d.state = 'processing' AND d.due_at < ? ORDER BY d.due_at, d.id",
                (midnight.isoformat(sep=" "),),
            ).fetchall()

        assert len(raw_late()) == len(late)
        results["late_list_raw_s"] = _timed(raw_late)
        results["indicators_year_raw_s"] = _timed(
            lambda: conn.execute(
                "SELECT count(*), sum(channel='online'), sum(digitised AND result_digitised), "
                "sum(returned_at IS NOT NULL AND date(returned_at) <= date(due_at)) "
                "FROM dossiers WHERE received_at >= '2026-01-01' AND received_at < '2027-01-01'"
            ).fetchall()
        )
        conn.close()

        wording = dossiers.template("apology_letter")
        letters = [
            LetterData(
                number=f"{i:02d}/PXL-SVHTTDL",
                issued_on=day,
                applicant_name=f"Nguyễn Văn {i}",
                applicant_address="Phường An Xuyên, tỉnh Cà Mau",
                applicant_phone="0912345678",
                dossier_code=f"000.00.12.H12-{i:07d}",
                procedure_name="Cấp giấy phép kinh doanh dịch vụ karaoke",
                received_at=datetime(2026, 11, 1, 8),
                old_due_at=datetime(2026, 11, 10, 17),
                new_due_on=day + timedelta(days=4),
                reason="Hồ sơ cần xác minh, thẩm định thực tế tại cơ sở",
                signer_title="PHÓ GIÁM ĐỐC",
                signer_name="Lê Văn Đức",
            )
            for i in range(n_letters)
        ]
        out = Path(tmp) / "letters.pdf"
        results["letters_s"] = _timed(
            lambda: render_letters(letters, SAMPLE_AGENCY, wording, out), runs=3
        )
        results["letters_raw_s"] = _timed(
            lambda: _raw_letters(Path(tmp) / "raw.pdf", letters, SAMPLE_AGENCY, wording), runs=3
        )
        # The whole batch as the command runs it: number, record and print the letters owed.
        ids = [r.id for r in owing[:n_letters]]
        t = time.perf_counter()
        with db.write() as s:
            written = apologies.issue_and_print_owed(
                s, SYSTEM, day, Path(tmp) / "batch.pdf", reason="Quá tải hồ sơ", ids=ids
            )
        results["batch_issue_print_s"] = time.perf_counter() - t
        results["batch_letters"] = written
        db.close()
    return results


def _report(r: dict[str, float], n_letters: int) -> None:
    print(
        f"\n{int(r['dossiers']):,} dossiers ({int(r['late_open']):,} late and open); "
        f"{n_letters:,} letters".replace(",", ".")
    )
    print(f"{'measure':<46}{'ours':>10}{'simplest':>10}{'ratio':>8}")
    for key, label in (
        ("late_list", "late list, open, all rows (median)"),
        ("indicators_year", "indicators of a year"),
        ("letters", "apology letters into one PDF"),
    ):
        ours, raw = r[f"{key}_s"], r[f"{key}_raw_s"]
        print(f"{label:<46}{ours:>9.3f}s{raw:>9.3f}s{ours / raw:>7.1f}x")
    for key, label in (
        ("late_first500_s", "late list, first 500"),
        ("late_all_s", "late list incl. returned late"),
        ("owing_s", "letters owed"),
        ("batch_issue_print_s", f"batch: number+record+print {int(r['batch_letters'])}"),
    ):
        print(f"{label:<46}{r[key]:>9.3f}s")


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=200_000)
    parser.add_argument("--letters", type=int, default=1000)
    args = parser.parse_args(argv)
    results = {}
    # An office's real year (about 5,000 dossiers), then the large scale.
    for label, n in (("office", min(5_000, args.dossiers)), ("large", args.dossiers)):
        results[label] = _run(n, args.letters)
        _report(results[label], args.letters)
    out_dir = Path(__file__).with_name("results")
    out_dir.mkdir(exist_ok=True)
    (out_dir / "dossiers.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
