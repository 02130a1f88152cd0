"""Normalisation and tie-breaking on small examples computed by hand."""

from decimal import Decimal

from apps.emulation.enums import CriterionKind, CriterionSource, Normalisation
from apps.emulation.ranking import Entry, Rule, method_text, points_for, rank

D = Decimal


def test_counts_per_100_members_favour_the_small_unit_with_more_per_head():
    # 2 points per model per 100 members, at most 20.
    rule = Rule(
        code="m",
        name="Mô hình",
        max_points=D(20),
        kind=CriterionKind.COUNT,
        points_each=D(2),
        normalisation=Normalisation.PER_100_MEMBERS,
    )
    # A: 3 models for 50 members = 6 per 100 → 12 points; B: 12 for 400 = 3 per 100 → 6 points.
    assert points_for(rule, D(3), members=50, units=0) == D("12.00")
    assert points_for(rule, D(12), members=400, units=0) == D("6.00")
    # Capped at the maximum: 10 for 50 members = 20 per 100 → 40 → 20.
    assert points_for(rule, D(10), members=50, units=0) == D("20.00")


def test_raw_counts_without_normalisation_would_rank_the_other_way():
    rule = Rule(
        code="m", name="Mô hình", max_points=D(100), kind=CriterionKind.COUNT, points_each=D(2)
    )
    assert points_for(rule, D(3), members=50, units=0) == D("6.00")
    assert points_for(rule, D(12), members=400, units=0) == D("24.00")


def test_deductions_per_100_members_treat_equal_rates_equally():
    # 10 points minus 1 per finding per 100 members.
    rule = Rule(
        code="s",
        name="Sai phạm",
        max_points=D(10),
        source=CriterionSource.FINDINGS,
        kind=CriterionKind.COUNT,
        points_each=D(1),
        positive=False,
        normalisation=Normalisation.PER_100_MEMBERS,
    )
    assert points_for(rule, D(2), members=40, units=0) == D("5.00")  # 5 per 100
    assert points_for(rule, D(20), members=400, units=0) == D("5.00")  # 5 per 100
    assert points_for(rule, D(2), members=400, units=0) == D("9.50")  # 0.5 per 100
    assert points_for(rule, D(50), members=40, units=0) == D("0.00")  # never below zero
    assert points_for(rule, D(0), members=0, units=0) == D("10.00")


def test_counts_per_unit_divide_by_subordinate_units():
    rule = Rule(
        code="m",
        name="Mô hình",
        max_points=D(20),
        kind=CriterionKind.COUNT,
        points_each=D("2.5"),
        normalisation=Normalisation.PER_UNIT,
    )
    assert points_for(rule, D(6), members=100, units=3) == D("5.00")  # 2 per unit × 2.5


def test_ratio_sources_scale_the_maximum_and_round_half_up():
    completion = Rule(
        code="q", name="Quán triệt", max_points=D(25), source=CriterionSource.ROLLOUT_COMPLETION
    )
    report = Rule(
        code="b", name="Báo cáo", max_points=D(10), source=CriterionSource.REPORT_TIMELINESS
    )
    assert points_for(completion, D("0.8"), members=10, units=0) == D("20.00")
    assert points_for(report, D(2) / D(3), members=10, units=0) == D("6.67")
    assert points_for(completion, None, members=10, units=0) == D("0.00")


def test_manual_points_are_capped_to_the_criterion():
    rule = Rule(code="n", name="Nhiệm vụ", max_points=D(30))
    assert points_for(rule, D(35), members=1, units=0) == D("30.00")


RULES = [
    Rule(code="x", name="Tiêu chí X", max_points=D(50)),
    Rule(code="y", name="Tiêu chí Y", max_points=D(50)),
]


def _entry(key, name, x, y, scored=True):
    return Entry(
        key=key,
        unit_id=key,
        name=name,
        members=10,
        units=0,
        values={"x": D(x), "y": D(y)},
        scored=scored,
    )


def test_ties_break_on_the_first_differing_criterion_then_share_the_rank():
    rows = rank(
        RULES,
        [
            _entry(1, "Xã Cư", 30, 20),  # 50
            _entry(2, "Xã Bình", 20, 30),  # 50, lower on X
            _entry(3, "Xã An", 30, 20),  # 50, same as Xã Cư on every criterion
            _entry(4, "Xã Đông", 40, 20),  # 60
        ],
    )
    assert [(r.name, r.rank) for r in rows] == [
        ("Xã Đông", 1),
        ("Xã An", 2),
        ("Xã Cư", 2),
        ("Xã Bình", 4),
    ]
    assert rows[1].tie_note == rows[2].tie_note == "đồng hạng"
    assert rows[3].tie_note == "bằng tổng điểm, xếp sau theo tiêu chí “Tiêu chí X”"
    assert [r.total for r in rows] == [D("60.00"), D("50.00"), D("50.00"), D("50.00")]


def test_unscored_entries_follow_unranked():
    rows = rank(RULES, [_entry(1, "Xã An", 1, 1, scored=False), _entry(2, "Xã Bình", 0, 0)])
    assert [(r.name, r.rank) for r in rows] == [("Xã Bình", 1), ("Xã An", None)]


def test_method_text_names_every_criterion_and_the_normalisation():
    rule = Rule(
        code="m",
        name="Mô hình",
        max_points=D(15),
        kind=CriterionKind.COUNT,
        points_each=D("7.5"),
        normalisation=Normalisation.PER_100_MEMBERS,
    )
    text = method_text([*RULES, rule])
    assert "Tiêu chí X: điểm hội đồng chấm, tối đa 50 điểm." in text
    assert (
        "Mô hình: 7.5 điểm cho mỗi trường hợp trên 100 đảng viên, cán bộ của đơn vị, tối đa 15 điểm."
        in text
    )
