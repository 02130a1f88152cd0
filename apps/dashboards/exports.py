"""The progress table as an .xlsx workbook (openpyxl).

The renderer takes rows already computed by the selectors (`ProgressRow`s, whose attributes
are plain values) and never queries. Vietnamese headers, a frozen header row, integer counts
and real percentages (a fraction with a percent number format, so the sheet can compute).
"""

import datetime
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.dashboards.progress import OBLIGATIONS, ProgressRow

HEADERS: list[tuple[str, int]] = [
    ("Đơn vị", 42),
    ("Số người phải quán triệt", 14),
    ("Được miễn", 10),
    ("Đã hoàn thành", 13),
    ("Tỉ lệ hoàn thành", 12),
    ("Còn lại", 10),
    ("Hội nghị đã tổ chức", 12),
    ("Hội nghị đã lên lịch", 12),
    ("Kế hoạch", 16),
    *((label, 18) for label in OBLIGATIONS.values()),
    ("Quá hạn", 9),
    ("Hạn quán triệt", 13),
    ("Hạn nộp kế hoạch", 13),
]

_HEADER_FILL = PatternFill("solid", fgColor="EEF1F6")
_OVERDUE_FILL = PatternFill("solid", fgColor="FDECEA")


def _values(row: ProgressRow, label: str) -> list[object]:
    percent = row.done / row.required if row.required else None
    deadlines = row.deadlines
    return [
        label,
        row.people,
        row.exempt,
        row.done,
        percent,
        row.pending,
        row.sessions_held,
        row.sessions_planned,
        row.plan_label,
        *(row.obligation_label(name) for name in OBLIGATIONS),
        "Có" if row.overdue else "",
        deadlines.dissemination if deadlines else None,
        deadlines.plan if deadlines else None,
    ]


def progress_xlsx(
    *,
    title: str,
    unit_name: str,
    rows: Sequence[ProgressRow],
    total: ProgressRow,
    generated_at: datetime.datetime,
) -> bytes:
    """Workbook with one sheet: title lines, the header (frozen), one line per row, totals."""
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "Tiến độ"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Đơn vị: {unit_name} — số liệu lúc {generated_at:%H:%M %d/%m/%Y}"
    header_row = 4
    for col, (label, width) in enumerate(HEADERS, start=1):
        cell = ws.cell(row=header_row, column=col, value=label)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{header_row}"
    line = header_row
    lines = [(r, r.label) for r in rows]
    lines.append((total, "Tổng cộng"))
    for row, label in lines:
        line += 1
        for col, value in enumerate(_values(row, label), start=1):
            cell = ws.cell(row=line, column=col, value=value)
            if col in (2, 3, 4, 6, 7, 8):
                cell.number_format = "#,##0"
            elif col == 5:
                cell.number_format = "0.0%"
            elif isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            if row.overdue and col == 1:
                cell.fill = _OVERDUE_FILL
        if row is total:
            for col in range(1, len(HEADERS) + 1):
                ws.cell(row=line, column=col).font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
