"""The official periodic report (BÁO CÁO …) with tables and a monthly chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from camau_reception.domain.agency import AgencyProfile, display_name
from camau_reception.printing.document import (
    OfficialDocument,
    SignatureBlock,
    frame_width,
    paragraph,
    render_pdf,
    table,
)
from camau_reception.printing.fonts import FONT, register_fonts


def monthly_chart(monthly: list[tuple[str, int, int]], width: float) -> Any:
    """Visits and petitions per month as grouped bars (ReportLab graphics)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    register_fonts()
    height = 190
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, width - 60, height - 80
    chart.data = [[v for _, v, _ in monthly] or [0], [p for _, _, p in monthly] or [0]]
    chart.categoryAxis.categoryNames = [m for m, _, _ in monthly] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(monthly) > 6 else 0
    chart.categoryAxis.labels.dy = -8
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#2f6fa5")
    chart.bars[1].fillColor = colors.HexColor("#d08c2c")
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 45, height - 12
    legend.fontName, legend.fontSize = FONT, 9
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [
        (colors.HexColor("#2f6fa5"), "Lượt tiếp công dân"),
        (colors.HexColor("#d08c2c"), "Đơn thư tiếp nhận"),
    ]
    drawing.add(legend)
    drawing.add(
        String(width / 2, 2, "Diễn biến theo tháng", fontName=FONT, fontSize=9, textAnchor="middle")
    )
    return drawing


def report_document(
    report: Any,
    agency: AgencyProfile,
    number: str,
    issued_on: Any,
    signer: SignatureBlock | None = None,
) -> OfficialDocument:
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak

    width = frame_width()
    body: list[Any] = [
        f"{display_name(agency.name)} báo cáo kết quả công tác tiếp công dân, tiếp nhận, xử lý đơn thư "
        f"và giải quyết thủ tục hành chính trong kỳ báo cáo từ ngày {report.period.start:%d/%m/%Y} "
        f"đến ngày {report.period.end:%d/%m/%Y} (so sánh với cùng kỳ từ "
        f"{report.comparison.start:%d/%m/%Y} đến {report.comparison.end:%d/%m/%Y}) như sau:",
    ]
    for section in report.sections:
        rows = [["Nội dung", "Kỳ này", "Cùng kỳ", "Tăng/giảm"]]
        for line in section.lines:
            # A sub-line ("   – …", "   trong đó …") keeps its indent: layout drops spaces.
            depth = len(line.label) - len(line.label.lstrip(" "))
            label = "\u00a0" * (2 * depth) + line.label.strip()
            rows.append([label, line.fmt(line.current), line.fmt(line.previous), line.change])
        grid = table(rows, [0.58, 0.14, 0.14, 0.14], width, center_columns=[1, 2, 3], font_size=10)
        # The heading never stays alone at the foot of a page: it starts a new page unless it
        # has room for a few lines of its table under it (a long table then splits as usual).
        body.append(CondPageBreak(3.5 * cm))
        body.append(paragraph(section.title, "bold"))
        body.append(grid)
        if section.note:
            body.append(paragraph(section.note, "italic_note"))
    if report.monthly:
        body.append(monthly_chart(report.monthly, width))
    return OfficialDocument(
        agency=agency,
        title="BÁO CÁO",
        subtitle="Kết quả công tác tiếp công dân, xử lý đơn thư và giải quyết thủ tục hành chính "
        f"({report.period.label()})",
        date=issued_on,
        number=number,
        body=body,
        signature=signer or SignatureBlock(position=agency.head_title, name=agency.head_name),
        recipients=["Thanh tra tỉnh", "UBND tỉnh (báo cáo)", "Lãnh đạo Sở", "Lưu: VT, TTr"],
    )


def render_report(
    report: Any, agency: AgencyProfile, number: str, issued_on: Any, out: str | Path
) -> None:
    render_pdf(report_document(report, agency, number, issued_on), out)
