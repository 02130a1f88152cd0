"""Rollout progress: per-unit figures and obligations, the overdue escalation list, completion
over time and the people not done. Read-only, across rollout (participants, sessions, counters)
and plans (plan submitted)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncDate
from django.utils import timezone

from apps.access import scoping
from apps.common.listing import SortKey, Sorts
from apps.common.types import Actor
from apps.org.models import Unit
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan
from apps.rollout.enums import AttendanceStatus, ObligationState
from apps.rollout.models import (
    Attendance,
    ConnectionPoint,
    Participant,
    Rollout,
    RolloutUnitStat,
    SessionReach,
)
from apps.rollout.selectors import subtree_figures
from apps.rollout.services.deadlines import DeadlineBook, Deadlines

# Obligations of a unit (each with a state: not started, in progress, done, overdue), against
# the unit's effective deadlines (DeadlineBook):
# - "session": a dissemination session reached the unit: held with a connection point at the
#   unit, in its subtree, or at an ancestor (whose named list covers the unit's people);
# - "people": everyone required (in scope, not exempt) is done;
# - "plan": the unit's own plan has been submitted (or approved).
# A unit without anyone in scope has no obligations.

OWN_ROW_LABEL = "Trực tiếp tại đơn vị"
OBLIGATIONS = {
    "session": "Tổ chức hội nghị",
    "people": "Hoàn thành quán triệt",
    "plan": "Nộp kế hoạch",
}


def obligation_states(
    *,
    today: datetime.date,
    deadlines: Deadlines,
    required: int,
    done: int,
    session_held: bool,
    session_planned: bool,
    plan_status: str,
) -> dict[str, str]:
    """The state of each obligation of one unit (empty when nobody is in scope)."""
    due, plan_due = deadlines.dissemination, deadlines.plan
    if session_held:
        session = ObligationState.DONE
    elif today > due:
        session = ObligationState.OVERDUE
    elif session_planned:
        session = ObligationState.IN_PROGRESS
    else:
        session = ObligationState.NOT_STARTED
    if done >= required:
        people = ObligationState.DONE
    elif today > due:
        people = ObligationState.OVERDUE
    elif done:
        people = ObligationState.IN_PROGRESS
    else:
        people = ObligationState.NOT_STARTED
    if plan_status in {PlanStatus.SUBMITTED, PlanStatus.APPROVED}:
        plan = ObligationState.DONE
    elif today > plan_due:
        plan = ObligationState.OVERDUE
    elif plan_status:
        plan = ObligationState.IN_PROGRESS
    else:
        plan = ObligationState.NOT_STARTED
    return {"session": session, "people": people, "plan": plan}


class _Figures:
    """Shared read-outs of a row of figures (people, exempt, done, obligations)."""

    people: int
    exempt: int
    done: int
    obligations: dict[str, str]

    @property
    def required(self) -> int:
        return self.people - self.exempt

    @property
    def pending(self) -> int:
        return self.required - self.done

    @property
    def percent(self) -> float | None:
        """Share of the required people who are done (None when nobody is required)."""
        return round(100 * self.done / self.required, 1) if self.required else None

    @property
    def overdue(self) -> bool:
        return ObligationState.OVERDUE in self.obligations.values()

    @property
    def overdue_names(self) -> list[str]:
        return [
            OBLIGATIONS[name]
            for name, state in self.obligations.items()
            if state == ObligationState.OVERDUE
        ]

    def obligation_label(self, name: str) -> str:
        return ObligationState(self.obligations[name]).label if name in self.obligations else ""

    @property
    def obligation_cells(self) -> list[tuple[str, str, str]]:
        """(name, state, label) of each obligation, in table order, for templates."""
        return [
            (name, self.obligations.get(name, ""), self.obligation_label(name))
            for name in OBLIGATIONS
        ]


def worst_key(row: "_Figures") -> tuple[bool, float]:
    """Worst first: overdue units, then the lowest share done."""
    return (not row.overdue, row.percent if row.percent is not None else 101.0)


# The progress table's sortable columns and filters (apps.common.listing).
PROGRESS_SORTS = Sorts(
    SortKey("ten", "Đơn vị", value=lambda r: (r.own is False, r.unit.sort_key)),
    SortKey("phai", "Phải quán triệt", value=lambda r: r.required, descending_first=True),
    SortKey("mien", "Miễn", value=lambda r: r.exempt, descending_first=True),
    SortKey("xong", "Đã hoàn thành", value=lambda r: r.done, descending_first=True),
    SortKey("ti_le", "Tỉ lệ", value=lambda r: r.percent),
    SortKey("hoi_nghi", "Hội nghị", value=lambda r: r.sessions_held, descending_first=True),
    SortKey("cham_nhat", "Chậm nhất trước", value=worst_key),
    default="ten",
)
PROGRESS_FILTERS = {"qua_han": "Đơn vị quá hạn", "chua_xong": "Chưa hoàn thành"}


def filter_rows(rows: list[Any], status: str) -> list[Any]:
    if status == "qua_han":
        return [r for r in rows if r.overdue]
    if status == "chua_xong":
        return [r for r in rows if r.required and r.done < r.required]
    return rows


@dataclass
class ProgressRow(_Figures):
    unit: Unit
    own: bool = False
    people: int = 0
    exempt: int = 0
    done: int = 0
    attended: int = 0
    makeup: int = 0
    committed: int = 0
    sessions_held: int = 0
    sessions_planned: int = 0
    covered_held: bool = False
    covered_planned: bool = False
    plan_status: str = ""
    deadlines: Deadlines | None = None
    obligations: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return OWN_ROW_LABEL if self.own else self.unit.name

    @property
    def session_note(self) -> str:
        """Why "Tổ chức hội nghị" can be done with no session of its own: a session held above
        it (the province-wide conference) covered the unit."""
        if self.obligations.get("session") == ObligationState.DONE and not self.sessions_held:
            return "qua hội nghị của cấp trên"
        return ""

    @property
    def plan_submitted(self) -> bool:
        return self.plan_status in {PlanStatus.SUBMITTED, PlanStatus.APPROVED}

    @property
    def plan_label(self) -> str:
        return PlanStatus(self.plan_status).label if self.plan_status else "Chưa có"

    def settle(self, today: datetime.date) -> None:
        if self.deadlines is None:
            raise ValueError("deadlines must be set before settling obligations")
        if not self.people:
            self.obligations = {}
            return
        self.obligations = obligation_states(
            today=today,
            deadlines=self.deadlines,
            required=self.required,
            done=self.done,
            session_held=bool(self.sessions_held) or self.covered_held,
            session_planned=bool(self.sessions_planned) or self.covered_planned,
            plan_status=self.plan_status,
        )


@dataclass
class Progress:
    rollout: Rollout
    unit: Unit
    total: ProgressRow
    rows: list[ProgressRow]

    @property
    def children(self) -> list[ProgressRow]:
        return [r for r in self.rows if not r.own]


_STAT_FIELDS = ("people", "exempt", "done", "attended", "makeup", "committed")


def _prefixes(path: str, *, include_self: bool) -> list[str]:
    step = Unit.steplen
    end = len(path) if include_self else len(path) - step
    return [path[:i] for i in range(step, end + 1, step)]


def rollout_progress(
    *, rollout: Rollout, unit: Unit, today: datetime.date | None = None
) -> Progress:
    """Figures of `unit`'s children (and of people directly in `unit`), with totals.

    The caller must have checked scope (rollout_unit_for_actor). A fixed number of queries
    that read only `unit` and its children, whatever the size of the subtree (ADR 0004): the
    maintained subtree totals (`RolloutSubtreeStat`) and sessions' reach (`SessionReach`) of
    the unit and its children, and the connection points at the unit and above it. The row of
    people directly in `unit` is its total less its children's.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    all_children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .select_related("kind")
        .order_by("sort_key", "path")
    )
    sums = subtree_figures(rollout, [unit.pk, *(c.pk for c in all_children)])
    children = [
        c
        for c in all_children
        if c.valid_to is None or sums.get(c.pk, {}).get("people")  # closed, people remain
    ]
    rows = {c.path: ProgressRow(unit=c) for c in children}
    own = ProgressRow(unit=unit, own=True)
    total = ProgressRow(unit=unit)
    for f in _STAT_FIELDS:
        whole = sums.get(unit.pk, {}).get(f, 0)
        below = sum(sums.get(c.pk, {}).get(f, 0) for c in all_children)
        setattr(own, f, whole - below)
        for c in children:
            setattr(rows[c.path], f, sums.get(c.pk, {}).get(f, 0))

    def row_for(prefix: str) -> ProgressRow | None:
        return own if prefix == unit.path else rows.get(prefix)

    # Sessions: those reaching each child's subtree and the unit's (maintained), and the points
    # at this unit or above it (a point's named list covers its unit's whole subtree).
    by_pk = {c.pk: rows[c.path] for c in children}
    for unit_id, held, planned in (
        SessionReach.objects.filter(rollout=rollout, unit_id__in=[unit.pk, *by_pk], points__gt=0)
        .values("unit_id")
        .annotate(
            held=Count("pk", filter=Q(starts_at__lte=now)),
            planned=Count("pk", filter=Q(starts_at__gt=now)),
        )
        .values_list("unit_id", "held", "planned")
        .order_by()
    ):
        row = total if unit_id == unit.pk else by_pk.get(unit_id)
        if row is not None:
            row.sessions_held, row.sessions_planned = held, planned
    own_held: set[int] = set()
    own_planned: set[int] = set()
    for path, session_id, starts_at in (
        ConnectionPoint.objects.filter(
            session__rollout=rollout, unit__path__in=_prefixes(unit.path, include_self=True)
        )
        .values_list("unit__path", "session_id", "session__starts_at")
        .order_by()  # Meta.ordering would make every point distinct
        .distinct()
    ):
        is_held = starts_at <= now
        if path == unit.path:
            (own_held if is_held else own_planned).add(session_id)
        reached = [own, *rows.values()] + ([total] if path != unit.path else [])
        for row in reached:
            if is_held:
                row.covered_held = True
            else:
                row.covered_planned = True
    own.sessions_held, own.sessions_planned = len(own_held), len(own_planned)

    for path, status in Plan.objects.filter(
        rollout=rollout, unit_id__in=[unit.pk, *by_pk]
    ).values_list("unit__path", "status"):
        row = row_for(path)
        if row is not None:
            row.plan_status = status
    book = DeadlineBook(rollout)
    for f in _STAT_FIELDS:
        setattr(total, f, sums.get(unit.pk, {}).get(f, 0))
    for row in [own, *rows.values()]:
        row.deadlines = book.for_unit(row.unit)
        row.settle(today)
    total.plan_status = own.plan_status
    total.deadlines = book.for_unit(unit)
    total.settle(today)
    result = list(rows.values())
    if own.people:
        result.insert(0, own)
    return Progress(rollout=rollout, unit=unit, total=total, rows=result)


@dataclass
class UnitStatus(_Figures):
    """One unit of a subtree with its subtree figures and obligations (escalation list)."""

    unit_id: int
    path: str
    name: str
    depth: int
    active: bool
    people: int = 0
    exempt: int = 0
    done: int = 0
    session_held: bool = False
    session_planned: bool = False
    plan_status: str = ""
    deadlines: Deadlines | None = None
    obligations: dict[str, str] = field(default_factory=dict)
    parent_name: str = ""


OVERDUE_SORTS = Sorts(
    SortKey("cay", "Theo cây tổ chức", value=lambda s: s.path),
    SortKey("ten", "Đơn vị", value=lambda s: s.name),
    SortKey("phai", "Phải quán triệt", value=lambda s: s.required, descending_first=True),
    SortKey("ti_le", "Tỉ lệ", value=lambda s: s.percent),
    SortKey("cham_nhat", "Chậm nhất trước", value=worst_key),
    default="cay",
)


def subtree_statuses(
    *, rollout: Rollout, unit: Unit, today: datetime.date | None = None
) -> list[UnitStatus]:
    """Every unit of `unit`'s subtree (in tree order) with its subtree figures and obligations.

    Five queries whatever the size of the subtree. The figures of every unit's whole subtree
    come from ONE grouped statement over the per-unit counters: a UNION ALL of one GROUP BY
    per tree depth, each grouping the counters by their ancestor's path at that depth.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    step = Unit.steplen
    units = list(
        Unit.objects.filter(path__startswith=unit.path)
        .order_by("path")
        .values_list("pk", "path", "name", "depth", "valid_to")
    )
    if not units:
        return []
    max_depth = max(u[3] for u in units)
    parts = [
        RolloutUnitStat.objects.filter(
            rollout=rollout, unit__path__startswith=unit.path, unit__depth__gte=depth
        )
        .annotate(anc=Substr("unit__path", 1, depth * step))
        .values("anc")
        .annotate(n_people=Sum("people"), n_exempt=Sum("exempt"), n_done=Sum("done"))
        .values_list("anc", "n_people", "n_exempt", "n_done")
        for depth in range(unit.depth, max_depth + 1)
    ]
    grouped = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    figures = {anc: (p or 0, e or 0, d or 0) for anc, p, e, d in grouped}

    held_at: set[str] = set()
    planned_at: set[str] = set()
    above = _prefixes(unit.path, include_self=False)
    for path, starts_at in (
        ConnectionPoint.objects.filter(session__rollout=rollout)
        .filter(Q(unit__path__startswith=unit.path) | Q(unit__path__in=above or [unit.path]))
        .values_list("unit__path", "session__starts_at")
        .order_by()  # Meta.ordering would make every point distinct
        .distinct()
    ):
        (held_at if starts_at <= now else planned_at).add(path)

    def with_ancestors(paths: set[str]) -> set[str]:
        return {p for path in paths for p in _prefixes(path, include_self=True)}

    # A unit is reached by a session with a point in its subtree (its path is a prefix of the
    # point's) or at one of its ancestors (a point's path is a prefix of the unit's).
    held_below, planned_below = with_ancestors(held_at), with_ancestors(planned_at)

    def reached(points: set[str], below: set[str], path: str) -> bool:
        return path in below or any(p in points for p in _prefixes(path, include_self=False))

    plans = dict(
        Plan.objects.filter(rollout=rollout, unit__path__startswith=unit.path).values_list(
            "unit__path", "status"
        )
    )
    book = DeadlineBook(rollout)
    names = {path: name for _, path, name, _, _ in units}
    result = []
    for pk, path, name, depth, valid_to in units:
        people, exempt, done = figures.get(path, (0, 0, 0))
        deadlines = book.for_path(path)
        status = UnitStatus(
            unit_id=pk,
            path=path,
            name=name,
            depth=depth,
            active=valid_to is None,
            people=people,
            exempt=exempt,
            done=done,
            plan_status=plans.get(path, ""),
            deadlines=deadlines,
            parent_name=names.get(path[:-step], ""),
        )
        if people:
            status.session_held = reached(held_at, held_below, path)
            status.session_planned = reached(planned_at, planned_below, path)
            status.obligations = obligation_states(
                today=today,
                deadlines=deadlines,
                required=status.required,
                done=done,
                session_held=status.session_held,
                session_planned=status.session_planned,
                plan_status=status.plan_status,
            )
        result.append(status)
    return result


def overdue_units(
    *, rollout: Rollout, unit: Unit, today: datetime.date | None = None
) -> list[UnitStatus]:
    """Units of `unit`'s subtree (itself included) with an overdue obligation, in tree order.

    The escalation list of the level above: each unit appears on the pages of its ancestors.
    The caller must have checked scope (rollout_unit_for_actor).
    """
    return [s for s in subtree_statuses(rollout=rollout, unit=unit, today=today) if s.overdue]


def progress_breadcrumbs(*, actor: Actor, rollout: Rollout, unit: Unit) -> list[Unit]:
    """Ancestors of `unit` inside the rollout's subtree that the actor may view (one query)."""
    prefixes = [
        p for p in _prefixes(unit.path, include_self=False) if p.startswith(rollout.unit.path)
    ]
    if not prefixes:
        return []
    ancestors = Unit.objects.filter(path__in=prefixes).order_by("depth")
    return [u for u in ancestors if scoping.can(actor, "rollout.view", u)]


def completion_over_time(*, rollout: Rollout, unit: Unit) -> list[tuple[datetime.date, int]]:
    """Cumulative number of people done, per day (local time), in `unit`'s subtree."""
    per_day = (
        Participant.objects.filter(
            rollout=rollout, unit__path__startswith=unit.path, done=True, done_at__isnull=False
        )
        .annotate(day=TruncDate("done_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    running = 0
    series = []
    for row in per_day:
        running += row["n"]
        series.append((row["day"], running))
    return series


@dataclass
class PendingPerson:
    participant: Participant
    reason: str


def not_done_people(*, rollout: Rollout, unit: Unit, exempt: bool = False) -> QuerySet[Participant]:
    """People of `unit`'s subtree not done yet (or, with `exempt=True`, those exempted)."""
    return (
        Participant.objects.filter(
            rollout=rollout, unit__path__startswith=unit.path, done=False, exempt=exempt
        )
        .select_related("person", "unit")
        .order_by("unit__sort_key", "unit__path", "person__sort_key", "pk")
    )


def explain_pending(participants: list[Participant]) -> list[PendingPerson]:
    """Why each person is not done yet (one query for their absences)."""
    absences: dict[int, Attendance] = {}
    for a in (
        Attendance.objects.filter(participant__in=participants)
        .exclude(status=AttendanceStatus.PRESENT)
        .select_related("session")
        .order_by("marked_at")
    ):
        absences[a.participant_id] = a
    result = []
    for p in participants:
        if p.exempt:
            reason = f"Được miễn: {p.exempt_reason}"
        elif p.attended or p.makeup_passed:
            reason = "Chưa ký bản cam kết"
        elif p.pk in absences:
            a = absences[p.pk]
            why = f" ({a.reason})" if a.reason else ""
            reason = f"{a.get_status_display()}{why} tại “{a.session.title}”; chưa học bù"
        elif p.read_at:
            reason = "Đã đọc toàn văn, chưa đạt bài kiểm tra học bù"
        else:
            reason = "Chưa dự hội nghị, chưa học bù"
        result.append(PendingPerson(participant=p, reason=reason))
    return result
