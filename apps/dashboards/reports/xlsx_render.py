"""Report figures and rollout progress as an .xlsx workbook (openpyxl).

Takes rows already computed by selectors and never queries. Vietnamese headers, a title row,
a frozen header (rows 1–2 stay on screen), integer formats with thousands separators and real
percentages (a fraction formatted as %), so the sheet can compute with them.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.dashboards.progress import Progress
from apps.plans.selectors import Consolidation

INT = "#,##0"
PERCENT = "0.0%"
_FILL = PatternFill("solid", fgColor="EEF1F6")


def _sheet(ws, title: str, headers: list[tuple[str, int]]) -> None:  # type: ignore[no-untyped-def]
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    for j, (header, width) in enumerate(headers, start=1):
        cell = ws.cell(row=2, column=j, value=header)
        cell.font = Font(bold=True)
        cell.fill = _FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.row_dimensions[2].height = 45
    ws.freeze_panes = "B3"


def render_xlsx(consolidation: Consolidation, progress: Progress | None = None) -> bytes:
    c = consolidation
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu tổng hợp"
    headers = [
        ("Đơn vị", 44),
        ("Trạng thái báo cáo", 16),
        ("Đơn vị đã gửi", 12),
        ("Đơn vị phải gửi", 12),
    ]
    headers += [
        (f"{i.name}" + (f" ({i.unit_label})" if i.unit_label else ""), 16) for i in c.indicators
    ]
    _sheet(ws, f"Tổng hợp báo cáo {c.period.name} — {c.unit.name}", headers)
    r = 3
    for row in [c.own, *c.rows, c.total]:
        is_total = row is c.total
        label = (
            "Tổng cộng"
            if is_total
            else (f"{row.unit.name} (bản thân đơn vị)" if row.own else row.unit.name)
        )
        values: list[object] = [
            label,
            "" if is_total else row.status_label,
            row.reported,
            row.expected,
            *row.cells,
        ]
        for j, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=j, value=value)
            if j >= 3:
                cell.number_format = INT
            if is_total:
                cell.font = Font(bold=True)
        r += 1
    # The system's own figures for the whole subtree beside the total of reports received.
    system: list[object] = [
        "Số liệu hệ thống (toàn bộ đơn vị, kể cả đơn vị chưa gửi báo cáo)",
        "",
        None,
        None,
        *c.system_cells,
    ]
    for j, value in enumerate(system, start=1):
        cell = ws.cell(row=r, column=j, value=value)
        cell.font = Font(italic=True)
        if j >= 3:
            cell.number_format = INT
    r += 1
    if progress is not None:
        ws2 = wb.create_sheet("Tiến độ quán triệt")
        _sheet(
            ws2,
            f"Tiến độ quán triệt theo đơn vị — {progress.unit.name}",
            [
                ("Đơn vị", 44),
                ("Số người phải quán triệt", 14),
                ("Đã hoàn thành", 13),
                ("Tỉ lệ hoàn thành", 12),
                ("Hội nghị đã tổ chức", 12),
                ("Kế hoạch thực hiện", 18),
            ],
        )
        r = 3
        for prow in [*progress.rows, progress.total]:
            is_total = prow is progress.total
            percent = prow.done / prow.required if prow.required else None
            values = [
                "Tổng cộng" if is_total else prow.unit.name,
                prow.required,
                prow.done,
                percent,
                prow.sessions_held,
                "" if is_total else prow.plan_label,
            ]
            for j, value in enumerate(values, start=1):
                cell = ws2.cell(row=r, column=j, value=value)
                if j in (2, 3, 5):
                    cell.number_format = INT
                elif j == 4:
                    cell.number_format = PERCENT
                if is_total:
                    cell.font = Font(bold=True)
            r += 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
