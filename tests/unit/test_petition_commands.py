"""The command line: a deadline with its explanation, a form printed by petition code, due lists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from camau_reception.cli import main
from camau_reception.printing.pdftext import pdf_text
from camau_reception.services import petitions as svc
from camau_reception.services.actor import Actor
from camau_reception.storage.db import Database


def test_deadline_prints_the_due_date_and_why(tmp_path: Path, capsys) -> None:
    # No database yet: the shipped rules and holidays (Tết 2026 is 16/02–20/02).
    rc = main(
        [
            "--db",
            str(tmp_path / "none.sqlite3"),
            "deadline",
            "petition.classify",
            "--from",
            "13/02/2026",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert rc == 0
    assert out[0] == "06/03/2026"
    assert "10 ngày làm việc kể từ 13/02/2026" in out[1]
    assert "bỏ qua Tết" in out[1] and "→ hạn 06/03/2026" in out[1]
    rc = main(
        ["--db", str(tmp_path / "none.sqlite3"), "deadline", "no.such.rule", "--from", "2026-07-01"]
    )
    assert rc == 2
    assert "no.such.rule" in capsys.readouterr().err


def test_deadline_uses_the_database_rules(
    db: Database, db_path: Path, admin: Actor, capsys
) -> None:
    from camau_reception.services.deadline_rules import RuleVersionInput, add_version

    with db.write() as s:
        add_version(
            s,
            admin,
            RuleVersionInput(
                rule_id="petition.classify",
                days=5,
                unit="working_days",
                source="Thông tư giả định 01/2027",
                effective_from=date(2027, 1, 1),
            ),
            today=date(2026, 12, 1),
        )
    db.close()
    assert (
        main(["--db", str(db_path), "deadline", "petition.classify", "--from", "2027-03-01"]) == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "08/03/2027"
    assert "Thông tư giả định 01/2027" in out
    assert main(["--db", str(db_path), "deadline", "--list", "--from", "2027-03-01"]) == 0
    assert "5 ngày làm việc" in capsys.readouterr().out


def test_print_form_and_due_list(
    db: Database, db_path: Path, officer: Actor, tmp_path: Path, capsys
) -> None:
    with db.write() as s:
        p = svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="reflection",
                source="post",
                received_on=date(2026, 7, 1),
                summary="Phản ánh băng rôn quảng cáo sai quy định",
                petitioner_name="Trần Thị Bé",
            ),
        )[0]
        svc.classify(s, officer, p.id, eligible=True, within_competence=False, on=date(2026, 7, 2))
        svc.transfer(
            s, officer, p.id, to_body="UBND xã Tân Thành", letter_no="", on=date(2026, 7, 3)
        )
        q = svc.record(
            s,
            officer,
            svc.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 7, 1),
                summary="Khiếu nại quyết định xử phạt",
                petitioner_name="Lê Văn Tám",
            ),
        )[0]
        codes = (p.code, q.code)
    db.close()
    out = tmp_path / "pc.pdf"
    args = ["--db", str(db_path), "print", "petition-form", "transfer", "--petition", codes[0]]
    assert main([*args, "--out", str(out), "--date", "2026-07-03"]) == 0
    assert "số 01/PC-SVHTTDL" in capsys.readouterr().out
    text = re.sub(r"\s+", " ", pdf_text(out, layout=False))
    assert "PHIẾU CHUYỂN ĐƠN" in text and "Kính gửi: UBND xã Tân Thành" in text
    # A form the petition's state does not allow: refused with the reason, nothing written.
    bad = tmp_path / "bad.pdf"
    args = ["--db", str(db_path), "print", "petition-form", "guidance", "--petition", codes[1]]
    assert main([*args, "--out", str(bad)]) == 1
    assert "Mới tiếp nhận" in capsys.readouterr().err
    assert not bad.exists()
    # The complaint's 7 working days run out on 10/07/2026.
    assert (
        main(["--db", str(db_path), "petitions-due", "--on", "2026-07-13", "--fail-if-overdue"])
        == 1
    )
    out_text = capsys.readouterr().out
    assert "Quá hạn: 1" in out_text and codes[1] in out_text
