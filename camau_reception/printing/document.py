"""Official documents in the format of Nghị định 30/2020/NĐ-CP, built with ReportLab.

One ``OfficialDocument`` is a letterhead (parent body, agency, number; national title and
motto, place and date), a title, a body, and at the foot "Nơi nhận" on the left and the
signature block on the right. ``render_pdf`` writes one or many documents into one PDF; in a
batch each document starts on a new page and numbers its own pages (from page 2, centred in
the top margin).
"""

# COORDINATION: this module is committed, tested and used by other areas. Extend it
# (add functions/columns with a migration); do not replace or rewrite it.
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape

from camau_reception.domain.agency import AgencyProfile
from camau_reception.printing.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts
from camau_reception.printing.formats import place_date

MM = 72 / 25.4
MARGINS = {"top": 20 * MM, "bottom": 20 * MM, "left": 30 * MM, "right": 15 * MM}
MOTTO_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

Progress = Callable[[int, int, str], None]


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
            "recipients_head", parent=base, fontName="DocSerif-BoldItalic", fontSize=12, leading=14
        ),
        "recipients": ParagraphStyle("recipients", parent=base, fontSize=11, leading=13),
    }
    return s


def paragraph(text: str, style: str = "body", markup: bool = False):  # -> Paragraph
    """A paragraph of user text (escaped) or, with ``markup=True``, trusted ReportLab markup."""
    from reportlab.platypus import Paragraph

    return Paragraph(nfc(text) if markup else esc(text), styles()[style])


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


def _rule(width_pt: float):  # -> Flowable: the short line under the agency name / motto
    from reportlab.platypus import HRFlowable

    return HRFlowable(
        width=width_pt, thickness=0.6, color="black", spaceBefore=1, spaceAfter=3, hAlign="CENTER"
    )


class _Lines:
    """Centred lines drawn straight on the canvas: letterheads and signature blocks are the
    same on every page of a batch, and drawing them directly is several times faster than
    laying out tables of paragraphs (1,000 letters must print in a few seconds)."""


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(nfc(text), font, size, width) or [""]


def _column_lines(
    items: Sequence[tuple[str, str, float, str]], width: float
) -> list[tuple[str, str, float, str]]:
    """(text, font, size, decoration) items wrapped into lines of ``width``."""
    out = []
    for text, font, size, deco in items:
        for line in _wrap(text, font, size, width):
            out.append((line, font, size, deco))
    return out


def _flowable_class():
    from reportlab.platypus import Flowable

    class CentredColumns(Flowable, _Lines):
        """Two columns of centred lines; decoration "rule" draws a short rule under the line,
        "underline" underlines it its full length."""

        def __init__(self, columns: list[tuple[float, float, list[tuple[str, str, float, str]]]]):
            super().__init__()
            self.columns = columns  # (x offset, width, lines)
            self.height = max((self._col_height(c[2]) for c in columns), default=0)

        @staticmethod
        def _col_height(lines: list[tuple[str, str, float, str]]) -> float:
            return sum(size * 1.22 + (4 if deco == "rule" else 0) for _, _, size, deco in lines)

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            self.width = avail_width
            return avail_width, self.height

        def draw(self) -> None:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            canvas = self.canv
            for x0, width, lines in self.columns:
                y = self.height
                cx = x0 + width / 2
                for text, font, size, deco in lines:
                    y -= size * 1.22
                    canvas.setFont(font, size)
                    if text:
                        canvas.drawCentredString(cx, y + size * 0.25, text)
                    if deco == "underline" and text:
                        w = stringWidth(text, font, size)
                        canvas.setLineWidth(0.6)
                        canvas.line(
                            cx - w / 2, y + size * 0.25 - 2, cx + w / 2, y + size * 0.25 - 2
                        )
                    elif deco == "rule":
                        y -= 4
                        canvas.setLineWidth(0.6)
                        canvas.line(
                            cx - width * 0.18,
                            y + size * 0.25 + 1,
                            cx + width * 0.18,
                            y + size * 0.25 + 1,
                        )

    return CentredColumns


@lru_cache(maxsize=1)
def _centred_columns():
    return _flowable_class()


def letterhead(doc: OfficialDocument, frame_width: float) -> list[Any]:
    from reportlab.platypus import Spacer

    cls = _centred_columns()
    left_w = frame_width * 0.42
    right_w = frame_width - left_w
    left = _column_lines(
        [
            (doc.agency.parent_body.upper(), FONT, 12.5, ""),
            (doc.agency.name.upper(), FONT_BOLD, 12.5, "rule"),
        ],
        left_w - 6,
    )
    # The agency's rule goes under its last line only.
    left = [(t, f, s, "") for t, f, s, _ in left[:-1]] + [(*left[-1][:3], "rule")]
    right = _column_lines(
        [(MOTTO_TITLE, FONT_BOLD, 12, ""), (MOTTO, FONT_BOLD, 13, "underline")], right_w
    )
    number = doc.number if (doc.number and doc.show_number) else None
    out: list[Any] = []
    if doc.form_code:
        out.append(paragraph(doc.form_code, "form_code"))
    out.append(cls([(0, left_w, left), (left_w, right_w, right)]))
    out.append(Spacer(1, 2))
    second_left = [(f"Số: {number}", FONT, 13, "")] if number else []
    second_right = _column_lines(
        [(place_date(doc.agency.place, doc.date), FONT_ITALIC, 13, "")], right_w
    )
    out.append(cls([(0, left_w, second_left), (left_w, right_w, second_right)]))
    return out


def signature_lines(sig: SignatureBlock, width: float) -> list[tuple[str, str, float, str]]:
    items: list[tuple[str, str, float, str]] = []
    if sig.authority:
        items.append((sig.authority.upper(), FONT_BOLD, 13, ""))
    items.append((sig.position.upper(), FONT_BOLD, 13, ""))
    if sig.note:
        items.append((sig.note, FONT_ITALIC, 11, ""))
    lines = _column_lines(items, width)
    blank = max(1, round(sig.space_mm * MM / (13 * 1.22)))
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


def recipients_cell(recipients: Sequence[str]) -> list[Any]:
    cell: list[Any] = [paragraph("Nơi nhận:", "recipients_head")]
    items = [nfc(r).strip().rstrip(";.") for r in recipients if nfc(r).strip()]
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        cell.append(paragraph(f"- {item}{end}", "recipients"))
    return cell


def _recipients_flowable(recipients: Sequence[str], width: float):
    from reportlab.platypus import Flowable

    items = [nfc(r).strip().rstrip(";.") for r in recipients if nfc(r).strip()]
    lines: list[tuple[str, str, float]] = [("Nơi nhận:", "DocSerif-BoldItalic", 12)]
    for i, item in enumerate(items):
        end = "." if i == len(items) - 1 else ";"
        for j, line in enumerate(_wrap(f"- {item}{end}", FONT, 11, width - 8)):
            lines.append(((" " * 2 if j else "") + line, FONT, 11))

    class Recipients(Flowable):
        def wrap(self, aw: float, ah: float) -> tuple[float, float]:
            return width, sum(size * 1.2 for _, _, size in lines)

        def draw(self) -> None:
            y = sum(size * 1.2 for _, _, size in lines)
            for text, font, size in lines:
                y -= size * 1.2
                self.canv.setFont(font, size)
                self.canv.drawString(0, y + size * 0.25, text)

    return Recipients()


def foot(doc: OfficialDocument, frame_width: float) -> list[Any]:
    """Nơi nhận (left) and the signature block (right), kept together."""
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    if not (doc.signature or doc.recipients or doc.left_signature):
        return []
    half = frame_width * 0.5
    cls = _centred_columns()
    columns = []
    if doc.left_signature is not None:
        columns.append((0, half, signature_lines(doc.left_signature, half)))
    if doc.signature is not None:
        columns.append((half, half, signature_lines(doc.signature, half)))
    out: list[Any] = [Spacer(1, 8)]
    if doc.left_signature is None and doc.recipients:
        table = Table(
            [[_recipients_flowable(doc.recipients, half), cls(columns) if columns else ""]],
            colWidths=[half, half],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        # The right column was laid out relative to the whole frame; shift it into its cell.
        if columns:
            table._cellvalues[0][1].columns = [(0, half, columns[-1][2])]
        out.append(KeepTogether([table]))
    else:
        out.append(KeepTogether([cls(columns)]))
        if doc.recipients:
            out += [Spacer(1, 6), _recipients_flowable(doc.recipients, half)]
    return out


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
    return Table(
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


def page_size(landscape: bool = False) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pagesizes import landscape as to_landscape

    return to_landscape(A4) if landscape else A4


def frame_width(landscape: bool = False) -> float:
    return page_size(landscape)[0] - MARGINS["left"] - MARGINS["right"]


def story(doc: OfficialDocument) -> list[Any]:
    """The flowables of one document (letterhead to signature)."""
    width = frame_width(doc.landscape)
    out: list[Any] = []
    if doc.letterhead:
        out += letterhead(doc, width)
    from reportlab.platypus import Spacer

    cls = _centred_columns()
    heading = [(doc.title.upper(), FONT_BOLD, 14, "")]
    if doc.subtitle:
        heading.append((doc.subtitle, FONT_BOLD, 13, ""))
    out += [Spacer(1, 10), cls([(0, width, _column_lines(heading, width * 0.9))]), Spacer(1, 10)]
    for item in doc.body:
        out.append(paragraph(item, "body") if isinstance(item, str) else item)
    out += foot(doc, width)
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


def render_pdf(
    documents: OfficialDocument | Sequence[OfficialDocument],
    out: str | Path | IO[bytes],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    title: str = "",
) -> int:
    """Write the documents into one PDF and return how many were written.

    ``progress(done, total, "")`` is called as documents are laid out; when ``cancelled()``
    turns true the build stops, a partial file is removed and 0 is returned. All documents of
    one call share the orientation of the first.
    """
    from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate

    register_fonts()
    docs = [documents] if isinstance(documents, OfficialDocument) else list(documents)
    if not docs:
        raise ValueError("no document to render")
    landscape = docs[0].landscape
    size = page_size(landscape)
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
        pagesize=size,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=nfc(title or docs[0].title),
        author=nfc(docs[0].agency.name),
    )
    frame = Frame(
        MARGINS["left"],
        MARGINS["bottom"],
        frame_width(landscape),
        size[1] - MARGINS["top"] - MARGINS["bottom"],
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

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

    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=number_page)])
    flow: list[Any] = []
    for i, doc in enumerate(docs):
        if i:
            flow.append(PageBreak())
        flow.append(_marker())
        flow += story(doc)
    try:
        template.build(flow)
    except RenderCancelled:
        if isinstance(out, (str, Path)):
            Path(out).unlink(missing_ok=True)
        return 0
    return total
