"""Dossier indicators of a period as an Excel workbook: the figures against their targets,
month by month, satisfaction, and the late dossiers of the period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from camau_reception.services import dossiers, indicators, surveys


def write_indicators_xlsx(session: Session, start: date, end: date, out: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    good, bad = PatternFill("solid", fgColor="DCEFD9"), PatternFill("solid", fgColor="F8D7D3")
    period = f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    ind = indicators.indicators(session, start, end)
    shares, counts, met = ind.shares(), ind.counts(), ind.met()

    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ số"
    ws.append(["CHỈ SỐ GIẢI QUYẾT HỒ SƠ THỦ TỤC HÀNH CHÍNH"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([period + " (hồ sơ tiếp nhận trong kỳ)"])
    ws.append([])
    ws.append(["Chỉ số", "Số hồ sơ", "Trên tổng số", "Tỷ lệ (%)", "Chỉ tiêu (%)", "Đánh giá"])
    for cell in ws[4]:
        cell.font = bold
    for key, label in indicators.SHARE_LABELS.items():
        n, d = counts[key]
        target = ind.targets.get(key)
        verdict = "" if target is None else ("Đạt" if met[key] else "Chưa đạt")
        ws.append([label, n, d, shares[key], target, verdict])
        if target is not None:
            ws.cell(ws.max_row, 6).fill = good if met[key] else bad
    ws.append([])
    ws.append(["Tổng số hồ sơ tiếp nhận", ind.total])
    ws.append(["Đã trả kết quả", ind.returned])
    ws.append(["Đang giải quyết đã quá hạn", ind.open_overdue])
    ws.column_dimensions["A"].width = 44
    for col in "BCDEF":
        ws.column_dimensions[col].width = 14

    ws = wb.create_sheet("Theo tháng")
    ws.append(["Tháng", "Tiếp nhận", *indicators.SHARE_LABELS.values()])
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for first, m in indicators.by_month(session, start, end):
        s = m.shares()
        ws.append([f"{first:%m/%Y}", m.total, *(s[k] for k in indicators.SHARE_LABELS)])
    ws.column_dimensions["A"].width = 10
    for i in range(2, 10):
        ws.column_dimensions[chr(64 + i)].width = 16

    ws = wb.create_sheet("Hài lòng")
    sat = surveys.satisfaction(session, start, end)
    ws.append(["Mức độ hài lòng", "Số lượt", "Chỉ số hài lòng (%)"])
    for cell in ws[1]:
        cell.font = bold
    ws.append(["Chung", sat["total"], sat["index"]])
    for label, n in sat["distribution"].items():  # type: ignore[union-attr]
        ws.append([f"   {label}", n])
    for aspect in sat["aspects"].values():  # type: ignore[union-attr]
        ws.append([aspect["label"], aspect["total"], aspect["index"]])
    ws.column_dimensions["A"].width = 36

    ws = wb.create_sheet("Hồ sơ trễ hẹn")
    ws.append(
        [
            "Mã hồ sơ",
            "Thủ tục",
            "Người nộp",
            "Hẹn trả",
            "Ngày trả",
            "Số ngày làm việc trễ",
            "Số phiếu xin lỗi",
        ]
    )
    for cell in ws[1]:
        cell.font = bold
    # Late on the last day of the period, among the dossiers received in it.
    for r in dossiers.late_dossiers(session, end, received_from=start, received_to=end):
        ws.append(
            [
                r.code,
                r.procedure,
                r.applicant,
                r.due_at.date(),
                r.returned_at.date() if r.returned_at else None,
                r.working_days_late,
                r.apologies,
            ]
        )
        for col in (4, 5):
            ws.cell(ws.max_row, col).number_format = "DD/MM/YYYY"
    for col, width in zip("ABCDEFG", (30, 60, 28, 12, 12, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    wb.save(str(out))
