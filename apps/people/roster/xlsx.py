"""The roster template and the people export, written by the one spreadsheet writer.

A value the user typed, such as `=HYPERLINK("http://…")`, is stored as text on import and
must stay text on export (CSV/formula injection): apps.common.xlsx writes such strings as
string cells with Excel's "quote prefix" style and removes control characters.
"""

from collections.abc import Iterable, Mapping
from typing import IO, Any

from apps.common.xlsx import Column, XlsxBook, XlsxSheet, is_formula_like, safe_text
from apps.people.roster.reader import PEOPLE_COLUMNS, SHEET_TITLES, UNIT_COLUMNS, UNITS

__all__ = ["is_formula_like", "people_xlsx", "safe_cell", "safe_text", "template_xlsx"]


def safe_cell(value: Any, sheet: XlsxSheet | None = None) -> Any:
    """A value safe to write: with a sheet, a cleaned cell (formula-looking text kept as
    text with the quote prefix); without one, `safe_text(value)`."""
    if sheet is None:
        return safe_text(value)
    return sheet.cell(value)


def _sheet(book: XlsxBook, title: str, labels: list[str], widths: list[int]) -> XlsxSheet:
    return book.sheet(
        title, [Column(label, width) for label, width in zip(labels, widths, strict=True)]
    )


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
    book = XlsxBook()
    ws = _sheet(
        book,
        SHEET_TITLES[UNITS],
        [label for _f, label, _a in UNIT_COLUMNS],
        [16, 40, 24, 20],
    )
    for row in TEMPLATE_UNITS if units is None else units:
        ws.append(row)
    ws = _sheet(
        book,
        SHEET_TITLES["people"],
        [label for _f, label, _a in PEOPLE_COLUMNS],
        [14, 28, 10, 10, 26, 24, 16, 14, 14, 28],
    )
    for row in TEMPLATE_PEOPLE if people is None else people:
        ws.append(row)
    book.save(stream)


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
    book = XlsxBook()
    ws = _sheet(
        book,
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
            values.append("" if value is None else value)
        ws.append(values)
    book.save(stream)
