"""Inspections and discipline cases at any stage, built through the services (actor=None)."""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.inspections.enums import InspectionStatus as S
from apps.inspections.enums import SubjectKind, TeamRole
from apps.inspections.models import (
    DisciplineCase,
    DisciplineForm,
    Inspection,
    InspectionKind,
    ViolationLevel,
)
from apps.inspections.services import discipline as dsvc
from apps.inspections.services import inspections as svc
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.services.tasks import task_evidence_add, task_progress_set
from apps.rollout.models import Rollout
from tests.rollout.factories import make_rollout

ORDER: list[str] = [
    S.PLANNED,
    S.DECIDED,
    S.SELF_REPORT,
    S.VERIFYING,
    S.DRAFT_SENT,
    S.RESPONDED,
    S.CONCLUDED,
    S.CLOSED,
]
TODAY = datetime.date(2026, 11, 20)


def pdf_upload(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "application/pdf")


def shared_rollout(world: Any) -> Rollout:
    cached = getattr(world, "_inspection_rollout", None)
    if cached is None:
        existing = Rollout.objects.filter(unit=world.root).first()
        cached = existing or make_rollout(world)
        world._inspection_rollout = cached
    return cached


def head_person(world: Any) -> Person:
    return Person.objects.get(user=world.users["inspector"])


def make_inspection(
    world: Any, subject: Unit | None = None, *, status: str = S.PLANNED, findings: int = 2
) -> Inspection:
    """An inspection by the root of `subject` (default Xã A) on Directive 34, moved to `status`
    along the ordinary path (two findings on two criteria and one recommendation when
    concluded)."""
    subject = subject or world.commune_a
    rollout = shared_rollout(world)
    directive = rollout.directive
    criteria = list(directive.criteria.order_by("polarity", "order")[:2])
    inspection = svc.inspection_create(
        actor=None,
        kind=InspectionKind.objects.get(code="kiem-tra"),
        inspecting_unit=world.root,
        subject=subject,
        title=f"Kiểm tra việc thực hiện Chỉ thị 34 tại {subject.name}",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 11, 30),
        directive=directive,
        criteria=criteria,
        content="Việc thực hiện 3 điều cần làm, 4 điều cần tránh",
    )
    if status == S.CANCELLED:
        return svc.inspection_transition(actor=None, inspection=inspection, to=S.CANCELLED)
    target = ORDER.index(status)
    if target >= 1:
        svc.team_member_add(
            actor=None, inspection=inspection, person=head_person(world), role=TeamRole.HEAD
        )
        svc.inspection_decide(
            actor=None,
            inspection=inspection,
            number="12-QĐ/UBKTTU",
            date=datetime.date(2026, 11, 1),
        )
    if target >= 2:
        svc.inspection_request_self_report(
            actor=None, inspection=inspection, due=datetime.date(2026, 11, 10)
        )
    if target >= 3:
        svc.self_report_submit(actor=None, inspection=inspection, text="Đơn vị đã tự kiểm tra.")
    if target >= 4:
        level = ViolationLevel.objects.get(code="han-che")
        for criterion in criteria[:findings]:
            svc.finding_add(
                actor=None,
                inspection=inspection,
                unit=subject,
                level=level,
                text=f"Chưa thực hiện đầy đủ: {criterion.text[:40]}",
                criterion=criterion,
            )
        svc.recommendation_add(
            actor=None,
            inspection=inspection,
            text="Tổ chức kiểm điểm, rút kinh nghiệm",
            unit=subject,
            deadline=datetime.date(2026, 12, 31),
            finding=inspection.findings.first(),
        )
        svc.draft_send(
            actor=None,
            inspection=inspection,
            text="Dự thảo kết luận…",
            response_due=datetime.date(2026, 11, 25),
        )
    if target >= 5:
        svc.draft_respond(actor=None, inspection=inspection, text="Đơn vị thống nhất với dự thảo.")
    if target >= 6:
        svc.inspection_conclude(
            actor=None,
            inspection=inspection,
            strengths="Quán triệt nghiêm túc.",
            shortcomings="Còn hạn chế.",
            number="5-TB/UBKTTU",
            date=datetime.date(2026, 11, 28),
        )
    if target >= 7:
        complete_follow_ups(inspection)
        for rec in inspection.recommendations.all():
            svc.recommendation_verify(actor=None, recommendation=rec)
        svc.inspection_transition(actor=None, inspection=inspection, to=S.CLOSED)
    inspection.refresh_from_db()
    return inspection


def complete_follow_ups(inspection: Inspection) -> None:
    for rec in inspection.recommendations.select_related("task"):
        task = rec.task
        assert task is not None
        task_evidence_add(actor=None, task=task, name="Biên bản kiểm điểm", file=pdf_upload())
        task_progress_set(actor=None, task=task, progress=100)


def make_case(
    world: Any,
    *,
    person: Person | None = None,
    status: str = "opened",
    kind: str = SubjectKind.FULL_MEMBER,
    form_code: str = "khien-trach",
) -> DisciplineCase:
    person = person or world.person_a
    case = dsvc.discipline_open(
        actor=None,
        handling_unit=world.root,
        subject_kind=kind,
        subject_unit=person.unit,
        subject_person=person,
        summary="Vi phạm điều cần tránh của Chỉ thị 34: né tránh, đùn đẩy trách nhiệm.",
    )
    steps = ["opened", "notified", "explained", "considered", "decided", "executed"]
    target = steps.index(status) if status in steps else 0
    form = DisciplineForm.objects.get(subject_kind=kind, code=form_code)
    if target >= 1:
        dsvc.discipline_notify(
            actor=None,
            case=case,
            text="Thông báo xem xét kỷ luật",
            on=datetime.date(2026, 10, 1),
            response_due=datetime.date(2026, 10, 10),
        )
    if target >= 2:
        dsvc.discipline_record_response(
            actor=None, case=case, text="Bản kiểm điểm", on=datetime.date(2026, 10, 8)
        )
    if target >= 3:
        dsvc.discipline_record_meeting(
            actor=None,
            case=case,
            on=datetime.date(2026, 10, 15),
            members_total=9,
            votes_for=7,
            votes_against=1,
            votes_abstain=1,
            proposed_form=form,
        )
    if target >= 4:
        dsvc.discipline_decide(
            actor=None,
            case=case,
            form=form,
            number="3-QĐ/UBKTTU",
            decided_on=datetime.date(2026, 10, 20),
            effective_on=datetime.date(2026, 10, 20),
            deciding_body="Ủy ban Kiểm tra Tỉnh ủy",
            has_authority=True,
            authority_basis="Quy định 69-QĐ/TW",
        )
    if target >= 5:
        dsvc.discipline_execute(actor=None, case=case, on=datetime.date(2026, 10, 25))
    case.refresh_from_db()
    return case
