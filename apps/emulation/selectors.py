"""Reads: scoped loaders, the live ranking of a group (automatic figures from live data) and the
published snapshot.

Who sees what: a movement is visible to actors holding `emulation.view` on its launching unit
or on one of its members; the rows of a ranking are limited to the units in the actor's scope
(a commune officer sees their own rank out of N, never the neighbouring commune's figures).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404

from apps.access import scoping
from apps.common import facts
from apps.common.types import Actor
from apps.emulation.enums import (
    CriterionSource,
    MovementStatus,
    ProposalStatus,
    RegistrationStatus,
)
from apps.emulation.models import (
    CommendationKind,
    Criterion,
    EmulationGroup,
    GroupMember,
    Movement,
    Praise,
    Proposal,
    RankingSnapshot,
    Registration,
    Score,
)
from apps.emulation.ranking import TIE_BREAK_RULE, Entry, Row, Rule, method_text, rank
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.models import Plan, Report, ReportPeriod
from apps.rollout.models import RolloutUnitStat

# --- scoped loaders ------------------------------------------------------------------------


def movement_q(actor: Actor, action: str = "emulation.view") -> Q:
    if scoping.is_admin(actor):
        return Q()
    return scoping.scope_q(actor, action) | Q(
        pk__in=GroupMember.objects.filter(scoping.scope_q(actor, action)).values("movement_id")
    )


def movement_list(*, actor: Actor) -> QuerySet[Movement]:
    return Movement.objects.filter(movement_q(actor)).select_related("unit", "directive")


def movement_get_for_actor(*, actor: Actor, pk: int, action: str = "emulation.view") -> Movement:
    movement = (
        Movement.objects.filter(movement_q(actor, action), pk=pk)
        .select_related("unit", "directive", "rollout")
        .first()
    )
    if movement is None:
        raise Http404
    return movement


def can_manage(actor: Actor, movement: Movement, action: str = "emulation.manage") -> bool:
    return scoping.can(actor, action, movement.unit)


def group_get_for_actor(*, actor: Actor, pk: int) -> EmulationGroup:
    group = EmulationGroup.objects.select_related("movement__unit").filter(pk=pk).first()
    if group is None:
        raise Http404
    if scoping.can(actor, "emulation.view", group.movement.unit):
        return group
    if GroupMember.objects.filter(scoping.scope_q(actor, "emulation.view"), group=group).exists():
        return group
    raise Http404


def registration_get_for_actor(
    *, actor: Actor, pk: int, action: str = "emulation.view", for_update: bool = False
) -> Registration:
    qs = Registration.objects.select_related("movement__unit", "unit", "person", "group")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    registration = qs.filter(pk=pk).first()
    if registration is None:
        raise Http404
    if scoping.can(actor, action, registration.unit) or scoping.can(
        actor, action, registration.movement.unit
    ):
        return registration
    raise Http404


def registrations_visible(*, actor: Actor, movement: Movement) -> QuerySet[Registration]:
    qs = Registration.objects.filter(movement=movement).select_related("unit", "person", "group")
    if scoping.can(actor, "emulation.view", movement.unit):
        return qs
    return qs.filter(scoping.scope_q(actor, "emulation.view"))


def members_visible(*, actor: Actor, group: EmulationGroup) -> QuerySet[GroupMember]:
    qs = GroupMember.objects.filter(group=group).select_related("unit").order_by("unit__sort_key")
    if scoping.can(actor, "emulation.view", group.movement.unit):
        return qs
    return qs.filter(scoping.scope_q(actor, "emulation.view"))


def registrable_units(*, actor: Actor, movement: Movement) -> QuerySet[Unit]:
    """Member units the actor may register (not yet registered)."""
    taken = Registration.objects.filter(movement=movement, person__isnull=True).values("unit_id")
    return (
        Unit.objects.filter(
            pk__in=GroupMember.objects.filter(movement=movement).values("unit_id"),
        )
        .filter(scoping.scope_q(actor, "emulation.register", field=""))
        .exclude(pk__in=taken)
        .order_by("sort_key")
    )


def proposal_q(actor: Actor, action: str = "emulation.view") -> Q:
    if scoping.is_admin(actor):
        return Q()
    return scoping.scope_q(actor, action, field="proposing_unit") | scoping.scope_q(
        actor, action, field="decider_unit"
    )


def proposal_list(*, actor: Actor, status: str = "") -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(proposal_q(actor)).select_related(
        "kind", "subject_unit", "subject_person", "proposing_unit", "decider_unit"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def proposal_get_for_actor(
    *, actor: Actor, pk: int, action: str = "emulation.view", for_update: bool = False
) -> Proposal:
    qs = Proposal.objects.select_related(
        "kind", "subject_unit", "subject_person", "proposing_unit", "decider_unit", "movement"
    )
    if for_update:
        qs = qs.select_for_update(of=("self",))
    proposal = qs.filter(proposal_q(actor, action), pk=pk).first()
    if proposal is None:
        raise Http404
    return proposal


def commendation_kinds() -> QuerySet[CommendationKind]:
    return CommendationKind.objects.all()


def praise_list(*, actor: Actor) -> QuerySet[Praise]:
    return Praise.objects.filter(scoping.scope_q(actor, "emulation.view")).select_related(
        "unit", "person"
    )


# --- live figures --------------------------------------------------------------------------


@dataclass
class Figures:
    """Size and automatic raw values of each member unit, computed from live data."""

    members: dict[int, int]
    units: dict[int, int]
    auto: dict[int, dict[str, Decimal]]


def _by_prefix(
    qs: QuerySet[Any], path_field: str, member_paths: dict[str, int], aggregates: dict[str, Any]
) -> dict[int, dict[str, int]]:
    """Sums `aggregates` per member unit: one GROUP BY on the path prefix per distinct length."""
    result: dict[int, dict[str, int]] = {}
    for length in sorted({len(p) for p in member_paths}):
        rows = (
            qs.annotate(prefix=Substr(path_field, 1, length))
            .filter(prefix__in=[p for p in member_paths if len(p) == length])
            .values("prefix")
            .annotate(**aggregates)
            .order_by()
        )
        for row in rows:
            unit_id = member_paths[row.pop("prefix")]
            result[unit_id] = {k: int(v or 0) for k, v in row.items()}
    return result


def _member_of(path: str, member_paths: dict[str, int], lengths: list[int]) -> int | None:
    for length in lengths:
        unit_id = member_paths.get(path[:length])
        if unit_id is not None:
            return unit_id
    return None


def _fact_counts(
    kind: str, movement: Movement, member_paths: dict[str, int], as_of: datetime.date
) -> dict[int, int]:
    found = facts.collect(
        kind,
        facts.FactQuery(
            subject_kind="unit",
            subtree_path=movement.unit.path,
            start=movement.starts_on,
            end=min(movement.ends_on, as_of),
        ),
    )
    found = [f for f in found if f.extra.get("substantiated", True)]
    if not found:
        return {}
    paths = dict(Unit.objects.filter(pk__in={f.unit_id for f in found}).values_list("pk", "path"))
    lengths = sorted({len(p) for p in member_paths}, reverse=True)
    counts: dict[int, int] = defaultdict(int)
    for fact in found:
        member = _member_of(paths.get(fact.unit_id, ""), member_paths, lengths)
        if member is not None:
            counts[member] += 1
    return counts


def live_figures(
    *, movement: Movement, units: list[tuple[int, str]], rules: list[Rule], as_of: datetime.date
) -> Figures:
    """Sizes and automatic figures for `units` (id, path), each over its own subtree."""
    member_paths = {path: unit_id for unit_id, path in units}
    sources = {r.source for r in rules}
    members: dict[int, int] = {}
    auto: dict[int, dict[str, Decimal]] = {unit_id: {} for unit_id, _ in units}
    if movement.rollout_id:
        stats = _by_prefix(
            RolloutUnitStat.objects.filter(
                rollout_id=movement.rollout_id, unit__path__startswith=movement.unit.path
            ),
            "unit__path",
            member_paths,
            {"people": Sum("people"), "exempt": Sum("exempt"), "done": Sum("done")},
        )
        for unit_id, s in stats.items():
            required = s["people"] - s["exempt"]
            members[unit_id] = required
            if CriterionSource.ROLLOUT_COMPLETION in sources:
                auto[unit_id][CriterionSource.ROLLOUT_COMPLETION] = (
                    Decimal(s["done"]) / Decimal(required) if required else Decimal(0)
                )
    else:
        people = _by_prefix(
            Person.objects.filter(unit__path__startswith=movement.unit.path),
            "unit__path",
            member_paths,
            {"n": Count("pk")},
        )
        members = {unit_id: v["n"] for unit_id, v in people.items()}
    unit_counts: dict[int, int] = {}
    if any(r.normalisation == "per_unit" for r in rules):
        counted = _by_prefix(
            Unit.objects.filter(path__startswith=movement.unit.path, valid_to__isnull=True),
            "path",
            member_paths,
            {"n": Count("pk")},
        )
        unit_counts = {unit_id: max(v["n"] - 1, 0) for unit_id, v in counted.items()}
    ids = list(auto)
    if movement.rollout_id and CriterionSource.PLAN_TIMELINESS in sources:
        for unit_id, first, late in Plan.objects.filter(
            rollout_id=movement.rollout_id, unit_id__in=ids
        ).values_list("unit_id", "first_submitted_at", "submitted_late"):
            if first is not None:
                auto[unit_id][CriterionSource.PLAN_TIMELINESS] = (
                    Decimal("0.5") if late else Decimal(1)
                )
    if movement.rollout_id and CriterionSource.REPORT_TIMELINESS in sources:
        due = list(
            ReportPeriod.objects.filter(
                template__rollout_id=movement.rollout_id, due_on__lte=as_of
            ).values_list("pk", flat=True)
        )
        on_time: dict[int, int] = defaultdict(int)
        for unit_id, late in Report.objects.filter(
            period_id__in=due, unit_id__in=ids, submitted_at__isnull=False
        ).values_list("unit_id", "submitted_late"):
            if not late:
                on_time[unit_id] += 1
        for unit_id in ids:
            auto[unit_id][CriterionSource.REPORT_TIMELINESS] = (
                Decimal(on_time[unit_id]) / Decimal(len(due)) if due else Decimal(1)
            )
    for source, kind in (
        (CriterionSource.FINDINGS, "finding"),
        (CriterionSource.FEEDBACK, "feedback"),
    ):
        if source in sources:
            counts = _fact_counts(kind, movement, member_paths, as_of)
            for unit_id in ids:
                auto[unit_id][source] = Decimal(counts.get(unit_id, 0))
    return Figures(members=members, units=unit_counts, auto=auto)


# --- the ranking ---------------------------------------------------------------------------


@dataclass
class GroupRanking:
    group: EmulationGroup
    rows: list[Row]
    rules: list[Rule]
    method: str
    tie_break: str
    as_of: datetime.date
    published: RankingSnapshot | None = None

    @property
    def ranked(self) -> int:
        return sum(1 for r in self.rows if r.rank is not None)


def movement_rules(movement: Movement) -> list[Rule]:
    return [Rule.of(c) for c in Criterion.objects.filter(movement=movement).order_by("order", "pk")]


def compute_rankings(
    *, movement: Movement, groups: list[EmulationGroup], as_of: datetime.date
) -> list[GroupRanking]:
    """Live rankings of `groups` (one pass for all of them: a nation-scale movement of
    thousands of units is a handful of grouped queries, not one per unit)."""
    rules = movement_rules(movement)
    criteria = {c.pk: c.code for c in Criterion.objects.filter(movement=movement)}
    registrations = list(
        Registration.objects.filter(group__in=groups, person__isnull=True)
        .values_list(
            "pk", "group_id", "unit_id", "unit__name", "unit__path", "status", "unit__sort_key"
        )
        .order_by("pk")
    )
    values: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for reg_id, criterion_id, self_value, council_value in Score.objects.filter(
        registration__group__in=groups, registration__person__isnull=True
    ).values_list("registration_id", "criterion_id", "self_value", "council_value"):
        code = criteria[criterion_id]
        values[reg_id][code] = council_value if council_value is not None else self_value
    figures = live_figures(
        movement=movement,
        units=[(r[2], r[4]) for r in registrations],
        rules=rules,
        as_of=as_of,
    )
    by_group: dict[int, list[Entry]] = defaultdict(list)
    scored_states = {RegistrationStatus.COUNCIL_SCORED}
    for reg_id, group_id, unit_id, name, _path, status, sort_key in registrations:
        entry_values = dict(values.get(reg_id, {}))
        for rule in rules:
            if rule.source != CriterionSource.MANUAL:
                entry_values[rule.code] = figures.auto.get(unit_id, {}).get(rule.source)
        by_group[group_id].append(
            Entry(
                key=reg_id,
                unit_id=unit_id,
                name=name,
                members=figures.members.get(unit_id, 0),
                units=figures.units.get(unit_id, 0),
                values=entry_values,
                scored=status in scored_states,
                sort_key=sort_key,
            )
        )
    method = method_text(rules)
    tie_break = movement.tie_break or TIE_BREAK_RULE
    return [
        GroupRanking(
            group=g,
            rows=rank(rules, by_group.get(g.pk, [])),
            rules=rules,
            method=method,
            tie_break=tie_break,
            as_of=as_of,
        )
        for g in groups
    ]


def _decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def snapshot_ranking(snapshot: RankingSnapshot, group: EmulationGroup) -> GroupRanking:
    rules = (
        [
            Rule(
                code=c["code"],
                name=c["name"],
                max_points=Decimal(c["max_points"]),
                source=c["source"],
                kind=c["kind"],
                points_each=Decimal(c["points_each"]),
                positive=c["positive"],
                normalisation=c["normalisation"],
            )
            for c in snapshot.rows[0]["rules"]
        ]
        if snapshot.rows
        else []
    )
    rows = [
        Row(
            key=r["key"],
            unit_id=r["unit_id"],
            name=r["name"],
            members=r["members"],
            units=r["units"],
            values={k: _decimal_or_none(v) for k, v in r["values"].items()},
            points={k: Decimal(v) for k, v in r["points"].items()},
            total=Decimal(r["total"]),
            rank=r["rank"],
            scored=r["scored"],
            tie_note=r["tie_note"],
        )
        for r in snapshot.rows[1:]
    ]
    return GroupRanking(
        group=group,
        rows=rows,
        rules=rules,
        method=snapshot.method,
        tie_break=snapshot.tie_break,
        as_of=snapshot.as_of,
        published=snapshot,
    )


def snapshot_rows(ranking: GroupRanking) -> list[dict[str, Any]]:
    """The JSON stored at publication: a header with the rules, then one dict per row."""
    header = {
        "rules": [
            {
                "code": r.code,
                "name": r.name,
                "max_points": str(r.max_points),
                "source": str(r.source),
                "kind": str(r.kind),
                "points_each": str(r.points_each),
                "positive": r.positive,
                "normalisation": str(r.normalisation),
            }
            for r in ranking.rules
        ]
    }
    rows = [
        {
            "key": r.key,
            "unit_id": r.unit_id,
            "name": r.name,
            "members": r.members,
            "units": r.units,
            "values": {k: (None if v is None else str(v)) for k, v in r.values.items()},
            "points": {k: str(v) for k, v in r.points.items()},
            "total": str(r.total),
            "rank": r.rank,
            "scored": r.scored,
            "tie_note": r.tie_note,
        }
        for r in ranking.rows
    ]
    return [header, *rows]


def group_ranking(*, group: EmulationGroup, as_of: datetime.date) -> GroupRanking:
    """The published ranking if there is one (frozen), else the live one."""
    snapshot = RankingSnapshot.objects.filter(group=group).first()
    if snapshot is not None:
        return snapshot_ranking(snapshot, group)
    return compute_rankings(movement=group.movement, groups=[group], as_of=as_of)[0]


def rows_visible(*, actor: Actor, group: EmulationGroup, rows: list[Row]) -> list[Row]:
    if scoping.can(actor, "emulation.view", group.movement.unit):
        return rows
    paths = dict(Unit.objects.filter(pk__in=[r.unit_id for r in rows]).values_list("pk", "path"))
    allowed = scoping.scope_paths(actor, "emulation.view")
    return [r for r in rows if any(paths.get(r.unit_id, "").startswith(p) for p in allowed)]


def winner(ranking: GroupRanking) -> Row | None:
    return next((r for r in ranking.rows if r.rank == 1), None)


# --- work lists ----------------------------------------------------------------------------


def registrations_awaiting_council(*, actor: Actor) -> QuerySet[Registration]:
    return Registration.objects.filter(
        scoping.scope_q(actor, "emulation.score", field="movement__unit"),
        status__in=[RegistrationStatus.SELF_SCORED, RegistrationStatus.APPEALED],
    )


def registrations_awaiting_self_score(*, actor: Actor) -> QuerySet[Registration]:
    return Registration.objects.filter(
        scoping.scope_q(actor, "emulation.register"), status=RegistrationStatus.REGISTERED
    )


def proposals_awaiting(*, actor: Actor, status: str, action: str) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        scoping.scope_q(actor, action, field="decider_unit"), status=status
    )


def proposals_returned(*, actor: Actor) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        scoping.scope_q(actor, "commendation.propose", field="proposing_unit"),
        status=ProposalStatus.RETURNED,
    )


# --- individual rankings -------------------------------------------------------------------

INDIVIDUAL_TIE_BREAK = (
    "Cá nhân được xếp hạng trong đơn vị nơi đăng ký, theo tổng điểm hội đồng chấm từ cao xuống "
    "thấp. Khi bằng tổng điểm, so sánh lần lượt điểm từng tiêu chí theo thứ tự trong bảng tiêu "
    "chí: người có điểm cao hơn ở tiêu chí đầu tiên có điểm khác nhau được xếp trên. Nếu bằng "
    "điểm ở mọi tiêu chí thì đồng hạng (liệt kê theo tên)."
)
INDIVIDUAL_METHOD_NOTE = (
    "Xếp hạng cá nhân chỉ tính các tiêu chí do cá nhân tự chấm, hội đồng thẩm định; số liệu tự "
    "động của đơn vị không tính cho cá nhân và không quy đổi theo quy mô."
)


@dataclass
class UnitRanking:
    """The individual registrations of one unit, ranked (live, or frozen at the close)."""

    unit_id: int
    unit_name: str
    rows: list[Row]
    rules: list[Rule]
    method: str
    tie_break: str
    as_of: datetime.date
    frozen: bool = False

    @property
    def ranked(self) -> int:
        return sum(1 for r in self.rows if r.rank is not None)


def individual_rules(movement: Movement) -> list[Rule]:
    """The rubric as it applies to a person: the typed criteria only, counts not normalised."""
    return [
        Rule(
            code=c.code,
            name=c.name,
            max_points=Decimal(c.max_points),
            source=c.source,
            kind=c.kind,
            points_each=Decimal(c.points_each),
            positive=c.positive,
            normalisation="none",
        )
        for c in Criterion.objects.filter(
            movement=movement, source=CriterionSource.MANUAL
        ).order_by("order", "pk")
    ]


def compute_individual_rankings(*, movement: Movement, as_of: datetime.date) -> list[UnitRanking]:
    rules = individual_rules(movement)
    codes = {c.pk: c.code for c in Criterion.objects.filter(movement=movement)}
    registrations = list(
        Registration.objects.filter(movement=movement, person__isnull=False)
        .values_list("pk", "unit_id", "unit__name", "unit__sort_key", "person__full_name", "status")
        .order_by("unit__sort_key", "pk")
    )
    values: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    for reg_id, criterion_id, self_value, council_value in Score.objects.filter(
        registration__movement=movement, registration__person__isnull=False
    ).values_list("registration_id", "criterion_id", "self_value", "council_value"):
        values[reg_id][codes[criterion_id]] = (
            council_value if council_value is not None else self_value
        )
    by_unit: dict[int, list[Entry]] = defaultdict(list)
    names: dict[int, str] = {}
    for reg_id, unit_id, unit_name, _sort, person_name, status in registrations:
        names[unit_id] = unit_name
        by_unit[unit_id].append(
            Entry(
                key=reg_id,
                unit_id=unit_id,
                name=person_name,
                members=0,
                units=0,
                values={r.code: values.get(reg_id, {}).get(r.code) for r in rules},
                scored=status == RegistrationStatus.COUNCIL_SCORED,
            )
        )
    method = method_text(rules) + "\n" + INDIVIDUAL_METHOD_NOTE
    return [
        UnitRanking(
            unit_id=unit_id,
            unit_name=names[unit_id],
            rows=rank(rules, entries),
            rules=rules,
            method=method,
            tie_break=INDIVIDUAL_TIE_BREAK,
            as_of=as_of,
        )
        for unit_id, entries in by_unit.items()
    ]


def _rule_dict(r: Rule) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.name,
        "max_points": str(r.max_points),
        "source": str(r.source),
        "kind": str(r.kind),
        "points_each": str(r.points_each),
        "positive": r.positive,
        "normalisation": str(r.normalisation),
    }


def _row_dict(r: Row) -> dict[str, Any]:
    return {
        "key": r.key,
        "unit_id": r.unit_id,
        "name": r.name,
        "members": r.members,
        "units": r.units,
        "values": {k: (None if v is None else str(v)) for k, v in r.values.items()},
        "points": {k: str(v) for k, v in r.points.items()},
        "total": str(r.total),
        "rank": r.rank,
        "scored": r.scored,
        "tie_note": r.tie_note,
    }


def individual_rankings_json(rankings: list[UnitRanking]) -> list[dict[str, Any]]:
    """What the close step stores: the individual rankings as they stand."""
    return [
        {
            "unit_id": u.unit_id,
            "unit_name": u.unit_name,
            "as_of": u.as_of.isoformat(),
            "method": u.method,
            "tie_break": u.tie_break,
            "rules": [_rule_dict(r) for r in u.rules],
            "rows": [_row_dict(r) for r in u.rows],
        }
        for u in rankings
    ]


def _frozen_individual(data: list[dict[str, Any]]) -> list[UnitRanking]:
    result = []
    for u in data:
        rules = [
            Rule(
                code=c["code"],
                name=c["name"],
                max_points=Decimal(c["max_points"]),
                source=c["source"],
                kind=c["kind"],
                points_each=Decimal(c["points_each"]),
                positive=c["positive"],
                normalisation=c["normalisation"],
            )
            for c in u["rules"]
        ]
        rows = [
            Row(
                key=r["key"],
                unit_id=r["unit_id"],
                name=r["name"],
                members=r["members"],
                units=r["units"],
                values={k: _decimal_or_none(v) for k, v in r["values"].items()},
                points={k: Decimal(v) for k, v in r["points"].items()},
                total=Decimal(r["total"]),
                rank=r["rank"],
                scored=r["scored"],
                tie_note=r["tie_note"],
            )
            for r in u["rows"]
        ]
        result.append(
            UnitRanking(
                unit_id=u["unit_id"],
                unit_name=u["unit_name"],
                rows=rows,
                rules=rules,
                method=u["method"],
                tie_break=u["tie_break"],
                as_of=datetime.date.fromisoformat(u["as_of"]),
                frozen=True,
            )
        )
    return result


def individual_rankings(*, movement: Movement, as_of: datetime.date) -> list[UnitRanking]:
    """Frozen at the close, live before it."""
    if movement.status == MovementStatus.CLOSED and movement.closed_at is not None:
        return _frozen_individual(movement.individual_rankings or [])
    return compute_individual_rankings(movement=movement, as_of=as_of)


def individual_rankings_visible(
    *, actor: Actor, movement: Movement, rankings: list[UnitRanking]
) -> list[UnitRanking]:
    """All of them for the launching unit's side; otherwise the rankings of units in scope."""
    if scoping.can(actor, "emulation.view", movement.unit):
        return rankings
    paths = dict(
        Unit.objects.filter(pk__in=[u.unit_id for u in rankings]).values_list("pk", "path")
    )
    allowed = scoping.scope_paths(actor, "emulation.view")
    return [u for u in rankings if any(paths.get(u.unit_id, "").startswith(p) for p in allowed)]


def movements_due_to_close(*, actor: Actor, today: datetime.date) -> QuerySet[Movement]:
    """Open movements whose period has ended: the launching unit must close them."""
    return Movement.objects.filter(
        scoping.scope_q(actor, "emulation.manage"), status=MovementStatus.OPEN, ends_on__lt=today
    )
