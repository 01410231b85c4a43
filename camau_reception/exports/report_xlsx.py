"""The periodic report as an Excel workbook: one sheet per section, plus the monthly trend."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def write_report_xlsx(report: Any, out: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for section in report.sections:
        title = re.sub(r"[\[\]:*?/\\]", "", section.title)[:31]
        ws = wb.create_sheet(title)
        ws.append([section.title])
        ws["A1"].font = Font(bold=True)
        ws.append([f"Kỳ báo cáo: {report.period.label()}", f"Cùng kỳ: {report.comparison.label()}"])
        ws.append(["Nội dung", "Kỳ này", "Cùng kỳ", "Tăng/giảm"])
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for line in section.lines:
            ws.append([line.label.strip(), line.current, line.previous, line.change])
        if section.note:
            ws.append([section.note])
        ws.column_dimensions["A"].width = 70
        for col in "BCD":
            ws.column_dimensions[col].width = 14
    ws = wb.create_sheet("Theo tháng")
    ws.append(["Tháng", "Lượt tiếp công dân", "Đơn thư tiếp nhận"])
    for row in report.monthly:
        ws.append(list(row))
    wb.save(str(out))
