"""Reads of inspections and discipline cases, with the confidentiality rule.

The rule ("strictly above"): an inspection in progress and every discipline case are visible only
to administrators and to holders of the inspection role on an ANCESTOR of the subject unit — a
unit strictly above it. `scoping.can` covers a grant's own unit too, so an inspector granted AT
the subject unit (its own inspection committee) would pass it; here they do not: the subject's
own officers, leaders and inspectors all get 404. Published conclusions (and their findings) are
visible to whoever holds `inspection.conclusion.view` on the subject (its leaders included).
The target's own page (what is asked of it: the decision, the self-report, the draft to answer)
is reached with `inspection.respond` on the subject.
"""

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.access import scoping
from apps.common.types import Actor
from apps.inspections.enums import (
    CONCLUDED,
    CaseStatus,
    FollowUpStatus,
    InspectionStatus,
    Origin,
)
from apps.inspections.models import (
    DisciplineAccessLog,
    DisciplineCase,
    Finding,
    Inspection,
    Programme,
    Recommendation,
)
from apps.org.models import Unit
from apps.org.paths import depth_of
from apps.plans.enums import TaskStatus

_NOTHING = Q(pk__in=[])


def can_oversee(user: Actor, action: str, unit: Unit) -> bool:
    """True for administrators and for holders of `action` on a unit strictly above `unit`."""
    if user is None:
        return True
    if scoping.is_admin(user):
        return True
    return any(
        unit.path.startswith(p) and len(unit.path) > len(p)
        for p in scoping.scope_paths(user, action)
    )


def oversee_q(user: Actor, action: str, field: str) -> Q:
    """Filter on `field` (a Unit FK) for the units strictly below the user's grants."""
    if user is None or scoping.is_admin(user):
        return Q()
    query = _NOTHING
    for path in scoping.scope_paths(user, action):
        query |= Q(**{f"{field}__path__startswith": path, f"{field}__depth__gt": depth_of(path)})
    return query


def published_q(user: Actor, field: str = "") -> Q:
    """Inspections (or rows under `field`) whose conclusion the user may read: overseen ones, and
    concluded ones on a subject in the user's `inspection.conclusion.view` scope."""
    if user is None or scoping.is_admin(user):
        return Q()
    prefix = f"{field}__" if field else ""
    concluded = Q(**{f"{prefix}status__in": list(CONCLUDED)})
    return oversee_q(user, "inspection.view", f"{prefix}subject") | (
        concluded & scoping.scope_q(user, "inspection.conclusion.view", f"{prefix}subject")
    )


# --- programmes ------------------------------------------------------------------------------


def programme_list(*, actor: Actor) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(scoping.scope_q(actor, "inspection.view", "unit"))
        .select_related("unit")
        .annotate(n=Count("inspections"))
        .order_by("-year", "unit__path")
    )


def programme_get_for_actor(*, actor: Actor, pk: int) -> Programme:
    programme = Programme.objects.select_related("unit").filter(pk=pk).first()
    if programme is None or not scoping.can(actor, "inspection.view", programme.unit):
        raise Http404
    return programme


# --- inspections -----------------------------------------------------------------------------


def _inspections() -> QuerySet[Inspection]:
    return Inspection.objects.select_related(
        "kind", "subject", "inspecting_unit", "directive", "programme"
    )


def inspection_list(
    *,
    actor: Actor,
    status: str = "",
    programme: Programme | None = None,
    directive_id: int | None = None,
    within: Unit | None = None,
    origin: str = "",
) -> QuerySet[Inspection]:
    """The inspections the actor oversees (strictly above their subject)."""
    qs = _inspections().filter(oversee_q(actor, "inspection.view", "subject"))
    if status:
        qs = qs.filter(status=status)
    if origin:
        qs = qs.filter(origin=origin)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if directive_id:
        qs = qs.filter(directive_id=directive_id)
    if within is not None:
        qs = qs.filter(subject__path__startswith=within.path)
    return qs.order_by("-starts_on", "-pk")


def inspection_get_for_actor(
    *, actor: Actor, pk: int, action: str = "inspection.view", for_update: bool = False
) -> Inspection:
    qs = _inspections()
    if for_update:
        qs = qs.select_for_update(of=("self",))
    inspection = qs.filter(pk=pk).first()
    if inspection is None or not can_oversee(actor, action, inspection.subject):
        raise Http404
    return inspection


def inspections_from(*, actor: Actor, source: Model) -> QuerySet[Inspection]:
    """The inspections opened from `source` (a report, a feedback…) that the actor oversees."""
    return inspection_list(actor=actor).filter(
        origin_type=ContentType.objects.get_for_model(source), origin_id=source.pk
    )


@dataclass(frozen=True)
class OriginLink:
    label: str
    url: str


def origin_link(inspection: Inspection) -> OriginLink | None:
    """What the signs of violation came from, as a label and a link (a finding, or the object
    recorded by content type, named by its own `__str__` and `get_absolute_url`)."""
    if inspection.origin_finding_id:
        finding = inspection.origin_finding
        assert finding is not None  # noqa: S101 - the id is set
        return OriginLink(
            f"Phát hiện qua {finding.inspection.title}: {finding.text[:80]}",
            finding.get_absolute_url(),
        )
    if inspection.origin_type_id and inspection.origin_id:
        source = inspection.origin_object
        if source is None:
            return None
        url = getattr(source, "get_absolute_url", None)
        return OriginLink(str(source), url() if callable(url) else "")
    return None


def signs_waiting(*, actor: Actor) -> int:
    """Inspections opened on signs of violation still waiting for their decision."""
    return (
        inspection_list(actor=actor, status=InspectionStatus.PLANNED, origin=Origin.SIGNS)
        .order_by()
        .count()
    )


def inspection_for_target(*, actor: Actor, pk: int) -> Inspection:
    """The target's view of an inspection addressed to it (after the decision)."""
    inspection = _inspections().filter(pk=pk).first()
    if (
        inspection is None
        or inspection.status in {InspectionStatus.PLANNED, InspectionStatus.CANCELLED}
        or not scoping.can(actor, "inspection.respond", inspection.subject)
    ):
        raise Http404
    return inspection


def inspections_for_target(*, actor: Actor) -> QuerySet[Inspection]:
    return (
        _inspections()
        .filter(scoping.scope_q(actor, "inspection.respond", "subject"))
        .exclude(status__in=[InspectionStatus.PLANNED, InspectionStatus.CANCELLED])
        .order_by("-starts_on", "-pk")
    )


def inspection_conclusion_get_for_actor(*, actor: Actor, pk: int) -> Inspection:
    """A concluded inspection for someone allowed to read its published conclusion."""
    inspection = _inspections().filter(pk=pk).first()
    if inspection is None:
        raise Http404
    if can_oversee(actor, "inspection.view", inspection.subject):
        if inspection.is_concluded:
            return inspection
        raise Http404
    if inspection.is_concluded and scoping.can(
        actor, "inspection.conclusion.view", inspection.subject
    ):
        return inspection
    raise Http404


def finding_get_for_actor(*, actor: Actor, pk: int) -> Finding:
    finding = (
        Finding.objects.select_related(
            "inspection", "inspection__subject", "unit", "criterion", "key_task", "level"
        )
        .filter(pk=pk)
        .first()
    )
    if finding is None:
        raise Http404
    inspection_conclusion_get_for_actor(actor=actor, pk=finding.inspection_id)
    return finding


def recommendation_get_for_actor(*, actor: Actor, pk: int) -> Recommendation:
    rec = Recommendation.objects.select_related("inspection", "task").filter(pk=pk).first()
    if rec is None:
        raise Http404
    inspection_get_for_actor(actor=actor, pk=rec.inspection_id, action="inspection.manage")
    return rec


@dataclass
class FollowUpRow:
    recommendation: Recommendation
    task_status: str
    task_progress: int
    overdue: bool

    @property
    def awaiting_verification(self) -> bool:
        return (
            self.recommendation.status == FollowUpStatus.OPEN
            and self.task_status == TaskStatus.DONE
        )


def follow_ups(*, inspection: Inspection, today: datetime.date | None = None) -> list[FollowUpRow]:
    today = today or timezone.localdate()
    rows = []
    for rec in inspection.recommendations.select_related("task", "unit", "finding").order_by(
        "deadline", "pk"
    ):
        task = rec.task
        status = task.status if task else ""
        rows.append(
            FollowUpRow(
                recommendation=rec,
                task_status=status,
                task_progress=task.progress if task else 0,
                overdue=rec.status == FollowUpStatus.OPEN
                and status != TaskStatus.DONE
                and rec.deadline < today,
            )
        )
    return rows


def recommendations_pending(*, actor: Actor, today: datetime.date | None = None) -> dict[str, int]:
    """Counts for the inspector's work items: follow-ups done by the target awaiting
    verification, and overdue ones."""
    today = today or timezone.localdate()
    base = Recommendation.objects.filter(
        oversee_q(actor, "inspection.manage", "inspection__subject"),
        status=FollowUpStatus.OPEN,
    )
    return {
        "to_verify": base.filter(task__status=TaskStatus.DONE).count(),
        "overdue": base.exclude(task__status=TaskStatus.DONE).filter(deadline__lt=today).count(),
    }


# --- discipline ------------------------------------------------------------------------------


def _cases() -> QuerySet[DisciplineCase]:
    return DisciplineCase.objects.select_related(
        "subject_unit", "subject_person", "handling_unit", "form", "proposed_form", "inspection"
    )


def discipline_list(*, actor: Actor, status: str = "") -> QuerySet[DisciplineCase]:
    qs = _cases().filter(oversee_q(actor, "discipline.view", "subject_unit"))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def discipline_case_get_for_actor(
    *,
    actor: Actor,
    pk: int,
    action: str = "discipline.view",
    purpose: str = "xem",
    for_update: bool = False,
) -> DisciplineCase:
    """One case, or 404 unless the actor oversees its subject. Every successful read by a user
    writes one access-log row (who, when, why)."""
    qs = _cases()
    if for_update:
        qs = qs.select_for_update(of=("self",))
    case = qs.filter(pk=pk).first()
    if case is None or not can_oversee(actor, action, case.subject_unit):
        raise Http404
    if actor is not None and getattr(actor, "pk", None):
        DisciplineAccessLog.objects.create(case=case, user=cast(Any, actor), purpose=purpose)
    return case


def discipline_access_log(*, case: DisciplineCase) -> QuerySet[DisciplineAccessLog]:
    return case.access_log.select_related("user").order_by("-at", "-pk")


def cases_waiting(*, actor: Actor) -> int:
    return (
        discipline_list(actor=actor)
        .filter(
            status__in=[
                CaseStatus.OPENED,
                CaseStatus.NOTIFIED,
                CaseStatus.EXPLAINED,
                CaseStatus.CONSIDERED,
                CaseStatus.APPEALED,
            ]
        )
        .count()
    )


def inspections_waiting(*, actor: Actor) -> dict[str, int]:
    qs = inspection_list(actor=actor).filter(oversee_q(actor, "inspection.manage", "subject"))
    counts: dict[str, Any] = dict(qs.values_list("status").annotate(n=Count("pk")).order_by())
    return {k: int(v) for k, v in counts.items()}
