"""Demo inspections and discipline for Directive 34 (`load_inspections_demo(rollout)`).

The provincial inspection committee's yearly programme (the year of the demo rollout, whose dates
are placed around the loading day) with inspections of Lâm Đồng communes at different stages:
- Phường Xuân Hương - Đà Lạt (the `canbo.xa` / `lanhdao.xa` commune): concluded, three findings
  on three criteria, two follow-ups (one done and verified, one still open);
- a second commune: closed (follow-ups verified);
- a third: in progress (self-report received, being verified); a fourth: draft conclusion sent;
- a thematic supervision (giám sát chuyên đề) of a fifth, decided;
- one discipline case (a member of the closed commune): notified, explained, voted, decided
  (khiển trách), executed.
Deterministic, through the services with `actor=None` (the system); does nothing when the
programme already exists.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.inspections.enums import EvidenceKind, SubjectKind, TeamRole
from apps.inspections.models import (
    DisciplineForm,
    Inspection,
    InspectionKind,
    Programme,
    ViolationLevel,
)
from apps.inspections.services import discipline as dsvc
from apps.inspections.services import inspections as svc
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.services.tasks import task_evidence_add, task_progress_set
from apps.rollout.models import Rollout

XUAN_HUONG = "X24781"


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def _pdf(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n% Trienkhai demo\n%%EOF\n", "application/pdf")


@transaction.atomic
def load_inspections_demo(
    rollout: Rollout, *, stdout: Any = None, today: datetime.date | None = None
) -> None:
    root = rollout.unit
    today = today or timezone.localdate()
    year = rollout.starts_on.year
    if Programme.objects.filter(unit=root, year=year).exists():
        return
    day = lambda n: today + datetime.timedelta(days=n)  # noqa: E731
    programme = svc.programme_create(
        actor=None,
        unit=root,
        year=year,
        title=f"Chương trình kiểm tra, giám sát năm {year} của Ủy ban Kiểm tra Tỉnh ủy",
        note="Trọng tâm: kiểm tra, giám sát việc thực hiện Chỉ thị số 34-CT/TU.",
    )
    committee = Person.objects.filter(unit__code__startswith="LD-UBKT").order_by("code")
    head = committee.filter(position__startswith="Phó Chủ nhiệm").first() or committee.first()
    if head is None:
        _say(stdout, "Chưa có cán bộ Ủy ban Kiểm tra Tỉnh ủy trong dữ liệu mẫu: bỏ qua.")
        return
    members = list(committee.exclude(pk=head.pk)[:2])
    communes = list(
        Unit.objects.filter(path__startswith=root.path, depth=root.depth + 1, valid_to__isnull=True)
        .filter(code__startswith="X")
        .exclude(code=XUAN_HUONG)
        .order_by("sort_key")[:4]
    )
    xuan_huong = Unit.objects.filter(code=XUAN_HUONG).first()
    if xuan_huong is None or len(communes) < 4:
        _say(stdout, "Thiếu dữ liệu mẫu cho kiểm tra, giám sát: bỏ qua.")
        return
    directive = rollout.directive
    dos = list(directive.criteria.filter(polarity="do").order_by("order"))
    avoids = list(directive.criteria.filter(polarity="avoid").order_by("order"))
    kinds = {k.code: k for k in InspectionKind.objects.all()}
    levels = {lv.code: lv for lv in ViolationLevel.objects.all()}

    def open_inspection(
        subject: Unit, kind: str, start: int, criteria: list[Any], title: str
    ) -> Inspection:
        inspection = svc.inspection_create(
            actor=None,
            kind=kinds[kind],
            programme=programme,
            inspecting_unit=root,
            subject=subject,
            title=title,
            starts_on=day(start),
            ends_on=day(start + 30),
            directive=directive,
            criteria=criteria,
            content="Việc quán triệt và thực hiện Chỉ thị số 34-CT/TU; việc thực hiện "
            "“3 điều cần làm”, “4 điều cần tránh”; vai trò nêu gương của người đứng đầu.",
            period_start=datetime.date(2024, 4, 20),
            period_end=day(start - 1),
        )
        svc.team_member_add(actor=None, inspection=inspection, person=head, role=TeamRole.HEAD)
        for person in members:
            svc.team_member_add(
                actor=None, inspection=inspection, person=person, role=TeamRole.MEMBER
            )
        svc.inspection_decide(
            actor=None,
            inspection=inspection,
            number=f"{inspection.pk}-QĐ/UBKTTU",
            date=day(start - 3),
        )
        return inspection

    def conduct(inspection: Inspection, start: int, findings: list[tuple[Any, str, str]]) -> None:
        svc.inspection_request_self_report(actor=None, inspection=inspection, due=day(start + 7))
        svc.self_report_submit(
            actor=None,
            inspection=inspection,
            text="Báo cáo tự kiểm tra việc thực hiện Chỉ thị số 34-CT/TU: đã tổ chức quán triệt "
            "đến 100% chi bộ; đã xây dựng kế hoạch thực hiện; một số chi bộ chưa kịp thời sơ kết.",
        )
        svc.evidence_add(
            actor=None,
            inspection=inspection,
            kind=EvidenceKind.INTERVIEW,
            title="Biên bản làm việc với Ban Thường vụ Đảng ủy",
            text="Làm việc với Ban Thường vụ về việc thực hiện các điều cần làm, cần tránh.",
        )
        svc.evidence_add(
            actor=None,
            inspection=inspection,
            kind=EvidenceKind.FILE,
            title="Sổ biên bản sinh hoạt chi bộ (bản chụp)",
            file=_pdf("so-bien-ban.pdf"),
        )
        for criterion, level, text in findings:
            svc.finding_add(
                actor=None,
                inspection=inspection,
                unit=inspection.subject,
                level=levels[level],
                text=text,
                criterion=criterion,
            )

    def recommend(inspection: Inspection, items: list[tuple[str, int]]) -> None:
        first = inspection.findings.order_by("pk")
        for i, (text, deadline) in enumerate(items):
            svc.recommendation_add(
                actor=None,
                inspection=inspection,
                text=text,
                unit=inspection.subject,
                deadline=day(deadline),
                finding=first[i] if i < first.count() else None,
            )

    def conclude(inspection: Inspection, on: int) -> None:
        svc.draft_send(
            actor=None,
            inspection=inspection,
            text="Dự thảo báo cáo kết quả kiểm tra (gửi đối tượng cho ý kiến).",
            response_due=day(on - 3),
        )
        svc.draft_respond(
            actor=None,
            inspection=inspection,
            text="Đảng ủy thống nhất với dự thảo; đề nghị ghi nhận việc đã chấn chỉnh một phần.",
        )
        svc.inspection_conclude(
            actor=None,
            inspection=inspection,
            strengths="Đã quán triệt Chỉ thị kịp thời; xây dựng kế hoạch thực hiện cụ thể.",
            shortcomings="Việc thực hiện một số điều cần làm chưa đều; sơ kết chưa kịp thời.",
            violations="Có biểu hiện né tránh, đùn đẩy trách nhiệm ở một số bộ phận.",
            causes="Người đứng đầu một số chi bộ chưa sâu sát; kiểm tra, đôn đốc chưa thường xuyên.",
            responsibility="Trách nhiệm chính thuộc Ban Thường vụ Đảng ủy và bí thư các chi bộ.",
            number=f"{inspection.pk}-TB/UBKTTU",
            date=day(on),
        )

    def finish(inspection: Inspection, verify: int) -> None:
        for rec in inspection.recommendations.select_related("task").order_by("pk")[:verify]:
            if rec.task is None:  # pragma: no cover - every recommendation got its task
                continue
            task_evidence_add(
                actor=None,
                task=rec.task,
                name="Báo cáo kết quả khắc phục",
                file=_pdf("bao-cao.pdf"),
            )
            task_progress_set(actor=None, task=rec.task, progress=100)
            svc.recommendation_verify(
                actor=None, recommendation=rec, note="Đã kiểm tra, đạt yêu cầu."
            )

    # 1. Xuân Hương: concluded, follow-ups partly verified.
    xh = open_inspection(
        xuan_huong,
        "kiem-tra",
        -60,
        [*dos, *avoids[:2]],
        "Kiểm tra việc thực hiện Chỉ thị số 34-CT/TU tại Đảng bộ Phường Xuân Hương - Đà Lạt",
    )
    conduct(
        xh,
        -60,
        [
            (dos[0], "han-che", "Một số chi bộ chưa đưa nội dung Chỉ thị vào sinh hoạt định kỳ."),
            (
                avoids[0],
                "it-nghiem-trong",
                "Có trường hợp né tránh, đùn đẩy việc giải quyết đơn thư của người dân.",
            ),
            (avoids[1], "han-che", "Chậm xử lý hồ sơ hành chính ở bộ phận một cửa."),
        ],
    )
    recommend(
        xh,
        [
            ("Tổ chức kiểm điểm, rút kinh nghiệm tập thể, cá nhân liên quan.", -5),
            ("Rà soát, sửa đổi quy chế làm việc và quy trình giải quyết đơn thư.", 20),
        ],
    )
    conclude(xh, -25)
    finish(xh, 1)

    # 2. A closed inspection.
    closed = open_inspection(
        communes[0],
        "kiem-tra",
        -120,
        dos[:2],
        f"Kiểm tra việc thực hiện Chỉ thị số 34-CT/TU tại {communes[0].name}",
    )
    conduct(
        closed,
        -120,
        [
            (
                dos[1] if len(dos) > 1 else dos[0],
                "han-che",
                "Kế hoạch thực hiện chưa phân công cụ thể người chủ trì.",
            )
        ],
    )
    recommend(closed, [("Bổ sung phân công cụ thể trong kế hoạch thực hiện.", -70)])
    conclude(closed, -90)
    finish(closed, 1)
    svc.inspection_transition(actor=None, inspection=closed, to="closed", today=day(-60))

    # 3. In progress: self-report received, being verified.
    progress = open_inspection(
        communes[1],
        "kiem-tra",
        -8,
        [*dos, *avoids],
        f"Kiểm tra việc thực hiện Chỉ thị số 34-CT/TU tại {communes[1].name}",
    )
    conduct(progress, -8, [])

    # 4. Draft conclusion sent, the commune has not answered yet.
    drafted = open_inspection(
        communes[2],
        "kiem-tra",
        -30,
        avoids,
        f"Kiểm tra việc thực hiện “4 điều cần tránh” tại {communes[2].name}",
    )
    conduct(drafted, -30, [(avoids[-1], "han-che", "Còn tình trạng hội họp kéo dài, hình thức.")])
    svc.draft_send(
        actor=None, inspection=drafted, text="Dự thảo kết luận kiểm tra.", response_due=day(5)
    )

    # 5. A thematic supervision, decided.
    open_inspection(
        communes[3],
        "giam-sat-chuyen-de",
        -2,
        dos,
        f"Giám sát chuyên đề việc nêu gương của người đứng đầu tại {communes[3].name}",
    )

    # 6. A discipline case with its steps (a party member of the closed commune).
    subject = (
        Person.objects.filter(unit__path__startswith=communes[0].path, position="Đảng viên")
        .order_by("code")
        .first()
    )
    if subject is not None:
        form = DisciplineForm.objects.get(subject_kind=SubjectKind.FULL_MEMBER, code="khien-trach")
        case = dsvc.discipline_open(
            actor=None,
            handling_unit=root,
            subject_kind=SubjectKind.FULL_MEMBER,
            subject_unit=subject.unit,
            subject_person=subject,
            summary="Vi phạm điều cần tránh của Chỉ thị số 34-CT/TU: né tránh, đùn đẩy trách "
            "nhiệm trong giải quyết công việc của người dân (kết luận kiểm tra).",
            inspection=closed,
            finding=closed.findings.first(),
        )
        dsvc.discipline_notify(
            actor=None,
            case=case,
            text="Thông báo xem xét thi hành kỷ luật; đề nghị kiểm điểm.",
            on=day(-80),
            response_due=day(-70),
        )
        dsvc.discipline_record_response(
            actor=None,
            case=case,
            text="Bản kiểm điểm: nhận khuyết điểm, cam kết khắc phục.",
            on=day(-72),
        )
        dsvc.discipline_record_meeting(
            actor=None,
            case=case,
            on=day(-65),
            members_total=9,
            votes_for=8,
            votes_against=1,
            votes_abstain=0,
            proposed_form=form,
        )
        dsvc.discipline_decide(
            actor=None,
            case=case,
            form=form,
            number=f"{case.pk}-QĐ/UBKTTU",
            decided_on=day(-60),
            effective_on=day(-60),
            deciding_body="Ủy ban Kiểm tra Tỉnh ủy",
            has_authority=True,
            authority_basis="Quy định 69-QĐ/TW, Quy định 296-QĐ/TW",
        )
        dsvc.discipline_execute(actor=None, case=case, on=day(-55))
    _say(stdout, f"Đã tạo {programme.title} với 5 cuộc kiểm tra, giám sát và 1 vụ việc kỷ luật.")
