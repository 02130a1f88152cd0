"""Fair ranking within a group: pure functions over plain values (no database access).

Points per criterion:
- POINTS criteria: the council's points, capped to [0, max].
- Ratio sources (rollout completion, plan and report timeliness): max × the fraction in [0, 1].
- COUNT criteria (typed counts, findings, feedback): the count is first NORMALISED for size —
  per 100 members (count × 100 ÷ members) or per subordinate unit (count ÷ units) — then
  multiplied by the points per item; added up to the maximum (positive) or deducted from the
  maximum down to zero (negative). A unit of 40 members with 2 findings and one of 400 members
  with 20 findings lose the same points.

Ties (published with the ranking): equal totals are compared criterion by criterion in the
rubric's order, the higher points at the first differing criterion ranking higher; units equal on
every criterion share the rank (1, 1, 3…), listed by name.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from apps.common.text import collation_key
from apps.emulation.enums import CriterionKind, CriterionSource, Normalisation

RATIO_SOURCES = {
    CriterionSource.ROLLOUT_COMPLETION,
    CriterionSource.PLAN_TIMELINESS,
    CriterionSource.REPORT_TIMELINESS,
}
COUNT_SOURCES = {CriterionSource.FINDINGS, CriterionSource.FEEDBACK}
CENT = Decimal("0.01")

TIE_BREAK_RULE = (
    "Xếp theo tổng điểm từ cao xuống thấp. Khi bằng tổng điểm, so sánh lần lượt điểm từng tiêu "
    "chí theo thứ tự trong bảng tiêu chí: đơn vị có điểm cao hơn ở tiêu chí đầu tiên có điểm khác "
    "nhau được xếp trên. Nếu bằng điểm ở mọi tiêu chí thì đồng hạng (liệt kê theo tên đơn vị)."
)


@dataclass(frozen=True)
class Rule:
    """What the ranking needs of a criterion (a Criterion row, or a dict in a snapshot)."""

    code: str
    name: str
    max_points: Decimal
    source: str = CriterionSource.MANUAL
    kind: str = CriterionKind.POINTS
    points_each: Decimal = Decimal("0")
    positive: bool = True
    normalisation: str = Normalisation.NONE
    mode: str = field(default="", compare=False)  # "ratio" | "count" | "points", derived

    def __post_init__(self) -> None:
        source = str(self.source)
        if source in {str(s) for s in RATIO_SOURCES}:
            mode = "ratio"
        elif str(self.kind) == CriterionKind.COUNT or source in {str(s) for s in COUNT_SOURCES}:
            mode = "count"
        else:
            mode = "points"
        object.__setattr__(self, "mode", mode)
        object.__setattr__(self, "normalisation", str(self.normalisation))

    @classmethod
    def of(cls, criterion: Any) -> "Rule":
        return cls(
            code=criterion.code,
            name=criterion.name,
            max_points=Decimal(criterion.max_points),
            source=criterion.source,
            kind=criterion.kind,
            points_each=Decimal(criterion.points_each),
            positive=criterion.positive,
            normalisation=criterion.normalisation,
        )

    @property
    def counts(self) -> bool:
        return self.mode == "count"


@dataclass
class Entry:
    """One competitor: its size and the raw value of each criterion (points, a count or a
    fraction; None when nothing was entered)."""

    key: int  # the registration id
    unit_id: int
    name: str
    members: int
    units: int
    values: dict[str, Decimal | None]
    scored: bool = True  # the council has scored it (only scored entries are ranked)
    sort_key: str = ""  # the unit's stored collation key (names in Vietnamese order)


@dataclass
class Row:
    key: int
    unit_id: int
    name: str
    members: int
    units: int
    values: dict[str, Decimal | None]
    points: dict[str, Decimal]
    total: Decimal
    rank: int | None = None
    scored: bool = True
    tie_note: str = ""
    sort_key: str = ""


ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
PER_100 = str(Normalisation.PER_100_MEMBERS)
PER_UNIT = str(Normalisation.PER_UNIT)


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def normalised_count(rule: Rule, count: Decimal, members: int, units: int) -> Decimal:
    if rule.normalisation == PER_100:
        return count * HUNDRED / members if members > 0 else ZERO
    if rule.normalisation == PER_UNIT:
        return count / units if units > 0 else count
    return count


def points_for(rule: Rule, value: Decimal | None, *, members: int, units: int) -> Decimal:
    top = rule.max_points
    value = value if value is not None and value > ZERO else ZERO
    mode = rule.mode
    if mode == "ratio":
        return _q(top * (value if value < ONE else ONE))
    if mode == "count":
        earned = normalised_count(rule, value, members, units) * rule.points_each
        if rule.positive:
            return _q(earned if earned < top else top)
        left = top - earned
        return _q(left if left > ZERO else ZERO)
    return _q(value if value < top else top)


def _order_key(row: Row, codes: Sequence[str]) -> tuple[Any, ...]:
    return (-row.total, *(-row.points[c] for c in codes))


def rank(rules: Sequence[Rule], entries: Iterable[Entry]) -> list[Row]:
    """Rows ranked by the published rule; unscored entries follow, unranked."""
    codes = [r.code for r in rules]
    rows: list[Row] = []
    for entry in entries:
        points = {
            r.code: points_for(
                r, entry.values.get(r.code), members=entry.members, units=entry.units
            )
            for r in rules
        }
        rows.append(
            Row(
                key=entry.key,
                unit_id=entry.unit_id,
                name=entry.name,
                members=entry.members,
                units=entry.units,
                values=dict(entry.values),
                points=points,
                total=_q(sum(points.values(), Decimal(0))),
                scored=entry.scored,
                sort_key=entry.sort_key or collation_key(entry.name),
            )
        )
    scored = sorted(
        (r for r in rows if r.scored), key=lambda r: (*_order_key(r, codes), r.sort_key)
    )
    previous: Row | None = None
    for position, row in enumerate(scored, start=1):
        if previous is not None and _order_key(previous, codes) == _order_key(row, codes):
            row.rank = previous.rank
            row.tie_note = "đồng hạng"
            previous.tie_note = "đồng hạng"
        else:
            row.rank = position
            if previous is not None and previous.total == row.total:
                differing = next(c for c in codes if previous.points[c] != row.points[c])
                name = next(r.name for r in rules if r.code == differing)
                row.tie_note = f"bằng tổng điểm, xếp sau theo tiêu chí “{name}”"
        previous = row
    unscored = sorted((r for r in rows if not r.scored), key=lambda r: r.sort_key)
    return scored + unscored


def method_text(rules: Sequence[Rule]) -> str:
    """The method shown beside the ranking (and frozen with it)."""
    lines = ["Điểm của mỗi tiêu chí được tính như sau:"]
    for r in rules:
        top = f"{r.max_points.normalize():f}"
        if r.source == CriterionSource.ROLLOUT_COMPLETION:
            how = f"{top} điểm × tỉ lệ người đã hoàn thành quán triệt (số liệu hệ thống)"
        elif r.source == CriterionSource.PLAN_TIMELINESS:
            how = (
                f"{top} điểm nếu trình kế hoạch đúng hạn, một nửa nếu trình muộn, 0 nếu chưa trình"
            )
        elif r.source == CriterionSource.REPORT_TIMELINESS:
            how = f"{top} điểm × tỉ lệ kỳ báo cáo đã đến hạn được gửi đúng hạn"
        elif r.counts:
            per_text: dict[str, str] = {
                Normalisation.PER_100_MEMBERS: " trên 100 đảng viên, cán bộ của đơn vị",
                Normalisation.PER_UNIT: " trên mỗi tổ chức trực thuộc của đơn vị",
            }
            per = per_text.get(r.normalisation, "")
            each = f"{r.points_each.normalize():f}"
            if r.positive:
                how = f"{each} điểm cho mỗi trường hợp{per}, tối đa {top} điểm"
            else:
                how = f"{top} điểm, trừ {each} điểm cho mỗi trường hợp{per}, thấp nhất 0 điểm"
        else:
            how = f"điểm hội đồng chấm, tối đa {top} điểm"
        lines.append(f"- {r.name}: {how}.")
    lines.append(
        "Số đảng viên, cán bộ và số tổ chức trực thuộc của mỗi đơn vị, cùng các số liệu tự động, "
        "được lấy từ hệ thống tại thời điểm tính và giữ nguyên khi công bố."
    )
    return "\n".join(lines)
