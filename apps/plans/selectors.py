"""Reads of plans, tasks and reports, scoped to the actor; consolidation is set-based."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.utils import timezone

from apps.access import scoping
from apps.access.enums import Role
from apps.access.models import Assignment
from apps.common.types import Actor
from apps.org.models import Unit
from apps.org.paths import ancestor_paths
from apps.plans.enums import PlanStatus, ReportStatus, TaskStatus
from apps.plans.models import (
    Indicator,
    PeriodClosure,
    Plan,
    PlanVersion,
    Report,
    ReportPeriod,
    ReportValue,
    Task,
)
from apps.rollout.models import ConnectionPoint, Rollout, RolloutUnitStat
from apps.rollout.selectors import rollout_get_for_actor, rollout_unit_for_actor
from apps.rollout.services.deadlines import DeadlineBook

# --- plans ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnFigures:
    sessions_held: int
    people_required: int
    people_reached: int
    plan_submitted: int

    def get(self, source: str) -> int | None:
        return getattr(self, source, None) if source else None


def closure_for(period: ReportPeriod, unit: Unit) -> PeriodClosure | None:
    """The closure of `period` at `unit` or at any level above it (which locks `unit`)."""
    return (
        PeriodClosure.objects.filter(
            period=period, unit__path__in=ancestor_paths(unit.path, include_self=True)
        )
        .select_related("unit")
        .order_by("unit__depth")
        .first()
    )


def plan_list(
    *, actor: Actor, rollout: Rollout | None = None, within: Unit | None = None, status: str = ""
) -> QuerySet[Plan]:
    qs = Plan.objects.filter(scoping.scope_q(actor, "plan.view")).select_related("unit", "rollout")
    if rollout is not None:
        qs = qs.filter(rollout=rollout)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("unit__path")


def plans_awaiting_decision(*, actor: Actor, rollout: Rollout | None = None) -> QuerySet[Plan]:
    """Submitted plans the actor is the one to decide: the nearest leader above the plan's unit.

    A leader's scope covers the whole subtree, but a cell's plan is decided by its commune's
    leader, not the province's: plans with another leader assigned between the actor's unit and
    the plan's unit are left out. Three queries (leaders below, candidate plans, the plans).
    """
    qs = plan_list(actor=actor, rollout=rollout, status=PlanStatus.SUBMITTED)
    if scoping.is_admin(actor):
        roots = [""]
    else:
        roots = scoping.scope_paths(actor, "plan.approve")
        if not roots:
            return qs.none()
        qs = qs.exclude(unit__path__in=roots)  # nobody decides their own unit's plan
    below = Q(pk__in=[])
    for root in roots:
        below |= Q(unit__path__startswith=root)
    leaders = set(
        Assignment.objects.filter(
            below, role=Role.LEADER, unit__valid_to__isnull=True, person__user__is_active=True
        )
        .exclude(unit__path__in=roots)
        .values_list("unit__path", flat=True)
    )
    # A plan whose unit has another leader strictly above it (and below the actor) is theirs.
    mine = [
        pk
        for pk, path in qs.values_list("pk", "unit__path")
        if not any(path.startswith(p) and path != p for p in leaders)
    ]
    return qs.filter(pk__in=mine)


def plan_get_for_actor(*, actor: Actor, pk: int, action: str = "plan.view") -> Plan:
    """One plan, or 404 outside scope. Deciders (superior unit) see plans below them."""
    plan = (
        Plan.objects.select_related("unit", "rollout", "rollout__directive").filter(pk=pk).first()
    )
    if plan is None:
        raise Http404
    scoping.require(actor, action, plan.unit)
    return plan


def plan_versions(*, plan: Plan) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("submitted_by", "decided_by").order_by("-number")


@dataclass
class PlanDeadlineRow:
    unit: Unit
    plan: Plan | None
    due: datetime.date
    late: bool


def plans_by_unit(
    *, rollout: Rollout, unit: Unit, today: datetime.date | None = None
) -> list[PlanDeadlineRow]:
    """`unit` and its direct children with their plan and cascaded plan deadline; late ones
    flagged (not submitted past the deadline, or first submitted after it). Two queries."""
    today = today or timezone.localdate()
    units = list(
        Unit.objects.filter(
            Q(pk=unit.pk) | Q(path__startswith=unit.path, depth=unit.depth + 1),
            valid_to__isnull=True,
        ).order_by("depth", "sort_key")
    )
    plans = {
        p.unit_id: p for p in Plan.objects.filter(rollout=rollout, unit__in=[u.pk for u in units])
    }
    book = DeadlineBook(rollout)
    rows = []
    for u in units:
        plan = plans.get(u.pk)
        due = book.for_unit(u).plan
        if plan is not None and plan.first_submitted_at is not None:
            late = plan.submitted_late
        else:
            late = today > due
        rows.append(PlanDeadlineRow(unit=u, plan=plan, due=due, late=late))
    return rows


# --- tasks ---------------------------------------------------------------------------------


def task_list(
    *, actor: Actor, rollout: Rollout | None = None, within: Unit | None = None
) -> QuerySet[Task]:
    qs = Task.objects.filter(scoping.scope_q(actor, "task.view")).select_related(
        "unit", "owner", "parent"
    )
    if rollout is not None:
        qs = qs.filter(rollout=rollout)
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    return qs.order_by("deadline", "unit__path", "pk")


def task_get_for_actor(*, actor: Actor, pk: int, action: str = "task.view") -> Task:
    task = (
        Task.objects.select_related("unit", "owner", "parent", "parent__unit", "rollout", "plan")
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404
    scoping.require(actor, action, task.unit)
    return task


def task_list_overdue(
    *, actor: Actor, within: Unit | None = None, today: datetime.date | None = None
) -> QuerySet[Task]:
    """Open tasks past their deadline in the actor's scope (or `within`): one query."""
    today = today or timezone.localdate()
    return (
        task_list(actor=actor, within=within)
        .filter(deadline__lt=today)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
    )


# --- reports -------------------------------------------------------------------------------


def period_get_for_actor(*, actor: Actor, pk: int) -> ReportPeriod:
    period = (
        ReportPeriod.objects.select_related("template", "template__rollout", "kind")
        .filter(pk=pk)
        .first()
    )
    if period is None:
        raise Http404
    rollout_get_for_actor(actor=actor, pk=period.template.rollout_id)
    return period


def report_unit_for_actor(
    *, actor: Actor, period: ReportPeriod, unit_pk: int | None, action: str = "report.view"
) -> Unit:
    """The unit to show a period at: the given one (in scope and in the rollout), or the
    actor's top unit inside the rollout."""
    return rollout_unit_for_actor(
        actor=actor, rollout=period.template.rollout, unit_pk=unit_pk, action=action
    )


def report_get_for_actor(*, actor: Actor, pk: int, action: str = "report.view") -> Report:
    report = (
        Report.objects.select_related(
            "unit", "period", "period__kind", "period__template", "period__template__rollout"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    scoping.require(actor, action, report.unit)
    return report


def report_values(*, report: Report) -> list[ReportValue]:
    return list(report.values.select_related("indicator").order_by("indicator__order", "pk"))


def unit_own_figures(*, rollout: Rollout, unit: Unit, period: ReportPeriod) -> OwnFigures:
    """What the rollout's data says about the unit ITSELF (not its subtree) for the period."""
    stat = (
        RolloutUnitStat.objects.filter(rollout=rollout, unit=unit)
        .values("people", "exempt", "done")
        .first()
    ) or {"people": 0, "exempt": 0, "done": 0}
    now = timezone.now()
    held = (
        ConnectionPoint.objects.filter(
            session__rollout=rollout,
            unit=unit,
            session__starts_at__lte=now,
            session__starts_at__date__gte=period.starts_on,
            session__starts_at__date__lte=period.ends_on,
        )
        .values("session_id")
        .distinct()
        .count()
    )
    plan_status = (
        Plan.objects.filter(rollout=rollout, unit=unit).values_list("status", flat=True).first()
    )
    return OwnFigures(
        sessions_held=held,
        people_required=stat["people"] - stat["exempt"],
        people_reached=stat["done"],
        plan_submitted=1 if plan_status in {PlanStatus.SUBMITTED, PlanStatus.APPROVED} else 0,
    )


def subtree_figures(*, rollout: Rollout, unit: Unit, period: ReportPeriod) -> OwnFigures:
    """What the rollout's data says about `unit`'s WHOLE subtree for the period, with the same
    definitions as `unit_own_figures` (so that, once every unit has reported, the consolidated
    total equals it): people counted once at their current unit, connection points of sessions
    held in the period, units whose plan is submitted. Three queries."""
    stat = RolloutUnitStat.objects.filter(
        rollout=rollout, unit__path__startswith=unit.path
    ).aggregate(people=Sum("people"), exempt=Sum("exempt"), done=Sum("done"))
    held = ConnectionPoint.objects.filter(
        session__rollout=rollout,
        unit__path__startswith=unit.path,
        session__starts_at__lte=timezone.now(),
        session__starts_at__date__gte=period.starts_on,
        session__starts_at__date__lte=period.ends_on,
    ).count()
    plans = Plan.objects.filter(
        rollout=rollout,
        unit__path__startswith=unit.path,
        status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED],
    ).count()
    return OwnFigures(
        sessions_held=held,
        people_required=(stat["people"] or 0) - (stat["exempt"] or 0),
        people_reached=stat["done"] or 0,
        plan_submitted=plans,
    )


@dataclass
class ConsolidationRow:
    unit: Unit
    own: bool = False
    values: dict[int, int] = field(default_factory=dict)
    reported: int = 0  # units of this row's subtree whose report is submitted
    expected: int = 0  # active units of this row's subtree
    status: str = ""  # the row unit's own report status
    report_id: int | None = None
    late: bool = False
    cells: list[int | None] = field(default_factory=list)  # values in indicator order

    @property
    def status_label(self) -> str:
        return ReportStatus(self.status).label if self.status else "Chưa lập"

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.reported >= self.expected

    def value(self, indicator: Indicator) -> int | None:
        return self.values.get(indicator.pk)


@dataclass
class Consolidation:
    period: ReportPeriod
    unit: Unit
    indicators: list[Indicator]
    own: ConsolidationRow
    rows: list[ConsolidationRow]
    total: ConsolidationRow
    missing: dict[int, list[Unit]]  # indicator pk → children whose own report lacks it
    closure: PeriodClosure | None
    # What the system itself knows for the whole subtree, reports sent or not (indicator order;
    # None for the figures only reports carry). Shown beside the total, which sums only the
    # reports received, so that the two are never read as contradicting each other.
    system_cells: list[int | None] = field(default_factory=list)

    @property
    def system_differs(self) -> bool:
        return any(
            s is not None and s != t
            for s, t in zip(self.system_cells, self.total.cells, strict=False)
        )

    def missing_for(self, indicator: Indicator) -> list[Unit]:
        return self.missing.get(indicator.pk, [])

    @property
    def missing_list(self) -> list[tuple[Indicator, list[Unit]]]:
        return [(i, self.missing_for(i)) for i in self.indicators]


def report_consolidation(*, period: ReportPeriod, unit: Unit) -> Consolidation:
    """Own figures of `unit` plus, per child, its whole subtree's submitted figures.

    Caller checks scope. A fixed number of queries whatever the subtree's size: every sum
    is a GROUP BY on the path prefix of the reporting unit (like rollout_progress).
    """
    width = len(unit.path) + Unit.steplen
    indicators = list(period.template.indicators.order_by("order", "pk"))
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True)
        .select_related("kind")
        .order_by("sort_key")
    )
    rows = {c.path: ConsolidationRow(unit=c) for c in children}
    own = ConsolidationRow(unit=unit, own=True)

    def row_for(prefix: str) -> ConsolidationRow | None:
        return rows.get(prefix, own if prefix == unit.path else None)

    sums = (
        ReportValue.objects.filter(period=period, submitted=True, unit__path__startswith=unit.path)
        .annotate(prefix=Substr("unit__path", 1, width))
        .values("prefix", "indicator_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    for s in sums:
        row = row_for(s["prefix"])
        if row is not None and s["total"] is not None:
            row.values[s["indicator_id"]] = row.values.get(s["indicator_id"], 0) + s["total"]
    expected = (
        Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True)
        .annotate(prefix=Substr("path", 1, width))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for e in expected:
        row = row_for(e["prefix"])
        if row is not None:
            row.expected += e["n"]
    reported = (
        Report.objects.filter(
            period=period, status=ReportStatus.SUBMITTED, unit__path__startswith=unit.path
        )
        .annotate(prefix=Substr("unit__path", 1, width))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for r in reported:
        row = row_for(r["prefix"])
        if row is not None:
            row.reported += r["n"]
    # The own report of `unit` and of each child: status, and which figures it gave.
    heads = {c.pk: rows[c.path] for c in children}
    heads[unit.pk] = own
    for report_id, unit_id, status, late in Report.objects.filter(
        period=period, unit_id__in=list(heads)
    ).values_list("pk", "unit_id", "status", "submitted_late"):
        heads[unit_id].status = status
        heads[unit_id].report_id = report_id
        heads[unit_id].late = late
    given = set(
        ReportValue.objects.filter(
            period=period,
            submitted=True,
            unit_id__in=[c.pk for c in children],
            value__isnull=False,
        ).values_list("unit_id", "indicator_id")
    )
    missing = {i.pk: [c for c in children if (c.pk, i.pk) not in given] for i in indicators}
    total = ConsolidationRow(unit=unit)
    for row in [own, *rows.values()]:
        for key, value in row.values.items():
            total.values[key] = total.values.get(key, 0) + value
        total.reported += row.reported
        total.expected += row.expected
    total.status = own.status
    subtree = subtree_figures(rollout=period.template.rollout, unit=unit, period=period)
    for row in [own, *rows.values(), total]:
        row.cells = [row.values.get(i.pk) for i in indicators]
    return Consolidation(
        period=period,
        unit=unit,
        indicators=indicators,
        own=own,
        rows=list(rows.values()),
        total=total,
        missing=missing,
        closure=closure_for(period, unit),
        system_cells=[subtree.get(i.auto_source) for i in indicators],
    )


def reports_missing(*, period: ReportPeriod, unit: Unit) -> QuerySet[Unit]:
    """Active units of the subtree with no submitted report for the period (one query)."""
    submitted = Report.objects.filter(period=period, status=ReportStatus.SUBMITTED).values(
        "unit_id"
    )
    return (
        Unit.objects.filter(path__startswith=unit.path, valid_to__isnull=True)
        .exclude(pk__in=submitted)
        .order_by("path")
    )


def reports_late(*, period: ReportPeriod, unit: Unit) -> QuerySet[Report]:
    return (
        Report.objects.filter(period=period, unit__path__startswith=unit.path, submitted_late=True)
        .select_related("unit")
        .order_by("unit__path")
    )


def periods_for_rollout(*, rollout: Rollout) -> QuerySet[ReportPeriod]:
    return ReportPeriod.objects.filter(template__rollout=rollout).select_related("kind")
