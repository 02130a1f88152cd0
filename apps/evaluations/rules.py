"""The rating rules as plain data read once from a `RuleSet`, and the pure functions applying them.

`Rules` holds no database objects: rating 150,000 people is a loop over numbers (see
benchmarks/evaluation_rating.py). Levels are compared by `rank` (1 best).
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from apps.common.facts import Fact
from apps.evaluations.models import RatingLevel, RuleSet


@dataclass(frozen=True)
class Level:
    id: int
    code: str
    name: str
    rank: int


@dataclass(frozen=True)
class Cap:
    subject_kind: str
    fact_kind: str
    codes: frozenset[str]
    max_level: Level
    wording: str  # "đã bị kỷ luật {label} trong năm"


@dataclass(frozen=True)
class Group:
    id: int
    code: str
    name: str
    max_points: Decimal


@dataclass(frozen=True)
class CapResult:
    level: Level
    reason: str  # "đã bị kỷ luật khiển trách trong năm: tối đa Hoàn thành nhiệm vụ"


@dataclass(frozen=True)
class Rules:
    rule_set_id: int
    name: str
    max_points: Decimal
    thresholds: tuple[tuple[Decimal, Level], ...]  # best first
    worst: Level
    levels: dict[str, Level]
    quota_level: Level
    quota_basis_level: Level
    quota_percent: int
    quota_scope: str
    caps: tuple[Cap, ...]
    groups: dict[str, tuple[Group, ...]]  # subject kind → groups

    def level_for_points(self, points: Decimal | float | int) -> Level:
        value = Decimal(str(points))
        for minimum, level in self.thresholds:
            if value >= minimum:
                return level
        return self.worst

    def range_text(self, level: Level) -> str:
        """'70–89,9 điểm' for a level, from the thresholds."""
        bounds = [(m, lv) for m, lv in self.thresholds]
        for i, (minimum, lv) in enumerate(bounds):
            if lv.code == level.code:
                upper = bounds[i - 1][0] - Decimal("0.1") if i else self.max_points
                return f"{_num(minimum)}–{_num(upper)} điểm"
        lowest = bounds[-1][0] if bounds else Decimal(0)
        return f"dưới {_num(lowest)} điểm"

    def caps_for(self, subject_kind: str, facts: list[Fact]) -> list[CapResult]:
        results = []
        for cap in self.caps:
            if cap.subject_kind != subject_kind:
                continue
            for fact in facts:
                if fact.kind == cap.fact_kind and fact.code in cap.codes:
                    wording = cap.wording.format(label=fact.label.lower())
                    results.append(
                        CapResult(cap.max_level, f"{wording}: tối đa {cap.max_level.name}")
                    )
                    break
        return results

    def allowed(self, points: Decimal | float | int, caps: list[CapResult]) -> Level:
        """The best level the points allow, lowered by every cap that applies."""
        level = self.level_for_points(points)
        for cap in caps:
            if cap.level.rank > level.rank:
                level = cap.level
        return level

    def quota_limit(self, basis: int) -> int:
        # "không vượt quá 20% số được xếp loại tốt": the limit is rounded down.
        return math.floor(basis * self.quota_percent / 100 + 1e-9)

    def quota_message(self, *, excellent: int, basis: int, where: str) -> str | None:
        limit = self.quota_limit(basis)
        if excellent <= limit:
            return None
        return (
            f"Không thể quyết định: {where} có {excellent} người được xếp loại "
            f"“{self.quota_level.name}”, vượt quá {self.quota_percent}% số được xếp loại "
            f"“{self.quota_basis_level.name}” ({basis} người): tối đa {limit} người "
            f"({self.quota_scope}). Cần điều chỉnh mức xếp loại rồi quyết định lại."
        )


def _num(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.1f}"
    return text.replace(".", ",")


def _level(row: RatingLevel) -> Level:
    return Level(row.pk, row.code, row.name, row.rank)


def rules_for(rule_set: RuleSet | int) -> Rules:
    """Reads a rule set (four small queries); callers read it once per request or batch."""
    rs = rule_set if isinstance(rule_set, RuleSet) else RuleSet.objects.get(pk=rule_set)
    levels = {row.code: _level(row) for row in RatingLevel.objects.all()}
    by_id = {lv.id: lv for lv in levels.values()}
    thresholds = tuple(
        (t.min_points, by_id[t.level_id]) for t in rs.thresholds.order_by("-min_points")
    )
    groups: dict[str, list[Group]] = {}
    for g in rs.groups.order_by("order"):
        groups.setdefault(g.subject_kind, []).append(Group(g.pk, g.code, g.name, g.max_points))
    caps = tuple(
        Cap(c.subject_kind, c.fact_kind, frozenset(c.codes), by_id[c.max_level_id], c.wording)
        for c in rs.caps.order_by("pk")
    )
    worst = max(levels.values(), key=lambda lv: lv.rank)
    rules = Rules(
        rule_set_id=rs.pk,
        name=rs.name,
        max_points=rs.max_points,
        thresholds=thresholds,
        worst=worst,
        levels=levels,
        quota_level=by_id[rs.quota_level_id],
        quota_basis_level=by_id[rs.quota_basis_level_id],
        quota_percent=rs.quota_percent,
        quota_scope=rs.quota_scope,
        caps=caps,
        groups={k: tuple(v) for k, v in groups.items()},
    )
    return rules
