"""The audit log (nhật ký): append-only, each event chained to the previous by SHA-256.

Never put a confidential value (a denouncer's identity) in ``summary``: the log is readable by
administrators.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from camau_reception.domain.text import normalize
from camau_reception.models.audit import AuditEvent
from camau_reception.models.base import utcnow
from camau_reception.services.actor import Actor, user_id_of

GENESIS = "0" * 64


def event_hash(
    prev_hash: str,
    at: datetime,
    user_id: int | None,
    username: str,
    action: str,
    entity: str,
    entity_id: str,
    summary: str,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            user_id,
            username,
            action,
            entity,
            entity_id,
            summary,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def log_event(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str = "",
    entity_id: object = "",
    summary: str = "",
) -> AuditEvent:
    """Append one event in the caller's transaction (which must be a write transaction)."""
    prev = session.execute(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = prev or GENESIS
    at = utcnow()
    user_id = user_id_of(actor) if actor else None
    username = actor.username if actor else ""
    summary = normalize(summary)[:2000]
    ev = AuditEvent(
        at=at,
        user_id=user_id,
        username=username,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        prev_hash=prev_hash,
        hash=event_hash(prev_hash, at, user_id, username, action, entity, str(entity_id), summary),
    )
    session.add(ev)
    session.flush()
    return ev


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_bad_id: int | None = None
    message: str = ""


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole log; the first event whose hash or link does not match is reported."""
    prev_hash = GENESIS
    count = 0
    last_id = 0
    rows = session.execute(
        select(
            AuditEvent.id,
            AuditEvent.at,
            AuditEvent.user_id,
            AuditEvent.username,
            AuditEvent.action,
            AuditEvent.entity,
            AuditEvent.entity_id,
            AuditEvent.summary,
            AuditEvent.prev_hash,
            AuditEvent.hash,
        ).order_by(AuditEvent.id)
    )
    for row in rows:
        count += 1
        if row.prev_hash != prev_hash:
            return ChainReport(
                False,
                count,
                row.id,
                f"Sự kiện #{row.id}: liên kết với sự kiện trước bị đứt "
                f"(có sự kiện bị xóa hoặc chèn sau #{last_id}).",
            )
        expected = event_hash(
            row.prev_hash,
            row.at,
            row.user_id,
            row.username,
            row.action,
            row.entity,
            row.entity_id,
            row.summary,
        )
        if expected != row.hash:
            return ChainReport(
                False, count, row.id, f"Sự kiện #{row.id}: nội dung đã bị sửa sau khi ghi."
            )
        prev_hash = row.hash
        last_id = row.id
    return ChainReport(True, count, None, f"Chuỗi nhật ký toàn vẹn ({count} sự kiện).")


def list_events(
    session: Session,
    *,
    text: str = "",
    action: str = "",
    username: str = "",
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    before_id: int | None = None,
    limit: int = 200,
) -> list[AuditEvent]:
    """Newest first, paged by key (``before_id``)."""
    q = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if before_id:
        q = q.where(AuditEvent.id < before_id)
    if action:
        q = q.where(AuditEvent.action == action)
    if username:
        q = q.where(AuditEvent.username == username)
    if date_from:
        q = q.where(AuditEvent.at >= date_from)
    if date_to:
        q = q.where(AuditEvent.at < date_to)
    if text:
        like = f"%{normalize(text)}%"
        q = q.where(AuditEvent.summary.like(like) | AuditEvent.entity_id.like(like))
    return list(session.execute(q).scalars())
