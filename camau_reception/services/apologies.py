"""Apology letters on paper: one, or every letter owed on a date in one PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from camau_reception.domain.agency import SAMPLE_AGENCY
from camau_reception.models.dossiers import ApologyLetter
from camau_reception.printing.apology_letter import LetterData, render_letters
from camau_reception.services import agency as agency_service
from camau_reception.services import dossiers
from camau_reception.services.actor import Actor


def letter_data(letter: ApologyLetter) -> LetterData:
    d = letter.dossier
    return LetterData(
        number=letter.number,
        issued_on=letter.issued_on,
        applicant_name=d.applicant_name,
        applicant_address=d.applicant_address,
        applicant_phone=d.applicant_phone,
        dossier_code=d.code,
        procedure_name=d.procedure.name,
        received_at=d.received_at,
        old_due_at=letter.old_due_at,
        new_due_on=letter.new_due_on,
        reason=letter.reason,
        signer_title=letter.signer_title,
        signer_name=letter.signer_name,
    )


def print_letters(
    session: Session,
    letter_ids: list[int],
    out: Path,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    letters = [session.get(ApologyLetter, i) for i in letter_ids]
    data = [letter_data(x) for x in letters if x is not None]
    agency = agency_service.get_profile(session) or SAMPLE_AGENCY
    return render_letters(
        data,
        agency,
        dossiers.template("apology_letter"),
        out,
        progress=progress,
        cancelled=cancelled,
    )


def issue_and_print_owed(
    session: Session,
    actor: Actor,
    at: datetime,
    out: Path,
    *,
    reason: str,
    signer_title: str = "",
    signer_name: str = "",
    ids: list[int] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Issue a letter to every dossier owing one and print them, in the caller's transaction:
    if printing fails or is cancelled, raise so that no letter is recorded as issued."""
    letters = dossiers.issue_batch(session, actor, at, reason, signer_title, signer_name, ids=ids)
    if not letters:
        return 0
    written = print_letters(session, [x.id for x in letters], out, progress, cancelled)
    if written != len(letters):
        raise PrintCancelled("Đã hủy in: không ghi nhận phiếu nào.")
    return written


class PrintCancelled(Exception):
    pass
