"""The progress table as an .xlsx workbook.

The renderer takes rows already computed by the selectors (`ProgressRow`s, whose attributes
are plain values) and never queries. Written by the one spreadsheet writer (apps.common.xlsx):
names escaped and cleaned, a frozen header row, integer counts and real percentages (a
fraction with a percent number format, so the sheet can compute).
"""

import datetime
from collections.abc import Sequence

from apps.common.xlsx import DATE, INT, PERCENT, WARN_FILL, Column, XlsxBook
from apps.dashboards.progress import OBLIGATIONS, ProgressRow

COLUMNS: list[Column] = [
    Column("Đơn vị", 42),
    Column("Số người phải quán triệt", 14, INT),
    Column("Được miễn", 10, INT),
    Column("Đã hoàn thành", 13, INT),
    Column("Tỉ lệ hoàn thành", 12, PERCENT),
    Column("Còn lại", 10, INT),
    Column("Hội nghị đã tổ chức", 12, INT),
    Column("Hội nghị đã lên lịch", 12, INT),
    Column("Kế hoạch", 16),
    *(Column(label, 18) for label in OBLIGATIONS.values()),
    Column("Quá hạn", 9),
    Column("Hạn quán triệt", 13, DATE),
    Column("Hạn nộp kế hoạch", 13, DATE),
]
# Kept for callers that read the header labels.
HEADERS: list[tuple[str, float]] = [(c.label, c.width) for c in COLUMNS]


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
    book = XlsxBook()
    sheet = book.sheet(
        "Tiến độ",
        COLUMNS,
        heading=[title, f"Đơn vị: {unit_name} — số liệu lúc {generated_at:%H:%M %d/%m/%Y}", ""],
        freeze_first_column=True,
        autofilter=True,
    )
    for row in rows:
        sheet.append(_values(row, row.label), fills={0: WARN_FILL} if row.overdue else None)
    sheet.append(
        _values(total, "Tổng cộng"), bold=True, fills={0: WARN_FILL} if total.overdue else None
    )
    return book.to_bytes()
