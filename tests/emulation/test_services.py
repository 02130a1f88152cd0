"""Movements, registrations, council scoring, appeals, publication (frozen), proposals with
eligibility refusals, praise and the facts emulation provides."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.common import facts
from apps.common.errors import ApplicationError
from apps.common.models import Notification
from apps.emulation.enums import ProposalStatus, RegistrationStatus, SubjectKind
from apps.emulation.models import CommendationKind, RankingSnapshot
from apps.emulation.selectors import compute_rankings, group_ranking
from apps.emulation.services.commendation import praise_create, proposal_create, proposal_transition
from apps.emulation.services.movements import (
    GroupSpec,
    group_publish,
    movement_launch,
    registration_council_score,
    registration_create,
    registration_self_score,
    registration_transition,
)
from apps.rollout.models import RolloutUnitStat
from tests.emulation.factories import END, START, make_movement, providers, scored

TODAY = datetime.date(2026, 12, 31)


def _set_done(rollout, unit, done, people=10):
    RolloutUnitStat.objects.update_or_create(
        rollout=rollout, unit=unit, defaults={"people": people, "exempt": 0, "done": done}
    )


def test_launch_refuses_a_unit_in_two_groups_and_units_outside_the_subtree(world):
    with pytest.raises(ApplicationError, match="đã thuộc cụm, khối “Cụm 1”"):
        make_movement(world, [("Cụm 1", [world.commune_a]), ("Cụm 2", [world.commune_a])])
    with pytest.raises(ApplicationError, match="không thuộc phạm vi"):
        make_movement(
            world,
            [("Cụm 1", [world.commune_b])],
            unit=world.commune_a,
            rollout=None,
            criteria=[{"code": "n", "name": "N", "max_points": "10"}],
        )


def test_launch_by_an_officer_without_the_emulation_role_is_refused(world):
    with pytest.raises(ApplicationError, match="không có quyền phát động"):
        movement_launch(
            actor=world.users["officer_a"],
            unit=world.commune_a,
            title="X",
            starts_on=START,
            ends_on=END,
            groups=[GroupSpec(name="Cụm", units=[world.cell_a1])],
            criteria=[{"code": "n", "name": "N", "max_points": "10"}],
        )


def test_launch_tells_the_officers_of_member_units(world):
    make_movement(world)
    assert Notification.objects.filter(
        user=world.users["officer_a"], title__contains="Phong trào"
    ).exists()
    assert Notification.objects.filter(
        user=world.users["officer_b"], title__contains="Phong trào"
    ).exists()


def test_self_score_needs_every_manual_criterion_and_its_evidence(world):
    movement = make_movement(world)
    officer = world.users["officer_a"]
    registration = registration_create(
        actor=officer, movement=movement, unit=world.commune_a, targets="100%"
    )
    manual = movement.criteria.get(code="nhiem-vu")
    with pytest.raises(
        ApplicationError, match="Chưa tự chấm các tiêu chí: Kết quả thực hiện nhiệm vụ"
    ):
        registration_self_score(actor=officer, registration=registration, values={}, submit=True)
    with pytest.raises(ApplicationError, match="Cần ghi minh chứng"):
        registration_self_score(
            actor=officer, registration=registration, values={manual.pk: ("40", "")}, submit=True
        )
    with pytest.raises(ApplicationError, match="tối đa 50 điểm"):
        registration_self_score(
            actor=officer,
            registration=registration,
            values={manual.pk: ("51", "Báo cáo")},
            submit=True,
        )
    registration = registration_self_score(
        actor=officer,
        registration=registration,
        values={manual.pk: ("40", "Báo cáo số 5")},
        submit=True,
    )
    assert registration.status == RegistrationStatus.SELF_SCORED
    assert Notification.objects.filter(
        user=world.users["emulation"], title__contains="tự chấm"
    ).exists()


def test_officer_of_another_commune_cannot_register_or_score_it(world):
    movement = make_movement(world)
    with pytest.raises(ApplicationError, match="không có quyền đăng ký"):
        registration_create(
            actor=world.users["officer_a"], movement=movement, unit=world.commune_b, targets="x"
        )
    registration = registration_create(
        actor=None, movement=movement, unit=world.commune_b, targets="x"
    )
    with pytest.raises(ApplicationError, match="không có quyền tự chấm"):
        registration_self_score(
            actor=world.users["officer_a"], registration=registration, values={}
        )


def test_only_the_council_of_the_launching_unit_scores(world):
    movement = make_movement(world)
    registration = registration_create(
        actor=None, movement=movement, unit=world.commune_a, targets="x"
    )
    manual = {c.pk: ("40", "Báo cáo") for c in movement.criteria.all() if not c.is_auto}
    registration = registration_self_score(
        actor=None, registration=registration, values=manual, submit=True
    )
    with pytest.raises(ApplicationError, match="Chỉ hội đồng thi đua – khen thưởng"):
        registration_council_score(
            actor=world.users["leader_a"], registration=registration, values={}
        )
    with pytest.raises(ApplicationError, match="Chỉ hội đồng thi đua – khen thưởng"):
        registration_transition(
            actor=world.users["officer_a"],
            registration=registration,
            to=RegistrationStatus.COUNCIL_SCORED,
        )
    done = registration_council_score(
        actor=world.users["emulation"],
        registration=registration,
        values={c: ("35", "Thiếu minh chứng") for c in manual},
    )
    assert done.status == RegistrationStatus.COUNCIL_SCORED
    assert done.scores.get(criterion__code="nhiem-vu").council_value == Decimal("35")
    assert Notification.objects.filter(
        user=world.users["officer_a"], title__contains="Hội đồng đã chấm"
    ).exists()


def test_appeal_within_the_window_then_council_answers(world):
    movement = make_movement(world, appeal_days=5)
    registration = scored(movement, world.commune_a, "40", council="30")
    appealed = registration_transition(
        actor=world.users["officer_a"],
        registration=registration,
        to=RegistrationStatus.APPEALED,
        text="Đề nghị xem lại tiêu chí 1",
    )
    assert appealed.status == RegistrationStatus.APPEALED
    with pytest.raises(ApplicationError, match="trả lời nội dung khiếu nại"):
        registration_transition(
            actor=world.users["emulation"],
            registration=appealed,
            to=RegistrationStatus.COUNCIL_SCORED,
        )
    answered = registration_transition(
        actor=world.users["emulation"],
        registration=appealed,
        to=RegistrationStatus.COUNCIL_SCORED,
        text="Giữ nguyên",
    )
    assert answered.appeal_response == "Giữ nguyên"


def test_appeal_after_the_window_is_refused(world):
    movement = make_movement(world, appeal_days=5)
    registration = scored(movement, world.commune_a, "40")
    registration.council_scored_at = timezone.now() - datetime.timedelta(days=6)
    registration.save(update_fields=["council_scored_at"])
    with pytest.raises(ApplicationError, match="Đã hết thời hạn khiếu nại"):
        registration_transition(
            actor=world.users["officer_a"],
            registration=registration,
            to=RegistrationStatus.APPEALED,
            text="Muộn",
        )


def test_publication_waits_for_the_council_and_the_appeal_window(world):
    movement = make_movement(world, appeal_days=5)
    group = movement.groups.get()
    scored(movement, world.commune_a, "40")
    registration_create(actor=None, movement=movement, unit=world.commune_b, targets="x")
    with pytest.raises(ApplicationError, match="hội đồng chưa chấm xong.*Đảng bộ xã Bình Lợi"):
        group_publish(actor=world.users["emulation"], group=group)
    from apps.emulation.models import Registration

    b = Registration.objects.get(unit=world.commune_b)
    manual = {c.pk: ("30", "Báo cáo") for c in movement.criteria.all() if not c.is_auto}
    registration_self_score(actor=None, registration=b, values=manual, submit=True)
    registration_council_score(actor=None, registration=b, values={})
    with pytest.raises(ApplicationError, match="Còn trong thời hạn khiếu nại"):
        group_publish(actor=world.users["emulation"], group=group)


def test_published_ranking_is_frozen_when_live_data_changes(world):
    movement = make_movement(world)
    group = movement.groups.get()
    rollout = movement.rollout
    _set_done(rollout, world.cell_a1, 10)  # Xã A: 100% done
    _set_done(rollout, world.cell_b1, 5)  # Xã B: 50% done
    a = scored(movement, world.commune_a, "40")
    b = scored(movement, world.commune_b, "45")
    # A = 40 + 50 × 10/(10+people of Xã A's other cells…) — read what the live ranking says first.
    live = compute_rankings(movement=movement, groups=[group], as_of=TODAY)[0]
    before = {r.key: (r.rank, r.total) for r in live.rows}
    snapshot = group_publish(actor=world.users["emulation"], group=group, as_of=TODAY)
    assert snapshot.rows[0]["rules"][1]["code"] == "quan-triet"
    # Live data changes afterwards: Xã B completes everything, Xã A's figures collapse.
    _set_done(rollout, world.cell_b1, 10)
    _set_done(rollout, world.cell_a1, 0)
    relive = compute_rankings(movement=movement, groups=[group], as_of=TODAY)[0]
    assert {r.key: r.rank for r in relive.rows} != {k: v[0] for k, v in before.items()}
    published = group_ranking(group=group, as_of=TODAY)
    assert published.published is not None
    assert {r.key: (r.rank, r.total) for r in published.rows} == before
    assert published.method == live.method
    # And nothing in the group can be re-scored or appealed any more.
    with pytest.raises(ApplicationError, match="đã công bố"):
        group_publish(actor=world.users["emulation"], group=group)
    with pytest.raises(ApplicationError, match="đã công bố"):
        registration_transition(
            actor=world.users["officer_a"], registration=a, to=RegistrationStatus.APPEALED, text="x"
        )
    assert b.pk in before


def test_live_ranking_normalises_counts_by_members(world):
    criteria = [
        {
            "code": "mo-hinh",
            "name": "Mô hình",
            "max_points": "20",
            "kind": "count",
            "points_each": "2",
            "normalisation": "per_100_members",
        }
    ]
    movement = make_movement(world, criteria=criteria)
    group = movement.groups.get()
    _set_done(movement.rollout, world.cell_a1, 0, people=50)
    _set_done(movement.rollout, world.cell_b1, 0, people=400)
    # Xã A: 3 models for 50 members → 12 points; Xã B: 12 models for 400 → 6 points.
    RolloutUnitStat.objects.filter(rollout=movement.rollout).exclude(
        unit__in=[world.cell_a1, world.cell_b1]
    ).delete()
    scored(movement, world.commune_a, "3")
    scored(movement, world.commune_b, "12")
    ranking = compute_rankings(movement=movement, groups=[group], as_of=TODAY)[0]
    assert [(r.name, r.members, r.total, r.rank) for r in ranking.rows] == [
        ("Đảng bộ xã An Bình", 50, Decimal("12.00"), 1),
        ("Đảng bộ xã Bình Lợi", 400, Decimal("6.00"), 2),
    ]


def test_findings_through_facts_are_counted_per_member_unit(world):
    criteria = [
        {
            "code": "sai-pham",
            "name": "Sai phạm",
            "max_points": "10",
            "source": "findings",
            "kind": "count",
            "points_each": "1",
            "positive": False,
        }
    ]
    movement = make_movement(world, criteria=criteria)
    group = movement.groups.get()
    finding = facts.Fact(
        kind="finding",
        subject_kind="unit",
        subject_id=world.cell_b1.pk,
        unit_id=world.cell_b1.pk,
        date=datetime.date(2026, 5, 1),
        code="f",
        label="Sai phạm",
    )
    with providers(finding=[finding, finding]):
        scored(movement, world.commune_a, "0")
        scored(movement, world.commune_b, "0")
        ranking = compute_rankings(movement=movement, groups=[group], as_of=TODAY)[0]
    totals = {r.name: r.total for r in ranking.rows}
    assert totals == {
        "Đảng bộ xã An Bình": Decimal("10.00"),
        "Đảng bộ xã Bình Lợi": Decimal("8.00"),
    }


# --- proposals ------------------------------------------------------------------------------


def _kind(code):
    return CommendationKind.objects.get(code=code)


def _propose(world, kind="bang-khen-tinh", actor=None, subject=None, **kwargs):
    return proposal_create(
        actor=actor,
        proposing_unit=world.root,
        kind=_kind(kind),
        subject_kind=SubjectKind.UNIT,
        subject_unit=subject or world.commune_a,
        achievements="Dẫn đầu cụm thi đua",
        period_start=START,
        period_end=END,
        **kwargs,
    )


def test_reference_data_has_the_legal_titles_and_their_deciders(db):
    names = set(CommendationKind.objects.values_list("name", flat=True))
    assert {
        "Chiến sĩ thi đua cơ sở",
        "Lao động tiên tiến",
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Giấy khen",
        "Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh",
    } <= names
    assert "Điều 79" in _kind("bang-khen-tinh").source
    assert _kind("lao-dong-tien-tien").min_rating == "Hoàn thành tốt nhiệm vụ"


def test_discipline_in_the_period_refuses_the_proposal(world):
    discipline = facts.Fact(
        kind="discipline",
        subject_kind="unit",
        subject_id=world.commune_a.pk,
        unit_id=world.commune_a.pk,
        date=datetime.date(2026, 3, 9),
        code="khien-trach",
        label="Khiển trách",
    )
    with providers(discipline=[discipline]), pytest.raises(ApplicationError) as exc:
        _propose(world)
    assert exc.value.message == (
        "Đảng bộ xã An Bình bị kỷ luật “Khiển trách” ngày 09/03/2026, trong thời gian tính thành "
        "tích (01/01/2026 – 31/12/2026): không đủ điều kiện đề nghị “Bằng khen của Chủ tịch Ủy "
        "ban nhân dân cấp tỉnh”."
    )


def test_the_discipline_query_names_the_subject_and_the_period(world):
    seen = []
    with providers(discipline=lambda q: seen.append(q) or []):
        _propose(world)
    assert seen[0].subject_kind == "unit" and seen[0].ids == [world.commune_a.pk]
    assert (seen[0].start, seen[0].end) == (START, END)


def test_rating_below_the_title_refuses_the_proposal(world):
    rating = facts.Fact(
        kind="rating",
        subject_kind="unit",
        subject_id=world.commune_a.pk,
        unit_id=world.commune_a.pk,
        date=datetime.date(2026, 12, 20),
        code="hoan-thanh",
        label="Hoàn thành nhiệm vụ",
    )
    with providers(rating=[rating]), pytest.raises(ApplicationError) as exc:
        _propose(world, kind="tap-the-lao-dong-xuat-sac")
    assert (
        "được xếp loại “Hoàn thành nhiệm vụ” (20/12/2026), thấp hơn mức “Hoàn thành xuất sắc nhiệm vụ”"
        in exc.value.message
    )
    good = facts.Fact(**{**rating.__dict__, "code": "tot", "label": "Hoàn thành tốt nhiệm vụ"})
    with providers(rating=[good]):
        assert _propose(world, kind="bang-khen-tinh").status == ProposalStatus.DRAFT
        with pytest.raises(ApplicationError, match="thấp hơn mức"):
            _propose(world, kind="tap-the-lao-dong-xuat-sac")


def test_eligibility_is_checked_again_at_decision(world):
    proposal = _propose(world)
    proposal = proposal_transition(actor=None, proposal=proposal, to=ProposalStatus.SUBMITTED)
    proposal = proposal_transition(
        actor=None,
        proposal=proposal,
        to=ProposalStatus.VOTED,
        council_members=7,
        votes_for=6,
        voted_on=datetime.date(2026, 12, 28),
    )
    late = facts.Fact(
        kind="discipline",
        subject_kind="unit",
        subject_id=world.commune_a.pk,
        unit_id=world.commune_a.pk,
        date=datetime.date(2026, 12, 1),
        code="c",
        label="Cảnh cáo",
    )
    with providers(discipline=[late]), pytest.raises(ApplicationError, match="Cảnh cáo"):
        proposal_transition(
            actor=world.users["leader"],
            proposal=proposal,
            to=ProposalStatus.APPROVED,
            decision_number="12/QĐ-UBND",
            decision_date=datetime.date(2026, 12, 30),
        )


def test_title_decided_at_the_province_goes_to_the_province(world):
    proposal = _propose(world, subject=world.commune_a)
    assert proposal.decider_unit == world.root
    giay_khen = proposal_create(
        actor=world.users["officer_a"],
        proposing_unit=world.commune_a,
        kind=_kind("giay-khen"),
        subject_kind=SubjectKind.UNIT,
        subject_unit=world.cell_a1,
        achievements="x",
        period_start=START,
        period_end=END,
    )
    assert giay_khen.decider_unit == world.commune_a
    with pytest.raises(ApplicationError, match="dành cho cá nhân"):
        _propose(world, kind="lao-dong-tien-tien")


def test_failed_vote_rejects_and_a_passed_vote_then_decision_approves(world):
    proposal = _propose(world, evidence=[("Báo cáo thành tích", "số 12-BC/ĐU")])
    officer_a = world.users["officer_a"]
    with pytest.raises(ApplicationError):
        proposal_transition(actor=officer_a, proposal=proposal, to=ProposalStatus.SUBMITTED)
    proposal = proposal_transition(
        actor=world.users["emulation"], proposal=proposal, to=ProposalStatus.SUBMITTED
    )
    failed = proposal_transition(
        actor=world.users["emulation"],
        proposal=proposal,
        to=ProposalStatus.VOTED,
        council_members=9,
        votes_for=4,
        votes_against=5,
        voted_on=TODAY,
    )
    assert failed.status == ProposalStatus.REJECTED
    assert "4/9 tán thành" in failed.rejection_reason
    second = _propose(world)
    second = proposal_transition(actor=None, proposal=second, to=ProposalStatus.SUBMITTED)
    second = proposal_transition(
        actor=world.users["emulation"],
        proposal=second,
        to=ProposalStatus.VOTED,
        council_members=9,
        votes_for=8,
        voted_on=TODAY,
    )
    assert second.status == ProposalStatus.VOTED
    assert Notification.objects.filter(
        user=world.users["leader"], title__contains="chờ quyết định"
    ).exists()
    with pytest.raises(ApplicationError, match="số và ngày"):
        proposal_transition(
            actor=world.users["leader"], proposal=second, to=ProposalStatus.APPROVED
        )
    approved = proposal_transition(
        actor=world.users["leader"],
        proposal=second,
        to=ProposalStatus.APPROVED,
        decision_number="125/QĐ-UBND",
        decision_date=TODAY,
    )
    assert approved.status == ProposalStatus.APPROVED
    commendations = facts.collect(
        "commendation", facts.FactQuery(subject_kind="unit", ids=[world.commune_a.pk])
    )
    assert [(f.label, f.date) for f in commendations] == [
        ("Bằng khen của Chủ tịch Ủy ban nhân dân cấp tỉnh", TODAY)
    ]


def test_praise_is_a_fact_of_the_unit_and_of_the_directive(world):
    movement = make_movement(world)
    praise_create(
        actor=world.users["emulation"],
        unit=world.commune_a,
        text="Hoàn thành quán triệt sớm nhất",
        date=datetime.date(2026, 6, 1),
        movement=movement,
    )
    by_unit = facts.collect(
        "praise", facts.FactQuery(subject_kind="unit", ids=[world.commune_a.pk])
    )
    assert [f.label for f in by_unit] == ["Hoàn thành quán triệt sớm nhất"]
    by_directive = facts.collect(
        "praise", facts.FactQuery(subject_kind="unit", directive_id=movement.directive_id)
    )
    assert len(by_directive) == 1
    other = facts.collect("praise", facts.FactQuery(subject_kind="unit", ids=[world.commune_b.pk]))
    assert other == []
    hidden = facts.collect(
        "praise", facts.FactQuery(subject_kind="unit", actor=world.users["officer_b"])
    )
    assert hidden == []
    with pytest.raises(ApplicationError, match="không có quyền biểu dương"):
        praise_create(actor=world.users["officer_b"], unit=world.commune_a, text="x")


def test_snapshot_exists_only_after_publication(world):
    movement = make_movement(world, [("Cụm 1", [world.commune_a])])
    scored(movement, world.commune_a, "10")
    assert not RankingSnapshot.objects.exists()
    group_publish(actor=None, group=movement.groups.get())
    assert RankingSnapshot.objects.count() == 1
