"""Plan workflow: draft → submitted → approved, or returned with a comment → resubmitted.

Why an explicit table rather than django-fsm-2: the workflow has four states and five
edges, and each edge needs a *different scope* (submitting is checked on the plan's own
unit, deciding on its PARENT unit so that a unit's own leader cannot approve its own plan).
A dict read top to bottom states all of that in one place, adds no dependency, and
`plan_transition` is the only function that assigns `Plan.status`.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.access import scoping
from apps.access.enums import Role
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.common.types import Actor
from apps.org.models import Unit
from apps.people.selectors import Holder, role_holders_nearest
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan, PlanVersion
from apps.plans.uploads import PLAN_DOCUMENTS, check_upload
from apps.rollout.models import Rollout
from apps.rollout.services.deadlines import DeadlineBook

# (from, to) → (action, where the action is checked: "unit" = the plan's unit, "parent" = the
# unit directly above it). Anything not in this table is refused.
TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (PlanStatus.DRAFT, PlanStatus.SUBMITTED): ("plan.submit", "unit"),
    (PlanStatus.RETURNED, PlanStatus.SUBMITTED): ("plan.submit", "unit"),
    (PlanStatus.SUBMITTED, PlanStatus.APPROVED): ("plan.approve", "parent"),
    (PlanStatus.SUBMITTED, PlanStatus.RETURNED): ("plan.approve", "parent"),
}


def require_scope(actor: Actor, action: str, unit: Unit) -> None:
    """Scope check; `actor=None` is the system (demo loader, jobs) and is not checked."""
    if actor is not None:
        scoping.require(actor, action, unit)


def parent_unit(unit: Unit) -> Unit | None:
    if unit.depth <= 1:
        return None
    return Unit.objects.filter(path=unit.path[: -Unit.steplen]).first()


def can_transition(actor: Actor, plan: Plan, to: str) -> bool:
    rule = TRANSITIONS.get((plan.status, to))
    if rule is None:
        return False
    if actor is None:
        return True
    action, where = rule
    if where == "unit":
        return scoping.can(actor, action, plan.unit)
    superior = parent_unit(plan.unit)
    if superior is None:
        return scoping.is_admin(actor)
    return scoping.can(actor, action, superior)


@transaction.atomic
def plan_create(*, actor: Actor, rollout: Rollout, unit: Unit, title: str) -> Plan:
    require_scope(actor, "plan.submit", unit)
    if not unit.path.startswith(rollout.unit.path):
        raise ApplicationError("Đơn vị không thuộc phạm vi của đợt triển khai này.")
    title = " ".join(title.split())
    if not title:
        raise ApplicationError("Cần nhập tên kế hoạch.")
    if Plan.objects.filter(rollout=rollout, unit=unit).exists():
        raise ApplicationError("Đơn vị đã có kế hoạch cho đợt triển khai này.")
    plan = Plan(rollout=rollout, unit=unit, title=title, created_by=actor_user(actor))
    plan.full_clean()
    plan._history_user = actor_user(actor)  # type: ignore[attr-defined]
    plan._change_reason = "Tạo dự thảo kế hoạch"  # type: ignore[attr-defined]
    plan.save()
    return plan


@transaction.atomic
def plan_transition(
    *,
    actor: Actor,
    plan: Plan,
    to: str,
    comment: str = "",
    document: Any = None,
    note: str = "",
) -> Plan:
    """The only way `Plan.status` changes: checks the table, the scope, then logs."""
    plan = Plan.objects.select_for_update().select_related("unit", "rollout").get(pk=plan.pk)
    rule = TRANSITIONS.get((plan.status, to))
    if rule is None:
        raise ApplicationError(
            f"Không thể chuyển kế hoạch từ “{PlanStatus(plan.status).label}” sang "
            f"“{PlanStatus(to).label if to in PlanStatus.values else to}”."
        )
    if not can_transition(actor, plan, to):
        # Deciding requires the superior unit's scope; the unit's own leader is refused.
        if rule[1] == "parent":
            raise ApplicationError(
                "Chỉ lãnh đạo của cấp ủy cấp trên trực tiếp mới được phê duyệt hoặc trả lại "
                "kế hoạch này."
            )
        raise ApplicationError("Bạn không có quyền trình kế hoạch của đơn vị này.")
    comment = comment.strip()
    now = timezone.now()
    previous = PlanStatus(plan.status).label
    fields = ["status"]
    if to == PlanStatus.SUBMITTED:
        if document is not None:
            check_upload(document, allowed=PLAN_DOCUMENTS)
        last = plan.versions.order_by("-number").first()
        if document is None and (last is None or not last.document):
            raise ApplicationError("Cần đính kèm tệp kế hoạch (.docx hoặc .pdf) khi trình.")
        version = PlanVersion(
            plan=plan,
            number=(last.number + 1) if last else 1,
            note=note.strip(),
            submitted_by=actor_user(actor),
            submitted_at=now,
        )
        if document is not None:
            version.document = document
        elif last is not None:
            version.document = last.document.name
        version.save()
        if plan.first_submitted_at is None:
            plan.first_submitted_at = now
            due = DeadlineBook(plan.rollout).for_unit(plan.unit).plan
            plan.submitted_late = timezone.localdate(now) > due
            fields += ["first_submitted_at", "submitted_late"]
        plan.submitted_at = now
        fields.append("submitted_at")
    else:
        if to == PlanStatus.RETURNED and not comment:
            raise ApplicationError("Khi trả lại kế hoạch cần ghi rõ ý kiến để đơn vị hoàn thiện.")
        decided = plan.versions.order_by("-number").first()
        if decided is not None:
            version = decided
            version.decision = to
            version.comment = comment
            version.decided_by = actor_user(actor)
            version.decided_at = now
            version.save(update_fields=["decision", "comment", "decided_by", "decided_at"])
        if to == PlanStatus.APPROVED:
            plan.approved_at = now
            fields.append("approved_at")
    plan.status = to
    plan._history_user = actor_user(actor)  # type: ignore[attr-defined]
    reason = f"{previous} → {PlanStatus(to).label}"
    if comment:
        reason += f": {comment}"
    plan._change_reason = reason[:500]  # type: ignore[attr-defined]
    plan.save(update_fields=fields)
    _plan_notify(plan, to=to, comment=comment)
    return plan


def _plan_notify(plan: Plan, *, to: str, comment: str) -> None:
    """Tells whoever must act next: on submission the leaders of the superior unit (who decide),
    on a decision the officers of the plan's unit (and the submitter). One event per version."""
    version = plan.versions.order_by("-number").first()
    number = version.number if version else 0
    url = plan.get_absolute_url()
    if to == PlanStatus.SUBMITTED:
        recipients = role_holders_nearest(unit=plan.unit, roles=[Role.LEADER], above=True)
        notify(
            recipients=recipients,
            event=f"plan:{plan.pk}:submitted:v{number}",
            title=f"Kế hoạch chờ phê duyệt: {plan.unit.name}",
            body=f"{plan.unit.name} đã trình “{plan.title}” (lần {number}); "
            "đồng chí phê duyệt hoặc trả lại để hoàn thiện.",
            url=url,
        )
        return
    recipients = list(role_holders_nearest(unit=plan.unit, roles=[Role.OFFICER], above=False))
    if version is not None and version.submitted_by_id:
        submitter = version.submitted_by
        recipients.append(Holder(version.submitted_by_id, submitter.email if submitter else "", 0))
    verb = "được phê duyệt" if to == PlanStatus.APPROVED else "bị trả lại để hoàn thiện"
    body = f"Kế hoạch “{plan.title}” của {plan.unit.name} {verb}."
    if comment:
        body += f" Ý kiến: {comment}"
    notify(
        recipients=recipients,
        event=f"plan:{plan.pk}:{to}:v{number}",
        title=f"Kế hoạch {verb}: {plan.unit.name}",
        body=body,
        url=url,
    )
