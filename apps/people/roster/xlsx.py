"""Writing .xlsx files that never contain formulas: the roster template and the people export.

A value the user typed, such as `=HYPERLINK("http://…")`, is stored as text on import and
must stay text on export (CSV/formula injection). `safe_cell` writes such strings as
string cells with Excel's "quote prefix" style: Excel shows the exact text, treats it as
text, and does not turn it into a formula even when the cell is edited.
"""

from collections.abc import Iterable, Mapping
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from apps.people.roster.reader import PEOPLE_COLUMNS, SHEET_TITLES, UNIT_COLUMNS, UNITS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def safe_text(value: Any) -> Any:
    """For text formats (CSV): a formula-looking string gets a leading apostrophe."""
    if is_formula_like(value):
        return "'" + value
    return value


def safe_cell(value: Any, ws: WriteOnlyWorksheet | None = None) -> Any:
    """A value safe to append to a worksheet: formula-looking strings become text cells.

    With `ws` (a write-only sheet) the result is a string cell with the quote prefix, the
    text unchanged; without it, `safe_text(value)`.
    """
    if not is_formula_like(value):
        return value
    if ws is None:
        return safe_text(value)
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _header(ws: WriteOnlyWorksheet, labels: Iterable[str]) -> list[Any]:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cells.append(cell)
    return cells


def _sheet(
    workbook: Workbook, title: str, labels: list[str], widths: list[int]
) -> WriteOnlyWorksheet:
    ws = workbook.create_sheet(title)
    ws.freeze_panes = "A2"
    for index, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.append(_header(ws, labels))
    return ws


TEMPLATE_UNITS = [
    ["XA-3", "Chi bộ thôn 3", "Chi bộ trực thuộc", "XA"],
    ["XA-4", "Chi bộ trường Tiểu học", "chi-bo", "XA"],
]
TEMPLATE_PEOPLE = [
    [
        "CB0001",
        "Nguyễn Thị Lan",
        "Nữ",
        1985,
        "Đảng viên, Công chức",
        "Bí thư chi bộ",
        "x",
        "XA-3",
        "0912345678",
        "lan.nt@example.gov.vn",
    ],
    ["CB0002", "Trần Văn Đức", "Nam", 1979, "Đảng viên", "Đảng viên", "", "XA-4", "", ""],
]


def template_xlsx(
    stream: IO[bytes],
    *,
    units: list[list[Any]] | None = None,
    people: list[list[Any]] | None = None,
) -> None:
    """The import template: sheets "Đơn vị" and "Cán bộ", a frozen header, 2 example rows."""
    workbook = Workbook(write_only=True)
    ws = _sheet(
        workbook,
        SHEET_TITLES[UNITS],
        [label for _f, label, _a in UNIT_COLUMNS],
        [16, 40, 24, 20],
    )
    for row in TEMPLATE_UNITS if units is None else units:
        ws.append([safe_cell(v, ws) for v in row])
    ws = _sheet(
        workbook,
        SHEET_TITLES["people"],
        [label for _f, label, _a in PEOPLE_COLUMNS],
        [14, 28, 10, 10, 26, 24, 16, 14, 14, 28],
    )
    for row in TEMPLATE_PEOPLE if people is None else people:
        ws.append([safe_cell(v, ws) for v in row])
    workbook.save(stream)


PEOPLE_EXPORT_COLUMNS = [
    ("code", "Mã cán bộ", 14),
    ("full_name", "Họ và tên", 28),
    ("gender", "Giới tính", 10),
    ("birth_year", "Năm sinh", 10),
    ("categories", "Đối tượng", 26),
    ("position", "Chức vụ", 24),
    ("is_head", "Người đứng đầu", 16),
    ("unit_code", "Mã đơn vị", 14),
    ("unit_name", "Đơn vị", 36),
    ("phone", "Điện thoại", 14),
    ("email", "Email", 28),
]


def people_xlsx(rows: Iterable[Mapping[str, Any]], stream: IO[bytes]) -> None:
    """Writes a people list (dicts from a selector; no query here) as a write-only workbook.

    Keys read (missing ones are left blank): code, full_name, gender ("nam"/"nu" or a
    label), birth_year, categories (text or list of names), position, is_head (bool),
    unit_code, unit_name, phone, email. The header row is frozen; every cell is escaped.
    The column layout matches the "Cán bộ" sheet of the import template, plus "Đơn vị".
    """
    workbook = Workbook(write_only=True)
    ws = _sheet(
        workbook,
        SHEET_TITLES["people"],
        [label for _k, label, _w in PEOPLE_EXPORT_COLUMNS],
        [width for _k, _l, width in PEOPLE_EXPORT_COLUMNS],
    )
    genders = {"nam": "Nam", "nu": "Nữ"}
    for row in rows:
        values: list[Any] = []
        for key, _label, _width in PEOPLE_EXPORT_COLUMNS:
            value = row.get(key, "")
            if key == "gender":
                value = genders.get(value, value)
            elif key == "categories" and isinstance(value, list | tuple):
                value = ", ".join(str(v) for v in value)
            elif key == "is_head":
                value = "x" if value else ""
            values.append(safe_cell("" if value is None else value, ws))
        ws.append(values)
    workbook.save(stream)
