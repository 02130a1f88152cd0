"""The rating rules as data: thresholds at each boundary, the quota and its message, capping
rules, and a second rule set loaded and used without new code."""

import datetime
from decimal import Decimal

import pytest

from apps.common.errors import ApplicationError
from apps.evaluations import services
from apps.evaluations.models import (
    CappingRule,
    CriterionGroup,
    RatingLevel,
    RuleSet,
    RuleThreshold,
)
from apps.evaluations.rules import rules_for
from tests.evaluations.factories import (
    PARTY,
    STATE,
    discipline,
    evaluation_of,
    fill,
    open_period,
    push_to_proposed,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("points", "level"),
    [
        ("49.9", "Không hoàn thành nhiệm vụ"),
        ("50", "Hoàn thành nhiệm vụ"),
        ("69.9", "Hoàn thành nhiệm vụ"),
        ("70", "Hoàn thành tốt nhiệm vụ"),
        ("89.9", "Hoàn thành tốt nhiệm vụ"),
        ("90", "Hoàn thành xuất sắc nhiệm vụ"),
        ("0", "Không hoàn thành nhiệm vụ"),
        ("100", "Hoàn thành xuất sắc nhiệm vụ"),
    ],
)
@pytest.mark.parametrize("code", [PARTY, STATE])
def test_level_from_points_at_each_boundary(code, points, level):
    rules = rules_for(RuleSet.objects.get(code=code))
    assert rules.level_for_points(Decimal(points)).name == level


def test_four_official_levels_have_the_exact_legal_wording():
    assert list(RatingLevel.objects.order_by("rank").values_list("name", flat=True)) == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    for rs in RuleSet.objects.all():
        assert rs.source and rs.note, rs.code
        assert sum(g.max_points for g in rs.groups.filter(subject_kind="person")) == 100


def test_self_assessment_level_follows_the_points_at_the_boundary(world):
    period = open_period(world)
    evaluation = fill(
        evaluation_of(period, world.member_a), ("25", "44.9"), actor=world.users["member_a"]
    )
    assert evaluation.self_points == Decimal("69.9")
    assert evaluation.self_level.name == "Hoàn thành nhiệm vụ"
    evaluation = fill(evaluation, ("25", "45,0"), actor=world.users["member_a"])
    assert evaluation.self_level.name == "Hoàn thành tốt nhiệm vụ"


def test_self_assessment_cannot_claim_a_level_above_its_points(world):
    period = open_period(world)
    evaluation = evaluation_of(period, world.member_a)
    with pytest.raises(ApplicationError) as err:
        fill(evaluation, ("30", "59.9"), actor=world.users["member_a"], proposed="xuat-sac")
    assert err.value.message == (
        "Không thể tự xếp loại “Hoàn thành xuất sắc nhiệm vụ”: 89,9 điểm chỉ đạt mức "
        "“Hoàn thành tốt nhiệm vụ” (70–89,9 điểm)."
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31", "Nhóm tiêu chí chung: điểm phải từ 0 đến 30."),
        ("-1", "Nhóm tiêu chí chung: điểm phải từ 0 đến 30."),
        ("12.25", "Nhóm tiêu chí chung: điểm chỉ lấy tối đa một chữ số thập phân."),
        ("mười", "Nhóm tiêu chí chung: “mười” không phải là số điểm."),
        ("", "Nhóm tiêu chí chung: chưa nhập điểm."),
    ],
)
def test_bad_scores_are_refused_naming_the_group(world, value, message):
    period = open_period(world)
    with pytest.raises(ApplicationError) as err:
        fill(evaluation_of(period, world.member_a), (value, "60"), actor=world.users["member_a"])
    assert err.value.message == message


def test_quota_refusal_names_the_numbers_and_decides_nothing(world):
    from tests.people.factories import PersonFactory

    good = [PersonFactory(unit=world.cell_a1) for _ in range(9)]
    excellent = [PersonFactory(unit=world.cell_a2) for _ in range(2)]
    period = open_period(world)
    levels = {}
    for p in good:
        levels[push_to_proposed(evaluation_of(period, p), ("25", "55")).pk] = "tot"
    for p in excellent:
        levels[push_to_proposed(evaluation_of(period, p), ("29", "65")).pk] = "xuat-sac"
    with pytest.raises(ApplicationError) as err:
        services.evaluation_decide(actor=world.users["leader_a"], period=period,
                                   body=world.commune_a, levels=levels, reason="Hội nghị")  # fmt: skip
    assert err.value.message == (
        "Không thể quyết định: Đảng bộ xã An Bình có 2 người được xếp loại “Hoàn thành xuất sắc "
        "nhiệm vụ”, vượt quá 20% số được xếp loại “Hoàn thành tốt nhiệm vụ” (9 người): tối đa 1 "
        "người (trong cùng một tổ chức đảng có thẩm quyền quyết định xếp loại). Cần điều chỉnh "
        "mức xếp loại rồi quyết định lại."
    )
    assert not period.evaluations.filter(status="decided").exists()
    attempt = period.attempts.get()
    assert (attempt.accepted, attempt.excellent, attempt.basis, attempt.limit) == (False, 2, 9, 1)
    # adjust one "xuất sắc" down to "tốt": 1 ≤ 20% × 10
    levels[max(levels)] = "tot"
    assert services.evaluation_decide(actor=world.users["leader_a"], period=period,
                                      body=world.commune_a, levels=levels) == 11  # fmt: skip
    assert period.evaluations.filter(status="decided", final_level__code="xuat-sac").count() == 1
    assert period.attempts.filter(accepted=True).count() == 1


def test_quota_counts_what_the_body_already_decided(world):
    from tests.people.factories import PersonFactory

    people = [PersonFactory(unit=world.cell_a1) for _ in range(6)]
    period = open_period(world)
    evs = [push_to_proposed(evaluation_of(period, p), ("28", "65")) for p in people]
    services.evaluation_decide(actor=None, period=period, body=world.commune_a,
                               levels={e.pk: "tot" for e in evs[:5]} | {evs[5].pk: "xuat-sac"})  # fmt: skip
    other = push_to_proposed(evaluation_of(period, world.person_a), ("28", "65"))
    with pytest.raises(ApplicationError, match=r"có 2 người .* \(5 người\): tối đa 1 người"):
        services.evaluation_transition(actor=None, evaluation=other, to="decided", level="xuat-sac")


def test_khien_trach_caps_at_hoan_thanh_nhiem_vu_with_the_reason_shown(world, fact_sources):
    fact_sources("discipline", [discipline(world.member_a.pk, "khien-trach", "Khiển trách")])
    period = open_period(world)
    evaluation = fill(
        evaluation_of(period, world.member_a), ("28", "65"), actor=world.users["member_a"]
    )
    assert evaluation.self_level.name == "Hoàn thành nhiệm vụ"
    with pytest.raises(ApplicationError) as err:
        fill(evaluation, ("28", "65"), actor=world.users["member_a"], proposed="tot")
    assert "đã bị kỷ luật khiển trách trong năm: tối đa Hoàn thành nhiệm vụ" in err.value.message
    caps = services.caps_of(evaluation, rules_for(period.rule_set))
    assert [c.reason for c in caps] == [
        "đã bị kỷ luật khiển trách trong năm: tối đa Hoàn thành nhiệm vụ"
    ]


@pytest.mark.parametrize(
    ("code", "label"),
    [("canh-cao", "Cảnh cáo"), ("cach-chuc", "Cách chức"), ("khai-tru", "Khai trừ")],
)
def test_heavier_party_discipline_caps_at_khong_hoan_thanh(world, fact_sources, code, label):
    fact_sources("discipline", [discipline(world.member_a.pk, code, label)])
    period = open_period(world)
    evaluation = fill(
        evaluation_of(period, world.member_a), ("30", "70"), actor=world.users["member_a"]
    )
    assert evaluation.self_level.name == "Không hoàn thành nhiệm vụ"
    caps = services.caps_of(evaluation, rules_for(period.rule_set))
    assert (
        caps[0].reason
        == f"đã bị kỷ luật {label.lower()} trong năm: tối đa Không hoàn thành nhiệm vụ"
    )


def test_discipline_outside_the_period_or_of_someone_else_does_not_cap(world, fact_sources):
    fact_sources("discipline", [
        discipline(world.member_a.pk, "canh-cao", "Cảnh cáo", datetime.date(2023, 12, 31)),
        discipline(world.person_a.pk, "canh-cao", "Cảnh cáo"),
    ])  # fmt: skip
    period = open_period(world)
    evaluation = fill(
        evaluation_of(period, world.member_a), ("30", "70"), actor=world.users["member_a"]
    )
    assert evaluation.self_level.name == "Hoàn thành xuất sắc nhiệm vụ"


def test_unit_discipline_caps_the_party_organisation(world, fact_sources):
    from apps.common.facts import Fact

    fact_sources("discipline", [Fact(kind="discipline", subject_kind="unit", subject_id=world.cell_a1.pk,
                                     unit_id=world.cell_a1.pk, date=datetime.date(2024, 3, 1),
                                     code="khien-trach", label="Khiển trách")])  # fmt: skip
    period = open_period(world)
    unit_eval = period.evaluations.get(subject_kind="unit", unit=world.cell_a1)
    unit_eval = fill(unit_eval, ("30", "70"), actor=world.users["officer_a"])
    assert unit_eval.self_level.name == "Không hoàn thành nhiệm vụ"


def test_state_rule_set_caps_every_discipline_from_khien_trach(world, fact_sources):
    fact_sources("discipline", [discipline(world.member_a.pk, "khien-trach", "Khiển trách")])
    period = open_period(world, rule_set=STATE)
    evaluation = fill(
        evaluation_of(period, world.member_a), ("30", "70"), actor=world.users["member_a"]
    )
    assert evaluation.self_level.name == "Không hoàn thành nhiệm vụ"
    caps = services.caps_of(evaluation, rules_for(period.rule_set))
    assert caps[0].reason == (
        "có vi phạm bị kỷ luật khiển trách trong năm đánh giá: tối đa Không hoàn thành nhiệm vụ"
    )


def test_a_new_rule_set_is_data_and_rates_with_its_own_numbers(world, fact_sources):
    """A hypothetical 2030 regulation: three groups, thresholds 85/65/45, quota 10%."""
    levels = {lv.code: lv for lv in RatingLevel.objects.all()}
    rs = RuleSet.objects.create(
        code="thu-nghiem-2030", name="Quy định thử nghiệm 2030", authority="party",
        document="Quy định thử nghiệm", effective_from=datetime.date(2030, 1, 1),
        quota_level=levels["xuat-sac"], quota_basis_level=levels["tot"], quota_percent=10,
        quota_scope="trong cùng chi bộ", source="Dữ liệu thử nghiệm", note="Không có thật",
    )  # fmt: skip
    for code, minimum in (("xuat-sac", 85), ("tot", 65), ("hoan-thanh", 45)):
        RuleThreshold.objects.create(rule_set=rs, level=levels[code], min_points=minimum)
    for order, (code, points) in enumerate((("a", 40), ("b", 40), ("c", 20)), start=1):
        CriterionGroup.objects.create(rule_set=rs, subject_kind="person", order=order, code=code,
                                      name=f"Nhóm {code.upper()}", max_points=points)  # fmt: skip
    CappingRule.objects.create(rule_set=rs, subject_kind="person", fact_kind="discipline",
                               codes=["khien-trach"], max_level=levels["tot"],
                               wording="bị khiển trách {label}")  # fmt: skip
    rules = rules_for(rs)
    assert rules.level_for_points(Decimal("84.9")).code == "tot"
    assert rules.level_for_points(Decimal("85")).code == "xuat-sac"
    assert rules.level_for_points(Decimal("44.9")).code == "khong-hoan-thanh"
    assert rules.quota_limit(19) == 1 and rules.quota_limit(20) == 2
    period = services.period_open(
        actor=None, unit=world.commune_a, kind=open_period.__globals__["EvaluationPeriodKind"].objects.get(code="nam"),
        rule_set=rs, title="Thử nghiệm", start=datetime.date(2030, 1, 1),
        end=datetime.date(2030, 12, 31), self_due=datetime.date(2030, 12, 1),
    )  # fmt: skip
    evaluation = evaluation_of(period, world.member_a)
    groups = rules.groups["person"]
    assert [g.max_points for g in groups] == [40, 40, 20]
    scores = {g.id: (p, "Căn cứ") for g, p in zip(groups, ("35", "35", "15"), strict=True)}
    evaluation = services.evaluation_self_save(actor=world.users["member_a"], evaluation=evaluation,
                                               scores=scores, summary="")  # fmt: skip
    assert evaluation.self_points == 85
    assert evaluation.self_level.code == "xuat-sac"  # 85 is "tốt" under the Party rules
