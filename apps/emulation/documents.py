"""Emulation documents: the commendation dossier (tờ trình, danh sách đề nghị, biên bản họp
hội đồng) and the decision as .docx in the official layout; a group's ranking as .xlsx.

Builders fill `OfficialReport`s from emulation selectors and the shared renderer writes them;
the dossier's three documents are rendered one by one and joined into one file, each starting
on a new page with its own header (quốc hiệu, tên cơ quan, số, ngày).
"""

import copy
import io
from decimal import Decimal
from typing import Any

from docx import Document
from docx.enum.text import WD_BREAK
from openpyxl.styles import PatternFill

from apps.common.xlsx import Column, XlsxBook
from apps.emulation.enums import SubjectKind
from apps.emulation.models import Movement, Proposal
from apps.emulation.selectors import INDIVIDUAL_TIE_BREAK, GroupRanking, UnitRanking
from apps.exports.documents import PARTY, STATE, Block, OfficialReport, Table
from apps.exports.docx_render import render_docx

_FILL = PatternFill("solid", fgColor="EEF1F6")


LAW = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
DECREE = (
    "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi "
    "hành một số điều của Luật Thi đua, khen thưởng"
)


def _place(proposal: Proposal) -> str:
    name = proposal.decider_unit.name
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _dated(proposal: Proposal, day: object = None) -> tuple[int, int, int]:
    when: Any = day or proposal.voted_on or proposal.submitted_at or proposal.created_at
    return when.day, when.month, when.year


def _base(proposal: Proposal, layout: str, *, issuer: str, superior: str, number: str) -> dict:
    day, month, year = _dated(proposal)
    return {
        "layout": layout,
        "superior": superior,
        "issuer": issuer,
        "number": number,
        "place": _place(proposal),
        "day": day,
        "month": month,
        "year": year,
    }


def _subject_line(proposal: Proposal) -> str:
    if proposal.subject_kind == SubjectKind.PERSON and proposal.subject_person is not None:
        person = proposal.subject_person
        position = f", {person.position}" if person.position else ""
        return f"Ông/Bà {person.full_name}{position}, {person.unit.name}"
    return proposal.subject_name


def _council(layout: str) -> str:
    return "HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG" if layout == STATE else "HỘI ĐỒNG THI ĐUA, KHEN THƯỞNG"


def submission(proposal: Proposal, layout: str = STATE) -> OfficialReport:
    """Tờ trình đề nghị khen thưởng."""
    number = "Số:      /TTr-HĐTĐKT" if layout == STATE else "Số      -TTr/HĐTĐKT"
    report = OfficialReport(
        **_base(
            proposal,
            layout,
            issuer=_council(layout),
            superior=proposal.proposing_unit.name.upper(),
            number=number,
        ),
        title="TỜ TRÌNH",
        summary=f"về việc đề nghị tặng {proposal.kind.name}",
        recipients=["- Như trên;", "- Lưu: VT, TĐKT."],
        authority="TM. HỘI ĐỒNG",
        position="CHỦ TỊCH",
    )
    report.blocks = [
        Block("paragraph", f"Kính gửi: {proposal.decider_unit.name}."),
        Block("paragraph", f"Căn cứ {LAW};"),
        Block("paragraph", f"Căn cứ {DECREE};"),
    ]
    if proposal.movement is not None:
        report.blocks.append(
            Block(
                "paragraph",
                f"Căn cứ kết quả phong trào thi đua “{proposal.movement.title}” "
                f"({proposal.movement.starts_on:%d/%m/%Y} – {proposal.movement.ends_on:%d/%m/%Y});",
            )
        )
    if proposal.voted_on:
        report.blocks.append(
            Block(
                "paragraph",
                f"Căn cứ biên bản họp Hội đồng Thi đua – Khen thưởng ngày "
                f"{proposal.voted_on:%d/%m/%Y},",
            )
        )
    report.blocks += [
        Block(
            "paragraph",
            f"{proposal.proposing_unit.name} kính trình {proposal.decider_unit.name} xem xét, "
            f"quyết định tặng {proposal.kind.name} cho: {_subject_line(proposal)}.",
        ),
        Block("heading", "Thành tích"),
        Block("paragraph", proposal.achievements),
        Block(
            "paragraph",
            f"Thời gian tính thành tích: từ ngày {proposal.period_start:%d/%m/%Y} đến ngày "
            f"{proposal.period_end:%d/%m/%Y}. Căn cứ áp dụng: {proposal.kind.source}.",
        ),
    ]
    evidence = list(proposal.evidence.all())
    if evidence:
        report.blocks.append(Block("heading", "Hồ sơ, minh chứng kèm theo"))
        report.blocks += [
            Block("paragraph", f"- {e.name}" + (f" ({e.link})" if e.link else "")) for e in evidence
        ]
    report.blocks.append(
        Block("paragraph", f"Kính trình {proposal.decider_unit.name} xem xét, quyết định./.")
    )
    return report


def nominee_list(proposal: Proposal, layout: str = STATE) -> OfficialReport:
    """Danh sách đề nghị khen thưởng."""
    report = OfficialReport(
        **_base(
            proposal,
            layout,
            issuer=_council(layout),
            superior=proposal.proposing_unit.name.upper(),
            number="",
        ),
        title="DANH SÁCH",
        summary=f"đề nghị tặng {proposal.kind.name}",
        authority="TM. HỘI ĐỒNG",
        position="CHỦ TỊCH",
    )
    report.blocks = [
        Block(
            "paragraph",
            f"(Kèm theo Tờ trình của {proposal.proposing_unit.name} về việc đề nghị tặng "
            f"{proposal.kind.name})",
        ),
        Block(
            "table",
            table=Table(
                headers=[
                    "TT",
                    "Tên tập thể, cá nhân",
                    "Danh hiệu, hình thức",
                    "Tóm tắt thành tích",
                ],
                rows=[["1", _subject_line(proposal), proposal.kind.name, proposal.achievements]],
                widths=[0.6, 3.5, 2.4, 5.0],
            ),
        ),
    ]
    return report


def council_minutes(proposal: Proposal, layout: str = STATE) -> OfficialReport:
    """Biên bản họp Hội đồng Thi đua – Khen thưởng."""
    report = OfficialReport(
        **_base(
            proposal,
            layout,
            issuer=_council(layout),
            superior=proposal.decider_unit.name.upper(),
            number="Số:      /BB-HĐTĐKT" if layout == STATE else "Số      -BB/HĐTĐKT",
        ),
        title="BIÊN BẢN",
        summary="họp Hội đồng Thi đua – Khen thưởng",
        authority="CHỦ TỊCH HỘI ĐỒNG",
        position="",
    )
    if proposal.votes_for is None:
        vote = "Hội đồng chưa họp xét đề nghị này."
    else:
        vote = (
            f"Số thành viên hội đồng: {proposal.council_members}. Kết quả biểu quyết: "
            f"{proposal.votes_for} tán thành, {proposal.votes_against or 0} không tán thành, "
            f"{proposal.votes_abstain or 0} không biểu quyết."
        )
    day = f"ngày {proposal.voted_on:%d/%m/%Y}" if proposal.voted_on else "ngày ... / ... / ......"
    report.blocks = [
        Block(
            "paragraph",
            f"Hôm nay, {day}, Hội đồng Thi đua – Khen thưởng họp xét đề nghị tặng "
            f"{proposal.kind.name} cho {_subject_line(proposal)}.",
        ),
        Block("paragraph", f"Đơn vị đề nghị: {proposal.proposing_unit.name}."),
        Block("paragraph", f"Thành tích: {proposal.achievements}"),
        Block("paragraph", vote),
        Block("paragraph", proposal.council_note or ""),
        Block("paragraph", "Biên bản kết thúc, thông qua toàn thể hội đồng./."),
    ]
    return report


def decision(proposal: Proposal, layout: str = STATE) -> OfficialReport:
    """Quyết định khen thưởng."""
    day, month, year = _dated(proposal, proposal.decision_date)
    number = proposal.decision_number or "      "
    report = OfficialReport(
        layout=layout,
        superior="",
        issuer=proposal.decider_unit.name.upper(),
        number=f"Số: {number}" if layout == STATE else f"Số {number}",
        place=_place(proposal),
        day=day,
        month=month,
        year=year,
        title="QUYẾT ĐỊNH",
        summary=f"về việc tặng {proposal.kind.name}",
        recipients=["- Như Điều 3;", "- Lưu: VT, TĐKT."],
        authority="",
        position="CHỦ TỊCH" if layout == STATE else "T/M BAN THƯỜNG VỤ",
    )
    report.blocks = [
        Block("paragraph", f"Căn cứ {LAW};"),
        Block("paragraph", f"Căn cứ {DECREE};"),
        Block(
            "paragraph",
            f"Xét đề nghị của {proposal.proposing_unit.name} và Hội đồng Thi đua – Khen thưởng.",
        ),
        Block("heading", "QUYẾT ĐỊNH:"),
        Block(
            "paragraph",
            f"Điều 1. Tặng {proposal.kind.name} cho {_subject_line(proposal)}, đã có thành tích: "
            f"{proposal.achievements}",
        ),
        Block("paragraph", "Điều 2. Khen thưởng kèm theo thực hiện theo quy định hiện hành."),
        Block(
            "paragraph",
            f"Điều 3. Quyết định có hiệu lực kể từ ngày ký. {proposal.proposing_unit.name} và "
            f"{_subject_line(proposal)} chịu trách nhiệm thi hành Quyết định này./.",
        ),
    ]
    return report


def _join(parts: list[bytes]) -> bytes:
    """One .docx made of several, each after a page break (text and tables only)."""
    first = Document(io.BytesIO(parts[0]))
    body = first.element.body
    section = body[-1]  # the sectPr stays last
    for part in parts[1:]:
        breaker = first.add_paragraph()
        breaker.add_run().add_break(WD_BREAK.PAGE)
        body.remove(breaker._p)
        section.addprevious(breaker._p)
        other = Document(io.BytesIO(part))
        for element in list(other.element.body):
            if element.tag.endswith("}sectPr"):
                continue
            section.addprevious(copy.deepcopy(element))
    buffer = io.BytesIO()
    first.save(buffer)
    return buffer.getvalue()


def dossier_docx(proposal: Proposal, layout: str = STATE) -> bytes:
    return _join(
        [
            render_docx(submission(proposal, layout)),
            render_docx(nominee_list(proposal, layout)),
            render_docx(council_minutes(proposal, layout)),
        ]
    )


def decision_docx(proposal: Proposal, layout: str = STATE) -> bytes:
    return render_docx(decision(proposal, layout))


def ranking_xlsx(ranking: GroupRanking, rows: list) -> bytes:
    """Through the one spreadsheet writer (apps.common.xlsx): text escaped, header frozen."""
    columns = [Column("Hạng", 7), Column("Đơn vị", 40), Column("Số đảng viên, cán bộ", 12)]
    columns += [
        Column(f"{r.name} (tối đa {r.max_points.normalize():f})", 16, "0.00") for r in ranking.rules
    ]
    columns += [Column("Tổng điểm", 11, "0.00"), Column("Ghi chú", 30)]
    state = "đã công bố" if ranking.published else "tạm tính"
    book = XlsxBook()
    sheet = book.sheet(
        "Xếp hạng",
        columns,
        heading=[f"Xếp hạng {ranking.group.name} ({state}, số liệu đến {ranking.as_of:%d/%m/%Y})"],
    )
    for row in rows:
        values: list[object] = [row.rank, row.name, row.members]
        values += [float(row.points.get(rule.code, Decimal(0))) for rule in ranking.rules]
        values += [float(row.total), row.tie_note or ("" if row.scored else "chưa được chấm")]
        sheet.append(values)
    sheet.append([])
    sheet.append(["Phương pháp tính"], bold=True)
    for line in ranking.method.splitlines():
        sheet.append([line])
    sheet.append([])
    sheet.append(["Khi bằng điểm"], bold=True)
    sheet.append([ranking.tie_break])
    return book.to_bytes()


def individual_ranking_xlsx(movement: Movement, rankings: list[UnitRanking]) -> bytes:
    """Individual rankings, one block per unit, with the method and the tie rule."""
    rules = rankings[0].rules if rankings else []
    columns = [Column("Đơn vị", 30), Column("Hạng", 7), Column("Họ và tên", 30)]
    columns += [
        Column(f"{r.name} (tối đa {r.max_points.normalize():f})", 16, "0.00") for r in rules
    ]
    columns += [Column("Tổng điểm", 11, "0.00"), Column("Ghi chú", 30)]
    state = "đã chốt khi kết thúc phong trào" if movement.is_closed else "tạm tính"
    book = XlsxBook()
    sheet = book.sheet(
        "Xếp hạng cá nhân",
        columns,
        heading=[f"Xếp hạng cá nhân – {movement.title} ({state})"],
    )
    for ranking in rankings:
        for row in ranking.rows:
            values: list[object] = [ranking.unit_name, row.rank, row.name]
            values += [float(row.points.get(rule.code, Decimal(0))) for rule in ranking.rules]
            values += [float(row.total), row.tie_note or ("" if row.scored else "chưa được chấm")]
            sheet.append(values)
    sheet.append([])
    sheet.append(["Phương pháp tính"], bold=True)
    for line in (rankings[0].method if rankings else "").splitlines():
        sheet.append([line])
    sheet.append([])
    sheet.append(["Khi bằng điểm"], bold=True)
    sheet.append([INDIVIDUAL_TIE_BREAK])
    return book.to_bytes()


LAYOUT_CHOICES = (PARTY, STATE)
