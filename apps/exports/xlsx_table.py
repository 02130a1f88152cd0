"""Any table as an .xlsx sheet, written by the one spreadsheet writer (apps.common.xlsx): a bold
title row, a shaded header frozen on screen, integer columns with thousands separators and dates
as real dates (dd/mm/yyyy), formula-looking text kept as text, control characters removed. Pure
rendering: it takes the rows and never queries."""

from apps.common.xlsx import DATE, INT, Column, XlsxBook

__all__ = ["DATE", "INT", "render_table_xlsx"]


def render_table_xlsx(
    *,
    title: str,
    sheet: str,
    headers: list[tuple[str, int]],
    rows: list[list[object]],
    int_columns: frozenset[int] = frozenset(),
) -> bytes:
    """`headers` are (label, column width); `int_columns` are 1-based column numbers."""
    book = XlsxBook()
    columns = [
        Column(label, width, INT if j in int_columns else None)
        for j, (label, width) in enumerate(headers, start=1)
    ]
    ws = book.sheet(sheet, columns, heading=[title], freeze_first_column=True)
    for values in rows:
        ws.append(values)
    return book.to_bytes()
