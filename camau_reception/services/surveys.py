"""Satisfaction surveys (khảo sát mức độ hài lòng): a citizen rates a dossier or a visit.

Ratings: 3 hài lòng, 2 bình thường, 1 không hài lòng; overall plus optional per-aspect
ratings (staff attitude, time taken, clarity of guidance) and a comment. The satisfaction
index of a period is the share of "hài lòng" among overall ratings, in percent; each aspect
gets the same index over the surveys that rated it.

A visit is referenced by ``receptions.id`` as a plain integer so this area does not depend on
the reception area's tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from camau_reception.domain.text import normalize
from camau_reception.models.dossiers import Dossier, SatisfactionSurvey
from camau_reception.services import audit
from camau_reception.services.actor import Actor, user_id_of
from camau_reception.services.auth import require
from camau_reception.services.dossiers import HANDLERS, get_by_code
from camau_reception.services.errors import Collector

RATING_LABELS = {3: "Hài lòng", 2: "Bình thường", 1: "Không hài lòng"}
ASPECTS = {
    "attitude": "Thái độ của cán bộ",
    "timeliness": "Thời gian giải quyết",
    "guidance": "Hướng dẫn rõ ràng, dễ hiểu",
}
MAX_COMMENT = 2000


@dataclass
class SurveyInput:
    overall: int
    on: date
    dossier_id: int | None = None
    reception_id: int | None = None  # a visit (receptions.id), no foreign key
    attitude: int | None = None
    timeliness: int | None = None
    guidance: int | None = None
    comment: str = ""
    dossier_code: str = ""  # typed at the counter instead of an id


def record_survey(session: Session, actor: Actor, data: SurveyInput) -> SatisfactionSurvey:
    require(actor, *HANDLERS)
    c = Collector()
    if data.overall not in RATING_LABELS:
        c.add("overall", "Hãy chọn: hài lòng, bình thường hoặc không hài lòng.")
    for key in ASPECTS:
        value = getattr(data, key)
        if value is not None and value not in RATING_LABELS:
            c.add(key, "Hãy chọn: hài lòng, bình thường hoặc không hài lòng.")
    dossier_id = data.dossier_id
    code = normalize(data.dossier_code)
    if code:
        found = get_by_code(session, code)
        if found is None:
            c.add("dossier_code", f"Không có hồ sơ mã “{code}”.")
        else:
            dossier_id = found.id
    elif dossier_id is not None and session.get(Dossier, dossier_id) is None:
        c.add("dossier_code", "Không tìm thấy hồ sơ được đánh giá.")
    if data.reception_id is not None and (
        isinstance(data.reception_id, bool)
        or not isinstance(data.reception_id, int)
        or data.reception_id <= 0
    ):
        c.add("reception_id", "Số lượt tiếp không hợp lệ.")
    comment = normalize(data.comment)
    if len(comment) > MAX_COMMENT:
        c.add("comment", f"Góp ý dài quá {MAX_COMMENT:,} ký tự.".replace(",", "."))
    c.raise_if_any()
    s = SatisfactionSurvey(
        on=data.on,
        dossier_id=dossier_id,
        reception_id=data.reception_id,
        overall=data.overall,
        attitude=data.attitude,
        timeliness=data.timeliness,
        guidance=data.guidance,
        comment=comment,
        created_by=user_id_of(actor),
    )
    session.add(s)
    session.flush()
    subject = (
        f"hồ sơ #{dossier_id}"
        if dossier_id
        else f"lượt tiếp #{data.reception_id}"
        if data.reception_id
        else "không gắn hồ sơ"
    )
    audit.log_event(
        session,
        actor,
        "survey.record",
        "survey",
        s.id,
        f"Đánh giá {RATING_LABELS[data.overall].lower()} ({subject})",
    )
    return s


def _index(counts: dict[int, int]) -> float:
    total = sum(counts.values())
    return round(100.0 * counts.get(3, 0) / total, 1) if total else 0.0


def satisfaction(session: Session, start: date, end: date) -> dict[str, object]:
    """Distribution of overall ratings, the index (share of "hài lòng", in %), and per aspect
    {"label", "total", "index", "distribution"}."""
    where = (SatisfactionSurvey.on >= start, SatisfactionSurvey.on <= end)
    overall = {
        int(k): int(n)
        for k, n in session.execute(
            select(SatisfactionSurvey.overall, func.count())
            .where(*where)
            .group_by(SatisfactionSurvey.overall)
        ).all()
    }
    aspects: dict[str, dict[str, object]] = {}
    for key, label in ASPECTS.items():
        col = getattr(SatisfactionSurvey, key)
        counts = {
            int(k): int(n)
            for k, n in session.execute(
                select(col, func.count()).where(*where, col.is_not(None)).group_by(col)
            ).all()
        }
        aspects[key] = {
            "label": label,
            "total": sum(counts.values()),
            "index": _index(counts),
            "distribution": {RATING_LABELS[k]: counts.get(k, 0) for k in (3, 2, 1)},
        }
    return {
        "total": sum(overall.values()),
        "distribution": {RATING_LABELS[k]: overall.get(k, 0) for k in (3, 2, 1)},
        "index": _index(overall),
        "aspects": aspects,
    }


def recent(session: Session, limit: int = 20) -> list[SatisfactionSurvey]:
    q = select(SatisfactionSurvey).order_by(SatisfactionSurvey.id.desc()).limit(limit)
    return list(session.execute(q).scalars())
