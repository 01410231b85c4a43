"""The paper of citizen reception: Giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD), Phiếu hẹn,
Thông báo từ chối tiếp công dân (Mẫu 01/TCD) and the register Sổ tiếp công dân (Mẫu 03/TCD).

The wording lives in ``resources/templates/reception_forms.toml``. This module knows documents,
not the database: the caller gives a ``VisitPaper`` (one visit, plain text and dates) or the
``RegisterLine`` rows of a date range (``exports.register_xlsx`` reads both with SQL).

The three visit forms are ``OfficialDocument`` objects on the NĐ 30/2020 letterhead. The
register is drawn straight on the canvas: its table must run to thousands of pages with the
header repeated on each, and a ReportLab ``Table`` re-measures every remaining row at each page
break (quadratic in the number of rows).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.printing.apology_letter import WordingError, fill, wording_text
from camau_reception.printing.document import (
    MM,
    OfficialDocument,
    SignatureBlock,
    copy_frame_size,
    frame_width,
    nfc,
    page_size,
    paragraph,
    render_pdf,
    table,
)
from camau_reception.printing.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from camau_reception.printing.formats import long_date, vn_date, vn_time, weekday_vi
from camau_reception.printing.signer import signature_block

RECEIPT = "receipt"
APPOINTMENT = "appointment"
REFUSAL = "refusal"
FORM_KINDS = (RECEIPT, APPOINTMENT, REFUSAL)
FORM_LABELS = {
    RECEIPT: "Giấy biên nhận thông tin, tài liệu",
    APPOINTMENT: "Phiếu hẹn",
    REFUSAL: "Thông báo từ chối tiếp công dân",
}
REGISTER_LABEL = "Sổ tiếp công dân"
BLANK = "…"

Progress = Callable[[int, int, str], None]


# --- wording -----------------------------------------------------------------------------------


def default_wording_path() -> Path:
    from camau_reception.config import resources_dir

    return resources_dir() / "templates" / "reception_forms.toml"


def load_wording(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """The wording file as a dict; ``WordingError`` (Vietnamese) when it is unusable."""
    source = path or default_wording_path()
    try:
        wording = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WordingError(f"Không đọc được tệp mẫu {source.name}: {exc}") from exc
    missing = [k for k in (*FORM_KINDS, "register") if k not in wording]
    if missing:
        raise WordingError(f"Tệp mẫu {source.name} thiếu mục: {', '.join(missing)}.")
    columns = wording["register"].get("columns", [])
    if len(columns) != 12:
        raise WordingError(
            f"Tệp mẫu {source.name}: sổ tiếp công dân phải có đúng 12 cột (đang có {len(columns)})."
        )
    return wording


def _where(kind: str) -> str:
    return f"{FORM_LABELS.get(kind, REGISTER_LABEL).lower()} (reception_forms.toml)"


# --- one visit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedDocument:
    """A paper handed over at the counter, as the receipt lists it."""

    name: str
    pages: int = 1
    condition: str = ""
    copy_kind: str = "Bản chính"  # label: bản chính / bản photo / bản sao có chứng thực


@dataclass(frozen=True)
class VisitPaper:
    """Everything the visit forms may print, as plain text and dates."""

    reception_id: int
    received_at: datetime
    citizen_name: str
    sex: str = ""  # "nam" / "nữ" / ""
    id_label: str = "Giấy tờ tùy thân"
    id_number: str = ""
    id_issued_on: date | None = None
    id_issued_by: str = ""
    address: str = ""
    phone: str = ""
    summary: str = ""
    officer_name: str = ""
    officer_position: str = ""
    presiding_leader_name: str = ""
    documents: tuple[ReceivedDocument, ...] = ()
    appointment_at: datetime | None = None
    appointment_place: str = ""
    appointment_purpose: str = ""
    refusal_reason: str = ""  # the legal reason as the law words it
    refusal_detail: str = ""
    legal_basis: str = ""


def salutation(sex: str) -> str:
    return {"nam": "Ông", "nữ": "Bà"}.get(nfc(sex).strip().lower(), "Ông/Bà")


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # an acronym: keep it
    return text[:1].lower() + text[1:]


def _or_blank(value: object) -> str:
    text = nfc(value).strip()
    return text or BLANK


def visit_values(data: VisitPaper, agency: AgencyProfile) -> dict[str, object]:
    """The placeholders the wording may use (listed at the top of the TOML file)."""
    summary = nfc(data.summary).strip()
    appointment = data.appointment_at
    detail = nfc(data.refusal_detail).strip().rstrip(".")
    return {
        "code": f"#{data.reception_id}",
        "salutation": salutation(data.sex),
        "name": _or_blank(data.citizen_name),
        "id_label": nfc(data.id_label) or "Giấy tờ tùy thân",
        "id_number": _or_blank(data.id_number),
        "id_issued_on": vn_date(data.id_issued_on) or BLANK,
        "id_issued_by": _or_blank(data.id_issued_by),
        "address": _or_blank(data.address),
        "phone": _or_blank(data.phone),
        "agency": display_name(nfc(agency.name).strip()),
        "agency_address": _or_blank(agency.address),
        "agency_phone": _or_blank(agency.phone),
        "received_time": vn_time(data.received_at),
        "received_date": long_date(data.received_at.date()),
        "received_day": vn_date(data.received_at.date()),
        "summary": (summary.rstrip(".") + ".") if summary else BLANK,
        "visit_purpose": (
            f"để trình bày nội dung: {summary.rstrip('.')}" if summary else "đề nghị được tiếp"
        ),
        "officer_name": _or_blank(data.officer_name),
        "officer_position": _or_blank(data.officer_position),
        "leader": _or_blank(data.presiding_leader_name),
        "copies": "02",
        "appointment_time": vn_time(appointment) if appointment else BLANK,
        "appointment_weekday": _lower_first(weekday_vi(appointment.date()))
        if appointment
        else BLANK,
        "appointment_date": vn_date(appointment.date()) if appointment else BLANK,
        "appointment_place": _or_blank(data.appointment_place).rstrip("."),
        "appointment_purpose": _or_blank(data.appointment_purpose).rstrip("."),
        "reason": _lower_first(_or_blank(data.refusal_reason).rstrip(".")),
        "detail_text": f"; cụ thể: {_lower_first(detail)}" if detail else "",
        "legal_basis": nfc(data.legal_basis).strip(),
    }


def _fill(text: str, values: dict[str, object], where: str) -> str:
    """``fill`` without the doubled stop of a blank ending a sentence ("nơi cấp: …." → "…")."""
    return fill(text, values, where).replace(f"{BLANK}.", BLANK)


def _signature_note(w: dict[str, Any]) -> str:
    return str(w.get("signature_note", "(Ký, ghi rõ họ tên)"))


def receipt_documents(
    data: VisitPaper,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    wording: dict[str, dict[str, Any]] | None = None,
    *,
    two_per_sheet: bool = True,
) -> list[OfficialDocument]:
    """Giấy biên nhận (Mẫu 02/TCD) in two copies: side by side on one A4 landscape sheet
    (``two_per_sheet``), or one copy per A4 portrait page."""
    wording = wording or load_wording()
    w = wording[RECEIPT]
    where = _where(RECEIPT)
    values = visit_values(data, agency)
    legal = w.get("legal_basis")
    if legal and not values["legal_basis"]:
        values["legal_basis"] = legal
    values["place"] = _fill(w.get("place", "{agency_address}"), values, where)
    width = copy_frame_size()[0] if two_per_sheet else frame_width()
    head = [_fill(line, values, where) for line in wording_text(w, "head", where)]
    columns = [str(c) for c in w.get("columns", [])] or [
        "STT",
        "Tên thông tin, tài liệu",
        "Số trang",
        "Tình trạng",
        "Bản chính, bản sao",
    ]
    rows: list[list[Any]] = [columns]
    for i, doc in enumerate(data.documents, 1):
        rows.append(
            [
                str(i),
                nfc(doc.name),
                f"{doc.pages:02d}",
                nfc(doc.condition) or "Nguyên vẹn",
                nfc(doc.copy_kind),
            ]
        )
    tail = [_fill(line, values, where) for line in w.get("tail", [])]
    labels = [_fill(x, values, where) for x in w.get("copy_labels", [])]

    def body(label: str) -> list[Any]:
        out: list[Any] = []
        if label:
            out.append(paragraph(f"({label})", "copy_label"))
        out += [paragraph(line, "body_noindent") for line in head]
        out.append(
            table(rows, [0.08, 0.44, 0.11, 0.17, 0.20], width, center_columns=[0, 2], font_size=10)
        )
        out += [paragraph(line, "body_noindent") for line in tail]
        return out

    note = _signature_note(w)
    space = 16 if two_per_sheet else 22
    base = OfficialDocument(
        agency=agency,
        title=_fill(wording_text(w, "title", where), values, where),
        subtitle=_fill(w.get("subtitle", ""), values, where) or None,
        date=issued_on,
        number=number,
        body=body(""),
        left_signature=SignatureBlock(
            position=_fill(w.get("left_signer", "NGƯỜI CUNG CẤP"), values, where),
            note=note,
            name=nfc(data.citizen_name),
            space_mm=space,
        ),
        signature=SignatureBlock(
            position=_fill(w.get("signer", "NGƯỜI NHẬN"), values, where),
            note=note,
            name=nfc(data.officer_name),
            space_mm=space,
        ),
        form_code=w.get("form_code"),
    )
    if two_per_sheet:
        return [replace(base, copies_per_sheet=2, copy_labels=labels)]
    return [replace(base, body=body(labels[i] if i < len(labels) else "")) for i in range(2)]


def appointment_document(
    data: VisitPaper,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    wording: dict[str, dict[str, Any]] | None = None,
) -> OfficialDocument:
    """Phiếu hẹn: when, where and why the citizen comes back to meet the leader."""
    wording = wording or load_wording()
    w = wording[APPOINTMENT]
    where = _where(APPOINTMENT)
    values = visit_values(data, agency)
    body: list[Any] = [
        paragraph(_fill(wording_text(w, "greeting", where), values, where), "kinh_gui")
    ]
    body += [_fill(p, values, where) for p in wording_text(w, "paragraphs", where)]
    note = _signature_note(w)
    left = None
    if w.get("left_signer"):
        left = SignatureBlock(position=w["left_signer"], note=note, name=nfc(data.citizen_name))
    return OfficialDocument(
        agency=agency,
        title=_fill(wording_text(w, "title", where), values, where),
        subtitle=_fill(w.get("subtitle", ""), values, where) or None,
        date=issued_on,
        number=number,
        body=body,
        left_signature=left,
        signature=SignatureBlock(
            position=_fill(w.get("signer", "NGƯỜI TIẾP CÔNG DÂN"), values, where),
            note=note,
            name=nfc(data.officer_name),
        ),
        recipients=[_fill(r, values, where) for r in w.get("recipients", [])] or None,
        form_code=w.get("form_code"),
    )


def refusal_document(
    data: VisitPaper,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    wording: dict[str, dict[str, Any]] | None = None,
    *,
    signer_title: str = "",
    signer_name: str = "",
) -> OfficialDocument:
    """Thông báo từ chối tiếp công dân (Mẫu 01/TCD), signed by the head of the agency."""
    wording = wording or load_wording()
    w = wording[REFUSAL]
    where = _where(REFUSAL)
    values = visit_values(data, agency)
    if not values["legal_basis"]:
        values["legal_basis"] = w.get("legal_basis", "Điều 9 Luật Tiếp công dân")
    body: list[Any] = [
        paragraph(_fill(wording_text(w, "greeting", where), values, where), "kinh_gui")
    ]
    body += [_fill(p, values, where) for p in wording_text(w, "paragraphs", where)]
    title = nfc(signer_title).strip().upper() or agency.head_title
    return OfficialDocument(
        agency=agency,
        title=_fill(wording_text(w, "title", where), values, where),
        subtitle=_fill(w.get("subtitle", ""), values, where) or None,
        date=issued_on,
        number=number,
        body=body,
        signature=signature_block(title, nfc(signer_name), agency),
        recipients=[_fill(r, values, where) for r in w.get("recipients", [])],
        form_code=w.get("form_code"),
    )


def visit_form_documents(
    kind: str,
    data: VisitPaper,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    wording: dict[str, dict[str, Any]] | None = None,
    *,
    two_per_sheet: bool = True,
    signer_title: str = "",
    signer_name: str = "",
) -> list[OfficialDocument]:
    if kind == RECEIPT:
        return receipt_documents(
            data, agency, number, issued_on, wording, two_per_sheet=two_per_sheet
        )
    if kind == APPOINTMENT:
        return [appointment_document(data, agency, number, issued_on, wording)]
    if kind == REFUSAL:
        return [
            refusal_document(
                data,
                agency,
                number,
                issued_on,
                wording,
                signer_title=signer_title,
                signer_name=signer_name,
            )
        ]
    raise ValueError(f"unknown reception form: {kind}")


def render_visit_form(
    kind: str,
    data: VisitPaper,
    agency: AgencyProfile,
    number: str,
    issued_on: date,
    out: str | Path,
    wording: dict[str, dict[str, Any]] | None = None,
    *,
    two_per_sheet: bool = True,
    signer_title: str = "",
    signer_name: str = "",
) -> Path:
    """Write one of the visit forms (``RECEIPT``, ``APPOINTMENT``, ``REFUSAL``) to ``out``."""
    docs = visit_form_documents(
        kind,
        data,
        agency,
        number,
        issued_on,
        wording,
        two_per_sheet=two_per_sheet,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    render_pdf(docs, out, title=f"{FORM_LABELS[kind]} — {number}")
    return Path(out)


# --- the register (Mẫu 03/TCD) -----------------------------------------------------------------


class RegisterLine(NamedTuple):
    """One visit as the 12 columns of the register print it (cancelled visits never appear)."""

    seq: int  # (1) STT
    received_at: datetime  # (2) ngày tiếp
    name_address: str  # (3) họ tên, địa chỉ (a line break between them)
    identity: str  # (4) CCCD / hộ chiếu / giấy tờ khác
    summary: str  # (5) tóm tắt nội dung vụ việc
    classification: str  # (6) khiếu nại / tố cáo / kiến nghị, phản ánh
    people: int  # (7) số công dân cùng một nội dung
    handled_by: str  # (8) cơ quan đã giải quyết hết thẩm quyền
    within_competence: bool  # (9) thuộc thẩm quyền (x)
    guidance: str  # (10) hướng dẫn đến cơ quan nào, số văn bản hướng dẫn
    transfer: str  # (11) cơ quan có thẩm quyền thụ lý, số văn bản chuyển đơn
    followup: str  # (12) theo dõi quá trình, kết quả giải quyết

    def cells(self) -> tuple[str, ...]:
        """The 12 printed texts."""
        return (
            str(self.seq),
            f"{self.received_at:%d/%m/%Y}\n{self.received_at:%H:%M}",
            self.name_address,
            self.identity,
            self.summary,
            self.classification,
            str(self.people),
            self.handled_by,
            "x" if self.within_competence else "",
            self.guidance,
            self.transfer,
            self.followup,
        )


# Sheet geometry (A4 landscape). The left margin is the binding edge of the book.
REG_MARGINS = {"top": 14 * MM, "bottom": 14 * MM, "left": 20 * MM, "right": 12 * MM}
CELL_SIZE = 9.0
CELL_LEADING = 11.0
HEAD_SIZE = 8.5
HEAD_LEADING = 10.0
PAD_X = 2.5
PAD_TOP = 2.5
PAD_BOTTOM = 3.0
CENTRED_COLUMNS = frozenset({0, 1, 6, 8})
PROGRESS_EVERY = 250


def register_columns(wording: dict[str, dict[str, Any]]) -> list[tuple[str, float]]:
    """(heading, share of the width) of the 12 columns, from the wording file."""
    out = []
    for item in wording["register"]["columns"]:
        if isinstance(item, str):
            out.append((nfc(item), 1.0))
        else:
            out.append((nfc(item[0]), float(item[1]) if len(item) > 1 else 1.0))
    return out


def register_headings(wording: dict[str, dict[str, Any]] | None = None) -> list[str]:
    return [h for h, _ in register_columns(wording or load_wording())]


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    """Width of a word (Vietnamese words are syllables: few, and met again and again)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    """A word wider than its column (a document number, a long identity number) broken after
    its last "/" or "-" that fits, else between characters."""
    out: list[str] = []
    rest = word
    while rest and _width(rest, font, size) > width:
        cut = 0
        for i, ch in enumerate(rest[:-1], 1):
            if _width(rest[:i], font, size) > width:
                break
            if ch in "/-":
                cut = i
        if cut == 0:  # no separator that fits: as many characters as fit (at least one)
            cut = 1
            while cut < len(rest) and _width(rest[: cut + 1], font, size) <= width:
                cut += 1
        out.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        out.append(rest)
    return out


def wrap_cell(text: str, font: str, size: float, width: float) -> list[str]:
    """The lines of a cell: hard line breaks kept, lines filled word by word, words too long
    for the column broken between characters."""
    lines: list[str] = []
    space = _width(" ", font, size)
    for part in nfc(text).split("\n"):
        words = part.split()
        if not words:
            continue
        current: list[str] = []
        used = 0.0
        for word in words:
            w = _width(word, font, size)
            if current and used + space + w <= width:
                current.append(word)
                used += space + w
                continue
            if current:
                lines.append(" ".join(current))
            if w > width:
                pieces = _break_word(word, font, size, width)
                lines.extend(pieces[:-1])
                word = pieces[-1]
                w = _width(word, font, size)
            current, used = [word], w
        if current:
            lines.append(" ".join(current))
    return lines


class _Row(NamedTuple):
    cells: tuple[tuple[str, ...], ...]
    height: float


@dataclass
class _Geometry:
    page_w: float
    page_h: float
    left: float
    widths: list[float]
    head_cells: list[list[str]]
    head_h: float
    numbers_h: float
    title_h: float
    running_h: float

    @property
    def table_w(self) -> float:
        return sum(self.widths)

    @property
    def header_h(self) -> float:
        return self.head_h + self.numbers_h

    def body_top(self, first: bool) -> float:
        top = self.page_h - REG_MARGINS["top"] - (self.title_h if first else self.running_h)
        return top - self.header_h

    @property
    def body_bottom(self) -> float:
        return REG_MARGINS["bottom"]


def _geometry(wording: dict[str, dict[str, Any]]) -> _Geometry:
    page_w, page_h = page_size(True)
    columns = register_columns(wording)
    total_share = sum(share for _, share in columns)
    table_w = page_w - REG_MARGINS["left"] - REG_MARGINS["right"]
    widths = [table_w * share / total_share for _, share in columns]
    head_cells = [
        wrap_cell(heading, FONT_BOLD, HEAD_SIZE, w - 2 * PAD_X)
        for (heading, _), w in zip(columns, widths, strict=True)
    ]
    head_h = PAD_TOP + max(len(c) for c in head_cells) * HEAD_LEADING + PAD_BOTTOM
    numbers_h = PAD_TOP + HEAD_LEADING + PAD_BOTTOM
    title_h = 30 + 20 + 16 + 10  # agency block, title, period, air
    running_h = 16
    return _Geometry(
        page_w,
        page_h,
        REG_MARGINS["left"],
        widths,
        head_cells,
        head_h,
        numbers_h,
        title_h,
        running_h,
    )


def _layout(
    lines: Sequence[RegisterLine],
    geo: _Geometry,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    units: int,
) -> list[list[_Row]] | None:
    """Rows wrapped and cut into pages (None if cancelled)."""
    pages: list[list[_Row]] = [[]]
    room = geo.body_top(True) - geo.body_bottom
    full = geo.body_top(False) - geo.body_bottom
    max_lines = max(1, int((full - PAD_TOP - PAD_BOTTOM) // CELL_LEADING))
    inner = [w - 2 * PAD_X for w in geo.widths]
    for i, line in enumerate(lines):
        if i % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                return None
            if progress is not None:
                progress(i, units, "Đang dàn trang sổ tiếp công dân…")
        cells = []
        for text, width in zip(line.cells(), inner, strict=True):
            wrapped = wrap_cell(text, FONT, CELL_SIZE, width) if text else []
            if len(wrapped) > max_lines:  # a row never runs past one page
                wrapped = [*wrapped[: max_lines - 1], wrapped[max_lines - 1].rstrip() + " …"]
            cells.append(tuple(wrapped))
        height = PAD_TOP + max(1, max(len(c) for c in cells)) * CELL_LEADING + PAD_BOTTOM
        if height > room and pages[-1]:
            pages.append([])
            room = full
        pages[-1].append(_Row(tuple(cells), height))
        room -= height
    return pages


class _Text:
    """The text of one page as one PDF text object, written as PDF operators.

    ReportLab's ``drawString`` builds a text object per string and runs its general text
    layout (shaping, rise, leading) for each: on a register of 50,000 visits that was most of
    the time. Here each string is the font's subset bytes and one ``Tj``; fonts are the
    registered TrueType family (subsets named through the font, as ReportLab does)."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.code: list[str] = []
        self.current: tuple[str, float, int] | None = None

    def put(self, x: float, y: float, text: str, font: str, size: float, align: str = "") -> None:
        if not text:
            return
        if align == "centre":
            x -= _width(text, font, size) / 2
        elif align == "right":
            x -= _width(text, font, size)
        face = _font(font)
        doc = self.canvas._doc
        escape = self.canvas._escape
        code = self.code
        code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        for subset, data in face.splitString(text, doc):
            if self.current != (font, size, subset):
                code.append(f"{face.getSubsetInternalName(subset, doc)} {size:g} Tf")
                self.current = (font, size, subset)
            code.append(f"({escape(data)}) Tj")

    def cell(
        self,
        lines: Sequence[str],
        x: float,
        top: float,
        width: float,
        font: str,
        size: float,
        leading: float,
        centred: bool,
    ) -> None:
        y = top - PAD_TOP - size * 0.82
        for text in lines:
            if centred:
                self.put(x + width / 2, y, text, font, size, "centre")
            else:
                self.put(x + PAD_X, y, text, font, size)
            y -= leading

    def flush(self) -> None:
        if self.code:
            self.canvas._code.append("BT\n" + "\n".join(self.code) + "\nET")
        self.code = []
        self.current = None


@lru_cache(maxsize=8)
def _font(name: str) -> Any:
    from reportlab.pdfbase.pdfmetrics import getFont

    return getFont(name)


HEADER_FORM = "CamauRegisterHeader"


def _header_form(canvas: Any, geo: _Geometry) -> None:
    """The column headings and the row of column numbers, drawn once as a form (an XObject)
    that every page places under its title: y = 0 is the top of the table."""
    height = geo.header_h
    canvas.beginForm(HEADER_FORM, lowerx=0, lowery=-height - 2, upperx=geo.page_w, uppery=2)
    left, block = geo.left, geo.head_h
    canvas.setFillGray(0.92)
    canvas.rect(left, -block, geo.table_w, block, stroke=0, fill=1)
    canvas.setFillGray(0)
    text = _Text(canvas)
    x = left
    for cell, width in zip(geo.head_cells, geo.widths, strict=True):
        text_h = len(cell) * HEAD_LEADING
        cell_top = -(block - text_h - PAD_TOP - PAD_BOTTOM) / 2
        text.cell(cell, x, cell_top, width, FONT_BOLD, HEAD_SIZE, HEAD_LEADING, True)
        x += width
    x = left
    for n, width in enumerate(geo.widths, 1):
        text.cell([f"({n})"], x, -block, width, FONT_ITALIC, HEAD_SIZE, HEAD_LEADING, True)
        x += width
    text.flush()
    canvas.setLineWidth(0.5)
    right = left + geo.table_w
    canvas.lines([(left, y, right, y) for y in (0, -block, -height)])
    canvas.endForm()


def _place_header(canvas: Any, top: float) -> None:
    canvas.saveState()
    canvas.translate(0, top)
    canvas.doForm(HEADER_FORM)
    canvas.restoreState()


def _draw_title(
    text: _Text, canvas: Any, geo: _Geometry, agency: AgencyProfile, w: dict[str, Any], period: str
) -> float:
    top = geo.page_h - REG_MARGINS["top"]
    block_w = 95 * MM
    cx = geo.left + block_w / 2
    name = nfc(agency.name).upper()
    text.put(cx, top - 10, nfc(agency.parent_body).upper(), FONT, 11, "centre")
    text.put(cx, top - 23, name, FONT_BOLD, 11, "centre")
    rule = min(_width(name, FONT_BOLD, 11), block_w) * 0.4
    canvas.setLineWidth(0.6)
    canvas.line(cx - rule / 2, top - 27, cx + rule / 2, top - 27)
    form_code = nfc(w.get("form_code", ""))
    right = geo.left + geo.table_w
    text.put(right, top - 10, form_code, FONT_BOLD, 11, "right")
    centre = geo.left + geo.table_w / 2
    text.put(centre, top - 46, nfc(w.get("title", "SỔ TIẾP CÔNG DÂN")), FONT_BOLD, 15, "centre")
    text.put(centre, top - 64, period, FONT_ITALIC, 12, "centre")
    return top - geo.title_h


def _draw_running(text: _Text, geo: _Geometry, running: str, form_code: str) -> float:
    top = geo.page_h - REG_MARGINS["top"]
    text.put(geo.left, top - 9, running, FONT_ITALIC, 9)
    text.put(geo.left + geo.table_w, top - 9, form_code, FONT_BOLD, 9, "right")
    return top - geo.running_h


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def render_register(
    lines: Sequence[RegisterLine],
    agency: AgencyProfile,
    day_from: date,
    day_to: date,
    out: str | Path,
    wording: dict[str, dict[str, Any]] | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Draw the register of ``lines`` (already in register order, cancelled visits left out)
    on A4 landscape: title on the first page, the headings and the column numbers repeated on
    every page, "Trang n/N" at the foot, the totals under the last row. Returns the number of
    pages; 0 when ``cancelled()`` turned true (and then no file is written)."""
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    wording = wording or load_wording()
    w = wording["register"]
    where = _where("register")
    values = {
        "day_from": vn_date(day_from),
        "day_to": vn_date(day_to),
        "agency": display_name(nfc(agency.name).strip()),
    }
    period = fill(w.get("period", "Từ ngày {day_from} đến ngày {day_to}"), values, where)
    running = fill(w.get("running", "{agency}"), values, where)
    form_code = nfc(w.get("form_code", ""))
    page_text = w.get("page", "Trang {page}/{pages}")
    geo = _geometry(wording)
    units = 2 * len(lines) or 1
    pages = _layout(lines, geo, progress, cancelled, units)
    if pages is None:
        return 0
    total_text = fill(
        w.get("total", "Tổng số: {visits} lượt tiếp, {people} người."),
        {
            "visits": _thousands(len(lines)),
            "people": _thousands(sum(line.people for line in lines)),
        },
        where,
    )
    # The totals go under the last row, or on a page of their own when there is no room.
    used = sum(r.height for r in pages[-1])
    room = geo.body_top(len(pages) == 1) - geo.body_bottom - used
    if lines and room < 2 * CELL_LEADING + 8:
        pages.append([])
    count = len(pages)

    canvas = Canvas(str(out), pagesize=(geo.page_w, geo.page_h), pageCompression=1)
    canvas.setTitle(f"{REGISTER_LABEL} {period[:1].lower()}{period[1:]}")
    canvas.setAuthor(nfc(agency.name))
    canvas.setCreator("camau-reception")
    _header_form(canvas, geo)
    done = len(lines)
    right = geo.left + geo.table_w
    for number, rows in enumerate(pages, 1):
        if cancelled is not None and cancelled():
            return 0
        text = _Text(canvas)
        if number == 1:
            top = _draw_title(text, canvas, geo, agency, w, period)
        else:
            top = _draw_running(text, geo, running, form_code)
        totals_only = number == count and not rows and bool(lines)
        y = top
        if not totals_only:
            _place_header(canvas, top)
            y = top - geo.header_h
            rules: list[tuple[float, float, float, float]] = []
            if not lines:
                text.put(
                    geo.left + geo.table_w / 2,
                    y - PAD_TOP - CELL_SIZE - 2,
                    nfc(w.get("empty", "Không có lượt tiếp công dân nào.")),
                    FONT_ITALIC,
                    CELL_SIZE + 1,
                    "centre",
                )
                y -= PAD_TOP + CELL_LEADING + PAD_BOTTOM + 4
                rules.append((geo.left, y, right, y))
            for row in rows:
                x = geo.left
                for col, (cell, width) in enumerate(zip(row.cells, geo.widths, strict=True)):
                    if cell:
                        text.cell(
                            cell,
                            x,
                            y,
                            width,
                            FONT,
                            CELL_SIZE,
                            CELL_LEADING,
                            col in CENTRED_COLUMNS,
                        )
                    x += width
                y -= row.height
                rules.append((geo.left, y, right, y))
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, units, f"Đang in trang {number}/{count}…")
            x = geo.left
            rules.append((x, top, x, y))
            for width in geo.widths:
                x += width
                rules.append((x, top, x, y))
            canvas.setLineWidth(0.5)
            canvas.lines(rules)
        if number == count and lines:
            text.put(geo.left, y - 14, total_text, FONT_BOLD, 10)
        page_label = fill(page_text, {"page": number, "pages": count}, where)
        text.put(
            geo.left + geo.table_w / 2, REG_MARGINS["bottom"] / 2 - 2, page_label, FONT, 9, "centre"
        )
        text.flush()
        canvas.showPage()
    canvas.save()
    if progress is not None:
        progress(units, units, "")
    return count
