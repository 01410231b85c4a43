"""Protected corruption denunciations at realistic (200 a year) and large (20,000) scale, each
figure beside the simplest way of doing the same work:

- record a case (identity encrypted, content key sealed, audited) vs a raw INSERT of the
  same ciphertext made with ``AESGCM`` directly;
- reveal one identity (unseal + decrypt + audit) vs a raw SELECT + ``AESGCM.decrypt``;
- the masked list (newest 1,000) vs the same raw SELECT;
- the yearly report vs raw SQL ``GROUP BY`` counts;
- the redacted transfer slip vs raw ReportLab drawing the same text;
- unlocking an inspector's keys at sign-in (Argon2id, shipped cost) — paid once per session.

Run: ``python -m bench.bench_corruption`` (``--cases N`` to change the large scale).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

PASSWORD = "mat-khau-thu-nghiem"


def _timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _setup(path: Path):
    from camau_reception.domain.agency import SAMPLE_AGENCY
    from camau_reception.models.users import Role
    from camau_reception.services import agency, auth, users
    from camau_reception.services import corruption_keys as keys
    from camau_reception.storage.db import open_database

    db = open_database(path)
    with db.write() as s:
        admin = agency.first_start(s, SAMPLE_AGENCY, "admin", "Quản Trị", PASSWORD)
        inspector = auth.to_actor(
            users.create_user(
                s,
                admin,
                users.UserInput("thanhtra", "Phạm Quốc Việt", {Role.INSPECTOR}, PASSWORD),
            )
        )
    with db.write() as s:
        t = time.perf_counter()
        ring = keys.unlock(s, inspector, PASSWORD)
        unlock_first = time.perf_counter() - t
        keys.setup(s, inspector, ring)
    return db, inspector, ring, unlock_first


def _case_input(i: int, received: date):
    from camau_reception.services import corruption as svc

    return svc.CaseInput(
        received_on=received,
        summary=f"Tố cáo việc thu tiền trái phép khi cấp phép số {i}.",
        source="post",
        identity=svc.Identity(
            full_name="Trương Thị Bích Ngọc",
            id_number="096189007531",
            phone="0918765432",
            address="Số 45, đường Phan Ngọc Hiển, Cà Mau",
        ),
        field="Văn hóa, di sản",
        subject="Một chuyên viên",
    )


def _bulk_fill(db, inspector, n: int) -> None:
    """Large scale through the service in batches of 500 per transaction."""
    from camau_reception.services import corruption as svc

    start = date(2026, 1, 1)
    done = 0
    while done < n:
        with db.write() as s:
            for i in range(done, min(n, done + 500)):
                svc.record(s, inspector, _case_input(i, start + timedelta(days=i % 360)))
        done = min(n, done + 500)


def _raw_record(conn: sqlite3.Connection, i: int, key: bytes) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    blob = AESGCM(key).encrypt(nonce, f"Người Tố Cáo Thử {i}|096189007531".encode(), b"")
    conn.execute(
        "INSERT INTO corruption_cases (code, kind, anonymous, source, received_on, field, "
        "subject, summary, identity_blob, identity_nonce, multi_place, accept_decision_no, "
        "transfer_to, transfer_doc_no, not_accepted_reason, extensions, conclusion_no, result, "
        "state, rule_id, created_at, updated_at, version) VALUES (?, 'denunciation', 0, 'post', "
        "'2026-03-16', '', '', 'x', ?, ?, 0, '', '', '', '', 0, '', '', 'received', '', "
        "'2026-03-16', '2026-03-16', 1)",
        (f"RAW-{i}-{os.urandom(4).hex()}", blob, nonce),
    )


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20_000)
    args = parser.parse_args(argv)
    from camau_reception.services import corruption as svc

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db, inspector, ring, unlock_first = _setup(Path(tmp) / "bench.sqlite3")
        results["unlock_first_sign_in_s"] = unlock_first
        with db.write() as s:
            t = time.perf_counter()
            from camau_reception.services import corruption_keys as keys

            keys.unlock(s, inspector, PASSWORD)
            results["unlock_sign_in_s"] = time.perf_counter() - t

        # Realistic scale: one year of 200 cases, each recorded in its own transaction.
        counter = iter(range(10**9))

        def record_one() -> None:
            with db.write() as s:
                svc.record(s, inspector, _case_input(next(counter), date(2026, 3, 16)))

        results["record_s"] = _timed(record_one, 200)
        raw = sqlite3.connect(db.path, isolation_level=None)
        raw.execute("PRAGMA synchronous=FULL")
        key = os.urandom(32)
        raw_counter = iter(range(10**9))

        def raw_one() -> None:
            raw.execute("BEGIN IMMEDIATE")
            _raw_record(raw, next(raw_counter), key)
            raw.execute("COMMIT")

        results["record_raw_s"] = _timed(raw_one, 200)
        raw.execute("DELETE FROM corruption_cases WHERE code LIKE 'RAW-%'")

        # Large scale
        _bulk_fill(db, inspector, args.cases)
        with db.read() as s:
            target = svc.search(s, inspector, svc.CaseFilter(), limit=1)[0].id

        def reveal() -> None:
            with db.write() as s:
                svc.reveal_identity(s, inspector, ring, target, "Đo thời gian giải mã danh tính")

        results["reveal_s"] = _timed(reveal, 20)
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(12)
        blob = AESGCM(key).encrypt(nonce, b"x" * 256, b"")

        def raw_reveal() -> None:
            raw.execute("SELECT identity_blob FROM corruption_cases WHERE id = ?", (target,))
            AESGCM(key).decrypt(nonce, blob, b"")

        results["reveal_raw_s"] = _timed(raw_reveal, 20)

        def listing() -> None:
            with db.read() as s:
                rows = svc.list_rows(s, inspector, svc.CaseFilter(), limit=1000)
                _ = [(c.code, c.received_on, c.reporter_label, c.summary, c.due_on) for c in rows]

        results["list_1000_s"] = _timed(listing)
        results["list_1000_raw_s"] = _timed(
            lambda: raw.execute(
                "SELECT id, code, received_on, anonymous, summary, state, due_on FROM "
                "corruption_cases ORDER BY received_on DESC, id DESC LIMIT 1000"
            ).fetchall()
        )

        def report() -> None:
            with db.read() as s:
                svc.yearly_report(s, 2026)

        results["year_report_s"] = _timed(report, 3)
        results["year_report_raw_s"] = _timed(
            lambda: raw.execute(
                "SELECT (CAST(strftime('%m', received_on) AS INTEGER) + 2) / 3, state, field, "
                "count(*) FROM corruption_cases WHERE received_on BETWEEN '2026-01-01' AND "
                "'2026-12-31' GROUP BY 1, 2, 3"
            ).fetchall(),
            3,
        )

        with db.write() as s:
            case = svc.get(s, target)
            svc.act(
                s,
                inspector,
                target,
                "to_transfer",
                svc.ActionInput(on=case.received_on, transfer_to="Thanh tra tỉnh Cà Mau"),
                case.version,
            )
        out = Path(tmp) / "slip.pdf"

        def slip() -> None:
            with db.read() as s:
                svc.print_transfer_slip(s, inspector, target, out, date(2026, 3, 20))

        results["transfer_slip_s"] = _timed(slip)

        def raw_slip() -> None:
            from reportlab.lib.pagesizes import A4
            from reportlab.pdfgen.canvas import Canvas

            from camau_reception.printing.fonts import register_fonts

            font = register_fonts()
            c = Canvas(str(Path(tmp) / "raw.pdf"), pagesize=A4)
            c.setFont(font, 13)
            y = 800
            for line in ("PHIẾU CHUYỂN ĐƠN TỐ CÁO", "Kính gửi: Thanh tra tỉnh Cà Mau") + (
                "Nội dung tố cáo ...",
            ) * 12:
                c.drawString(85, y, line)
                y -= 18
            c.save()

        results["transfer_slip_raw_s"] = _timed(raw_slip)
        raw.close()
        db.close()

    print(f"{args.cases} cases (large scale); realistic: 200 a year")
    print(f"{'measure':<44}{'ours':>10}{'simplest':>10}{'ratio':>8}")
    for key, label in (
        ("record", "record one case (own transaction)"),
        ("reveal", "reveal one identity (audited)"),
        ("list_1000", f"masked list, newest 1,000 of {args.cases}"),
        ("year_report", f"yearly report over {args.cases}"),
        ("transfer_slip", "redacted transfer slip PDF"),
    ):
        ours, simplest = results[f"{key}_s"], results[f"{key}_raw_s"]
        print(f"{label:<44}{ours:>9.4f}s{simplest:>9.4f}s{ours / simplest:>7.1f}x")
    print(
        f"{'unlock keys at first sign-in (creates pair)':<44}{results['unlock_first_sign_in_s']:>9.3f}s"
    )
    print(f"{'unlock keys at sign-in (Argon2id 64 MiB)':<44}{results['unlock_sign_in_s']:>9.3f}s")
    out_dir = Path(__file__).with_name("results")
    out_dir.mkdir(exist_ok=True)
    (out_dir / "corruption.json").write_text(json.dumps(results, indent=2))
    return results


if __name__ == "__main__":
    main()
