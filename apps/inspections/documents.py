"""Inspection and discipline documents in the Party layout (Hướng dẫn 36-HD/VPTW), through the
same OfficialReport → render_docx machinery as the reports, and the inspections table as .xlsx.

- the decision to inspect ("QUYẾT ĐỊNH" … "về việc kiểm tra …"): the bases, Điều 1 (the
  inspection: target, content, period, schedule), Điều 2 (the team), Điều 3 (execution);
- the conclusion notice ("THÔNG BÁO KẾT LUẬN"): strengths, shortcomings, violations, causes,
  responsibility, findings by criterion, recommendations with deadlines;
- the discipline decision ("QUYẾT ĐỊNH" … "về việc thi hành kỷ luật"): the bases, the vote,
  Điều 1 (the form, effective date), Điều 2 (appeal window), Điều 3 (execution).

Authority lines follow the inspecting body: "T/M ỦY BAN KIỂM TRA" / "CHỦ NHIỆM".
"""

import datetime
import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone

from apps.access.permissions import requires
from apps.common.downloads import attachment
from apps.exports.documents import PARTY, Block, OfficialReport, Table
from apps.exports.docx_render import render_docx
from apps.exports.xlsx_table import render_table_xlsx
from apps.inspections import selectors
from apps.inspections.models import DisciplineCase, Inspection
from apps.inspections.permissions import confidential
from apps.org.models import Unit
from apps.org.paths import parent_path, root_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committee(unit: Unit) -> tuple[str, str, str]:
    """(superior line, issuer line, symbol suffix) for the unit's inspection committee."""
    code = "TU" if unit.depth == 1 else "ĐU"
    return unit.name.upper(), "ỦY BAN KIỂM TRA", f"UBKT{code}"


def place_of(name: str) -> str:
    """'Đảng bộ tỉnh Lâm Đồng' → 'Lâm Đồng' (the địa danh of the date line)."""
    match = re.search(r"\b(?:tỉnh|thành phố|xã|phường|đặc khu)\s+(.+)$", name, flags=re.IGNORECASE)
    return match.group(1).strip() if match else name


def _place(unit: Unit) -> str:
    root = Unit.objects.filter(path=root_path(unit.path)).first()
    return place_of(root.name if root else unit.name)


def _document(
    *, unit: Unit, number: str, symbol: str, day: datetime.date, title: str, summary: str
) -> OfficialReport:
    superior, issuer, code = _committee(unit)
    return OfficialReport(
        layout=PARTY,
        superior=superior,
        issuer=issuer,
        number=f"Số {number or '       '}-{symbol}/{code}",
        place=_place(unit),
        day=day.day,
        month=day.month,
        year=day.year,
        title=title,
        summary=summary,
        authority="T/M ỦY BAN KIỂM TRA",
        position="CHỦ NHIỆM",
    )


def decision_document(inspection: Inspection) -> OfficialReport:
    day = inspection.decision_date or timezone.localdate()
    number = inspection.decision_number.split("-")[0] if inspection.decision_number else ""
    doc = _document(
        unit=inspection.inspecting_unit,
        number=number,
        symbol="QĐ",
        day=day,
        title="QUYẾT ĐỊNH",
        summary=f"về việc {inspection.kind.name.lower()} đối với {inspection.subject.name}",
    )
    blocks = [
        Block("paragraph", "- Căn cứ Điều lệ Đảng;"),
        Block(
            "paragraph",
            "- Căn cứ Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về "
            "công tác kiểm tra, giám sát và kỷ luật của Đảng;",
        ),
    ]
    if inspection.programme:
        blocks.append(Block("paragraph", f"- Căn cứ {inspection.programme.title};"))
    if inspection.directive:
        blocks.append(
            Block(
                "paragraph",
                f"- Căn cứ {inspection.directive.kind.name} số {inspection.directive.symbol} ngày "
                f"{inspection.directive.issued_on:%d/%m/%Y} về {inspection.directive.title[:1].lower()}"
                f"{inspection.directive.title[1:]},",
            )
        )
    blocks.append(Block("heading", "QUYẾT ĐỊNH"))
    period = ""
    if inspection.period_start and inspection.period_end:
        period = (
            f" Mốc thời gian kiểm tra: từ {inspection.period_start:%d/%m/%Y} đến "
            f"{inspection.period_end:%d/%m/%Y}."
        )
    blocks.append(
        Block(
            "paragraph",
            f"Điều 1. {inspection.kind.name} đối với {inspection.subject.name}"
            + (
                f" và các đồng chí {', '.join(p.full_name for p in inspection.target_people.all())}"
                if inspection.target_people.exists()
                else ""
            )
            + f". Nội dung: {inspection.content or inspection.title}.{period} Thời gian tiến hành: "
            f"từ {inspection.starts_on:%d/%m/%Y} đến {inspection.ends_on:%d/%m/%Y}.",
        )
    )
    for c in inspection.criteria.order_by("order"):
        blocks.append(Block("paragraph", f"- {c.get_polarity_display()}: {c.text}"))
    blocks.append(Block("paragraph", "Điều 2. Thành lập Đoàn kiểm tra gồm các đồng chí:"))
    for m in inspection.team.select_related("person").order_by("role", "pk"):
        position = f", {m.person.position}" if m.person.position else ""
        blocks.append(
            Block(
                "paragraph",
                f"- Đồng chí {m.person.full_name}{position} — {m.get_role_display().lower()}.",
            )
        )
    blocks.append(
        Block(
            "paragraph",
            f"Điều 3. Đoàn kiểm tra, {inspection.subject.name} và các tổ chức, cá nhân có liên "
            "quan chịu trách nhiệm thi hành quyết định này.",
        )
    )
    doc.blocks = blocks
    doc.recipients = [f"- {inspection.subject.name},", "- Như Điều 2,", "- Lưu hồ sơ kiểm tra."]
    return doc


def conclusion_document(inspection: Inspection) -> OfficialReport:
    day = inspection.concluded_on or timezone.localdate()
    number = inspection.conclusion_number.split("-")[0] if inspection.conclusion_number else ""
    doc = _document(
        unit=inspection.inspecting_unit,
        number=number,
        symbol="TB",
        day=day,
        title="THÔNG BÁO KẾT LUẬN",
        summary=f"{inspection.kind.name.lower()} đối với {inspection.subject.name}",
    )
    blocks = [
        Block(
            "paragraph",
            f"Thực hiện Quyết định số {inspection.decision_number or '…'} ngày "
            f"{inspection.decision_date:%d/%m/%Y} của Ủy ban Kiểm tra {inspection.inspecting_unit.name}, "
            f"từ ngày {inspection.starts_on:%d/%m/%Y} đến ngày {inspection.ends_on:%d/%m/%Y}, "
            f"Đoàn kiểm tra đã tiến hành {inspection.kind.name.lower()} đối với "
            f"{inspection.subject.name}. Xét báo cáo của Đoàn kiểm tra, Ủy ban Kiểm tra kết luận "
            "như sau:"
            if inspection.decision_date
            else f"Ủy ban Kiểm tra kết luận {inspection.title} như sau:",
        )
    ]
    numerals = iter(["1", "2", "3", "4", "5", "6", "7"])
    for heading, text in (
        ("Ưu điểm", inspection.strengths),
        ("Hạn chế, khuyết điểm", inspection.shortcomings),
        ("Vi phạm", inspection.violations),
        ("Nguyên nhân", inspection.causes),
        ("Trách nhiệm", inspection.responsibility),
    ):
        if text.strip():
            blocks.append(Block("heading", f"{next(numerals)}. {heading}"))
            blocks.extend(
                Block("paragraph", line.strip()) for line in text.splitlines() if line.strip()
            )
    findings = list(
        inspection.findings.select_related("criterion", "key_task", "unit", "level").order_by("pk")
    )
    if findings:
        blocks.append(Block("heading", f"{next(numerals)}. Các phát hiện theo nội dung kiểm tra"))
        blocks.append(
            Block(
                "table",
                table=Table(
                    headers=["Nội dung", "Đơn vị", "Phát hiện", "Mức độ"],
                    rows=[
                        [
                            (
                                f.criterion.text
                                if f.criterion
                                else f.key_task.text
                                if f.key_task
                                else ""
                            )[:120],
                            f.unit.name,
                            f.text,
                            f.level.name,
                        ]
                        for f in findings
                    ],
                    widths=[3, 2, 4, 1.6],
                ),
            )
        )
    recs = list(inspection.recommendations.select_related("unit").order_by("deadline", "pk"))
    if recs:
        blocks.append(Block("heading", f"{next(numerals)}. Kiến nghị, yêu cầu khắc phục"))
        for rec in recs:
            blocks.append(
                Block(
                    "paragraph", f"- {rec.unit.name}: {rec.text} Thời hạn: {rec.deadline:%d/%m/%Y}."
                )
            )
    doc.blocks = blocks
    parent = Unit.objects.filter(path=parent_path(inspection.inspecting_unit.path) or "").first()
    doc.recipients = [
        f"- {inspection.subject.name} (để thực hiện),",
        *([f"- {parent.name} (để báo cáo),"] if parent else []),
        "- Lưu hồ sơ kiểm tra.",
    ]
    return doc


def discipline_document(case: DisciplineCase) -> OfficialReport:
    day = case.decided_on or timezone.localdate()
    number = case.decision_number.split("-")[0] if case.decision_number else ""
    doc = _document(
        unit=case.handling_unit,
        number=number,
        symbol="QĐ",
        day=day,
        title="QUYẾT ĐỊNH",
        summary=f"về việc thi hành kỷ luật {case.subject_label}",
    )
    form = case.form.name if case.form else "…"
    doc.blocks = [
        Block("paragraph", "- Căn cứ Điều lệ Đảng;"),
        Block(
            "paragraph",
            "- Căn cứ Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về công "
            "tác kiểm tra, giám sát và kỷ luật của Đảng;",
        ),
        Block(
            "paragraph",
            "- Căn cứ Quy định số 69-QĐ/TW ngày 06/7/2022 về kỷ luật tổ chức đảng, đảng viên vi "
            "phạm (sửa đổi, bổ sung theo Quy định số 264-QĐ/TW ngày 14/02/2025);",
        ),
        Block(
            "paragraph",
            f"- Xét nội dung vi phạm: {case.summary} Đối tượng đã được thông báo ngày "
            f"{case.notice_on:%d/%m/%Y}"
            + (
                f" và đã kiểm điểm, giải trình ngày {case.response_on:%d/%m/%Y}"
                if case.response_on
                else ""
            )
            + ";"
            if case.notice_on
            else f"- Xét nội dung vi phạm: {case.summary}",
        ),
        Block(
            "paragraph",
            f"- Kết quả biểu quyết ngày {case.meeting_on:%d/%m/%Y}: {case.votes_for}/"
            f"{case.members_total} thành viên tán thành, {case.votes_against} không tán thành, "
            f"{case.votes_abstain} không biểu quyết,"
            if case.meeting_on
            else "",
        ),
        Block("heading", "QUYẾT ĐỊNH"),
        Block(
            "paragraph",
            f"Điều 1. Thi hành kỷ luật bằng hình thức {form.upper()} đối với {case.subject_label}"
            f" ({case.subject_unit.name}). Quyết định có hiệu lực từ ngày "
            + (f"{case.effective_on:%d/%m/%Y}." if case.effective_on else "ký."),
        ),
        Block(
            "paragraph",
            "Điều 2. Nếu không đồng ý với quyết định này, trong thời hạn một tháng kể từ ngày nhận "
            "quyết định, "
            + ("tổ chức đảng" if case.subject_person_id is None else "đồng chí")
            + " có quyền khiếu nại lên tổ chức đảng cấp trên"
            + (f" (đến hết ngày {case.appeal_due:%d/%m/%Y})" if case.appeal_due else "")
            + "; trong thời gian chờ giải quyết phải chấp hành nghiêm quyết định.",
        ),
        Block(
            "paragraph",
            f"Điều 3. {case.subject_unit.name}, các tổ chức đảng và cá nhân có liên quan chịu "
            "trách nhiệm thi hành quyết định này.",
        ),
    ]
    doc.blocks = [b for b in doc.blocks if b.text or b.kind != "paragraph"]
    if case.deciding_body:
        doc.authority = f"T/M {case.deciding_body.upper()}"
    doc.recipients = [f"- {case.subject_label},", f"- {case.subject_unit.name},", "- Lưu hồ sơ."]
    return doc


def _docx(document: OfficialReport, filename: str) -> HttpResponse:
    return attachment(render_docx(document), filename=filename, content_type=DOCX)


@confidential("inspection.view")
def export_inspection_decision(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_actor(actor=request.user, pk=pk)
    if not inspection.decision_number:
        raise Http404
    return _docx(decision_document(inspection), f"quyet-dinh-kiem-tra-{inspection.pk}.docx")


@requires("inspection.conclusion.view")
def export_inspection_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_conclusion_get_for_actor(actor=request.user, pk=pk)
    return _docx(conclusion_document(inspection), f"thong-bao-ket-luan-{inspection.pk}.docx")


@confidential("discipline.view")
def export_discipline_decision(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.discipline_case_get_for_actor(
        actor=request.user, pk=pk, purpose="tải quyết định"
    )
    if not case.decided_on:
        raise Http404
    return _docx(discipline_document(case), f"quyet-dinh-ky-luat-{case.pk}.docx")


@requires("inspection.view")
def export_inspections_xlsx(request: HttpRequest) -> FileResponse | HttpResponse:
    rows = []
    for i in selectors.inspection_list(actor=request.user)[:5000]:
        rows.append(
            [
                i.title,
                i.kind.name,
                i.inspecting_unit.name,
                i.subject.name,
                i.decision_number,
                i.starts_on,
                i.ends_on,
                i.get_status_display(),
                i.concluded_on,
            ]
        )
    content = render_table_xlsx(
        title="Các cuộc kiểm tra, giám sát",
        sheet="Kiểm tra, giám sát",
        headers=[
            ("Cuộc kiểm tra, giám sát", 44),
            ("Loại", 18),
            ("Chủ thể", 28),
            ("Đối tượng", 28),
            ("Số quyết định", 14),
            ("Từ ngày", 12),
            ("Đến ngày", 12),
            ("Trạng thái", 22),
            ("Ngày kết luận", 12),
        ],
        rows=rows,
    )
    return attachment(content, filename="kiem-tra-giam-sat.xlsx", content_type=XLSX)


urlpatterns = [
    path(
        "xuat/kiem-tra/<int:pk>/quyet-dinh/",
        export_inspection_decision,
        name="export_inspection_decision",
    ),
    path(
        "xuat/kiem-tra/<int:pk>/thong-bao-ket-luan/",
        export_inspection_conclusion,
        name="export_inspection_conclusion",
    ),
    path(
        "xuat/ky-luat/<int:pk>/quyet-dinh/",
        export_discipline_decision,
        name="export_discipline_decision",
    ),
    path("xuat/kiem-tra/bang/", export_inspections_xlsx, name="export_inspections_xlsx"),
]
