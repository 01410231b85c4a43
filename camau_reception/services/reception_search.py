"""The register as a list: filters and accent-blind search in SQL, paged by key.

Order is always the visit's ``sort_key`` (time, then id). The full-text index uses the same key
as its rowid, so a search reads the index newest first and stops after a page, and a date range
becomes a rowid range (never a range inside the MATCH expression). Other filters join the main
table. Nothing here sorts by FTS rank: on a common word over a million rows that costs seconds.

The index holds folded text (``domain.text.fold``: lower case, no accents, đ→d) and is written
in the caller's transaction by ``write_index``; ``rebuild`` recreates it from the tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from camau_reception.domain.text import fold, fold_tokens
from camau_reception.models.reception import (
    FTS_TABLE,
    Citizen,
    MatterKind,
    Reception,
    sort_key_bounds,
)

PAGE_SIZE = 100
# An unfinished word expands to at most this many whole words; beyond, it is matched as typed.
MAX_EXPANSION = 300
# Digits (identity numbers, phones) are matched by FTS5's own prefix query from this length:
# so many digits select few numbers, each with a short posting list.
MIN_DIGIT_PREFIX = 5
# A number typed in groups: digits separated by spaces, dots, dashes (and the + and
# parentheses of a phone number written "+84 ..." or "(0290) ...").
_GROUPED_DIGITS = re.compile(r"[\s.\-+()]*[0-9]+(?:[\s.\-+()]+[0-9]+)+[\s.\-+()]*")
# The largest SQLite INTEGER. A filter day after about 2255 gives a sort key beyond it (the
# minute count shifted by ``ID_BITS``), which the driver refuses with OverflowError.
_SQLITE_MAX_INT = (1 << 63) - 1


# --- index maintenance -------------------------------------------------------------------------


# The citizen fields a visit's index row holds (``_citizen_text``): when one changes, the
# rows of every visit naming that citizen must be rewritten (``reindex_citizen``).
INDEXED_CITIZEN_FIELDS = (
    "full_name",
    "id_number",
    "phone",
    "address_detail",
    "commune",
    "province",
)


def _citizen_text(c: Citizen | None) -> list[str]:
    if c is None:
        return []
    phone_digits = "".join(ch for ch in c.phone if ch.isdigit())
    return [c.full_name, c.id_number, phone_digits, c.address_detail, c.commune, c.province]


def index_body(reception: Reception) -> str:
    """The folded text a search may match for one visit."""
    if reception.corruption:
        # A corruption denunciation: the identity and the citizen's words move to the protected
        # record (services.corruption) in this same transaction; FTS5 keeps deleted terms in its
        # segments, so they must never be indexed. Only the protected case code is searchable.
        import re

        codes = re.findall(r"TCTN-\d{4}-\d+", reception.summary or "")
        return fold(" ".join(["tố cáo tham nhũng", *codes]))
    parts = _citizen_text(reception.citizen)
    for rep in reception.representatives:
        parts += _citizen_text(rep.citizen)
    parts.append(reception.summary)
    return fold(" ".join(p for p in parts if p))


def _words(body: str) -> set[str]:
    return {w for w in fold_tokens(body) if not any(ch.isdigit() for ch in w) and len(w) <= 64}


def _add_terms(conn, words: Iterable[str]) -> None:
    rows = [{"t": w} for w in sorted(set(words))]
    if rows:
        conn.execute(text("INSERT OR IGNORE INTO reception_search_terms(term) VALUES (:t)"), rows)


def write_index(session: Session, reception: Reception, old_key: int | None = None) -> None:
    """Insert or replace the visit's index row (``old_key``: its rowid before a date change)."""
    session.flush()
    conn = session.connection()
    for key in {k for k in (old_key, reception.sort_key) if k}:
        conn.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :k"), {"k": key})
    body = index_body(reception)
    conn.execute(
        text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:k, :b)"),
        {"k": reception.sort_key, "b": body},
    )
    _add_terms(conn, _words(body))


def remove_from_index(session: Session, reception: Reception) -> None:
    session.connection().execute(
        text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :k"), {"k": reception.sort_key}
    )


def reindex_citizen(session: Session, citizen_id: int, skip: Iterable[int] = ()) -> int:
    """Rewrite the index rows of every visit naming this citizen (as the main person or a
    representative) after a change to an indexed field (``INDEXED_CITIZEN_FIELDS``)."""
    from sqlalchemy import select

    from camau_reception.models.reception import ReceptionRepresentative

    skip_ids = set(skip)
    ids = set(
        session.execute(select(Reception.id).where(Reception.citizen_id == citizen_id)).scalars()
    )
    ids |= set(
        session.execute(
            select(ReceptionRepresentative.reception_id).where(
                ReceptionRepresentative.citizen_id == citizen_id
            )
        ).scalars()
    )
    count = 0
    for rid in sorted(ids - skip_ids):
        reception = session.get(Reception, rid)
        if reception is not None:
            write_index(session, reception)
            count += 1
    return count


def rebuild(session: Session, batch: int = 2000) -> int:
    """Empty the index and fill it again from the tables; returns the number of rows."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    conn = session.connection()
    conn.execute(text(f"DELETE FROM {FTS_TABLE}"))
    conn.execute(text("DELETE FROM reception_search_terms"))
    last = 0
    total = 0
    while True:
        rows = list(
            session.execute(
                select(Reception)
                .where(Reception.id > last)
                .order_by(Reception.id)
                .limit(batch)
                .options(selectinload(Reception.representatives))
            ).scalars()
        )
        if not rows:
            break
        bodies = [{"k": r.sort_key, "b": index_body(r)} for r in rows]
        conn.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:k, :b)"), bodies)
        _add_terms(conn, set().union(*(_words(b["b"]) for b in bodies)))
        total += len(rows)
        last = rows[-1].id
        session.expunge_all()
    return total


def index_contents(session: Session) -> dict[int, str]:
    """rowid → indexed text, for checks and tests."""
    rows = session.connection().execute(text(f"SELECT rowid, body FROM {FTS_TABLE}"))
    return {int(r[0]): str(r[1]) for r in rows}


# --- queries -----------------------------------------------------------------------------------


def _digit_groups(search_text: str, tokens: list[str]) -> str | None:
    """The one digit run of a number typed in groups ("0290 3831 777", "096.070.009.999",
    "(0290) 3831-777", "+84 913 456 789"), or None when the text is anything else.

    Phones and identity numbers are indexed as one run of digits, so their groups must be
    joined before matching. A single group, or digits mixed with words, is left alone.
    """
    if len(tokens) < 2 or not all(t.isdigit() for t in tokens):
        return None
    if not _GROUPED_DIGITS.fullmatch(fold(search_text)):
        return None
    return "".join(tokens)


def fts_query(search_text: str, conn=None) -> str | None:
    """An FTS5 MATCH expression: every word must appear; the last may be unfinished.

    Words are folded the same way as the index and quoted, so user text can never be read as
    FTS syntax. With a connection, an unfinished last word becomes an OR of the whole words
    that start with it (read lazily, see ``SearchTerm``); a long run of digits keeps FTS5's
    prefix form; text ending in a space means the last word is finished.

    A number typed in groups (only digits, spaces, dots, dashes) matches its joined digits,
    by prefix from ``MIN_DIGIT_PREFIX`` digits even after a space (the officer may be between
    two groups), or, as before, every group as a word (a date in a summary, "12-03-2026").
    """
    tokens = fold_tokens(search_text)
    if not tokens:
        return None
    joined = _digit_groups(search_text, tokens)
    if joined is not None:
        run = f'"{joined}"' + ("*" if len(joined) >= MIN_DIGIT_PREFIX else "")
        return f"{run} OR ({_fts_words(search_text, tokens, conn)})"
    return _fts_words(search_text, tokens, conn)


def _fts_words(search_text: str, tokens: list[str], conn) -> str:
    """Every token as a word, the last one possibly unfinished (see ``fts_query``)."""
    quoted = [f'"{t}"' for t in tokens]
    last = tokens[-1]
    finished = search_text[-1:].isspace()
    if finished:
        return " AND ".join(quoted)
    if last.isdigit() or any(ch.isdigit() for ch in last):
        if len(last) >= MIN_DIGIT_PREFIX:
            quoted[-1] += "*"
        return " AND ".join(quoted)
    if conn is None:
        quoted[-1] += "*"
        return " AND ".join(quoted)
    words = [
        r[0]
        for r in _driver(conn).execute(
            "SELECT term FROM reception_search_terms WHERE term >= :lo AND term < :hi "
            "ORDER BY term LIMIT :n",
            {"lo": last, "hi": last + "\uffff", "n": MAX_EXPANSION + 1},
        )
    ]
    if len(words) == 1:
        quoted[-1] = f'"{words[0]}"'
    elif 1 < len(words) <= MAX_EXPANSION:
        quoted[-1] = "(" + " OR ".join(f'"{w}"' for w in words) + ")"
    elif words:
        quoted[-1] += "*"  # very short prefix of very many words: correct, if slower
    return " AND ".join(quoted)


@dataclass
class RegisterFilter:
    """What the register shows. ``None`` / empty means "any"."""

    text: str = ""
    date_from: date | None = None
    date_to: date | None = None
    kind: str | None = None
    matter: str | None = None  # a MatterKind value
    officer_id: int | None = None
    leader_id: int | None = None
    outcome: str | None = None
    within_competence: bool | None = None
    include_cancelled: bool = True
    citizen_id: int | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def is_search(self) -> bool:
        return bool(fold_tokens(self.text))


def _driver(conn):
    """The sqlite3 connection under a Session / SQLAlchemy connection (same transaction).

    The register reads through it directly: for a page of 60 rows SQLAlchemy's result layer
    costs more than SQLite itself, and the list must stay within 2x of a bare query.
    """
    if isinstance(conn, Session):
        conn = conn.connection()
    if hasattr(conn, "exec_driver_sql"):
        return conn.connection.driver_connection
    return conn


class RegisterRow(NamedTuple):
    """One line of the register list (only what the table shows)."""

    id: int
    sort_key: int
    received_at: datetime
    kind: str
    citizen_name: str
    id_number: str
    address: str
    summary: str
    complaint: bool
    denunciation: bool
    recommendation: bool
    reflection: bool
    group_size: int
    outcome: str
    within_competence: bool
    officer_name: str
    leader_name: str
    repeat_count: int
    cancelled: bool

    @property
    def matter_kinds(self) -> list[MatterKind]:
        return [k for k in MatterKind if getattr(self, k.value)]


_COLUMNS = """
    r.id, r.sort_key, r.received_at, r.kind,
    coalesce(c.full_name, ''), coalesce(c.id_number, ''),
    coalesce(c.address_detail, ''), coalesce(c.commune, ''), coalesce(c.province, ''),
    substr(r.summary, 1, 300),
    r.complaint, r.denunciation, r.recommendation, r.reflection,
    r.group_size, r.outcome, r.within_competence,
    coalesce(o.full_name, ''),
    coalesce(nullif(r.presiding_leader_name, ''), l.full_name, ''),
    r.repeat_count, r.cancelled
"""

_JOINS = """
    LEFT JOIN citizens c ON c.id = r.citizen_id
    LEFT JOIN users o ON o.id = r.officer_id
    LEFT JOIN users l ON l.id = r.presiding_leader_id
"""


def _parse_dt(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _row(r: tuple) -> RegisterRow:
    return RegisterRow(
        r[0],
        r[1],
        _parse_dt(r[2]),
        r[3],
        r[4],
        r[5],
        ", ".join(p for p in (r[6], r[7], r[8]) if p),
        r[9],
        bool(r[10]),
        bool(r[11]),
        bool(r[12]),
        bool(r[13]),
        r[14],
        r[15],
        bool(r[16]),
        r[17],
        r[18],
        r[19],
        bool(r[20]),
    )


def key_bounds(day_from: date | None, day_to: date | None) -> tuple[int, int]:
    """``sort_key_bounds`` clamped to SQLite's INTEGER range, for any day up to 9999-12-31.

    A range starting after the last representable key matches nothing (``lo > hi``); an end
    after it means "to the end of the register".
    """
    lo, hi = sort_key_bounds(day_from, day_to)
    if lo > _SQLITE_MAX_INT:
        return 1, 0
    return lo, min(hi, _SQLITE_MAX_INT)


def _where(flt: RegisterFilter, key_col: str) -> tuple[list[str], dict[str, object]]:
    clauses: list[str] = []
    params: dict[str, object] = {}
    if flt.date_from or flt.date_to:
        lo, hi = key_bounds(flt.date_from, flt.date_to)
        clauses.append(f"{key_col} BETWEEN :lo AND :hi")
        params.update(lo=lo, hi=hi)
    if flt.kind:
        clauses.append("r.kind = :kind")
        params["kind"] = flt.kind
    if flt.matter:
        matter = MatterKind(flt.matter)
        clauses.append(f"r.{matter.value} = 1")
    if flt.officer_id is not None:
        clauses.append("r.officer_id = :officer")
        params["officer"] = flt.officer_id
    if flt.leader_id is not None:
        clauses.append("r.presiding_leader_id = :leader")
        params["leader"] = flt.leader_id
    if flt.outcome:
        clauses.append("r.outcome = :outcome")
        params["outcome"] = flt.outcome
    if flt.within_competence is not None:
        clauses.append("r.within_competence = :wc")
        params["wc"] = 1 if flt.within_competence else 0
    if not flt.include_cancelled:
        clauses.append("r.cancelled = 0")
    if flt.citizen_id is not None:
        clauses.append("r.citizen_id = :citizen")
        params["citizen"] = flt.citizen_id
    return clauses, params


def _build(
    flt: RegisterFilter,
    *,
    descending: bool,
    after_key: int | None,
    select_cols: str,
    with_joins: bool = True,
    conn=None,
) -> tuple[str, dict[str, object]]:
    query = fts_query(flt.text, conn)
    key_col = "f.rowid" if query else "r.sort_key"
    clauses, params = _where(flt, key_col)
    if after_key is not None:
        clauses.append(f"{key_col} {'<' if descending else '>'} :after")
        params["after"] = after_key
    if query:
        source = f"{FTS_TABLE} f JOIN receptions r ON r.sort_key = f.rowid"
        clauses.insert(0, f"{FTS_TABLE} MATCH :q")
        params["q"] = query
    else:
        source = "receptions r"
    joins = _JOINS if with_joins else ""
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    order = f" ORDER BY {key_col} {'DESC' if descending else 'ASC'}"
    return f"SELECT {select_cols} FROM {source}{joins}{where}{order}", params


def page(
    session: Session,
    flt: RegisterFilter,
    *,
    after_key: int | None = None,
    limit: int = PAGE_SIZE,
    descending: bool = True,
    offset: int = 0,
) -> list[RegisterRow]:
    """One page of the register in ``sort_key`` order, continuing after ``after_key``.

    ``offset`` is only for a jump far from any loaded page (the scroll bar dragged to the
    middle); it walks the key index, never the table.
    """
    conn = _driver(session)
    sql, params = _build(
        flt, descending=descending, after_key=after_key, select_cols=_COLUMNS, conn=conn
    )
    sql += " LIMIT :limit OFFSET :offset"
    params.update(limit=limit, offset=offset)
    if offset:
        # Skip over keys only (a covering index walk), then read the page by key.
        key_sql, key_params = _build(
            flt,
            descending=descending,
            after_key=after_key,
            select_cols="f.rowid" if flt.is_search() else "r.sort_key",
            with_joins=False,
            conn=conn,
        )
        key_sql += " LIMIT 1 OFFSET :offset"
        key_params["offset"] = offset - 1
        found = conn.execute(key_sql, key_params).fetchone()
        if found is None:
            return []
        start = found[0]
        return page(session, flt, after_key=start, limit=limit, descending=descending)
    return [_row(r) for r in conn.execute(sql, params).fetchall()]


def count(session: Session, flt: RegisterFilter) -> int:
    conn = _driver(session)
    sql, params = _build(
        flt, descending=True, after_key=None, select_cols="count(*)", with_joins=False, conn=conn
    )
    sql = sql.rsplit(" ORDER BY", 1)[0]
    return int(conn.execute(sql, params).fetchone()[0] or 0)


def ids_in_range(
    session: Session, day_from: date, day_to: date, *, include_cancelled: bool = False
) -> list[int]:
    """Ids of the visits between two days in register order (for printing and export)."""
    flt = RegisterFilter(date_from=day_from, date_to=day_to, include_cancelled=include_cancelled)
    sql, params = _build(flt, descending=False, after_key=None, select_cols="r.id")
    return [int(r[0]) for r in _driver(session).execute(sql, params)]
