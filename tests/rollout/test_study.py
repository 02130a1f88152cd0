"""Make-up study (read, quiz) and the personal commitment."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.rollout.enums import AttendanceStatus, StudyKind
from apps.rollout.models import Participant, RolloutUnitStat, StudyRecord
from apps.rollout.services.deadlines import unit_deadline_set
from apps.rollout.services.sessions import attendance_mark
from apps.rollout.services.study import commitment_sign, quiz_submit, study_read
from tests.rollout.test_attendance import fresh_counts, stored_counts
from tests.rollout.test_sessions import current_rollout, schedule


@pytest.fixture
def setup(world):
    rollout = current_rollout(world)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    return world, rollout, member


def right(rollout):
    return {q.pk: q.choices.get(is_correct=True).pk for q in rollout.directive.questions.all()}


def wrong(rollout):
    return {q.pk: q.choices.get(is_correct=False).pk for q in rollout.directive.questions.all()}


def all_criteria(rollout):
    return list(rollout.directive.criteria.values_list("pk", flat=True))


def test_reading_is_recorded_once(setup):
    world, rollout, member = setup
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    study_read(actor=user, participant=member)
    member.refresh_from_db()
    assert member.read_at is not None
    assert member.study_records.filter(kind=StudyKind.READ).count() == 1


def test_quiz_requires_reading_first(setup):
    world, rollout, member = setup
    with pytest.raises(ApplicationError, match="Hãy đọc toàn văn"):
        quiz_submit(actor=world.users["member_a"], participant=member, answers=right(rollout))
    assert not StudyRecord.objects.exists()


def test_wrong_answers_fail_and_count_as_an_attempt(setup):
    world, rollout, member = setup
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    record = quiz_submit(actor=user, participant=member, answers=wrong(rollout))
    assert record.score == 0 and record.passed is False
    member.refresh_from_db()
    assert not member.makeup_passed and not member.done


def test_passing_the_quiz_and_signing_completes_the_person(setup):
    world, rollout, member = setup
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    assert quiz_submit(actor=user, participant=member, answers=right(rollout)).passed
    commitment_sign(actor=user, participant=member, confirmed=all_criteria(rollout))
    member.refresh_from_db()
    assert member.makeup_passed and member.commitment_signed and member.done
    assert RolloutUnitStat.objects.get(rollout=rollout, unit=world.cell_a1).done == 1
    assert stored_counts(rollout) == fresh_counts(rollout)


def test_unanswered_question_is_named_and_not_counted(setup):
    world, rollout, member = setup
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    answers = right(rollout)
    answers.pop(next(iter(answers)))
    with pytest.raises(ApplicationError, match="Chưa trả lời câu: 1"):
        quiz_submit(actor=user, participant=member, answers=answers)
    assert not member.study_records.filter(kind=StudyKind.QUIZ).exists()


def test_attempts_are_limited(world):
    rollout = current_rollout(world, quiz_max_attempts=2)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    quiz_submit(actor=user, participant=member, answers=wrong(rollout))
    quiz_submit(actor=user, participant=member, answers=wrong(rollout))
    with pytest.raises(ApplicationError, match="hết số lần cho phép"):
        quiz_submit(actor=user, participant=member, answers=right(rollout))
    assert member.study_records.filter(kind=StudyKind.QUIZ).count() == 2
    member.refresh_from_db()
    assert not member.makeup_passed


def test_answer_after_completion_is_refused(setup):
    world, rollout, member = setup
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    quiz_submit(actor=user, participant=member, answers=right(rollout))
    with pytest.raises(ApplicationError, match="không cần làm bài nữa"):
        quiz_submit(actor=user, participant=member, answers=right(rollout))
    assert member.study_records.filter(kind=StudyKind.QUIZ).count() == 1


def test_quiz_after_attending_the_session_is_refused(setup):
    world, rollout, member = setup
    session = schedule(world, rollout)
    point = session.points.get(unit=world.cell_a1)
    attendance_mark(
        actor=world.users["officer_a"],
        point=point,
        marks={member.pk: (AttendanceStatus.PRESENT, "")},
    )
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    with pytest.raises(ApplicationError, match="đã dự hội nghị"):
        quiz_submit(actor=user, participant=member, answers=right(rollout))


def test_answer_after_the_deadline_is_refused(world):
    today = timezone.localdate()
    rollout = current_rollout(
        world,
        starts_on=today - datetime.timedelta(days=30),
        dissemination_due=today - datetime.timedelta(days=1),
        plan_due=today,
    )
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    with pytest.raises(ApplicationError, match="Đã quá hạn học tập"):
        quiz_submit(actor=user, participant=member, answers=right(rollout))
    assert not member.study_records.filter(kind=StudyKind.QUIZ).exists()


def test_the_units_own_earlier_deadline_applies(setup):
    world, rollout, member = setup
    today = timezone.localdate()
    # The commune gives its cells an earlier deadline, already past: the cell's member is late.
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        dissemination_due=today - datetime.timedelta(days=1),
        plan_due=today,
    )
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    with pytest.raises(ApplicationError, match="Đã quá hạn học tập"):
        quiz_submit(actor=user, participant=member, answers=right(rollout))


def test_someone_elses_study_is_404(setup):
    world, rollout, member = setup
    officer = world.users["officer_a"]
    with pytest.raises(Http404):
        study_read(actor=officer, participant=member)
    with pytest.raises(Http404):
        quiz_submit(actor=officer, participant=member, answers=right(rollout))
    with pytest.raises(Http404):
        commitment_sign(actor=officer, participant=member, confirmed=all_criteria(rollout))
    assert not StudyRecord.objects.exists()


def test_no_one_can_study_for_a_person_without_a_login(setup):
    world, rollout, _ = setup
    other = Participant.objects.get(rollout=rollout, person=world.person_a)  # no login
    with pytest.raises(Http404):
        study_read(actor=None, participant=other)


def test_commitment_requires_every_criterion(setup):
    world, rollout, member = setup
    ids = all_criteria(rollout)
    with pytest.raises(ApplicationError, match="còn thiếu") as exc:
        commitment_sign(actor=world.users["member_a"], participant=member, confirmed=ids[:-1])
    missing = rollout.directive.criteria.get(pk=ids[-1])
    assert missing.text in exc.value.message
    member.refresh_from_db()
    assert not member.commitment_signed
    assert not StudyRecord.objects.exists()


def test_second_commitment_is_refused_and_the_first_is_unchanged(setup):
    world, rollout, member = setup
    user = world.users["member_a"]
    first = commitment_sign(actor=user, participant=member, confirmed=all_criteria(rollout))
    assert [c["polarity"] for c in first.criteria] == ["Điều cần làm"] * 3 + ["Điều cần tránh"] * 4
    with pytest.raises(ApplicationError, match="không thể thay đổi"):
        commitment_sign(actor=user, participant=member, confirmed=all_criteria(rollout))
    records = StudyRecord.objects.filter(participant=member, kind=StudyKind.COMMITMENT)
    assert records.count() == 1
    kept = records.get()
    assert (kept.pk, kept.created_at, kept.criteria) == (first.pk, first.created_at, first.criteria)


def test_commitment_not_required_is_refused(world):
    rollout = current_rollout(world, requires_commitment=False)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    with pytest.raises(ApplicationError, match="không yêu cầu"):
        commitment_sign(actor=world.users["member_a"], participant=member, confirmed=[])
