"""Helpers of the progress tests: sessions, marking, and a brute-force recount."""

import datetime

from django.utils import timezone

from apps.dashboards.progress import rollout_progress, subtree_statuses
from apps.org.models import Unit
from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.models import Participant, Rollout, Session
from apps.rollout.services.sessions import PointSpec, attendance_mark, session_schedule


def hold_session(
    world,
    rollout: Rollout,
    host: Unit,
    points: list[Unit],
    *,
    actor="officer_a",
    starts_in: datetime.timedelta | None = None,
) -> Session:
    now = timezone.now()
    start = now + starts_in if starts_in is not None else now - datetime.timedelta(minutes=30)
    return session_schedule(
        actor=world.users[actor],
        rollout=rollout,
        unit=host,
        title=f"Hội nghị quán triệt tại {host.name}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Hội trường",
        mode=SessionMode.HYBRID,
        points=[PointSpec(unit=u, place=f"Điểm cầu {u.name}") for u in points],
    )


def mark_all_present(
    world,
    session: Session,
    unit: Unit,
    *,
    actor="officer_a",
    absent: list[Participant] | None = None,
) -> None:
    point = session.points.get(unit=unit)
    marks: dict[int, tuple[str, str]] = {
        p.pk: (AttendanceStatus.ABSENT.value, "") for p in absent or []
    }
    attendance_mark(
        actor=world.users[actor], point=point, default_status=AttendanceStatus.PRESENT, marks=marks
    )


def recount(rollout: Rollout, unit: Unit, *, own_only: bool = False) -> tuple[int, int, int]:
    """(people, exempt, done) counted one participant row at a time, in Python."""
    people = exempt = done = 0
    unit.refresh_from_db()
    for p in Participant.objects.filter(rollout=rollout).select_related("unit"):
        inside = p.unit_id == unit.pk if own_only else p.unit.path.startswith(unit.path)
        if inside:
            people += 1
            exempt += p.exempt
            done += p.done
    return people, exempt, done


def figures(row) -> tuple[int, int, int]:
    return row.people, row.exempt, row.done


def assert_exact_everywhere(rollout: Rollout) -> None:
    """At every unit of the rollout's subtree: the total, each child row and the row of the
    people directly at the unit equal a brute-force recount, and the rows add up to the total."""
    rollout.unit.refresh_from_db()
    statuses = {s.path: s for s in subtree_statuses(rollout=rollout, unit=rollout.unit)}
    all_participants = Participant.objects.filter(rollout=rollout).count()
    for unit in Unit.objects.filter(path__startswith=rollout.unit.path).order_by("path"):
        progress = rollout_progress(rollout=rollout, unit=unit)
        assert figures(progress.total) == recount(rollout, unit), unit.name
        for row in progress.rows:
            assert figures(row) == recount(rollout, row.unit, own_only=row.own), row.unit.name
        for f in ("people", "exempt", "done"):
            assert sum(getattr(r, f) for r in progress.rows) == getattr(progress.total, f)
        assert figures(statuses[unit.path]) == recount(rollout, unit), unit.name
    root = rollout_progress(rollout=rollout, unit=rollout.unit)
    assert root.total.people == all_participants
