"""The one spreadsheet writer: every .xlsx the application produces goes through it.

- Formula-looking text (`=…`, `+…`, `-…`, `@…`, tab, carriage return) stays text: the cell is
  written as a string with Excel's "quote prefix", so Excel shows the exact text and never
  turns it into a formula, even when the cell is edited (CSV/formula injection).
- Control characters (see `apps.common.text`) are removed from every string: whatever the
  database holds, the workbook is valid.
- A frozen header row (and the first column when asked), column widths, bold header on a
  light fill, number formats per column.
- Write-only workbooks: rows stream to the file, so memory stays flat for 100,000 rows.

Usage::

    book = XlsxBook()
    sheet = book.sheet("Tiến độ", [Column("Đơn vị", 42), Column("Tỉ lệ", 12, PERCENT)],
                       heading=["Tiến độ quán triệt", "Đơn vị: …"])
    sheet.append(["Chi bộ 1", 0.5])
    sheet.append(["Tổng cộng", 0.4], bold=True)
    data = book.to_bytes()
"""

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from apps.common.text import strip_control

INT = "#,##0"
PERCENT = "0.0%"
DATE = "DD/MM/YYYY"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = "EEF1F6"
WARN_FILL = "FDECEA"
_FILLS: dict[str, PatternFill] = {}
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_WRAP = Alignment(wrap_text=True, vertical="center")


def _fill(color: str) -> PatternFill:
    if color not in _FILLS:
        _FILLS[color] = PatternFill("solid", fgColor=color)
    return _FILLS[color]


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_text(value: Any) -> Any:
    """For text formats (CSV): control characters removed, a formula-looking string gets a
    leading apostrophe."""
    if isinstance(value, str):
        value = strip_control(value)
        if is_formula_like(value):
            return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    label: str
    width: float = 14
    number_format: str | None = None


class XlsxSheet:
    def __init__(
        self,
        ws: WriteOnlyWorksheet,
        columns: Sequence[Column],
        *,
        heading: Sequence[str] = (),
        freeze_first_column: bool = False,
        autofilter: bool = False,
    ) -> None:
        self.ws = ws
        self.columns = list(columns)
        for index, column in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        header_row = len(heading) + 1  # an empty heading line leaves a blank row
        ws.freeze_panes = f"{'B' if freeze_first_column else 'A'}{header_row + 1}"
        if autofilter and self.columns:
            ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(self.columns))}{header_row}"
        for number, line in enumerate(heading):
            if not line:
                ws.append([])
                continue
            cell = self.cell(line)
            if number == 0:
                cell.font = _TITLE
            ws.append([cell])
        header = []
        for column in self.columns:
            cell = self.cell(column.label)
            cell.font = _BOLD
            cell.fill = _fill(HEADER_FILL)
            cell.alignment = _WRAP
            header.append(cell)
        ws.append(header)
        self.header_row = header_row

    def cell(self, value: Any, number_format: str | None = None) -> WriteOnlyCell:
        """A cell for any value: text cleaned and kept text, dates and numbers formatted."""
        if isinstance(value, str):
            value = strip_control(value)
        cell = WriteOnlyCell(self.ws, value=value)
        if is_formula_like(value):
            cell.data_type = "s"
            cell.quotePrefix = True
        elif number_format and isinstance(value, int | float) and not isinstance(value, bool):
            cell.number_format = number_format
        elif isinstance(value, datetime.date):
            cell.number_format = number_format if number_format == DATE else DATE
        return cell

    def append(
        self,
        values: Iterable[Any],
        *,
        bold: bool = False,
        fills: dict[int, str] | None = None,
    ) -> None:
        """One row; `fills` maps a 0-based column index to a fill colour (e.g. WARN_FILL)."""
        row = []
        for index, value in enumerate(values):
            column = self.columns[index] if index < len(self.columns) else None
            cell = self.cell(
                "" if value is None and column and column.number_format is None else value,
                column.number_format if column else None,
            )
            if bold:
                cell.font = _BOLD
            if fills and index in fills:
                cell.fill = _fill(fills[index])
            row.append(cell)
        self.ws.append(row)


class XlsxBook:
    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)

    def sheet(
        self,
        title: str,
        columns: Sequence[Column],
        *,
        heading: Sequence[str] = (),
        freeze_first_column: bool = False,
        autofilter: bool = False,
    ) -> XlsxSheet:
        # Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules).
        clean = strip_control(title)
        for char in "[]:*?/\\":
            clean = clean.replace(char, " ")
        ws = self.workbook.create_sheet(clean[:31] or "Trang")
        return XlsxSheet(
            ws,
            columns,
            heading=heading,
            freeze_first_column=freeze_first_column,
            autofilter=autofilter,
        )

    def save(self, stream: IO[bytes]) -> None:
        self.workbook.save(stream)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()
