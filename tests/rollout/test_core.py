import datetime

import pytest
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.dashboards.progress import rollout_progress
from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.models import Participant
from apps.rollout.services.sessions import PointSpec, attendance_mark, session_schedule
from apps.rollout.services.study import commitment_sign, quiz_submit, study_read
from tests.rollout.factories import make_rollout


def _session(world, rollout, **kw):
    now = timezone.now()
    return session_schedule(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        title="Hội nghị quán triệt",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
        place="Hội trường xã",
        mode=SessionMode.HYBRID,
        points=[PointSpec(unit=world.cell_a1, place="Nhà văn hóa thôn 1")],
        **kw,
    )


def test_launch_counts_everyone_once(world):
    rollout = make_rollout(world)
    progress = rollout_progress(rollout=rollout, unit=world.root)
    assert progress.total.people == Participant.objects.filter(rollout=rollout).count()
    assert sum(r.people for r in progress.rows) == progress.total.people


def test_attendance_then_commitment_completes_person(world):
    rollout = make_rollout(world)
    session = _session(world, rollout)
    point = session.points.get(unit=world.cell_a1)
    attendance_mark(
        actor=world.users["officer_a"], point=point, default_status=AttendanceStatus.PRESENT
    )
    participant = Participant.objects.get(rollout=rollout, person=world.member_a)
    assert participant.attended and not participant.done
    commitment_sign(
        actor=world.users["member_a"],
        participant=participant,
        confirmed=list(rollout.directive.criteria.values_list("pk", flat=True)),
    )
    participant.refresh_from_db()
    assert participant.done
    progress = rollout_progress(rollout=rollout, unit=world.commune_a)
    row = next(r for r in progress.rows if r.unit == world.cell_a1)
    assert row.done == 1


def test_second_commitment_refused(world):
    rollout = make_rollout(world)
    participant = Participant.objects.get(rollout=rollout, person=world.member_a)
    ids = list(rollout.directive.criteria.values_list("pk", flat=True))
    commitment_sign(actor=world.users["member_a"], participant=participant, confirmed=ids)
    with pytest.raises(ApplicationError):
        commitment_sign(actor=world.users["member_a"], participant=participant, confirmed=ids)


def test_makeup_quiz_passes(world):
    rollout = make_rollout(world)
    participant = Participant.objects.get(rollout=rollout, person=world.member_a)
    study_read(actor=world.users["member_a"], participant=participant)
    answers = {q.pk: q.choices.get(is_correct=True).pk for q in rollout.directive.questions.all()}
    record = quiz_submit(actor=world.users["member_a"], participant=participant, answers=answers)
    assert record.passed
    participant.refresh_from_db()
    assert participant.makeup_passed
