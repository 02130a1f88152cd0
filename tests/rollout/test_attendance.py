"""Attendance: bulk marking with exceptions, re-marking, self check-in, exact figures."""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections
from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.people.models import Person
from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.models import Attendance, Participant, RolloutUnitStat
from apps.rollout.services.sessions import (
    attendance_mark,
    attendance_self_checkin,
    session_schedule,
)
from tests.rollout.test_sessions import current_rollout, schedule

PRESENT, EXCUSED, ABSENT = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.EXCUSED,
    AttendanceStatus.ABSENT,
)


def add_people(unit, n, prefix="BULK"):
    people = [
        Person(
            code=f"{prefix}{i:05d}",
            full_name=f"Người Thử {i:05d}",
            gender="nam",
            birth_year=1980,
            unit=unit,
        )
        for i in range(n)
    ]
    for p in people:
        p.refresh_computed()
    return Person.objects.bulk_create(people)


def fresh_counts(rollout):
    rows = (
        Participant.objects.filter(rollout=rollout)
        .values("unit_id")
        .annotate(
            people=Count("pk"),
            exempt=Count("pk", filter=Q(exempt=True)),
            done=Count("pk", filter=Q(done=True)),
            attended=Count("pk", filter=Q(attended=True)),
            makeup=Count("pk", filter=Q(makeup_passed=True)),
            committed=Count("pk", filter=Q(commitment_signed=True)),
        )
    )
    return {r.pop("unit_id"): r for r in rows}


def stored_counts(rollout):
    fields = ("people", "exempt", "done", "attended", "makeup", "committed")
    return {
        s["unit_id"]: {f: s[f] for f in fields}
        for s in RolloutUnitStat.objects.filter(rollout=rollout, people__gt=0).values(
            "unit_id", *fields
        )
    }


def point_of(session, unit):
    return session.points.select_related("unit").get(unit=unit)


def participant(rollout, person):
    return Participant.objects.get(rollout=rollout, person=person)


def test_bulk_marking_500_people_in_one_call_with_two_exceptions(
    world, django_assert_max_num_queries
):
    add_people(world.cell_a2, 500)
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = point_of(session, world.cell_a2)
    ids = list(
        Participant.objects.filter(rollout=rollout, unit=world.cell_a2)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(ids) == 500
    marks = {ids[0]: (EXCUSED, "Ốm, có giấy của trạm y tế"), ids[1]: (ABSENT, "")}
    with django_assert_max_num_queries(40):  # set-based: no query per person
        written = attendance_mark(
            actor=world.users["officer_a"], point=point, default_status=PRESENT, marks=marks
        )
    assert written == 500
    statuses = dict(
        Attendance.objects.filter(session=session)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    assert statuses == {PRESENT: 498, EXCUSED: 1, ABSENT: 1}
    excused = Attendance.objects.get(participant_id=ids[0])
    assert excused.reason == "Ốm, có giấy của trạm y tế"
    assert excused.marked_by == world.users["officer_a"]
    assert excused.marked_at is not None
    stat = RolloutUnitStat.objects.get(rollout=rollout, unit=world.cell_a2)
    assert stat.people == 500 and stat.attended == 498
    assert stored_counts(rollout) == fresh_counts(rollout)


def test_re_marking_changes_only_what_changed(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = point_of(session, world.cell_a1)
    officer = world.users["officer_a"]
    assert attendance_mark(actor=officer, point=point, default_status=PRESENT) == 2
    member = participant(rollout, world.member_a)
    # The same marks again: nothing written.
    assert attendance_mark(actor=officer, point=point, default_status=PRESENT) == 0
    changed = attendance_mark(
        actor=officer, point=point, marks={member.pk: (EXCUSED, "Đi công tác")}
    )
    assert changed == 1
    row = Attendance.objects.get(session=session, participant=member)
    assert (row.status, row.reason) == (EXCUSED, "Đi công tác")
    assert row.history.count() == 2  # created, then changed: every mark is recorded


def test_attended_flag_is_recomputed_when_present_becomes_absent(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = point_of(session, world.cell_a1)
    officer = world.users["officer_a"]
    member = participant(rollout, world.member_a)
    attendance_mark(actor=officer, point=point, marks={member.pk: (PRESENT, "")})
    member.refresh_from_db()
    assert member.attended
    attendance_mark(actor=officer, point=point, marks={member.pk: (ABSENT, "")})
    member.refresh_from_db()
    assert not member.attended
    stat = RolloutUnitStat.objects.get(rollout=rollout, unit=world.cell_a1)
    assert stat.attended == 0
    assert stored_counts(rollout) == fresh_counts(rollout)


def test_present_at_another_session_keeps_attended(world):
    rollout = current_rollout(world)
    first = schedule(world, rollout)
    second = schedule(world, rollout, title="Hội nghị lần 2")
    officer = world.users["officer_a"]
    member = participant(rollout, world.member_a)
    attendance_mark(
        actor=officer, point=point_of(first, world.cell_a1), marks={member.pk: (PRESENT, "")}
    )
    attendance_mark(
        actor=officer, point=point_of(second, world.cell_a1), marks={member.pk: (ABSENT, "")}
    )
    member.refresh_from_db()
    assert member.attended


def test_excused_without_reason_changes_nothing(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = point_of(session, world.cell_a1)
    member = participant(rollout, world.member_a)
    with pytest.raises(ApplicationError) as exc:
        attendance_mark(
            actor=world.users["officer_a"],
            point=point,
            default_status=PRESENT,
            marks={member.pk: (EXCUSED, "  ")},
        )
    assert "Hãy ghi lý do vắng của Trần Thị Đảng Viên" in exc.value.message
    assert not Attendance.objects.exists()


def test_everyone_excused_at_once_is_refused(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    with pytest.raises(ApplicationError, match="lý do vắng của từng người"):
        attendance_mark(
            actor=world.users["officer_a"],
            point=point_of(session, world.cell_a1),
            default_status=EXCUSED,
        )
    assert not Attendance.objects.exists()


def test_mark_for_someone_not_in_the_points_list_changes_nothing(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    point = point_of(session, world.cell_a1)
    outsider = participant(rollout, world.person_b)  # Xã B: a tampered participant id
    with pytest.raises(ApplicationError, match="không thuộc danh sách của điểm cầu"):
        attendance_mark(
            actor=world.users["officer_a"],
            point=point,
            default_status=PRESENT,
            marks={outsider.pk: (PRESENT, "")},
        )
    assert not Attendance.objects.exists()
    assert stored_counts(rollout) == fresh_counts(rollout)


def test_invalid_status_changes_nothing(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    member = participant(rollout, world.member_a)
    with pytest.raises(ApplicationError, match="không hợp lệ"):
        attendance_mark(
            actor=world.users["officer_a"],
            point=point_of(session, world.cell_a1),
            marks={member.pk: ("late", "")},
        )
    assert not Attendance.objects.exists()


def test_mark_by_an_officer_of_the_sibling_commune_is_404(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    with pytest.raises(Http404):
        attendance_mark(
            actor=world.users["officer_b"],
            point=point_of(session, world.cell_a1),
            default_status=PRESENT,
        )
    assert not Attendance.objects.exists()


def test_marking_long_before_the_session_is_refused(world):
    rollout = current_rollout(world)
    now = timezone.now()
    session = schedule(
        world,
        rollout,
        starts_at=now + datetime.timedelta(days=2),
        ends_at=now + datetime.timedelta(days=2, hours=2),
    )
    with pytest.raises(ApplicationError, match="Chưa đến giờ hội nghị"):
        attendance_mark(
            actor=world.users["officer_a"],
            point=point_of(session, world.cell_a1),
            default_status=PRESENT,
        )


# --- self check-in ---------------------------------------------------------------------------


def _future_session(world, rollout):
    now = timezone.now()
    return schedule(
        world,
        rollout,
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=1, hours=2),
    )


def test_self_checkin_inside_the_window_marks_present(world):
    rollout = current_rollout(world)
    session = _future_session(world, rollout)
    inside = session.starts_at + datetime.timedelta(minutes=10)
    with mock.patch("django.utils.timezone.now", return_value=inside):
        attendance = attendance_self_checkin(
            actor=world.users["member_a"], session=session, code=session.checkin_code.lower()
        )
    assert attendance.status == PRESENT and attendance.self_checkin
    assert attendance.point.unit == world.cell_a1  # the most specific point
    assert attendance.marked_by == world.users["member_a"]
    assert participant(rollout, world.member_a).attended
    assert stored_counts(rollout) == fresh_counts(rollout)


@pytest.mark.parametrize(
    "offset",
    [datetime.timedelta(minutes=-1), datetime.timedelta(hours=2, minutes=1)],
    ids=["before", "after"],
)
def test_self_checkin_outside_the_window_is_refused(world, offset):
    rollout = current_rollout(world)
    session = _future_session(world, rollout)
    with (
        mock.patch("django.utils.timezone.now", return_value=session.starts_at + offset),
        pytest.raises(ApplicationError, match="Chỉ tự điểm danh được trong thời gian hội nghị"),
    ):
        attendance_self_checkin(
            actor=world.users["member_a"], session=session, code=session.checkin_code
        )
    assert not Attendance.objects.exists()
    assert not participant(rollout, world.member_a).attended


def test_self_checkin_with_a_wrong_code_is_refused(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)  # running now
    wrong = "ZZZZZZ" if session.checkin_code != "ZZZZZZ" else "YYYYYY"
    with pytest.raises(ApplicationError, match="Mã điểm danh không đúng"):
        attendance_self_checkin(actor=world.users["member_a"], session=session, code=wrong)
    assert not Attendance.objects.exists()


def test_self_checkin_of_someone_outside_the_session_is_refused(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout, points=[])  # only Xã A
    with pytest.raises(ApplicationError, match="không có điểm cầu"):
        attendance_self_checkin(
            actor=world.users["officer_b"], session=session, code=session.checkin_code
        )
    assert not Attendance.objects.exists()


def test_self_checkin_without_a_person_record_is_refused(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    with pytest.raises(ApplicationError, match="chưa gắn với hồ sơ"):
        attendance_self_checkin(actor=world.users["admin"], session=session, code="X")


# --- exact figures under concurrent marking --------------------------------------------------


def _mark_in_thread(errors, **kwargs):
    """One writer with its own connection. SQLite serialises writers: a file database waits
    (busy_timeout), but an in-memory shared-cache test database fails at once ("database table
    is locked"); retrying the whole, rolled back, call is that wait."""
    try:
        for _ in range(400):
            try:
                attendance_mark(**kwargs)
                return
            except OperationalError as exc:
                if connection.vendor != "sqlite" or "locked" not in str(exc):
                    raise
                time.sleep(0.01)
        raise AssertionError("writer never got the database")
    except Exception as exc:  # noqa: BLE001 - reported to the main thread
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_figures_stay_exact_while_points_are_marked_concurrently(world):
    add_people(world.cell_a1, 60, prefix="C1")
    add_people(world.cell_a2, 60, prefix="C2")
    add_people(world.commune_a, 30, prefix="XA")
    rollout = current_rollout(world)
    officer = world.users["officer_a"]
    first = schedule(world, rollout)
    # A second session whose only point is Chi bộ A1: both sessions write Chi bộ A1's figures.
    second = session_schedule(
        actor=officer,
        rollout=rollout,
        unit=world.cell_a1,
        title="Hội nghị chi bộ thôn 1",
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        place="Nhà văn hóa thôn 1",
        mode=SessionMode.IN_PERSON,
    )
    a1 = list(
        Participant.objects.filter(rollout=rollout, unit=world.cell_a1).values_list("pk", flat=True)
    )
    jobs = [
        {
            "point": point_of(first, world.cell_a1),
            "default_status": PRESENT,
            "marks": {pk: (ABSENT, "") for pk in a1[:10]},
        },
        {"point": point_of(first, world.cell_a2), "default_status": PRESENT, "marks": {}},
        {"point": point_of(first, world.commune_a), "default_status": ABSENT, "marks": {}},
        {
            "point": point_of(second, world.cell_a1),
            "default_status": ABSENT,
            "marks": {pk: (PRESENT, "") for pk in a1[:5]},
        },
    ]
    errors: list[Exception] = []
    threads = [
        threading.Thread(target=_mark_in_thread, args=(errors,), kwargs={"actor": officer, **job})
        for job in jobs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert stored_counts(rollout) == fresh_counts(rollout)
    # Chi bộ A1: 50 present at the first session, 5 of the 10 absent ones present at the second.
    stat = RolloutUnitStat.objects.get(rollout=rollout, unit=world.cell_a1)
    assert stat.attended == len(a1) - 5
    a2 = RolloutUnitStat.objects.get(rollout=rollout, unit=world.cell_a2)
    assert a2.attended == a2.people == 60
    assert RolloutUnitStat.objects.get(rollout=rollout, unit=world.commune_a).attended == 0
    assert connection.vendor in {"sqlite", "postgresql"}
