"""Citizens (công dân): look-up by identity number, search by name, validation, upsert.

Other areas call ``find_by_id_number`` and ``search``. A citizen is written only as part of
another action (recording a visit, a petition), inside that action's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from camau_reception.domain.text import fold, normalize
from camau_reception.models.base import utcnow
from camau_reception.models.reception import Citizen
from camau_reception.services.errors import Collector

SEXES = ("nam", "nữ")
PAPER_KINDS = ("cccd", "cmnd", "passport", "other")


@dataclass
class CitizenInput:
    """What the form knows about a person. ``citizen_id`` is set once the person is found."""

    full_name: str = ""
    id_kind: str = "cccd"
    id_number: str = ""
    id_issued_on: date | None = None
    id_issued_by: str = ""
    sex: str = ""
    birth_year: int | None = None
    phone: str = ""
    province: str = ""
    commune: str = ""
    address_detail: str = ""
    citizen_id: int | None = None

    @classmethod
    def from_citizen(cls, c: Citizen) -> CitizenInput:
        return cls(
            full_name=c.full_name,
            id_kind=c.id_kind,
            id_number=c.id_number,
            id_issued_on=c.id_issued_on,
            id_issued_by=c.id_issued_by,
            sex=c.sex,
            birth_year=c.birth_year,
            phone=c.phone,
            province=c.province,
            commune=c.commune,
            address_detail=c.address_detail,
            citizen_id=c.id,
        )


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def clean_phone(phone: str) -> str:
    """Keep digits and a leading +; spaces and dots people type are dropped."""
    phone = normalize(phone)
    plus = phone.startswith("+")
    digits = _digits(phone)
    return ("+" if plus else "") + digits


def _paper_label(kind: str) -> str:
    try:
        from camau_reception.domain.citizen_id import IdentityPaperKind, label

        return label(IdentityPaperKind(kind))
    except (ImportError, ValueError):
        return {"cccd": "CCCD", "cmnd": "CMND", "passport": "Hộ chiếu"}.get(kind, "Giấy tờ khác")


def paper_label(kind: str) -> str:
    return _paper_label(kind)


def clean_citizen(
    data: CitizenInput,
    c: Collector,
    *,
    prefix: str = "citizen.",
    today: date | None = None,
    name_required: bool = True,
) -> CitizenInput:
    """Normalise every field; add Vietnamese errors to ``c`` under ``prefix + field``.

    A CCCD number gives the sex and birth year: empty fields are filled from it, and values that
    contradict it are errors (a typo in either is the usual cause).
    """
    from camau_reception.domain.citizen_id import (
        InvalidCitizenId,
        parse_cccd,
        parse_identity_paper,
    )

    today = today or date.today()
    out = replace(
        data,
        full_name=normalize(data.full_name),
        id_kind=normalize(data.id_kind).lower() or "cccd",
        id_number=normalize(data.id_number).replace(" ", ""),
        id_issued_by=normalize(data.id_issued_by),
        sex=normalize(data.sex).lower(),
        phone=clean_phone(data.phone),
        province=normalize(data.province),
        commune=normalize(data.commune),
        address_detail=normalize(data.address_detail),
    )
    if name_required and not out.full_name:
        c.add(prefix + "full_name", "Hãy nhập họ và tên công dân.")
    elif out.full_name and any(ch.isdigit() for ch in out.full_name):
        c.add(prefix + "full_name", "Họ và tên không được chứa chữ số.")
    if out.id_kind not in PAPER_KINDS:
        c.add(prefix + "id_kind", "Loại giấy tờ không hợp lệ.")
    if out.sex and out.sex not in SEXES:
        c.add(prefix + "sex", "Giới tính là “nam” hoặc “nữ”.")
    if out.birth_year is not None and not (1900 <= out.birth_year <= today.year):
        c.add(prefix + "birth_year", f"Năm sinh phải trong khoảng 1900–{today.year}.")
    if out.id_number and out.id_kind in PAPER_KINDS:
        if out.id_kind == "cccd":
            try:
                info = parse_cccd(out.id_number, today=today)
            except InvalidCitizenId as exc:
                c.add(prefix + "id_number", str(exc))
            else:
                out.id_number = info.number
                if out.sex and out.sex != info.sex:
                    c.add(
                        prefix + "sex",
                        f"Số CCCD cho biết giới tính “{info.sex}”, khác với “{out.sex}” đã nhập.",
                    )
                elif not out.sex:
                    out.sex = info.sex
                if out.birth_year is not None and out.birth_year != info.birth_year:
                    c.add(
                        prefix + "birth_year",
                        f"Số CCCD cho biết năm sinh {info.birth_year}, "
                        f"khác với {out.birth_year} đã nhập.",
                    )
                elif out.birth_year is None:
                    out.birth_year = info.birth_year
        else:
            try:
                out.id_number = parse_identity_paper(out.id_kind, out.id_number)
            except InvalidCitizenId as exc:
                c.add(prefix + "id_number", str(exc))
    if out.phone and not (8 <= len(_digits(out.phone)) <= 15):
        c.add(prefix + "phone", "Số điện thoại gồm 8–15 chữ số.")
    return out


def find_by_id_number(session: Session, number: str) -> Citizen | None:
    """The citizen holding this identity number (CCCD, CMND, passport), or None."""
    number = normalize(number).replace(" ", "").upper()
    if not number:
        return None
    return session.execute(
        select(Citizen).where(Citizen.id_number.in_({number, number.lower()}))
    ).scalar_one_or_none()


def search(session: Session, text: str, limit: int = 20) -> list[Citizen]:
    """Citizens whose name (accents, case and đ ignored), number or phone match ``text``.

    Names that start with the text come first (an index range), then names containing it.
    """
    text = normalize(text)
    if not text or limit <= 0:
        return []
    digits = _digits(text)
    if digits and len(digits) >= 3 and len(digits) >= len(text.replace(" ", "")) - 1:
        q = (
            select(Citizen)
            .where(
                or_(
                    Citizen.id_number.startswith(digits, autoescape=True),
                    Citizen.phone.contains(digits, autoescape=True),
                )
            )
            .order_by(Citizen.name_folded)
            .limit(limit)
        )
        return list(session.execute(q).scalars())
    key = fold(text)
    found = list(
        session.execute(
            select(Citizen)
            .where(Citizen.name_folded >= key, Citizen.name_folded < key + "\uffff")
            .order_by(Citizen.name_folded, Citizen.id)
            .limit(limit)
        ).scalars()
    )
    if len(found) < limit:
        seen = {c.id for c in found}
        more = session.execute(
            select(Citizen)
            .where(Citizen.name_folded.contains(" " + key, autoescape=True))
            .order_by(Citizen.name_folded, Citizen.id)
            .limit(limit)
        ).scalars()
        found += [c for c in more if c.id not in seen][: limit - len(found)]
    return found


def get(session: Session, citizen_id: int) -> Citizen | None:
    return session.get(Citizen, citizen_id)


FIELD_LABELS = {
    "full_name": "họ tên",
    "id_kind": "loại giấy tờ",
    "id_number": "số giấy tờ",
    "id_issued_on": "ngày cấp",
    "id_issued_by": "nơi cấp",
    "sex": "giới tính",
    "birth_year": "năm sinh",
    "phone": "điện thoại",
    "province": "tỉnh",
    "commune": "xã/phường",
    "address_detail": "địa chỉ",
}


def upsert(session: Session, data: CitizenInput, c: Collector, prefix: str) -> Citizen | None:
    """Find the person (by id, else by number) and refresh their details, or create them.

    Returns None and adds an error when the number belongs to somebody else. Changed fields are
    listed in ``citizen.changes`` (a transient attribute) for the caller's audit summary.
    """
    by_number = find_by_id_number(session, data.id_number) if data.id_number else None
    citizen: Citizen | None = None
    if data.citizen_id is not None:
        citizen = session.get(Citizen, data.citizen_id)
        if citizen is None:
            c.add(prefix + "full_name", "Không tìm thấy công dân đã chọn; hãy tra cứu lại.")
            return None
        if by_number is not None and by_number.id != citizen.id:
            c.add(
                prefix + "id_number",
                f"Số giấy tờ {data.id_number} đã thuộc công dân khác ({by_number.full_name}).",
            )
            return None
    else:
        citizen = by_number
    changes: list[str] = []
    if citizen is None:
        citizen = Citizen(
            full_name=data.full_name,
            name_folded=fold(data.full_name),
            id_kind=data.id_kind,
            id_number=data.id_number,
            id_issued_on=data.id_issued_on,
            id_issued_by=data.id_issued_by,
            sex=data.sex,
            birth_year=data.birth_year,
            phone=data.phone,
            province=data.province,
            commune=data.commune,
            address_detail=data.address_detail,
        )
        session.add(citizen)
        session.flush()
        citizen.changes = ["mới"]  # type: ignore[attr-defined]
        return citizen
    for key in FIELD_LABELS:
        new = getattr(data, key)
        old = getattr(citizen, key)
        # An empty field on the form never erases what is on file: the counter is in a hurry.
        if new in (None, "") or new == old:
            continue
        setattr(citizen, key, new)
        changes.append(FIELD_LABELS[key])
    if changes:
        citizen.name_folded = fold(citizen.full_name)
        citizen.updated_at = utcnow()
        citizen.version += 1
        session.flush()
    citizen.changes = changes  # type: ignore[attr-defined]
    return citizen


# --- administrative map (resources/geo) --------------------------------------------------------


def _geo_rows(name: str) -> list[dict[str, str]]:
    import csv

    from camau_reception.config import resources_dir

    path = resources_dir() / "geo" / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [{k: normalize(v) for k, v in row.items()} for row in csv.DictReader(lines)]


def provinces() -> list[str]:
    """Province names for the address field (the office's own province first)."""
    return [r["province"] for r in _geo_rows("provinces.csv")]


def communes(province: str) -> list[str]:
    """Commune names (xã, phường) of ``province`` known to the program, sorted by name."""
    key = fold(province)
    rows = [r for r in _geo_rows("communes.csv") if fold(r["province"]) == key]
    return sorted((r["commune"] for r in rows), key=fold)


def parse_cccd_qr(text: str) -> CitizenInput | None:
    """The QR code on a chip CCCD, as a hand scanner types it:
    ``number|old CMND|full name|ddmmyyyy birth|sex|address|ddmmyyyy issued``.
    Returns None when ``text`` is not that format."""
    parts = [normalize(p) for p in (text or "").split("|")]
    if len(parts) < 6 or not parts[0].isdigit() or len(parts[0]) != 12:
        return None

    def _date(s: str) -> date | None:
        if len(s) == 8 and s.isdigit():
            try:
                return date(int(s[4:]), int(s[2:4]), int(s[:2]))
            except ValueError:
                return None
        return None

    born = _date(parts[3])
    sex = parts[4].lower()
    return CitizenInput(
        full_name=parts[2],
        id_kind="cccd",
        id_number=parts[0],
        id_issued_on=_date(parts[6]) if len(parts) > 6 else None,
        sex=sex if sex in SEXES else "",
        birth_year=born.year if born else None,
        address_detail=parts[5],
    )
