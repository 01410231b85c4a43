"""Document numbers (số văn bản): per year and type, never repeated, never skipped.

The counter row is bumped inside the caller's ``BEGIN IMMEDIATE`` transaction, so two programs
on the same file are serialised by SQLite's write lock: a number exists only if the document
that carries it was committed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.models.settings import DocumentCounter, IssuedDocument
from camau_reception.printing.formats import document_number
from camau_reception.services import agency as agency_service
from camau_reception.services.actor import Actor, user_id_of

# Abbreviations of NĐ 30/2020 (Phụ lục III) and the office's own forms.
TYPE_NAMES = {
    "TB": "Thông báo",
    "GM": "Giấy mời",
    "PC": "Phiếu chuyển",
    "BB": "Biên bản",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "GBN": "Giấy biên nhận",
    "PH": "Phiếu hẹn",
    "PXL": "Phiếu xin lỗi",
    "LTCD": "Lịch tiếp công dân",
    "PHD": "Phiếu hướng dẫn",
    "PĐX": "Phiếu đề xuất",
}


def next_seq(session: Session, type_code: str, year: int) -> int:
    row = session.get(DocumentCounter, (year, type_code))
    if row is None:
        row = DocumentCounter(year=year, type_code=type_code, last_number=0)
        session.add(row)
    row.last_number += 1
    session.flush()
    return row.last_number


def issue_number(
    session: Session,
    actor: Actor | None,
    type_code: str,
    issued_on: date,
    *,
    title: str = "",
    entity: str = "",
    entity_id: object = "",
) -> IssuedDocument:
    """Take the next number for ``type_code`` in ``issued_on.year`` and record the document."""
    profile = agency_service.get_profile(session)
    symbol = profile.symbol if profile else "VP"
    seq = next_seq(session, type_code, issued_on.year)
    doc = IssuedDocument(
        year=issued_on.year,
        type_code=type_code,
        seq=seq,
        number=document_number(seq, type_code, symbol),
        issued_on=issued_on,
        title=title,
        entity=entity,
        entity_id=str(entity_id),
        issued_by=user_id_of(actor) if actor else None,
    )
    session.add(doc)
    session.flush()
    return doc


def issued_for(session: Session, entity: str, entity_id: object) -> list[IssuedDocument]:
    q = (
        select(IssuedDocument)
        .where(IssuedDocument.entity == entity, IssuedDocument.entity_id == str(entity_id))
        .order_by(IssuedDocument.id)
    )
    return list(session.execute(q).scalars())
