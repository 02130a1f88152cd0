"""Evaluation documents through the shared renderers (apps.exports): the personal review form (bản kiểm điểm,
in the layout of Mẫu 2A/2B/2C of Hướng dẫn 43-HD/BTCTW 2025 as far as it could be checked — see
FORMS — in the Party layout of 36-HD/VPTW), the unit's
summary list of ratings (.docx and .xlsx) and the competent body's decision (.docx).

Builders are pure (rows loaded first by apps.evaluations selectors); the renderers are the
shared `render_docx` and openpyxl."""

import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone

from apps.access.permissions import login_only, requires
from apps.common.downloads import attachment
from apps.common.xlsx import Column, XlsxBook
from apps.evaluations import selectors as sel
from apps.evaluations.enums import EvaluationStatus, SubjectKind
from apps.evaluations.models import Evaluation, EvaluationPeriod
from apps.evaluations.rules import rules_for
from apps.exports.documents import PARTY, Block, OfficialReport, Table
from apps.exports.docx_render import render_docx
from apps.org.models import Unit
from apps.org.paths import root_path

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def place_of(name: str) -> str:
    """'Đảng bộ tỉnh Lâm Đồng' → 'Lâm Đồng' (the địa danh of the date line)."""
    match = re.search(r"\b(?:tỉnh|thành phố|xã|phường|đặc khu)\s+(.+)$", name, flags=re.IGNORECASE)
    return match.group(1).strip() if match else name


def _num(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _root_name(unit: Unit) -> str:
    root = Unit.objects.filter(path=root_path(unit.path)).only("name").first()
    return root.name if root else unit.name


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-") or "x"


# --- builders (pure) -----------------------------------------------------------------------


# The personal review forms of Hướng dẫn 43-HD/BTCTW (31/10/2025, which replaced Hướng dẫn
# 25-HD/BTCTW of 10/11/2023), chosen by who the person is:
#   2A: works in the political system, holds no leadership or management post;
#   2B: holds a leadership or management post;
#   2C: a party member who does not work in the political system.
# Checked against published copies: the form codes ("Mẫu 2C-HD KĐ.ĐG 2025") and 2C's subject;
# the header, title, year line, identity fields (họ và tên, ngày sinh, chức vụ Đảng, chính quyền,
# đoàn thể, đơn vị công tác, chi bộ) and the first section as in Mẫu 02B of Hướng dẫn 25. NOT
# verified against the full text of Hướng dẫn 43: the exact wording and numbering of sections
# II–VII, the wording of 2A/2B's subject lines, and whether the forms carry a points table
# (Quy định 366 scores out of 100, so the self-scoring is given under the self-rating).
FORMS = {
    "2A": "(Cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    "2B": "(Cá nhân giữ chức vụ lãnh đạo, quản lý)",
    "2C": "(Đảng viên không làm việc trong hệ thống chính trị)",
}
PARTY_POSTS = re.compile(r"bí thư|chi ủy|đảng ủy|cấp ủy|ủy viên ban thường vụ", re.IGNORECASE)
MASS_POSTS = re.compile(r"mặt trận|đoàn thanh niên|hội |công đoàn", re.IGNORECASE)
DOTS = "……………………………………………………"


def posts_of(position: str) -> tuple[str, str, str]:
    """(chức vụ Đảng, chức vụ chính quyền, chức vụ đoàn thể) from the one stored position."""
    position = position.strip()
    if not position or position.lower() in ("đảng viên", "quần chúng"):
        return ("", "", "")
    if PARTY_POSTS.search(position):
        return (position, "", "")
    if MASS_POSTS.search(position):
        return ("", "", position)
    return ("", position, "")


def split_summary(summary: str) -> dict[str, str]:
    """The self-assessment's free text, split on the labels the form uses ("Ưu điểm:",
    "Khuyết điểm:"/"Hạn chế:", "Nguyên nhân:", "Hướng khắc phục:"); unlabelled text counts as
    strengths."""
    labels = {
        "ưu điểm": "strengths",
        "hạn chế": "weaknesses",
        "khuyết điểm": "weaknesses",
        "nguyên nhân": "causes",
        "hướng khắc phục": "remedies",
        "phương hướng": "remedies",
        "biện pháp khắc phục": "remedies",
    }
    pattern = re.compile(
        r"(" + "|".join(sorted(labels, key=len, reverse=True)) + r")\s*:", re.IGNORECASE
    )
    parts: dict[str, list[str]] = {}
    key = "strengths"
    position = 0
    for match in pattern.finditer(summary):
        chunk = summary[position : match.start()].strip(" .;\n")
        if chunk:
            parts.setdefault(key, []).append(chunk)
        key = labels[match.group(1).lower()]
        position = match.end()
    chunk = summary[position:].strip(" .;\n")
    if chunk:
        parts.setdefault(key, []).append(chunk)
    return {k: ". ".join(v) + "." for k, v in parts.items()}


def _lines(text: str) -> list[Block]:
    rows = [line for line in text.splitlines() if line.strip()]
    return [Block("paragraph", line) for line in rows] or [Block("paragraph", DOTS)]


def self_assessment_report(
    evaluation: Evaluation,
    scores: list[tuple[str, str, str, str]],
    root: str,
    superior: str,
    *,
    variant: str = "2A",
    evidence_lines: list[str] | None = None,
) -> OfficialReport:
    """The bản kiểm điểm cá nhân in the layout of Mẫu 2A/2B/2C (see FORMS): identity fields,
    strengths and results by criteria group (with what the system recorded), weaknesses and
    causes, remedies, the self-rating with the points, the signature; the review steps taken
    so far follow as the party organisation's part."""
    person = evaluation.person
    period = evaluation.period
    today = timezone.localdate()
    party, government, mass = posts_of(person.position if person else "")
    summary = split_summary(evaluation.summary or "")
    general = scores[0] if scores else ("", "", "", "")
    results = scores[1:] if len(scores) > 1 else []
    blocks = [
        Block(
            "paragraph",
            f"Họ và tên: {person.full_name if person else ''}    "
            f"Năm sinh: {person.birth_year if person else ''}",
        ),
        Block("paragraph", f"Chức vụ Đảng: {party or DOTS}"),
    ]
    if variant != "2C":
        blocks.append(Block("paragraph", f"Chức vụ chính quyền: {government or DOTS}"))
    blocks += [
        Block("paragraph", f"Chức vụ đoàn thể: {mass or DOTS}"),
        Block("paragraph", f"Đơn vị công tác: {DOTS}    Chi bộ: {evaluation.unit.name}"),
        Block("heading", "I. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC"),
        Block(
            "paragraph",
            "1. Về tư tưởng chính trị; phẩm chất đạo đức, lối sống; ý thức tổ chức kỷ luật; "
            "tác phong, lề lối làm việc",
        ),
        *_lines(general[3]),
        Block(
            "paragraph",
            "2. Về kết quả thực hiện chức trách, nhiệm vụ được giao"
            + (" (kết quả lãnh đạo, quản lý, điều hành)" if variant == "2B" else ""),
        ),
        *[b for row in results for b in _lines(row[3])],
    ]
    if summary.get("strengths"):
        blocks.append(Block("paragraph", summary["strengths"]))
    if evidence_lines:
        blocks.append(Block("paragraph", "Hệ thống ghi nhận trong kỳ:"))
        blocks += [Block("paragraph", f"- {line}") for line in evidence_lines]
    blocks += [
        Block("heading", "II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"),
        Block("paragraph", "1. Hạn chế, khuyết điểm"),
        *_lines(summary.get("weaknesses", "")),
        Block("paragraph", "2. Nguyên nhân của hạn chế, khuyết điểm"),
        *_lines(summary.get("causes", "")),
        Block(
            "heading",
            "III. KẾT QUẢ KHẮC PHỤC NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM ĐÃ ĐƯỢC CẤP CÓ THẨM QUYỀN KẾT "
            "LUẬN HOẶC ĐƯỢC CHỈ RA CÁC KỲ KIỂM ĐIỂM TRƯỚC",
        ),
        Block("paragraph", DOTS),
        Block("heading", "IV. GIẢI TRÌNH NHỮNG VẤN ĐỀ ĐƯỢC GỢI Ý KIỂM ĐIỂM (NẾU CÓ)"),
        Block("paragraph", DOTS),
    ]
    number = 5
    if variant == "2B":
        blocks += [
            Block(
                "heading",
                "V. LÀM RÕ TRÁCH NHIỆM CỦA CÁ NHÂN ĐỐI VỚI NHỮNG HẠN CHẾ, KHUYẾT ĐIỂM CỦA TẬP "
                "THỂ (NẾU CÓ)",
            ),
            Block("paragraph", DOTS),
        ]
        number = 6
    roman = {5: "V", 6: "VI", 7: "VII"}
    blocks += [
        Block(
            "heading", f"{roman[number]}. PHƯƠNG HƯỚNG, BIỆN PHÁP KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM"
        ),
        *_lines(summary.get("remedies", "")),
        Block("heading", f"{roman[number + 1]}. TỰ NHẬN MỨC XẾP LOẠI CHẤT LƯỢNG"),
        Block(
            "table",
            table=Table(
                headers=["Nhóm tiêu chí", "Điểm tối đa", "Tự chấm", "Giải trình"],
                rows=[list(r) for r in scores],
                total=[
                    "Tổng cộng",
                    _num(period.rule_set.max_points),
                    _num(evaluation.self_points),
                    "",
                ],
                widths=[3.0, 1.0, 1.0, 4.0],
            ),
        ),
    ]
    level = evaluation.self_level.name if evaluation.self_level else DOTS
    if variant != "2C":
        blocks.append(Block("paragraph", f"- Xếp loại cán bộ, công chức, viên chức: {DOTS}"))
    blocks.append(Block("paragraph", f"- Xếp loại đảng viên: {level}"))
    steps = [s for s in evaluation.steps.all().select_related("level").order_by("at", "pk")]
    if steps:
        blocks.append(Block("heading", "NHẬN XÉT, ĐÁNH GIÁ CỦA TỔ CHỨC ĐẢNG (ghi theo hệ thống)"))
        for s in steps:
            text = f"{s.get_kind_display()} ({s.actor_name}, {s.at:%d/%m/%Y})"
            if s.level:
                text += f": {s.level.name}"
            if s.text:
                text += f". {s.text}"
            blocks.append(Block("paragraph", text))
    if evaluation.final_level:
        blocks.append(
            Block("paragraph", f"Cấp có thẩm quyền xếp loại: {evaluation.final_level.name}.")
        )
    return OfficialReport(
        layout=PARTY,
        superior=superior.upper(),
        issuer=evaluation.unit.name.upper(),
        number="",
        place=place_of(root),
        day=today.day,
        month=today.month,
        year=today.year,
        title="BẢN KIỂM ĐIỂM CÁ NHÂN",
        summary=f"Năm {period.end.year}\n{FORMS[variant]}",
        blocks=blocks,
        recipients=[],
        authority="NGƯỜI TỰ KIỂM ĐIỂM",
        position="(Ký, ghi rõ họ tên)",
        signer=person.full_name if person else "",
        form_code=f"Mẫu {variant}-HD KĐ.ĐG 2025",
    )


def summary_rows(evaluations: list[Evaluation]) -> list[list[str]]:
    rows = []
    for i, e in enumerate(evaluations, start=1):
        points = e.head_points if e.head_points is not None else e.self_points
        rows.append(
            [
                str(i),
                e.subject_name,
                e.unit.name,
                _num(points),
                e.self_level.name if e.self_level else "",
                e.head_level.name if e.head_level else "",
                e.final_level.name if e.final_level else EvaluationStatus(e.status).label,
            ]
        )
    return rows


HEADERS = ["STT", "Họ và tên", "Đơn vị", "Điểm", "Tự xếp loại", "Đề xuất", "Xếp loại"]


def summary_report(
    period: EvaluationPeriod,
    unit: Unit,
    rows: list[list[str]],
    counts: list[tuple[str, int]],
    root: str,
) -> OfficialReport:
    today = timezone.localdate()
    blocks = [
        Block(
            "paragraph",
            f"Tổng số: {len(rows)}; " + "; ".join(f"{name}: {n}" for name, n in counts) + ".",
        ),
        Block(
            "table",
            table=Table(headers=HEADERS, rows=rows, widths=[0.5, 2.6, 2.4, 0.8, 1.8, 1.8, 1.8]),
        ),
    ]
    return OfficialReport(
        layout=PARTY,
        superior="",
        issuer=unit.name.upper(),
        number="Số        -DS/ĐU",
        place=place_of(root),
        day=today.day,
        month=today.month,
        year=today.year,
        title="DANH SÁCH",
        summary=f"kết quả đánh giá, xếp loại chất lượng — {period.title.lower()}",
        blocks=blocks,
        recipients=["- Như trên,", "- Lưu Văn phòng."],
        authority="T/M BAN THƯỜNG VỤ" if unit.depth <= 2 else "T/M CHI ỦY",
        position="BÍ THƯ",
        signer="",
    )


def decision_report(
    period: EvaluationPeriod, unit: Unit, decided: list[Evaluation], root: str
) -> OfficialReport:
    today = timezone.localdate()
    rules = rules_for(period.rule_set)
    blocks = [
        Block("paragraph", f"Căn cứ {period.rule_set.document};"),
        Block("paragraph", f"Căn cứ kết quả kiểm điểm, đánh giá {period.title.lower()};"),
        Block("paragraph", "Xét đề nghị của người đứng đầu các tổ chức đảng trực thuộc,"),
        Block("heading", "QUYẾT ĐỊNH:"),
        Block(
            "paragraph",
            f"Điều 1. Xếp loại chất lượng {period.title.lower()} đối với {len(decided)} trường hợp như sau:",
        ),
    ]
    for level in sorted(rules.levels.values(), key=lambda lv: lv.rank):
        names = [e for e in decided if e.final_level_id == level.id]
        blocks.append(Block("paragraph", f"- {level.name}: {len(names)}."))
    blocks.append(
        Block(
            "table",
            table=Table(
                headers=["STT", "Họ và tên / tổ chức", "Đơn vị", "Điểm", "Xếp loại"],
                rows=[[r[0], r[1], r[2], r[3], r[6]] for r in summary_rows(decided)],
                widths=[0.5, 3.0, 3.0, 0.8, 2.6],
            ),
        )
    )
    blocks.append(
        Block(
            "paragraph",
            "Điều 2. Quyết định có hiệu lực kể từ ngày ký. Các tổ chức đảng trực thuộc và cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
        )
    )
    return OfficialReport(
        layout=PARTY,
        superior="",
        issuer=unit.name.upper(),
        number="Số        -QĐ/ĐU",
        place=place_of(root),
        day=today.day,
        month=today.month,
        year=today.year,
        title="QUYẾT ĐỊNH",
        summary=f"về việc xếp loại chất lượng — {period.title.lower()}",
        blocks=blocks,
        recipients=["- Như Điều 2,", "- Lưu Văn phòng."],
        authority="T/M BAN THƯỜNG VỤ" if unit.depth <= 2 else "T/M CHI ỦY",
        position="BÍ THƯ",
        signer="",
    )


def summary_xlsx(
    period: EvaluationPeriod, unit: Unit, rows: list[list[str]], points: list[Any]
) -> bytes:
    """Through the one spreadsheet writer (apps.common.xlsx): text escaped, header frozen."""
    widths = [6, 32, 34, 9, 28, 28, 28]
    book = XlsxBook()
    sheet = book.sheet(
        "Xếp loại",
        [
            Column(h, w, "0.0" if j == 3 else None)
            for j, (h, w) in enumerate(zip(HEADERS, widths, strict=True))
        ],
        heading=[f"Kết quả đánh giá, xếp loại — {period.title} — {unit.name}"],
        freeze_first_column=True,
    )
    for row, value in zip(rows, points, strict=True):
        values: list[Any] = [int(row[0]), row[1], row[2]]
        values.append(float(value) if value is not None else None)
        values.extend(row[4:])
        sheet.append(values)
    return book.to_bytes()


# --- views ---------------------------------------------------------------------------------


@login_only
def export_self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The person themself, or an official of their scope."""
    evaluation, _own = sel.evaluation_get_for_viewer(actor=request.user, pk=pk)
    groups = rules_for(evaluation.period.rule_set).groups.get(SubjectKind.PERSON, ())
    scores = sel.evaluation_scores(evaluation=evaluation)
    rows = [
        (
            g.name,
            _num(g.max_points),
            _num(scores[g.id].points) if g.id in scores else "",
            scores[g.id].justification if g.id in scores else "",
        )
        for g in groups
    ]
    person = evaluation.person
    report = self_assessment_report(
        evaluation,
        rows,
        _root_name(evaluation.unit),
        evaluation.body.name,
        variant=sel.review_form_variant(person) if person else "2A",
        evidence_lines=sel.evidence_lines(evaluation=evaluation),
    )
    name = f"ban-kiem-diem-{evaluation.pk}.docx"
    return attachment(render_docx(report), filename=name, content_type=DOCX)


def _period_target(request: HttpRequest, pk: int) -> tuple[EvaluationPeriod, Unit]:
    period = sel.period_get_for_actor(actor=request.user, pk=pk)
    raw = request.GET.get("unit")
    unit_pk = int(raw) if raw and raw.isdigit() else None
    unit = sel.period_unit_for_actor(actor=request.user, period=period, unit_pk=unit_pk)
    return period, unit


@requires("evaluation.view")
def export_evaluation_list(request: HttpRequest, pk: int) -> HttpResponse:
    period, unit = _period_target(request, pk)
    subject = SubjectKind.UNIT if request.GET.get("doi_tuong") == "unit" else SubjectKind.PERSON
    evaluations = list(sel.evaluation_list(period=period, unit=unit, subject_kind=subject))
    rows = summary_rows(evaluations)
    stem = f"danh-sach-xep-loai-{period.pk}-{_slug(unit.code)}"
    if request.GET.get("format") == "xlsx":
        points = [
            e.head_points if e.head_points is not None else e.self_points for e in evaluations
        ]
        return attachment(
            summary_xlsx(period, unit, rows, points), filename=f"{stem}.xlsx", content_type=XLSX
        )
    rules = rules_for(period.rule_set)
    counts = [
        (lv.name, sum(1 for e in evaluations if e.final_level_id == lv.id))
        for lv in sorted(rules.levels.values(), key=lambda x: x.rank)
    ]
    report = summary_report(period, unit, rows, counts, _root_name(unit))
    return attachment(render_docx(report), filename=f"{stem}.docx", content_type=DOCX)


@requires("evaluation.view")
def export_evaluation_decision(request: HttpRequest, pk: int) -> HttpResponse:
    period, unit = _period_target(request, pk)
    decided = [
        e
        for e in sel.evaluation_list(period=period, unit=unit, status=EvaluationStatus.DECIDED)
        if e.body_id == unit.pk
    ]
    report = decision_report(period, unit, decided, _root_name(unit))
    return attachment(
        render_docx(report),
        filename=f"quyet-dinh-xep-loai-{period.pk}-{_slug(unit.code)}.docx",
        content_type=DOCX,
    )


urlpatterns = [
    path(
        "xuat/danh-gia/<int:pk>/ban-kiem-diem/",
        export_self_assessment,
        name="export_self_assessment",
    ),
    path(
        "xuat/danh-gia/ky/<int:pk>/danh-sach/",
        export_evaluation_list,
        name="export_evaluation_list",
    ),
    path(
        "xuat/danh-gia/ky/<int:pk>/quyet-dinh/",
        export_evaluation_decision,
        name="export_evaluation_decision",
    ),
]
