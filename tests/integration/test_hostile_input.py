"""Random and hostile values into every service entry point and the importers.

Empty, huge, control characters, NFD text, SQL metacharacters, FTS5 operators, emoji, dates at
the ends of the calendar, malformed CSV and Excel files, a CSV with a million columns. Each call
either saves a valid record (text stored NFC) or raises the validation error, never anything
else, and a refused call writes nothing at all (every table keeps its row count).
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camau_reception.reliability import Tally, scale
from camau_reception.services.errors import NotFound, ValidationError
from camau_reception.storage.backup import row_counts
from camau_reception.storage.db import Database, open_database
from tests.integration.workers import NOW, TODAY, actors, seed_database

pytestmark = pytest.mark.slow

EXAMPLES = scale(40, 600)
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

NASTY = [
    "",
    " ",
    "\x00",
    "\x00\x01\x02\x1b[31m",
    "\t\r\n",
    "'; DROP TABLE users; --",
    "Robert'); DELETE FROM receptions;--",
    '" OR 1=1 --',
    "%_\\%",
    'NEAR("a" "b") AND OR NOT * ^ -x "unterminated',
    "col:value {a b} (c",
    "😀🇻🇳👨‍👩‍👧",
    unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết, phường Tân Thành"),
    "\u202eevil\u202c",
    "\ufeffBOM",
    "\ufffd",
    "a" * 5000,
    "Đ" * 100_000,
    "NULL",
    "<script>alert(1)</script>",
    "0" * 40,
    "-1",
    "99999999999999999999999",
]


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=60),
        st.text(st.characters(codec="utf-8"), max_size=300),
        st.text(st.characters(categories=["Cc", "Cf", "Zs", "Mn"]), max_size=40),
        st.builds(lambda s: unicodedata.normalize("NFD", s), st.text(max_size=80)),
    )


def hostile_date() -> st.SearchStrategy[date]:
    return st.one_of(
        st.sampled_from([date.min, date.max, date(1900, 1, 1), date(2000, 1, 1), TODAY]),
        st.dates(),
    )


def hostile_datetime() -> st.SearchStrategy[datetime]:
    return st.one_of(
        st.sampled_from([datetime.min, datetime.max, datetime(1999, 12, 31, 23, 59), NOW]),
        st.datetimes(),
    )


def hostile_int() -> st.SearchStrategy[int]:
    return st.one_of(
        st.sampled_from([0, -1, 1, 2**31, -(2**31), 2**63 - 1, -(2**63), 10**30]),
        st.integers(-1000, 100_000),
    )


@dataclass
class Target:
    db: Database
    who: dict[str, Any]

    def counts(self) -> dict[str, int]:
        conn = sqlite3.connect(self.db.path)
        try:
            return row_counts(conn)
        finally:
            conn.close()

    def attempt(self, fn: Callable[[Any], Any], tally: Tally, *, writes: bool = True) -> Any:
        """Run ``fn(session)`` in one write transaction; allow only success or a validation
        error, and check that a refusal wrote nothing."""
        before = self.counts() if writes else None
        tally.add("inputs")
        try:
            with self.db.write() as session:
                return fn(session)
        except (ValidationError, NotFound):
            if before is not None:
                assert self.counts() == before, "a refused input left rows behind"
            return None


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    path = tmp_path_factory.mktemp("hostile") / "office.sqlite3"
    seed_database(path)
    db = open_database(path)
    yield Target(db, actors(db))
    db.close()


def assert_nfc(*values: str) -> None:
    for v in values:
        assert v == unicodedata.normalize("NFC", v), repr(v)


# --- foundation --------------------------------------------------------------------------------


@HYPOTHESIS
@given(
    username=hostile_text(),
    full_name=hostile_text(),
    password=hostile_text(),
    position=hostile_text(),
)
def test_create_user(target: Target, tally: Tally, username, full_name, password, position) -> None:
    from camau_reception.models.users import Role
    from camau_reception.services import users

    def call(session):
        u = users.create_user(
            session,
            target.who["admin"],
            users.UserInput(username, full_name, {Role.OFFICER}, password, position),
        )
        assert u.full_name.strip() and u.username
        assert_nfc(u.full_name, u.position)
        return u.id

    target.attempt(call, tally)


@HYPOTHESIS
@given(
    fields=st.lists(hostile_text(), min_size=9, max_size=9),
)
def test_agency_profile(target: Target, tally: Tally, fields) -> None:
    from camau_reception.domain.agency import AgencyProfile
    from camau_reception.services import agency

    def call(session):
        saved = agency.save_profile(session, target.who["admin"], AgencyProfile(*fields))
        assert saved.name and saved.symbol
        assert_nfc(saved.name, saved.address)

    target.attempt(call, tally)


@HYPOTHESIS
@given(day=hostile_date(), note=hostile_text(), kind=st.sampled_from(["day_off", "working_day"]))
def test_calendar_override(target: Target, tally: Tally, day, note, kind) -> None:
    from camau_reception.domain.calendar import OverrideKind
    from camau_reception.services import calendar

    target.attempt(
        lambda s: calendar.add_override(s, target.who["admin"], day, OverrideKind(kind), note),
        tally,
    )


@HYPOTHESIS
@given(
    daily=st.one_of(hostile_int(), hostile_text()),
    weekly=st.one_of(hostile_int(), hostile_text()),
    monthly=st.one_of(hostile_int(), hostile_text()),
)
def test_backup_retention_settings(target: Target, tally: Tally, daily, weekly, monthly) -> None:
    from camau_reception.services import backups

    def call(session):
        policy = backups.set_policy(session, target.who["admin"], daily, weekly, monthly)
        assert 1 <= policy.daily <= 366 and 0 <= policy.monthly <= 1200

    target.attempt(call, tally)


# --- reception ---------------------------------------------------------------------------------


@HYPOTHESIS
@given(
    name=hostile_text(),
    id_kind=st.one_of(st.sampled_from(["cccd", "cmnd", "passport", "other"]), hostile_text()),
    id_number=st.one_of(hostile_text(), st.from_regex(r"\A0[0-9]{11}\Z")),
    phone=hostile_text(),
    commune=hostile_text(),
    summary=hostile_text(),
    received_at=hostile_datetime(),
    group_size=hostile_int(),
    birth_year=st.one_of(st.none(), hostile_int()),
    outcome=st.one_of(
        st.sampled_from(["explained", "guided", "petition_received"]), hostile_text()
    ),
    kind=st.one_of(st.sampled_from(["regular", "leader", "group"]), hostile_text()),
    doc_pages=hostile_int(),
)
def test_record_visit(
    target: Target,
    tally: Tally,
    name,
    id_kind,
    id_number,
    phone,
    commune,
    summary,
    received_at,
    group_size,
    birth_year,
    outcome,
    kind,
    doc_pages,
) -> None:
    from camau_reception.services import reception
    from camau_reception.services.citizens import CitizenInput

    data = reception.ReceptionInput(
        received_at=received_at,
        citizen=CitizenInput(
            full_name=name,
            id_kind=id_kind,
            id_number=id_number,
            phone=phone,
            province="Cà Mau",
            commune=commune,
            birth_year=birth_year,
        ),
        summary=summary,
        kind=kind,
        group_size=group_size,
        matter_kinds={"complaint"},
        outcome=outcome,
        documents=[reception.DocumentInput(summary[:50], doc_pages, "", "original")],
    )

    def call(session):
        r = reception.record(session, target.who["canbo"], data, now=NOW)
        assert r.received_at <= NOW
        assert_nfc(r.summary, r.citizen.full_name if r.citizen else "")
        return r.id

    target.attempt(call, tally)


# Any day a date picker offers (to 9999-12-31): bounds past the sort key's range are clamped.
@HYPOTHESIS
@given(
    text=hostile_text(),
    date_from=st.one_of(st.none(), st.dates()),
    date_to=st.one_of(st.none(), st.dates()),
)
def test_register_search(target: Target, tally: Tally, text, date_from, date_to) -> None:
    from camau_reception.services import citizens, reception_search

    def call(session):
        flt = reception_search.RegisterFilter(text=text, date_from=date_from, date_to=date_to)
        reception_search.page(session, flt, limit=20)
        reception_search.count(session, flt)
        reception_search.count(session, reception_search.RegisterFilter(text=text))
        citizens.search(session, text)
        citizens.find_by_id_number(session, text)

    target.attempt(call, tally, writes=False)


def test_register_filter_with_a_date_at_the_end_of_the_calendar(target: Target) -> None:
    from camau_reception.services import reception_search

    last = date(9999, 12, 31)
    with target.db.read() as session:
        everything = reception_search.count(session, reception_search.RegisterFilter())
        for flt in (
            reception_search.RegisterFilter(date_from=last),
            reception_search.RegisterFilter(date_from=date(2256, 1, 1), date_to=last),
        ):
            assert reception_search.count(session, flt) == 0
            assert reception_search.page(session, flt) == []
        flt = reception_search.RegisterFilter(date_to=last)
        assert reception_search.count(session, flt) == everything


def test_normalize_is_nfc_even_with_a_control_character_between_marks() -> None:
    from camau_reception.domain.text import normalize

    assert_nfc(normalize("Nguye\x1f\u0302\u0303n"))
    assert normalize("Nguye\x1f\u0302\u0303n") == "Nguyễn"


# --- petitions ---------------------------------------------------------------------------------


@HYPOTHESIS
@given(
    kind=st.one_of(
        st.sampled_from(["complaint", "denunciation", "recommendation"]), hostile_text()
    ),
    source=st.one_of(st.sampled_from(["post", "transferred", "hotline"]), hostile_text()),
    received_on=hostile_date(),
    summary=hostile_text(),
    name=hostile_text(),
    signers=hostile_int(),
    round_=hostile_int(),
    sender=hostile_text(),
)
def test_record_petition(
    target: Target, tally: Tally, kind, source, received_on, summary, name, signers, round_, sender
) -> None:
    petitions = pytest.importorskip("camau_reception.services.petitions")
    data = petitions.PetitionInput(
        kind=kind,
        source=source,
        received_on=received_on,
        summary=summary,
        petitioner_name=name,
        signer_count=signers,
        complaint_round=round_,
        sender_body=sender,
        sender_letter_no=sender[:20],
    )

    def call(session):
        created = petitions.record(session, target.who["canbo"], data, today=TODAY)
        assert created and all(p.received_on <= TODAY for p in created)
        assert_nfc(created[0].summary, created[0].petitioner_name)

    target.attempt(call, tally)


@HYPOTHESIS
@given(text=hostile_text(), overdue=st.one_of(st.none(), hostile_date()))
def test_petition_search(target: Target, tally: Tally, text, overdue) -> None:
    petitions = pytest.importorskip("camau_reception.services.petitions")
    target.attempt(
        lambda s: petitions.search(s, petitions.PetitionFilter(text=text, overdue_on=overdue)),
        tally,
        writes=False,
    )


# --- dossiers ----------------------------------------------------------------------------------


@HYPOTHESIS
@given(
    code=hostile_text(),
    name=hostile_text(),
    level=st.one_of(st.sampled_from(["province", "district", "commune"]), hostile_text()),
    days=hostile_int(),
)
def test_upsert_procedure(target: Target, tally: Tally, code, name, level, days) -> None:
    dossiers = pytest.importorskip("camau_reception.services.dossiers")
    data = dossiers.ProcedureInput(code=code, name=name, level=level, processing_days=days)

    def call(session):
        proc, _ = dossiers.upsert_procedure(session, target.who["canbo"], data)
        assert_nfc(proc.name, proc.code)

    target.attempt(call, tally)


@HYPOTHESIS
@given(
    code=hostile_text(),
    applicant=hostile_text(),
    received_at=hostile_datetime(),
    returned_at=st.one_of(st.none(), hostile_datetime()),
    channel=st.one_of(st.sampled_from(["counter", "online", "post"]), hostile_text()),
    email=hostile_text(),
)
def test_upsert_dossier(
    target: Target, tally: Tally, code, applicant, received_at, returned_at, channel, email
) -> None:
    dossiers = pytest.importorskip("camau_reception.services.dossiers")
    with target.db.write() as session:
        dossiers.upsert_procedure(
            session,
            target.who["admin"],
            dossiers.ProcedureInput(code="1.000001", name="Cấp giấy phép tổ chức lễ hội"),
        )
    data = dossiers.DossierInput(
        code=code,
        procedure_code="1.000001",
        applicant_name=applicant,
        received_at=received_at,
        channel=channel,
        applicant_email=email,
        returned_at=returned_at,
    )

    def call(session):
        d, _ = dossiers.upsert_dossier(session, target.who["canbo"], data, now=NOW)
        assert_nfc(d.applicant_name, d.code)

    target.attempt(call, tally)


# --- importers ---------------------------------------------------------------------------------


def _import_file(target: Target, tally: Tally, path: Path) -> None:
    tabular = pytest.importorskip("camau_reception.imports.tabular")
    catalogue = pytest.importorskip("camau_reception.imports.catalogue")
    tally.add("inputs")
    try:
        table = tabular.read_table(path)
    except tabular.ImportFileError as exc:
        assert exc.message  # a Vietnamese sentence, not a traceback
        return
    for fields, run in (
        (catalogue.PROCEDURE_FIELDS, catalogue.import_procedures),
        (catalogue.DOSSIER_FIELDS, catalogue.import_dossiers),
    ):
        mapping = tabular.guess_mapping(table.headers, fields)
        if tabular.missing_required(mapping, fields):
            continue

        def call(session, run=run, mapping=mapping):
            report = run(session, target.who["admin"], table, mapping)
            assert report.accepted + len(report.rejected) == report.total
            assert report.text()

        target.attempt(call, tally)


@HYPOTHESIS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_import_random_bytes(target: Target, tally: Tally, tmp_path_factory, data, suffix) -> None:
    path = tmp_path_factory.mktemp("bytes") / f"file{suffix}"
    path.write_bytes(data)
    _import_file(target, tally, path)


HEADER = "Mã hồ sơ;Mã thủ tục;Tên thủ tục;Người nộp;Ngày tiếp nhận;Ngày trả kết quả;Cấp;Thời hạn"


# "inf", "Infinity", "1e999" as a number of days are rejected rows (a regression test below),
# so random rows may carry them too.
def _cell() -> st.SearchStrategy[str]:
    return hostile_text()


@HYPOTHESIS
@given(rows=st.lists(st.lists(_cell(), min_size=0, max_size=10), max_size=8))
def test_import_hostile_csv_rows(target: Target, tally: Tally, tmp_path_factory, rows) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    writer.writerow(HEADER.split(";"))
    for row in rows:
        writer.writerow([c.replace("\x00", "") for c in row])
    path = tmp_path_factory.mktemp("csv") / "ho-so.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    _import_file(target, tally, path)


def test_import_procedure_with_infinite_processing_time(
    target: Target, tally: Tally, tmp_path: Path
) -> None:
    catalogue = pytest.importorskip("camau_reception.imports.catalogue")
    tabular = pytest.importorskip("camau_reception.imports.tabular")
    headers = [f.label for f in catalogue.PROCEDURE_FIELDS]
    row = ["" for _ in headers]
    keys = [f.key for f in catalogue.PROCEDURE_FIELDS]
    row[keys.index("code")] = "1.000009"
    row[keys.index("name")] = "Cấp phép biểu diễn"
    row[keys.index("level")] = "tỉnh"
    row[keys.index("processing_days")] = "INF"
    table = tabular.Table(headers, [row])
    mapping = tabular.guess_mapping(table.headers, catalogue.PROCEDURE_FIELDS)
    with target.db.write() as session:
        report = catalogue.import_procedures(session, target.who["admin"], table, mapping)
    assert len(report.rejected) == 1


def test_import_csv_with_a_million_columns(target: Target, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n1,2,3\n", encoding="utf-8")
    _import_file(target, tally, path)
    path = tmp_path / "wide-row.csv"
    path.write_text(HEADER.replace(";", ",") + "\n" + ",".join("x" * 1_000_000) + "\n")
    _import_file(target, tally, path)


def _excel_cases(tmp_path: Path) -> dict[str, bytes]:
    import zipfile

    from openpyxl import Workbook

    cases = {"empty.xlsx": b"", "not-zip.xlsx": b"PK\x03\x04 this is not really a zip"}
    z = tmp_path / "zip-without-workbook.xlsx"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "xin chào")
    cases[z.name] = z.read_bytes()
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(";"))
    ws.append(["HS-1", "1.000001", "Lễ hội", "=1+1", datetime(1900, 1, 1), "#REF!", "tỉnh", -5])
    ws.append([None] * 8)
    ws.append(["HS-2", "1.000001", "Lễ hội", "😀" * 1000, "31/02/2026", "", "tỉnh", "3"])
    good = tmp_path / "formulas.xlsx"
    wb.save(good)
    cases[good.name] = good.read_bytes()
    cases["truncated.xlsx"] = good.read_bytes()[: len(good.read_bytes()) // 2]
    return cases


def test_import_malformed_excel_files(target: Target, tally: Tally, tmp_path: Path) -> None:
    for name, content in _excel_cases(tmp_path).items():
        path = tmp_path / f"case-{name}"
        path.write_bytes(content)
        _import_file(target, tally, path)


def test_import_excel_with_damaged_compressed_sheet(
    target: Target, tally: Tally, tmp_path: Path
) -> None:
    import zipfile

    good = tmp_path / "good.xlsx"
    good.write_bytes(_excel_cases(tmp_path)["formulas.xlsx"])
    with zipfile.ZipFile(good) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(good.read_bytes())
    # Inside the sheet's compressed bytes: past its local header (30 bytes + name + extra).
    start = info.header_offset + 30 + len(info.filename) + 8
    data[start : start + 16] = b"\xff" * 16
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    _import_file(target, tally, path)


# --- more entry points: sign-in, corrections, petition steps, schedule, surveys ------------------


@HYPOTHESIS
@given(username=hostile_text(), password=hostile_text())
def test_sign_in(target: Target, tally: Tally, username, password) -> None:
    """Anything typed at the sign-in window: refused with the message, never a crash."""
    from camau_reception.services import auth
    from camau_reception.services.errors import AccountLocked, AuthenticationFailed

    tally.add("inputs")
    try:
        with target.db.write() as session:
            auth.authenticate(session, username, password, NOW)
    except AuthenticationFailed as exc:
        assert "không đúng" in exc.message
    except AccountLocked:
        pass  # a hostile user name equal to a real one may lock it: that is the rule


@pytest.fixture(scope="module")
def visit_id(target: Target) -> int:
    import random

    from camau_reception.services import reception
    from tests.integration.workers import visit_input

    with target.db.write() as session:
        return reception.record(
            session, target.who["canbo"], visit_input(random.Random(3), 3), now=NOW
        ).id


@HYPOTHESIS
@given(
    summary=hostile_text(),
    handled_by=hostile_text(),
    guided_to=hostile_text(),
    group_size=hostile_int(),
    received_at=hostile_datetime(),
)
def test_correct_visit(
    target: Target, tally: Tally, visit_id, summary, handled_by, guided_to, group_size, received_at
) -> None:
    from dataclasses import replace

    from camau_reception.services import reception

    def call(session):
        stored = reception.get(session, visit_id)
        data = replace(
            reception.to_input(stored),
            summary=summary,
            handled_by=handled_by,
            guided_to=guided_to,
            group_size=group_size,
            received_at=received_at,
        )
        saved = reception.update(session, target.who["canbo"], visit_id, data, stored.version)
        assert saved.summary.strip()
        assert_nfc(saved.summary, saved.handled_by)

    # A ConflictError (or anything but a validation error) fails the test.
    target.attempt(call, tally)


@pytest.fixture(scope="module")
def petition_id(target: Target) -> int:
    petitions = pytest.importorskip("camau_reception.services.petitions")
    with target.db.write() as session:
        created = petitions.record(
            session,
            target.who["canbo"],
            petitions.PetitionInput(
                kind="complaint",
                source="post",
                received_on=date(2026, 3, 2),
                summary="Khiếu nại quyết định xử phạt cơ sở karaoke.",
                petitioner_name="Nguyễn Văn Đức",
            ),
            today=TODAY,
        )
        return created[0].id


@HYPOTHESIS
@given(
    step=st.sampled_from(["transfer", "guide", "return_", "archive"]),
    text=hostile_text(),
    letter=hostile_text(),
    on=hostile_date(),
)
def test_petition_steps(target: Target, tally: Tally, petition_id, step, text, letter, on) -> None:
    """Each step with hostile text and dates, rolled back so the petition stays at the start."""
    petitions = pytest.importorskip("camau_reception.services.petitions")
    from camau_reception.services.errors import ServiceError

    class Undo(Exception):
        pass

    kwargs: dict[str, Any] = {"on": on, "today": TODAY}
    if step == "transfer":
        kwargs.update(to_body=text, letter_no=letter)
    elif step == "guide":
        kwargs.update(to_body=text)
    else:
        kwargs.update(reason=text)
    before = target.counts()
    tally.add("inputs")
    try:
        with target.db.write() as session:
            p = getattr(petitions, step)(session, target.who["canbo"], petition_id, **kwargs)
            assert p.state and p.updated_at
            raise Undo
    except Undo:
        pass
    except ServiceError as exc:  # validation or a step not allowed from this state
        assert exc.message
    assert target.counts() == before


@HYPOTHESIS
@given(
    name=hostile_text(),
    position=hostile_text(),
    phone=hostile_text(),
    email=hostile_text(),
    day=hostile_date(),
    start=hostile_text(),
    place=hostile_text(),
)
def test_schedule_staff_and_sessions(
    target: Target, tally: Tally, name, position, phone, email, day, start, place
) -> None:
    schedule = pytest.importorskip("camau_reception.services.schedule")
    leader = target.who["lanhdao"]

    def call(session):
        person = schedule.add_staff(
            session, leader, name, position, is_leader=True, phone=phone, email=email
        )
        assert_nfc(person.full_name)
        s = schedule.create_session(session, leader, day, person.id, start_time=start, place=place)
        assert_nfc(s.place)

    target.attempt(call, tally)


@HYPOTHESIS
@given(
    overall=hostile_int(),
    aspect=hostile_int(),
    on=hostile_date(),
    comment=hostile_text(),
    code=hostile_text(),
)
def test_satisfaction_survey(target: Target, tally: Tally, overall, aspect, on, comment, code):
    surveys = pytest.importorskip("camau_reception.services.surveys")

    def call(session):
        saved = surveys.record_survey(
            session,
            target.who["canbo"],
            surveys.SurveyInput(
                overall=overall, on=on, attitude=aspect, comment=comment, dossier_code=code
            ),
        )
        assert saved.overall in (1, 2, 3)
        assert_nfc(saved.comment or "")

    target.attempt(call, tally)
