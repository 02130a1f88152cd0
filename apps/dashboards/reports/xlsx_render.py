"""Report figures and rollout progress as an .xlsx workbook.

Takes rows already computed by selectors and never queries. Written by the one spreadsheet
writer (apps.common.xlsx): names escaped and cleaned, a title row, a frozen header, integer
formats with thousands separators and real percentages (a fraction formatted as %), so the
sheet can compute with them.
"""

from apps.common.xlsx import INT, PERCENT, Column, XlsxBook
from apps.dashboards.progress import Progress
from apps.plans.selectors import Consolidation


def render_xlsx(consolidation: Consolidation, progress: Progress | None = None) -> bytes:
    c = consolidation
    book = XlsxBook()
    columns = [
        Column("Đơn vị", 44),
        Column("Trạng thái báo cáo", 16),
        Column("Đơn vị đã gửi", 12, INT),
        Column("Đơn vị phải gửi", 12, INT),
    ]
    columns += [
        Column(f"{i.name}" + (f" ({i.unit_label})" if i.unit_label else ""), 16, INT)
        for i in c.indicators
    ]
    ws = book.sheet(
        "Số liệu tổng hợp",
        columns,
        heading=[f"Tổng hợp báo cáo {c.period.name} — {c.unit.name}"],
        freeze_first_column=True,
    )
    for row in [c.own, *c.rows, c.total]:
        is_total = row is c.total
        label = (
            "Tổng cộng"
            if is_total
            else (f"{row.unit.name} (bản thân đơn vị)" if row.own else row.unit.name)
        )
        ws.append(
            [label, "" if is_total else row.status_label, row.reported, row.expected, *row.cells],
            bold=is_total,
        )
    # The system's own figures for the whole subtree beside the total of reports received.
    ws.append(
        [
            "Số liệu hệ thống (toàn bộ đơn vị, kể cả đơn vị chưa gửi báo cáo)",
            "",
            None,
            None,
            *c.system_cells,
        ]
    )
    if progress is not None:
        ws2 = book.sheet(
            "Tiến độ quán triệt",
            [
                Column("Đơn vị", 44),
                Column("Số người phải quán triệt", 14, INT),
                Column("Đã hoàn thành", 13, INT),
                Column("Tỉ lệ hoàn thành", 12, PERCENT),
                Column("Hội nghị đã tổ chức", 12, INT),
                Column("Kế hoạch thực hiện", 18),
            ],
            heading=[f"Tiến độ quán triệt theo đơn vị — {progress.unit.name}"],
            freeze_first_column=True,
        )
        for prow in [*progress.rows, progress.total]:
            is_total = prow is progress.total
            ws2.append(
                [
                    "Tổng cộng" if is_total else prow.unit.name,
                    prow.required,
                    prow.done,
                    prow.done / prow.required if prow.required else None,
                    prow.sessions_held,
                    "" if is_total else prow.plan_label,
                ],
                bold=is_total,
            )
    return book.to_bytes()
