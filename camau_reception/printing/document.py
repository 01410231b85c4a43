"""Official documents in the format of Nghị định 30/2020/NĐ-CP, built with ReportLab.

One ``OfficialDocument`` is a letterhead (parent body, agency, number; national title and
motto, place and date), a title, a body, and at the foot "Nơi nhận" on the left and the
signature block on the right. ``render_pdf`` writes one or many documents into one PDF; in a
batch each document starts on a new page and numbers its own pages (from page 2, centred in
the top margin).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from camau_reception.domain.agency import AgencyProfile
from camau_reception.printing.fonts import (
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    register_fonts,
)
from camau_reception.printing.formats import place_date

MM = 72 / 25.4
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
# Each half of a sheet carrying two copies (A4 landscape cut in two A5 portrait halves).
COPY_MARGINS = {"top": 10 * MM, "bottom": 8 * MM, "left": 12 * MM, "right": 8 * MM}
MOTTO_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

Progress = Callable[[int, int, str], None]
_MARKUP_CHARS = frozenset("<>&\n\r\xa0")


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", "" if text is None else str(text))


def esc(text: object) -> str:
    """NFC text made safe for ReportLab's paragraph markup (``<``, ``&`` in a citizen's words)."""
    return escape(nfc(text)).replace("\n", "<br/>")


@lru_cache(maxsize=1)
def styles() -> dict[str, Any]:
    """Named paragraph styles: body, body_noindent, title, subtitle, small, italic_note,
    table_cell, table_header, center, right, bold."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    register_fonts()
    base = ParagraphStyle("base", fontName=FONT, fontSize=13, leading=17, alignment=TA_LEFT)
    s = {
        "base": base,
        "body": ParagraphStyle(
            "body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * MM, spaceAfter=5
        ),
        "body_noindent": ParagraphStyle(
            "body_noindent", parent=base, alignment=TA_JUSTIFY, spaceAfter=5
        ),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=14,
            leading=18,
            alignment=TA_CENTER,
            spaceBefore=10,
            spaceAfter=2,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER, spaceAfter=10
        ),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER),
        "center_bold": ParagraphStyle(
            "center_bold", parent=base, fontName=FONT_BOLD, alignment=TA_CENTER
        ),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "bold": ParagraphStyle("bold", parent=base, fontName=FONT_BOLD),
        "small": ParagraphStyle("small", parent=base, fontSize=11, leading=14),
        "italic_note": ParagraphStyle(
            "italic_note", parent=base, fontName=FONT_ITALIC, fontSize=11, leading=14
        ),
        "table_cell": ParagraphStyle("table_cell", parent=base, fontSize=10.5, leading=13),
        "table_cell_center": ParagraphStyle(
            "table_cell_center", parent=base, fontSize=10.5, leading=13, alignment=TA_CENTER
        ),
        "table_header": ParagraphStyle(
            "table_header",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=13,
            alignment=TA_CENTER,
        ),
        # Letterhead
        "lh_parent": ParagraphStyle(
            "lh_parent", parent=base, fontSize=12.5, leading=15, alignment=TA_CENTER
        ),
        "lh_agency": ParagraphStyle(
            "lh_agency",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=15,
            alignment=TA_CENTER,
        ),
        "lh_nation": ParagraphStyle(
            "lh_nation",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
        ),
        "lh_motto": ParagraphStyle(
            "lh_motto",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=16,
            alignment=TA_CENTER,
        ),
        "lh_number": ParagraphStyle(
            "lh_number", parent=base, fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "lh_date": ParagraphStyle(
            "lh_date",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=13,
            leading=16,
            alignment=TA_CENTER,
        ),
        "form_code": ParagraphStyle(
            "form_code",
            parent=base,
            fontName=FONT_BOLD,
            fontSize=11,
            leading=13,
            alignment=TA_RIGHT,
        ),
        # Signature block and recipients
        "sig": ParagraphStyle(
            "sig", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER
        ),
        "sig_note": ParagraphStyle(
            "sig_note",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=11,
            leading=14,
            alignment=TA_CENTER,
        ),
        "recipients_head": ParagraphStyle(
            "recipients_head", parent=base, fontName=FONT_BOLD_ITALIC, fontSize=12, leading=14
        ),
        # "Kính gửi: …" (centred when alone; the list form is a centred two-column table)
        "kinh_gui": ParagraphStyle(
            "kinh_gui", parent=base, fontSize=14, leading=18, alignment=TA_CENTER, spaceAfter=6
        ),
        "kinh_gui_left": ParagraphStyle("kinh_gui_left", parent=base, fontSize=14, leading=18),
        "copy_label": ParagraphStyle(
            "copy_label",
            parent=base,
            fontName=FONT_ITALIC,
            fontSize=10,
            leading=12,
            alignment=TA_RIGHT,
        ),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=11, leading=13),
    }
    return s


@lru_cache(maxsize=128)
def _plain_frag(style_name: str) -> Any:
    """The fragment ReportLab's parser makes of plain text in a style (None if unusable)."""
    from reportlab.platypus.paraparser import ParaParser

    style = styles()[style_name]
    if getattr(style, "textTransform", None):
        return None
    _, frags, _ = ParaParser().parse("x", style)
    return frags[0] if frags and len(frags) == 1 and frags[0].text == "x" else None


def paragraph(text: str, style: str = "body", markup: bool = False):  # -> Paragraph
    """A paragraph of user text (escaped) or, with ``markup=True``, trusted ReportLab markup.

    Plain text (no markup characters, no line break) skips ReportLab's markup parser: in a
    batch of letters that parse was the largest single cost after line breaking.
    """
    from reportlab.platypus import Paragraph

    if not markup:
        plain = nfc(text)
        if not _MARKUP_CHARS.intersection(plain) and style in styles():
            frag = _plain_frag(style)
            if frag is not None:
                clean = " ".join(plain.split())
                return Paragraph(clean, styles()[style], frags=[frag.clone(text=clean)])
        return Paragraph(esc(plain), styles()[style])
    return Paragraph(nfc(text), styles()[style])


@dataclass
class SignatureBlock:
    """Right-hand signature: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / (space) / name."""

    position: str
    name: str = ""
    authority: str = ""
    note: str = ""  # e.g. "(Ký, ghi rõ họ tên)" on forms signed by a citizen
    space_mm: float = 22


@dataclass
class OfficialDocument:
    agency: AgencyProfile
    title: str
    date: date
    number: str | None = None
    subtitle: str | None = None
    body: list[Any] = field(default_factory=list)  # str (a body paragraph) or Flowable
    signature: SignatureBlock | None = None
    left_signature: SignatureBlock | None = None  # e.g. the citizen, on receipts
    recipients: list[str] | None = None
    landscape: bool = False
    form_code: str | None = None
    letterhead: bool = True
    show_number: bool = True
    # 2: the same document twice on one A4 landscape sheet, side by side, each copy shrunk to
    # its half if needed (receipts handed over at the counter, Mẫu 02/TCD).
    copies_per_sheet: int = 1
    copy_labels: Sequence[str] = ()  # e.g. ("Bản giao người nộp", "Bản lưu"), top right

    @property
    def sheet_kind(self) -> str:
        if self.copies_per_sheet > 1:
            return "two_up"
        return "landscape" if self.landscape else "portrait"


def _rule(width_pt: float):  # -> Flowable: the short line under the agency name / motto
    from reportlab.platypus import HRFlowable

    return HRFlowable(
        width=width_pt, thickness=0.6, color="black", spaceBefore=1, spaceAfter=3, hAlign="CENTER"
    )


# A line of a drawn block: (text, font, size, decoration). Decorations: "" none; "underline"
# (the whole text, e.g. the motto); "rule" or "rule:<points>" (a short centred rule under the
# line, e.g. under the agency name); "indent" (a wrapped continuation line in a left column).
Line = tuple[str, str, float, str]
LINE_FACTOR = 1.22  # line height / font size in drawn blocks
RULE_GAP = 5.0  # extra height taken by a "rule" line


class _Lines:
    """Centred lines drawn straight on the canvas: letterheads and signature blocks are the
    same on every page of a batch, and drawing them directly is several times faster than
    laying out tables of paragraphs (1,000 letters must print in a few seconds)."""


@lru_cache(maxsize=4096)
def _wrap_cached(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    from reportlab.lib.utils import simpleSplit

    return tuple(simpleSplit(text, font, size, width)) or ("",)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    return list(_wrap_cached(nfc(text), font, size, round(width, 2)))


def _column_lines(items: Sequence[Line], width: float) -> list[Line]:
    """(text, font, size, decoration) items wrapped into lines of ``width``."""
    out = []
    for text, font, size, deco in items:
        for line in _wrap(text, font, size, width):
            out.append((line, font, size, deco))
    return out


def _lines_height(lines: Sequence[Line]) -> float:
    return sum(
        size * LINE_FACTOR + (RULE_GAP if deco.startswith("rule") else 0)
        for _, _, size, deco in lines
    )


def _draw_lines(canvas: Any, width: float, lines: Sequence[Line], align: str) -> None:
    """Draw ``lines`` downwards from y = 0 in a column of ``width`` starting at x = 0."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    y = 0.0
    cx = width / 2
    for text, font, size, deco in lines:
        y -= size * LINE_FACTOR
        base = y + size * 0.25
        if text:
            canvas.setFont(font, size)
            if align == "left":
                canvas.drawString(8 if deco == "indent" else 0, base, text)
            elif align == "right":
                canvas.drawRightString(width, base, text)
            else:
                canvas.drawCentredString(cx, base, text)
        if deco == "underline" and text:
            w = stringWidth(text, font, size)
            canvas.setLineWidth(0.6)
            canvas.line(cx - w / 2, base - size * 0.24, cx + w / 2, base - size * 0.24)
        elif deco.startswith("rule"):
            y -= RULE_GAP
            half = float(deco[5:]) / 2 if deco.startswith("rule:") else width * 0.18
            canvas.setLineWidth(0.6)
            canvas.line(cx - half, base - size * 0.38, cx + half, base - size * 0.38)


def _draw_cached(
    canvas: Any, key: tuple[Any, ...], x: float, y: float, width: float, height: float, draw: Any
) -> None:
    """Run ``draw()`` with its origin at (x, y). Content met a second time on the same canvas
    becomes one PDF form XObject, so a batch carries each letterhead and signature block once
    and every further page only references it."""
    forms: dict[tuple[Any, ...], str] = canvas.__dict__.setdefault("_camau_forms", {})
    name = forms.get(key)
    canvas.saveState()
    canvas.translate(x, y)
    if name is None:
        forms[key] = ""  # seen once: drawn directly (a form costs more when never reused)
        draw()
    else:
        if not name:
            count = canvas.__dict__.get("_camau_form_count", 0) + 1
            canvas.__dict__["_camau_form_count"] = count
            name = forms[key] = f"CamauBlock{count}"
            canvas.beginForm(name, lowerx=-width, lowery=-height - 20, upperx=2 * width, uppery=20)
            draw()
            canvas.endForm()
        canvas.doForm(name)
    canvas.restoreState()


def _flowable_class():
    from reportlab.platypus import Flowable

    class CentredColumns(Flowable, _Lines):
        """Columns of drawn lines, centred unless a column says "left" or "right" (the fourth
        item of a column). Laid out for a width; offered more (a shrunk copy), it stays
        centred."""

        def __init__(self, columns: list[tuple[Any, ...]]):
            super().__init__()
            self.columns = columns  # (x offset, width, lines[, "centre" | "left" | "right"])
            self.height = max((self._col_height(c[2]) for c in columns), default=0)
            self.layout_width = max((c[0] + c[1] for c in columns), default=0)

        @staticmethod
        def _col_height(lines: Sequence[Line]) -> float:
            return _lines_height(lines)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, self.height

        def draw(self) -> None:
            canvas = self.canv
            dx = max(0.0, (self.width - self.layout_width) / 2)
            for column in self.columns:
                x0, width, lines = column[:3]
                align = column[3] if len(column) > 3 else "centre"
                if not lines:
                    continue
                lines = tuple(lines)
                _draw_cached(
                    canvas,
                    ("columns", width, align, lines),
                    dx + x0,
                    self.height,
                    width,
                    _lines_height(lines),
                    lambda w=width, ls=lines, a=align: _draw_lines(canvas, w, ls, a),
                )

    return CentredColumns


@lru_cache(maxsize=1)
def _centred_columns():
    return _flowable_class()


def form_code_line(form_code: str | None, width: float, label: str = "") -> list[Any]:
    """The top line of a form: a copy's label (italic, left) and the form code (bold, right),
    e.g. "Bản lưu" … "Mẫu số 02/TCD"."""
    from reportlab.platypus import Spacer

    columns: list[tuple[Any, ...]] = []
    if label:
        columns.append((0, width, [(nfc(label), FONT_ITALIC, 10.5, "")], "left"))
    if form_code:
        columns.append((0, width, [(nfc(form_code), FONT_BOLD, 11, "")], "right"))
    if not columns:
        return []
    return [_centred_columns()(columns), Spacer(1, 4)]


def letterhead(doc: OfficialDocument, frame_width: float) -> list[Any]:
    """Form code (top right), then agency and national title side by side, then the number
    and the place and date on one line.

    On a narrow frame (half a sheet) the letterhead keeps the national title on one line by
    setting it smaller (down to 10.5 pt) rather than breaking it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Spacer

    cls = _centred_columns()
    narrow = frame_width < 0.9 * (page_size(False)[0] - MARGINS["left"] - MARGINS["right"])
    left_w = frame_width * (0.38 if narrow else 0.42)
    right_w = frame_width - left_w
    size = 12.5
    if narrow:
        fit = size * (right_w - 4) / stringWidth(MOTTO_TITLE, FONT_BOLD, size)
        size = max(10.5, min(size, round(fit * 2 - 0.5) / 2))
    big = min(13.0, size + 1)  # the motto, the number, the place and date
    parent = _column_lines([(doc.agency.parent_body.upper(), FONT, size, "")], left_w - 6)
    name = _column_lines([(doc.agency.name.upper(), FONT_BOLD, size, "")], left_w - 6)
    # The agency's rule goes under its last line only: a third to a half of the name's width.
    name_w = max(stringWidth(t, f, sz) for t, f, sz, _ in name)
    name[-1] = (*name[-1][:3], f"rule:{max(40.0, name_w * 0.4):.1f}")
    left = parent + name
    right = _column_lines(
        [(MOTTO_TITLE, FONT_BOLD, size, ""), (MOTTO, FONT_BOLD, big, "underline")], right_w
    )
    number = doc.number if (doc.number and doc.show_number) else None
    out: list[Any] = form_code_line(doc.form_code, frame_width)
    out.append(cls([(0, left_w, left), (left_w, right_w, right)]))
    out.append(Spacer(1, 3))
    second_left = [(f"Số: {nfc(number)}", FONT, big, "")] if number else []
    second_right = _column_lines(
        [(place_date(doc.agency.place, doc.date), FONT_ITALIC, big, "")], right_w
    )
    out.append(cls([(0, left_w, second_left), (left_w, right_w, second_right)]))
    return out


def signature_lines(sig: SignatureBlock, width: float) -> list[Line]:
    items: list[Line] = []
    if sig.authority:
        items.append((sig.authority.upper(), FONT_BOLD, 13, ""))
    items.append((sig.position.upper(), FONT_BOLD, 13, ""))
    if sig.note:
        items.append((sig.note, FONT_ITALIC, 11, ""))
    lines = _column_lines(items, width)
    blank = max(1, round(sig.space_mm * MM / (13 * LINE_FACTOR)))
    lines += [("", FONT, 13, "")] * blank
    if sig.name:
        lines += _column_lines([(sig.name, FONT_BOLD, 13, "")], width)
    return lines


def signature_cell(sig: SignatureBlock) -> list[Any]:
    """The signature block as flowables (for forms that place it themselves)."""
    from reportlab.platypus import Spacer

    cell: list[Any] = []
    if sig.authority:
        cell.append(paragraph(sig.authority.upper(), "sig"))
    cell.append(paragraph(sig.position.upper(), "sig"))
    if sig.note:
        cell.append(paragraph(sig.note, "sig_note"))
    cell.append(Spacer(1, sig.space_mm * MM))
    if sig.name:
        cell.append(paragraph(sig.name, "sig"))
    return cell


def _recipient_items(recipients: Sequence[str]) -> list[str]:
    items = [nfc(r).strip().rstrip(";.") for r in recipients if nfc(r).strip()]
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def recipients_cell(recipients: Sequence[str]) -> list[Any]:
    cell: list[Any] = [paragraph("Nơi nhận:", "recipients_head")]
    cell += [paragraph(item, "recipients") for item in _recipient_items(recipients)]
    return cell


def recipient_lines(recipients: Sequence[str], width: float) -> list[Line]:
    """ "Nơi nhận:" (bold italic 12 pt) and "- …;" entries (11 pt), the last one ending "."."""
    lines: list[Line] = [("Nơi nhận:", FONT_BOLD_ITALIC, 12, "")]
    for item in _recipient_items(recipients):
        for j, line in enumerate(_wrap(item, FONT, 11, width - 10)):
            lines.append((line, FONT, 11, "indent" if j else ""))
    return lines


def _recipients_flowable(recipients: Sequence[str], width: float):
    return _centred_columns()([(0, width, recipient_lines(recipients, width), "left")])


def foot(doc: OfficialDocument, frame_width: float) -> list[Any]:
    """Nơi nhận (left) and the signature block (right), or two signatures side by side, drawn
    as one block that never splits across pages."""
    from reportlab.platypus import Spacer

    if not (doc.signature or doc.recipients or doc.left_signature):
        return []
    half = frame_width * 0.5
    cls = _centred_columns()
    columns: list[tuple[Any, ...]] = []
    if doc.left_signature is not None:
        columns.append((0, half, signature_lines(doc.left_signature, half)))
    elif doc.recipients:
        columns.append((0, half, recipient_lines(doc.recipients, half), "left"))
    if doc.signature is not None:
        columns.append((half, half, signature_lines(doc.signature, half)))
    out: list[Any] = [Spacer(1, 8), cls(columns)]
    if doc.left_signature is not None and doc.recipients:
        out += [Spacer(1, 6), _recipients_flowable(doc.recipients, half)]
    return out


def kinh_gui(recipients: str | Sequence[str], style: str = "kinh_gui") -> Any:
    """The "Kính gửi:" line, centred: one recipient on one line; several as a list
    "- …;" with the last ending in "." (NĐ 30/2020)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = styles()[style]
    items = [recipients] if isinstance(recipients, str) else list(recipients)
    items = [nfc(r).strip() for r in items if nfc(r).strip()]
    if len(items) <= 1:
        return Paragraph(f"Kính gửi: {esc(items[0] if items else '')}", st)
    entries = _recipient_items(items)
    head_w = stringWidth("Kính gửi: ", st.fontName, st.fontSize) + 2
    list_w = max(stringWidth(nfc(e), st.fontName, st.fontSize) for e in entries) + 4
    left_style = styles()["kinh_gui_left"]
    t = Table(
        [[Paragraph("Kính gửi:", left_style), [Paragraph(esc(e), left_style) for e in entries]]],
        colWidths=[head_w, list_w],
        hAlign="CENTER",
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), st.spaceAfter),
            ]
        ),
    )
    return t


def table(
    rows: Sequence[Sequence[Any]],
    col_fractions: Sequence[float],
    frame_width: float,
    *,
    header_rows: int = 1,
    center_columns: Iterable[int] = (),
    font_size: float | None = None,
):  # -> Table
    """A grid table whose header rows repeat on every page; str cells are escaped and wrap."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    st = styles()
    cell_style, center_style, head_style = (
        st["table_cell"],
        st["table_cell_center"],
        st["table_header"],
    )
    if font_size:
        cell_style = ParagraphStyle(
            "tc", parent=cell_style, fontSize=font_size, leading=font_size * 1.25
        )
        center_style = ParagraphStyle(
            "tcc", parent=center_style, fontSize=font_size, leading=font_size * 1.25
        )
        head_style = ParagraphStyle(
            "th", parent=head_style, fontSize=font_size, leading=font_size * 1.25
        )
    centers = set(center_columns)
    data = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            if isinstance(value, str):
                style = (
                    head_style
                    if r < header_rows
                    else (center_style if c in centers else cell_style)
                )
                cells.append(Paragraph(esc(value), style))
            else:
                cells.append(value)
        data.append(cells)
    total = sum(col_fractions)
    widths = [frame_width * f / total for f in col_fractions]
    grid = Table(
        data,
        colWidths=widths,
        repeatRows=header_rows,
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        ),
    )
    grid.spaceBefore, grid.spaceAfter = 2, 5
    return grid


def page_size(landscape: bool = False) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape

    return to_landscape(A4) if landscape else A4


def frame_width(landscape: bool = False) -> float:
    return page_size(landscape)[0] - MARGINS["left"] - MARGINS["right"]


def copy_frame_size() -> tuple[float, float]:
    """Width and height of one copy's frame when two copies share an A4 landscape sheet."""
    width, height = page_size(True)
    m = COPY_MARGINS
    return width / 2 - m["left"] - m["right"], height - m["top"] - m["bottom"]


def story(doc: OfficialDocument, width: float | None = None) -> list[Any]:
    """The flowables of one document (letterhead to signature) laid out for ``width``
    (by default the frame of the document's page)."""
    from reportlab.platypus import Spacer

    if width is None:
        width = copy_frame_size()[0] if doc.copies_per_sheet > 1 else frame_width(doc.landscape)
    out: list[Any] = []
    if doc.letterhead:
        out += letterhead(doc, width)
    else:
        out += form_code_line(doc.form_code, width)
    cls = _centred_columns()
    heading = [(doc.title.upper(), FONT_BOLD, 14, "")]
    if doc.subtitle:
        heading.append((doc.subtitle, FONT_BOLD, 13, ""))
    out += [Spacer(1, 10), cls([(0, width, _column_lines(heading, width * 0.9))]), Spacer(1, 10)]
    for item in doc.body:
        out.append(paragraph(item, "body") if isinstance(item, str) else item)
    out += foot(doc, width)
    return out


def sheet(doc: OfficialDocument) -> list[Any]:
    """The flowables of one document as printed: its story, or with ``copies_per_sheet=2``
    one copy per half sheet (each with its label, shrunk to fit its half if it must)."""
    from reportlab.platypus import FrameBreak, KeepInFrame

    if doc.copies_per_sheet <= 1:
        return story(doc)
    if doc.copies_per_sheet != 2:
        raise ValueError("copies_per_sheet must be 1 or 2")
    width, height = copy_frame_size()
    out: list[Any] = []
    for i in range(2):
        label = doc.copy_labels[i] if i < len(doc.copy_labels) else ""
        content = form_code_line(doc.form_code, width, label)
        content += story(replace(doc, form_code=None), width)
        if i:
            out.append(FrameBreak())
        out.append(KeepInFrame(width, height, content, mode="shrink", hAlign="CENTER"))
    return out


class _DocStart:
    """A zero-size flowable marking where a document of a batch begins (page numbering)."""


def _marker():
    from reportlab.platypus import Flowable

    class DocStart(Flowable, _DocStart):
        def wrap(self, *_args: Any) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.canv._doc_start_page = self.canv.getPageNumber()  # type: ignore[attr-defined]

    return DocStart()


class RenderCancelled(Exception):
    """Raised inside the build when the user cancels; no file is left behind."""


def _page_templates(kinds: Sequence[str]) -> list[Any]:
    """One page template per kind of sheet used ("portrait", "landscape", "two_up")."""
    from reportlab.platypus import Frame, PageTemplate

    def frame(x: float, y: float, w: float, h: float, name: str) -> Any:
        return Frame(
            x, y, w, h, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )

    def numbering(landscape: bool) -> Callable[[Any, Any], None]:
        size = page_size(landscape)

        def number_page(canvas: Any, _doc: Any) -> None:
            start = getattr(canvas, "_doc_start_page", 1)
            n = canvas.getPageNumber() - start + 1
            if n >= 2:
                canvas.saveState()
                canvas.setFont(FONT, 13)
                canvas.drawCentredString(
                    MARGINS["left"] + frame_width(landscape) / 2,
                    size[1] - MARGINS["top"] / 2 - 4,
                    str(n),
                )
                canvas.restoreState()

        return number_page

    def cut_line(canvas: Any, _doc: Any) -> None:
        width, height = page_size(True)
        canvas.saveState()
        canvas.setDash(3, 3)
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.55)
        canvas.line(width / 2, 6 * MM, width / 2, height - 6 * MM)
        canvas.restoreState()

    templates = []
    for kind in kinds:
        if kind == "two_up":
            width, height = page_size(True)
            w, h = copy_frame_size()
            m = COPY_MARGINS
            frames = [
                frame(m["left"], m["bottom"], w, h, "copy1"),
                frame(width / 2 + m["left"], m["bottom"], w, h, "copy2"),
            ]
            templates.append(
                PageTemplate(id=kind, frames=frames, onPage=cut_line, pagesize=(width, height))
            )
            continue
        landscape = kind == "landscape"
        size = page_size(landscape)
        body = frame(
            MARGINS["left"],
            MARGINS["bottom"],
            frame_width(landscape),
            size[1] - MARGINS["top"] - MARGINS["bottom"],
            "body",
        )
        templates.append(
            PageTemplate(id=kind, frames=[body], onPageEnd=numbering(landscape), pagesize=size)
        )
    return templates


def render_pdf(
    documents: OfficialDocument | Sequence[OfficialDocument],
    out: str | Path | IO[bytes],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    title: str = "",
) -> int:
    """Write the documents into one PDF and return how many were written.

    Each document starts on a new sheet in its own orientation and numbers its own pages.
    ``progress(done, total, "")`` is called as documents are laid out; when ``cancelled()``
    turns true the build stops, a partial file is removed and 0 is returned.
    """
    from reportlab.platypus import BaseDocTemplate, NextPageTemplate, PageBreak

    register_fonts()
    docs = [documents] if isinstance(documents, OfficialDocument) else list(documents)
    if not docs:
        raise ValueError("no document to render")
    kinds = list(dict.fromkeys(d.sheet_kind for d in docs))
    total = len(docs)
    state = {"done": 0}

    class Template(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:
            if isinstance(flowable, _DocStart):
                if cancelled is not None and cancelled():
                    raise RenderCancelled
                state["done"] += 1
                if progress is not None:
                    progress(state["done"], total, "")

    target = str(out) if isinstance(out, Path) else out
    template = Template(
        target,
        pagesize=page_size(docs[0].sheet_kind != "portrait"),
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=nfc(title or docs[0].title),
        author=nfc(docs[0].agency.name),
        creator="camau-reception",
    )
    template.addPageTemplates(_page_templates(kinds))
    flow: list[Any] = []
    previous = kinds[0]
    for i, doc in enumerate(docs):
        if i:
            if doc.sheet_kind != previous:
                flow.append(NextPageTemplate(doc.sheet_kind))
                previous = doc.sheet_kind
            flow.append(PageBreak())
        flow.append(_marker())
        flow += sheet(doc)
    try:
        template.build(flow)
    except RenderCancelled:
        if isinstance(out, (str, Path)):
            Path(out).unlink(missing_ok=True)
        return 0
    return total


def build_many(
    documents: Iterable[OfficialDocument],
    out: str | Path | IO[bytes],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    title: str = "",
) -> int:
    """A batch (e.g. a thousand letters), one document per sheet: ``render_pdf`` over a list."""
    return render_pdf(list(documents), out, progress=progress, cancelled=cancelled, title=title)
