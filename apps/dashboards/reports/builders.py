"""Turns selector results into an OfficialReport and xlsx tables. Pure: no queries.

Callers load everything first (apps.dashboards.reports.selectors.report_bundle) and pass it here.
"""

import datetime
import re
from dataclasses import dataclass

from apps.dashboards.progress import Progress
from apps.exports.documents import PARTY, Block, OfficialReport, Table
from apps.org.models import Unit
from apps.plans.selectors import Consolidation


@dataclass
class ReportBundle:
    """Everything one consolidated report needs, already loaded."""

    consolidation: Consolidation
    progress: Progress
    directive_label: str  # e.g. "Chỉ thị số 34-CT/TU"
    superior: Unit | None
    root_name: str
    sections: list[tuple[str, str]]  # (title, text) of the unit's own report
    signer: str
    today: datetime.date


def vn_number(value: int | float | None, decimals: int = 0) -> str:
    """1234567 → '1.234.567'; 12.5 → '12,5' (Vietnamese grouping and decimal comma)."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


_ROMAN = re.compile(r"^[IVXLC]+(/\d+)?[,.;:]?$")


def lower_keep_numerals(text: str) -> str:
    """'Quý IV năm 2026' → 'quý IV năm 2026': lower case, Roman numerals kept upper case."""
    return " ".join(w if _ROMAN.match(w) else w.lower() for w in text.split())


def place_of(name: str) -> str:
    """'Đảng bộ tỉnh Lâm Đồng' → 'Lâm Đồng' (the địa danh of the date line)."""
    match = re.search(r"\b(?:tỉnh|thành phố|xã|phường|đặc khu)\s+(.+)$", name, flags=re.IGNORECASE)
    return match.group(1).strip() if match else name


def _issuer_code(unit: Unit) -> tuple[str, str]:
    """(party symbol suffix, state symbol suffix): TU for the provincial committee, ĐU below."""
    return ("TU", "UBND") if unit.depth == 1 else ("ĐU", "UBND")


def official_report(bundle: ReportBundle, *, layout: str) -> OfficialReport:
    c = bundle.consolidation
    unit = c.unit
    party_code, state_code = _issuer_code(unit)
    if layout == PARTY:
        # 36-HD/VPTW: "Số" then number and symbol joined by a hyphen, no colon: "Số 127-BC/TU".
        number = f"Số        -BC/{party_code}"
        authority = "T/M BAN THƯỜNG VỤ" if unit.depth <= 2 else "T/M CHI ỦY"
        position = "BÍ THƯ"
    else:
        # ND30 Phụ lục I: "Số:" then number "/" symbol "BC-<cơ quan>": "Số:    /BC-UBND".
        number = f"Số:        /BC-{state_code}"
        authority = f"TM. {unit.name.upper()}"
        position = "THỦ TRƯỞNG ĐƠN VỊ"
    summary = f"kết quả thực hiện {bundle.directive_label}, {lower_keep_numerals(c.period.name)}"
    blocks: list[Block] = []
    total = bundle.progress.total
    percent = total.percent
    blocks.append(Block("heading", "I. KẾT QUẢ QUÁN TRIỆT, TRIỂN KHAI"))
    children = bundle.progress.children
    plans = sum(1 for r in children if r.plan_submitted)
    blocks.append(
        Block(
            "paragraph",
            f"Toàn {unit.name} có {vn_number(total.required)} người phải quán triệt; đã hoàn thành "
            f"{vn_number(total.done)} người"
            + (f" ({vn_number(percent, 1)}%)" if percent is not None else "")
            + f"; đã tổ chức {vn_number(total.sessions_held)} hội nghị quán triệt. "
            f"{plans}/{len(children)} đơn vị trực thuộc đã trình kế hoạch thực hiện.",
        )
    )
    bars = [(r.unit.name, r.percent or 0.0) for r in children if r.required]
    if bars:
        blocks.append(
            Block("image", caption="Biểu đồ: tỉ lệ hoàn thành quán triệt theo đơn vị trực thuộc")
        )
    blocks.append(Block("heading", f"II. SỐ LIỆU TỔNG HỢP {c.period.name.upper()}"))
    blocks.append(
        Block(
            "paragraph",
            f"Đã có {vn_number(c.total.reported)}/{vn_number(c.total.expected)} đơn vị gửi báo cáo. "
            "Số liệu dưới đây gồm số liệu của chính đơn vị và của các đơn vị cấp dưới đã gửi báo cáo.",
        )
    )
    blocks.append(Block("table", table=figures_table(c)))
    system = system_figures_text(c)
    if system:
        blocks.append(Block("paragraph", system))
    not_reported = [r.unit.name for r in c.rows if r.status != "submitted"]
    if not_reported:
        blocks.append(
            Block(
                "paragraph", "Đơn vị trực thuộc chưa gửi báo cáo: " + ", ".join(not_reported) + "."
            )
        )
    numerals = ["III", "IV", "V", "VI", "VII", "VIII"]
    for i, (title, text) in enumerate(bundle.sections):
        blocks.append(
            Block("heading", f"{numerals[i] if i < len(numerals) else i + 3}. {title.upper()}")
        )
        for paragraph in (text or "").splitlines() or [""]:
            if paragraph.strip():
                blocks.append(Block("paragraph", paragraph.strip()))
        if not (text or "").strip():
            blocks.append(Block("paragraph", "(Chưa có nội dung.)"))
    recipients = []
    if bundle.superior is not None:
        recipients.append(f"- {bundle.superior.name} (để báo cáo),")
    if children:
        recipients.append("- Các đơn vị trực thuộc,")
    recipients.append("- Lưu Văn phòng.")
    return OfficialReport(
        layout=layout,
        superior=bundle.superior.name.upper() if bundle.superior is not None else "",
        issuer=unit.name.upper(),
        number=number,
        place=place_of(bundle.root_name),
        day=bundle.today.day,
        month=bundle.today.month,
        year=bundle.today.year,
        title="BÁO CÁO",
        summary=summary,
        blocks=blocks,
        recipients=recipients,
        authority=authority,
        position=position,
        signer=bundle.signer,
    )


def system_figures_text(c: Consolidation) -> str:
    """The system's own figures for the whole subtree, beside the table that sums only the
    reports received (the same numbers as the page's and the workbook's "Số liệu hệ thống")."""
    parts = [
        f"{i.name.lower()}: {vn_number(v)}"
        for i, v in zip(c.indicators, c.system_cells, strict=True)
        if v is not None
    ]
    if not parts:
        return ""
    return (
        f"Bảng trên chỉ cộng số liệu của {vn_number(c.total.reported)}/"
        f"{vn_number(c.total.expected)} đơn vị đã gửi báo cáo. Số liệu hệ thống tự tính cho toàn "
        f"bộ {c.unit.name} (kể cả đơn vị chưa gửi báo cáo): " + "; ".join(parts) + "."
    )


def chart_bars(bundle: ReportBundle) -> list[tuple[str, float]]:
    return [(r.unit.name, r.percent or 0.0) for r in bundle.progress.children if r.required]


def figures_table(c: Consolidation) -> Table:
    headers = ["Đơn vị", "Đã gửi/Phải gửi", *[i.name for i in c.indicators]]
    rows = []
    for row in [c.own, *c.rows]:
        label = f"{row.unit.name} (bản thân đơn vị)" if row.own else row.unit.name
        rows.append([label, f"{row.reported}/{row.expected}", *[vn_number(v) for v in row.cells]])
    total = [
        "Tổng cộng",
        f"{c.total.reported}/{c.total.expected}",
        *[vn_number(v) for v in c.total.cells],
    ]
    return Table(
        headers=headers, rows=rows, total=total, widths=[3.0, 1.2, *[1.0] * len(c.indicators)]
    )
