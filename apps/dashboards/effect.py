"""The directive's effect view: for a directive and a unit, each conduct criterion with what the
system knows about it, by child unit and by quarter, next to the dissemination figures.

Built generically from `apps.common.facts`: every registered kind (findings, inspections and
discipline from inspections; feedback, ratings, commendations… from the apps that add them) is
collected once for the unit's subtree and the directive, with the actor (providers drop what the
actor may not see). A fact counts once per (kind, criterion) even when asked for both as a unit
and as a person fact (the same finding about a unit and its named people). Dissemination comes
from the nearest rollout of the directive covering the unit (`dashboards.progress`).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from apps.common import facts
from apps.common.facts import Fact, FactQuery
from apps.common.types import Actor
from apps.dashboards.progress import Progress, rollout_progress
from apps.directives.models import ConductCriterion, Directive
from apps.org.models import Unit
from apps.org.paths import ancestor_paths, child_width
from apps.rollout.models import Rollout

KIND_LABELS = {
    "inspection": "Cuộc kiểm tra, giám sát",
    "finding": "Phát hiện qua kiểm tra",
    "discipline": "Kỷ luật",
    "feedback": "Phản ánh của người dân",
    "rating": "Xếp loại chất lượng",
    "commendation": "Khen thưởng",
    "praise": "Biểu dương",
}
KIND_ORDER = list(KIND_LABELS)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def quarter_of(day: datetime.date) -> str:
    return f"{(day.month - 1) // 3 + 1}/{day.year}"


@dataclass
class Cell:
    count: int = 0
    open: int = 0
    overdue: int = 0
    worst: int = 0
    labels: dict[str, int] = field(default_factory=dict)

    def add(self, fact: Fact) -> None:
        self.count += 1
        self.open += int(fact.open)
        self.overdue += int(bool(fact.extra.get("overdue")))
        self.worst = max(self.worst, fact.severity)
        self.labels[fact.label] = self.labels.get(fact.label, 0) + 1

    @property
    def label_list(self) -> list[tuple[str, int]]:
        return sorted(self.labels.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class CriterionRow:
    criterion: ConductCriterion | None
    cells: dict[str, Cell] = field(default_factory=dict)
    by_unit: dict[int, dict[str, int]] = field(default_factory=dict)  # child unit pk → kind → n
    by_quarter: dict[str, dict[str, int]] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    quarter_cells: list[list[tuple[str, int]]] = field(default_factory=list)
    kind_cells: list[tuple[str, Cell | None]] = field(default_factory=list)

    @property
    def key(self) -> int:
        return self.criterion.pk if self.criterion else 0

    def cell(self, kind: str) -> Cell:
        return self.cells.get(kind) or Cell()


@dataclass
class Effect:
    directive: Directive
    unit: Unit
    kinds: list[str]
    rows: list[CriterionRow]
    children: list[Unit]
    quarters: list[str]
    rollout: Rollout | None
    progress: Progress | None

    @property
    def kind_labels(self) -> list[tuple[str, str]]:
        return [(k, kind_label(k)) for k in self.kinds]

    def dissemination(self) -> dict[int, Any]:
        if self.progress is None:
            return {}
        return {r.unit.pk: r for r in self.progress.rows}


def _collect(*, actor: Actor, directive: Directive, unit: Unit) -> list[Fact]:
    found: list[Fact] = []
    seen: set[tuple[Any, ...]] = set()
    for kind in facts.registered_kinds():
        for subject_kind in ("unit", "person"):
            query = FactQuery(
                subject_kind=subject_kind,
                subtree_path=unit.path,
                directive_id=directive.pk,
                actor=actor,
            )
            for fact in facts.collect(kind, query):
                key = (
                    fact.kind,
                    fact.criterion_id,
                    fact.url or (fact.subject_kind, fact.subject_id, fact.date, fact.code),
                )
                if key in seen:
                    continue
                seen.add(key)
                found.append(fact)
    return found


def nearest_rollout(*, directive: Directive, unit: Unit) -> Rollout | None:
    return (
        Rollout.objects.filter(
            directive=directive, unit__path__in=ancestor_paths(unit.path, include_self=True)
        )
        .select_related("unit", "directive")
        .order_by("-unit__depth", "-starts_on")
        .first()
    )


def directive_effect(
    *, actor: Actor, directive: Directive, unit: Unit, today: datetime.date | None = None
) -> Effect:
    """The caller has checked that `unit` is in the actor's `effect.view` scope."""
    criteria = list(directive.criteria.order_by("polarity", "order"))
    rows = {c.pk: CriterionRow(criterion=c) for c in criteria}
    general = CriterionRow(criterion=None)
    children = list(
        Unit.objects.filter(
            path__startswith=unit.path, depth=unit.depth + 1, valid_to__isnull=True
        ).order_by("sort_key", "path")
    )
    width = child_width(unit.path)
    child_by_path = {c.path: c.pk for c in children}
    found = _collect(actor=actor, directive=directive, unit=unit)
    unit_ids = {f.unit_id for f in found}
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path")) if unit_ids else {}
    kinds_present: set[str] = set()
    quarters: set[str] = set()
    quarter_names: dict[tuple[int, int], str] = {}
    for fact in found:
        kind = fact.kind
        row = (rows.get(fact.criterion_id) if fact.criterion_id else None) or general
        kinds_present.add(kind)
        cell = row.cells.get(kind)
        if cell is None:
            cell = row.cells[kind] = Cell()
        cell.add(fact)
        row.facts.append(fact)
        child = child_by_path.get(paths.get(fact.unit_id, "")[:width])
        if child is not None:
            per = row.by_unit.get(child)
            if per is None:
                per = row.by_unit[child] = {}
            per[kind] = per.get(kind, 0) + 1
        month = (fact.date.year, fact.date.month)
        quarter = quarter_names.get(month)
        if quarter is None:
            quarter = quarter_names[month] = quarter_of(fact.date)
            quarters.add(quarter)
        per_q = row.by_quarter.get(quarter)
        if per_q is None:
            per_q = row.by_quarter[quarter] = {}
        per_q[kind] = per_q.get(kind, 0) + 1
    kinds = [k for k in KIND_ORDER if k in kinds_present] + sorted(kinds_present - set(KIND_ORDER))
    result = [rows[c.pk] for c in criteria]
    if general.facts:
        result.append(general)
    ordered = sorted(quarters, key=lambda q: (int(q.split("/")[1]), int(q.split("/")[0])))
    for row in result:
        row.kind_cells = [(k, row.cells.get(k)) for k in kinds]
        row.quarter_cells = [
            [(kind_label(k), n) for k, n in sorted(row.by_quarter.get(q, {}).items())]
            for q in ordered
        ]
    rollout = nearest_rollout(directive=directive, unit=unit)
    progress = rollout_progress(rollout=rollout, unit=unit, today=today) if rollout else None
    return Effect(
        directive=directive,
        unit=unit,
        kinds=kinds,
        rows=result,
        children=children,
        quarters=ordered,
        rollout=rollout,
        progress=progress,
    )


def criterion_facts(
    *, actor: Actor, directive: Directive, unit: Unit, criterion_id: int
) -> list[Fact]:
    """The drill-down: every fact of one criterion (0: those tied to none), newest first."""
    found = [
        f
        for f in _collect(actor=actor, directive=directive, unit=unit)
        if (f.criterion_id or 0) == criterion_id
    ]
    return sorted(found, key=lambda f: (f.date, f.kind), reverse=True)
