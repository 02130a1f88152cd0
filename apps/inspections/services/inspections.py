"""Inspection and supervision workflow (Quy định 296-QĐ/TW, 2025; the steps of the model
procedures: chuẩn bị — quyết định, đoàn kiểm tra; tiến hành — báo cáo tự kiểm tra, thẩm tra, xác
minh, dự thảo báo cáo kết quả, đối tượng tham gia ý kiến; kết thúc — kết luận, thông báo kết
luận, theo dõi khắc phục).

`TRANSITIONS` is the one table of allowed status changes: (from, to) → the actions that may make
the change and the guard that must hold. Only `inspection_transition` assigns `status`. Who
holds an action is checked where the table says: "manage" actions strictly above the subject
(`can_oversee`), "respond" actions on the subject's subtree (the target itself).
"""

import datetime
import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from apps.access import scoping
from apps.access.enums import Role
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.common.types import Actor
from apps.directives.models import ConductCriterion, Directive, KeyTask
from apps.inspections.enums import (
    EvidenceKind,
    FollowUpStatus,
    InspectionStatus,
    Origin,
    TeamRole,
)
from apps.inspections.models import (
    Evidence,
    Finding,
    Inspection,
    InspectionKind,
    Programme,
    Recommendation,
    SelfReport,
    TeamMember,
    ViolationLevel,
)
from apps.inspections.selectors import can_oversee
from apps.org.models import Unit
from apps.org.paths import ancestor_paths
from apps.people.models import Person
from apps.people.selectors import role_holders
from apps.plans.enums import TaskStatus
from apps.plans.services.tasks import task_create
from apps.plans.uploads import EVIDENCE_FILES, PLAN_DOCUMENTS, check_upload
from apps.rollout.models import Rollout

S = InspectionStatus
MANAGE = "inspection.manage"
RESPOND = "inspection.respond"


@dataclass(frozen=True)
class Rule:
    actions: tuple[str, ...]
    guard: Callable[[Inspection, datetime.date], str | None] | None = None


def _has_head(i: Inspection, _today: datetime.date) -> str | None:
    if not i.decision_number or not i.decision_date:
        return "Cần nhập số và ngày của quyết định kiểm tra, giám sát."
    if not i.team.filter(role=TeamRole.HEAD).exists():
        return "Đoàn kiểm tra, giám sát chưa có trưởng đoàn."
    return None


def _report_due(i: Inspection, _today: datetime.date) -> str | None:
    return None if i.self_report_due else "Cần nhập hạn gửi báo cáo tự kiểm tra."


def _report_or_overdue(i: Inspection, today: datetime.date) -> str | None:
    if i.self_reports.exists():
        return None
    if i.self_report_due and i.self_report_due < today:
        return None
    return "Đối tượng chưa gửi báo cáo tự kiểm tra và chưa hết hạn gửi."


def _draft(i: Inspection, _today: datetime.date) -> str | None:
    if not i.draft_text.strip():
        return "Cần nhập dự thảo báo cáo kết quả kiểm tra trước khi gửi đối tượng."
    if not i.response_due:
        return "Cần nhập hạn để đối tượng có ý kiến về dự thảo."
    return None


def _response(i: Inspection, _today: datetime.date) -> str | None:
    return None if i.response_text.strip() else "Cần nhập ý kiến về dự thảo kết luận."


def _conclusion(i: Inspection, _today: datetime.date) -> str | None:
    if not (i.strengths.strip() or i.shortcomings.strip() or i.violations.strip()):
        return "Kết luận cần có ưu điểm, hạn chế hoặc vi phạm."
    if not i.concluded_on:
        return "Cần nhập ngày kết luận."
    return None


def _conclusion_after_window(i: Inspection, today: datetime.date) -> str | None:
    if i.response_due is None or i.response_due >= today:
        return (
            "Đối tượng chưa có ý kiến về dự thảo và chưa hết hạn "
            f"({i.response_due:%d/%m/%Y})" + ": chưa thể kết luận."
            if i.response_due
            else "Đối tượng chưa có ý kiến về dự thảo: chưa thể kết luận."
        )
    return _conclusion(i, today)


def _all_followed_up(i: Inspection, _today: datetime.date) -> str | None:
    pending = i.recommendations.filter(status=FollowUpStatus.OPEN).count()
    if pending:
        return (
            f"Còn {pending} kiến nghị chưa được kiểm tra xác nhận hoàn thành hoặc miễn thực hiện: "
            "chưa thể kết thúc cuộc kiểm tra."
        )
    return None


TRANSITIONS: dict[tuple[str, str], Rule] = {
    (S.PLANNED, S.DECIDED): Rule((MANAGE,), _has_head),
    (S.PLANNED, S.CANCELLED): Rule((MANAGE,)),
    (S.DECIDED, S.SELF_REPORT): Rule((MANAGE,), _report_due),
    (S.DECIDED, S.VERIFYING): Rule((MANAGE,)),
    (S.DECIDED, S.CANCELLED): Rule((MANAGE,)),
    (S.SELF_REPORT, S.VERIFYING): Rule((RESPOND, MANAGE), _report_or_overdue),
    (S.SELF_REPORT, S.CANCELLED): Rule((MANAGE,)),
    (S.VERIFYING, S.DRAFT_SENT): Rule((MANAGE,), _draft),
    (S.VERIFYING, S.CANCELLED): Rule((MANAGE,)),
    (S.DRAFT_SENT, S.RESPONDED): Rule((RESPOND,), _response),
    (S.DRAFT_SENT, S.CONCLUDED): Rule((MANAGE,), _conclusion_after_window),
    (S.RESPONDED, S.CONCLUDED): Rule((MANAGE,), _conclusion),
    (S.CONCLUDED, S.CLOSED): Rule((MANAGE,), _all_followed_up),
}


def _may(actor: Actor, action: str, inspection: Inspection) -> bool:
    if actor is None:
        return True
    if action == RESPOND:
        return scoping.can(actor, action, inspection.subject)
    return can_oversee(actor, action, inspection.subject)


def can_transition(actor: Actor, inspection: Inspection, to: str) -> bool:
    rule = TRANSITIONS.get((inspection.status, to))
    return rule is not None and any(_may(actor, a, inspection) for a in rule.actions)


def inspection_transition(
    *, actor: Actor, inspection: Inspection, to: str, today: datetime.date | None = None
) -> Inspection:
    today = today or timezone.localdate()
    rule = TRANSITIONS.get((inspection.status, to))
    if rule is None:
        raise ApplicationError(
            f"Không thể chuyển cuộc kiểm tra từ “{S(inspection.status).label}” sang "
            f"“{S(to).label}”."
        )
    if not any(_may(actor, a, inspection) for a in rule.actions):
        raise ApplicationError("Bạn không có thẩm quyền thực hiện bước này.")
    if rule.guard is not None:
        problem = rule.guard(inspection, today)
        if problem:
            raise ApplicationError(problem)
    before = inspection.status
    inspection.status = to
    if to == S.CLOSED:
        inspection.closed_on = today
    inspection._history_user = actor_user(actor)  # type: ignore[attr-defined]
    inspection._change_reason = f"{S(before).label} → {S(to).label}"  # type: ignore[attr-defined]
    inspection.save()
    _notify_step(inspection, to)
    return inspection


# --- who must act --------------------------------------------------------------------------


def _holders(unit: Unit, *roles: str) -> list[Any]:
    """Who holds `roles` on the unit itself (notify's recipients)."""
    return list(role_holders(unit=unit, roles=list(roles)))


def _target_officers(inspection: Inspection) -> list[Any]:
    return _holders(inspection.subject, Role.OFFICER, Role.LEADER)


def _inspectors(inspection: Inspection) -> list[Any]:
    return _holders(inspection.inspecting_unit, Role.INSPECTOR)


def _notify_step(inspection: Inspection, to: str) -> None:
    target_url = f"/kiem-tra/{inspection.pk}/doi-tuong/"
    inspector_url = inspection.get_absolute_url()
    if to == S.DECIDED:
        notify(
            recipients=_target_officers(inspection),
            event=f"inspection:{inspection.pk}:decided",
            title=f"Quyết định kiểm tra, giám sát: {inspection.title}",
            body=f"{inspection.inspecting_unit.name} tiến hành {inspection.kind.name.lower()} "
            f"đối với {inspection.subject.name} từ {inspection.starts_on:%d/%m/%Y}.",
            url=target_url,
        )
    elif to == S.SELF_REPORT:
        notify(
            recipients=_target_officers(inspection),
            event=f"inspection:{inspection.pk}:self_report",
            title=f"Yêu cầu báo cáo tự kiểm tra: {inspection.title}",
            body=f"Hạn gửi: {inspection.self_report_due:%d/%m/%Y}.",
            url=target_url,
        )
    elif to == S.VERIFYING and inspection.self_reports.exists():
        notify(
            recipients=_inspectors(inspection),
            event=f"inspection:{inspection.pk}:self_report_received",
            title=f"Đối tượng đã gửi báo cáo tự kiểm tra: {inspection.title}",
            url=inspector_url,
        )
    elif to == S.DRAFT_SENT:
        notify(
            recipients=_target_officers(inspection),
            event=f"inspection:{inspection.pk}:draft",
            title=f"Dự thảo kết luận cần đơn vị cho ý kiến: {inspection.title}",
            body=f"Hạn cho ý kiến: {inspection.response_due:%d/%m/%Y}.",
            url=target_url,
        )
    elif to == S.RESPONDED:
        notify(
            recipients=_inspectors(inspection),
            event=f"inspection:{inspection.pk}:responded",
            title=f"Đối tượng đã có ý kiến về dự thảo: {inspection.title}",
            url=inspector_url,
        )
    elif to == S.CONCLUDED:
        notify(
            recipients=_holders(inspection.subject, Role.OFFICER, Role.LEADER),
            event=f"inspection:{inspection.pk}:concluded",
            title=f"Thông báo kết luận: {inspection.title}",
            body="Các kiến nghị đã được giao thành nhiệm vụ khắc phục của đơn vị.",
            url=f"/kiem-tra/{inspection.pk}/thong-bao-ket-luan/",
        )


# --- programme and inspection ----------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, actor: Actor, unit: Unit, year: int, title: str, note: str = ""
) -> Programme:
    if actor is not None:
        scoping.require(actor, MANAGE, unit)
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên chương trình kiểm tra, giám sát.")
    if Programme.objects.filter(unit=unit, year=year).exists():
        raise ApplicationError(f"{unit.name} đã có chương trình kiểm tra, giám sát năm {year}.")
    programme = Programme(
        unit=unit, year=year, title=title, note=note.strip(), created_by=actor_user(actor)
    )
    programme.full_clean()
    programme._history_user = actor_user(actor)  # type: ignore[attr-defined]
    programme.save()
    return programme


@transaction.atomic
def inspection_create(
    *,
    actor: Actor,
    kind: InspectionKind,
    inspecting_unit: Unit,
    subject: Unit,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    programme: Programme | None = None,
    directive: Directive | None = None,
    criteria: list[ConductCriterion] | None = None,
    key_tasks: list[KeyTask] | None = None,
    target_people: list[Person] | None = None,
    content: str = "",
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    origin: str = Origin.PROGRAMME,
    origin_note: str = "",
    origin_finding: Finding | None = None,
    origin_object: models.Model | None = None,
) -> Inspection:
    """Creates an inspection (status "planned"). One opened "khi có dấu hiệu vi phạm" names its
    source: `origin_finding`, or `origin_object` (any saved object: a unit's report, a citizen's
    feedback — recorded by content type, so that apps above this one can be named without being
    imported); the inspecting committee is told that a decision is now due."""
    if actor is not None:
        scoping.require(actor, MANAGE, inspecting_unit)
    if not (
        subject.path.startswith(inspecting_unit.path)
        and len(subject.path) > len(inspecting_unit.path)
    ):
        raise ApplicationError(
            f"{subject.name} không phải là tổ chức đảng cấp dưới của {inspecting_unit.name}."
        )
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên cuộc kiểm tra, giám sát.")
    if ends_on < starts_on:
        raise ApplicationError("Ngày kết thúc không được trước ngày bắt đầu.")
    if period_start and period_end and period_end < period_start:
        raise ApplicationError("Mốc thời gian kiểm tra: ngày cuối không được trước ngày đầu.")
    if programme is not None and programme.unit_id != inspecting_unit.pk:
        raise ApplicationError("Chương trình không phải của chủ thể kiểm tra này.")
    criteria = criteria or []
    key_tasks = key_tasks or []
    items: list[Any] = [*criteria, *key_tasks]
    for item in items:
        if directive is None or item.directive_id != directive.pk:
            raise ApplicationError(
                "Điều cần làm, cần tránh và nhiệm vụ phải thuộc văn bản đã chọn."
            )
    for person in target_people or []:
        if not person.unit.path.startswith(subject.path):
            raise ApplicationError(f"{person.full_name} không thuộc {subject.name}.")
    if (origin_finding is not None or origin_object is not None) and origin != Origin.SIGNS:
        raise ApplicationError(
            "Cuộc kiểm tra mở từ phát hiện, báo cáo hoặc phản ánh là kiểm tra khi có dấu hiệu "
            "vi phạm."
        )
    if origin == Origin.SIGNS and not (origin_note.strip() or origin_finding or origin_object):
        raise ApplicationError("Kiểm tra khi có dấu hiệu vi phạm: cần ghi rõ nguồn dấu hiệu.")
    if origin_object is not None and origin_object.pk is None:
        raise ApplicationError("Nguồn dấu hiệu vi phạm chưa được lưu.")
    inspection = Inspection(
        programme=programme,
        kind=kind,
        origin=origin,
        origin_note=origin_note.strip(),
        origin_finding=origin_finding,
        origin_type=ContentType.objects.get_for_model(origin_object) if origin_object else None,
        origin_id=origin_object.pk if origin_object else None,
        inspecting_unit=inspecting_unit,
        subject=subject,
        directive=directive,
        title=title,
        content=content.strip(),
        period_start=period_start,
        period_end=period_end,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor_user(actor),
    )
    inspection.full_clean()
    inspection._history_user = actor_user(actor)  # type: ignore[attr-defined]
    inspection.save()
    inspection.criteria.set(criteria)
    inspection.key_tasks.set(key_tasks)
    inspection.target_people.set(target_people or [])
    if origin == Origin.SIGNS:
        notify(
            recipients=[h for h in _inspectors(inspection) if h.user_id != getattr(actor, "pk", 0)],
            event=f"inspection:{inspection.pk}:opened",
            title=f"Kiểm tra khi có dấu hiệu vi phạm chờ ban hành quyết định: {inspection.title}",
            body=f"Nguồn: {inspection.origin_note or 'xem cuộc kiểm tra'}.",
            url=inspection.get_absolute_url(),
        )
    return inspection


def _require_manage(actor: Actor, inspection: Inspection) -> None:
    if not _may(actor, MANAGE, inspection):
        raise ApplicationError("Bạn không có thẩm quyền thực hiện bước này.")


def _require_status(inspection: Inspection, allowed: Collection[str], what: str) -> None:
    if inspection.status not in allowed:
        raise ApplicationError(
            f"Không thể {what} khi cuộc kiểm tra “{S(inspection.status).label}”."
        )


@transaction.atomic
def team_member_add(
    *, actor: Actor, inspection: Inspection, person: Person, role: str
) -> TeamMember:
    _require_manage(actor, inspection)
    _require_status(inspection, {S.PLANNED, S.DECIDED}, "thay đổi đoàn kiểm tra")
    if role not in TeamRole.values:
        raise ApplicationError("Nhiệm vụ trong đoàn không hợp lệ.")
    if not person.unit.path.startswith(inspection.inspecting_unit.path) or (
        person.unit.path.startswith(inspection.subject.path)
    ):
        raise ApplicationError(
            f"{person.full_name} không phải cán bộ của {inspection.inspecting_unit.name} "
            "(hoặc thuộc chính đối tượng kiểm tra)."
        )
    if role == TeamRole.HEAD and inspection.team.filter(role=TeamRole.HEAD).exists():
        raise ApplicationError("Đoàn kiểm tra đã có trưởng đoàn.")
    if inspection.team.filter(person=person).exists():
        raise ApplicationError(f"{person.full_name} đã có trong đoàn.")
    member = TeamMember(inspection=inspection, person=person, role=role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def inspection_decide(
    *, actor: Actor, inspection: Inspection, number: str, date: datetime.date
) -> Inspection:
    inspection.decision_number = number.strip()
    inspection.decision_date = date
    return inspection_transition(actor=actor, inspection=inspection, to=S.DECIDED)


@transaction.atomic
def inspection_request_self_report(
    *, actor: Actor, inspection: Inspection, due: datetime.date
) -> Inspection:
    inspection.self_report_due = due
    return inspection_transition(actor=actor, inspection=inspection, to=S.SELF_REPORT)


def _digest(file: Any) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(65536), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def self_report_submit(
    *, actor: Actor, inspection: Inspection, text: str = "", file: Any = None
) -> SelfReport:
    # The target sends it (inspection.respond), or the committee records one received on paper.
    if not (_may(actor, RESPOND, inspection) or _may(actor, MANAGE, inspection)):
        raise ApplicationError("Bạn không có thẩm quyền gửi báo cáo của đối tượng kiểm tra.")
    _require_status(inspection, {S.SELF_REPORT, S.VERIFYING}, "gửi báo cáo tự kiểm tra")
    text = text.strip()
    if not text and file is None:
        raise ApplicationError("Cần nhập nội dung báo cáo hoặc chọn tệp báo cáo (.pdf, .docx).")
    report = SelfReport(inspection=inspection, text=text, submitted_by=actor_user(actor))
    if file is not None:
        check_upload(file, allowed=PLAN_DOCUMENTS)
        report.sha256 = _digest(file)
        report.file = file
    report.full_clean()
    report.save()
    if inspection.status == S.SELF_REPORT:
        inspection_transition(actor=actor, inspection=inspection, to=S.VERIFYING)
    return report


@transaction.atomic
def evidence_add(
    *,
    actor: Actor,
    inspection: Inspection,
    kind: str,
    title: str,
    text: str = "",
    file: Any = None,
) -> Evidence:
    _require_manage(actor, inspection)
    _require_status(
        inspection,
        {S.DECIDED, S.SELF_REPORT, S.VERIFYING, S.DRAFT_SENT, S.RESPONDED},
        "bổ sung tài liệu, chứng cứ",
    )
    if kind not in EvidenceKind.values:
        raise ApplicationError("Loại tài liệu không hợp lệ.")
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên tài liệu, chứng cứ.")
    if kind == EvidenceKind.FILE and file is None:
        raise ApplicationError("Tài liệu, hồ sơ: cần chọn tệp.")
    if kind != EvidenceKind.FILE and not text.strip():
        raise ApplicationError("Cần nhập nội dung ghi chép hoặc biên bản làm việc.")
    evidence = Evidence(
        inspection=inspection, kind=kind, title=title, text=text.strip(), added_by=actor_user(actor)
    )
    if file is not None:
        check_upload(file, allowed=EVIDENCE_FILES)
        evidence.sha256 = _digest(file)
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def draft_send(
    *, actor: Actor, inspection: Inspection, text: str, response_due: datetime.date
) -> Inspection:
    inspection.draft_text = text.strip()
    inspection.response_due = response_due
    inspection.draft_sent_on = timezone.localdate()
    return inspection_transition(actor=actor, inspection=inspection, to=S.DRAFT_SENT)


@transaction.atomic
def draft_respond(*, actor: Actor, inspection: Inspection, text: str) -> Inspection:
    inspection.response_text = text.strip()
    inspection.responded_on = timezone.localdate()
    return inspection_transition(actor=actor, inspection=inspection, to=S.RESPONDED)


_DRAFTING = {S.VERIFYING, S.DRAFT_SENT, S.RESPONDED}


@transaction.atomic
def finding_add(
    *,
    actor: Actor,
    inspection: Inspection,
    unit: Unit,
    level: ViolationLevel,
    text: str,
    criterion: ConductCriterion | None = None,
    key_task: KeyTask | None = None,
    people: list[Person] | None = None,
) -> Finding:
    _require_manage(actor, inspection)
    _require_status(inspection, _DRAFTING, "ghi nhận phát hiện")
    text = text.strip()
    if not text:
        raise ApplicationError("Cần nhập nội dung phát hiện.")
    if criterion is None and key_task is None:
        raise ApplicationError("Phát hiện cần gắn với một điều cần làm, cần tránh hoặc nhiệm vụ.")
    for item in (criterion, key_task):
        if item is not None and item.directive_id != inspection.directive_id:
            raise ApplicationError("Tiêu chí hoặc nhiệm vụ không thuộc văn bản được kiểm tra.")
    if not unit.path.startswith(inspection.subject.path):
        raise ApplicationError(
            f"{unit.name} không thuộc đối tượng kiểm tra {inspection.subject.name}."
        )
    for person in people or []:
        if not person.unit.path.startswith(inspection.subject.path):
            raise ApplicationError(f"{person.full_name} không thuộc {inspection.subject.name}.")
    finding = Finding(
        inspection=inspection,
        unit=unit,
        level=level,
        text=text,
        criterion=criterion,
        key_task=key_task,
    )
    finding.full_clean()
    finding.save()
    finding.people.set(people or [])
    return finding


def rollout_for(inspection: Inspection, unit: Unit) -> Rollout | None:
    """The rollout of the inspected directive that covers `unit` (nearest first): follow-up
    tasks are plans tasks, which belong to a rollout."""
    if inspection.directive_id is None:
        return None
    return (
        Rollout.objects.filter(
            directive_id=inspection.directive_id,
            unit__path__in=ancestor_paths(unit.path, include_self=True),
        )
        .order_by("-unit__depth", "-starts_on")
        .first()
    )


@transaction.atomic
def recommendation_add(
    *,
    actor: Actor,
    inspection: Inspection,
    text: str,
    unit: Unit,
    deadline: datetime.date,
    finding: Finding | None = None,
) -> Recommendation:
    _require_manage(actor, inspection)
    _require_status(inspection, _DRAFTING, "ghi nhận kiến nghị")
    text = text.strip()
    if not text:
        raise ApplicationError("Cần nhập nội dung kiến nghị, yêu cầu khắc phục.")
    if not unit.path.startswith(inspection.subject.path):
        raise ApplicationError(
            f"{unit.name} không thuộc đối tượng kiểm tra {inspection.subject.name}."
        )
    if finding is not None and finding.inspection_id != inspection.pk:
        raise ApplicationError("Phát hiện không thuộc cuộc kiểm tra này.")
    if rollout_for(inspection, unit) is None:
        raise ApplicationError(
            "Chưa có đợt triển khai của văn bản được kiểm tra bao gồm "
            f"{unit.name}: không thể giao nhiệm vụ khắc phục."
        )
    rec = Recommendation(
        inspection=inspection, finding=finding, unit=unit, text=text, deadline=deadline
    )
    rec.full_clean()
    rec._history_user = actor_user(actor)  # type: ignore[attr-defined]
    rec.save()
    return rec


@transaction.atomic
def inspection_conclude(
    *,
    actor: Actor,
    inspection: Inspection,
    strengths: str = "",
    shortcomings: str = "",
    violations: str = "",
    causes: str = "",
    responsibility: str = "",
    number: str = "",
    date: datetime.date | None = None,
) -> Inspection:
    """The conclusion: the fields, then the transition, then one follow-up task per
    recommendation (through plans' task service) for the target unit."""
    date = date or timezone.localdate()
    inspection.strengths = strengths.strip()
    inspection.shortcomings = shortcomings.strip()
    inspection.violations = violations.strip()
    inspection.causes = causes.strip()
    inspection.responsibility = responsibility.strip()
    inspection.conclusion_number = number.strip()
    inspection.concluded_on = date
    inspection_transition(actor=actor, inspection=inspection, to=S.CONCLUDED, today=date)
    for rec in inspection.recommendations.select_related("unit").filter(task__isnull=True):
        rollout = rollout_for(inspection, rec.unit)
        if rollout is None:  # pragma: no cover - checked when the recommendation was added
            raise ApplicationError(f"Không tìm thấy đợt triển khai cho {rec.unit.name}.")
        # The inspector holds no task.manage: the task is created by the system on the
        # authority just checked (inspection.manage strictly above the subject).
        task = task_create(
            actor=None,
            rollout=rollout,
            unit=rec.unit,
            title=f"Khắc phục theo kết luận kiểm tra: {rec.text}"[:300],
            description=(
                f"{inspection.inspecting_unit.name} — {inspection.title}"
                + (
                    f", thông báo kết luận số {inspection.conclusion_number}"
                    if inspection.conclusion_number
                    else ""
                )
                + f".\n{rec.text}"
            ),
            start=min(date, rec.deadline),
            deadline=rec.deadline,
        )
        rec.task = task
        rec.save(update_fields=["task"])
        notify(
            recipients=_holders(rec.unit, Role.OFFICER),
            event=f"recommendation:{rec.pk}:assigned",
            title=f"Nhiệm vụ khắc phục sau kiểm tra, hạn {rec.deadline:%d/%m/%Y}",
            body=rec.text,
            url=task.get_absolute_url(),
        )
    return inspection


@transaction.atomic
def recommendation_verify(
    *, actor: Actor, recommendation: Recommendation, note: str = ""
) -> Recommendation:
    """The inspecting unit checks a completed follow-up and confirms it."""
    inspection = recommendation.inspection
    _require_manage(actor, inspection)
    if recommendation.status != FollowUpStatus.OPEN:
        raise ApplicationError("Kiến nghị này đã được xử lý.")
    task = recommendation.task
    if task is None or task.status != TaskStatus.DONE:
        raise ApplicationError(
            "Đơn vị chưa báo cáo hoàn thành nhiệm vụ khắc phục: chưa thể xác nhận."
        )
    if not task.evidence.exists():
        raise ApplicationError("Nhiệm vụ khắc phục chưa có minh chứng: chưa thể xác nhận.")
    recommendation.status = FollowUpStatus.VERIFIED
    recommendation.note = note.strip()
    recommendation.decided_by = actor_user(actor)
    recommendation.decided_on = timezone.localdate()
    recommendation._history_user = actor_user(actor)  # type: ignore[attr-defined]
    recommendation.save()
    return recommendation


@transaction.atomic
def recommendation_waive(
    *, actor: Actor, recommendation: Recommendation, reason: str
) -> Recommendation:
    _require_manage(actor, recommendation.inspection)
    if recommendation.status != FollowUpStatus.OPEN:
        raise ApplicationError("Kiến nghị này đã được xử lý.")
    if not reason.strip():
        raise ApplicationError("Miễn thực hiện kiến nghị: cần ghi rõ lý do.")
    recommendation.status = FollowUpStatus.WAIVED
    recommendation.note = reason.strip()
    recommendation.decided_by = actor_user(actor)
    recommendation.decided_on = timezone.localdate()
    recommendation._history_user = actor_user(actor)  # type: ignore[attr-defined]
    recommendation.save()
    return recommendation


def follow_up_completed(task_id: int, status: str) -> None:
    """Called when a plans task is saved: tells the inspecting unit that a follow-up task it
    assigned is reported done (once per recommendation)."""
    if status != TaskStatus.DONE:
        return
    rec = (
        Recommendation.objects.select_related("inspection", "inspection__inspecting_unit", "unit")
        .filter(task_id=task_id, status=FollowUpStatus.OPEN)
        .first()
    )
    if rec is None:
        return
    notify(
        recipients=_inspectors(rec.inspection),
        event=f"recommendation:{rec.pk}:done",
        title=f"{rec.unit.name} báo cáo đã khắc phục: cần kiểm tra, xác nhận",
        body=rec.text,
        url=rec.inspection.get_absolute_url(),
    )
