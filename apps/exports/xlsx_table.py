"""Any table as an .xlsx sheet (openpyxl): a bold title row, a shaded header frozen on screen,
integer columns with thousands separators and dates as real dates (dd/mm/yyyy). Pure rendering:
it takes the rows and never queries."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

INT = "#,##0"
DATE = "DD/MM/YYYY"
_FILL = PatternFill("solid", fgColor="EEF1F6")


def render_table_xlsx(
    *,
    title: str,
    sheet: str,
    headers: list[tuple[str, int]],
    rows: list[list[object]],
    int_columns: frozenset[int] = frozenset(),
) -> bytes:
    """`headers` are (label, column width); `int_columns` are 1-based column numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    for j, (header, width) in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=j, value=header)
        cell.font = Font(bold=True)
        cell.fill = _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[2].height = 45
    ws.freeze_panes = "B3"
    for r, values in enumerate(rows, start=3):
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=j, value=value)
            if j in int_columns:
                cell.number_format = INT
            elif hasattr(value, "isoformat"):
                cell.number_format = DATE
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
