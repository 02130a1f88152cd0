"""Dissemination sessions, connection points and attendance."""

import datetime
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.access import scoping
from apps.access.enums import Role
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.notifications import notify
from apps.common.types import Actor, user_pk
from apps.org.models import Unit
from apps.people.models import Person
from apps.people.selectors import Holder, role_holders
from apps.rollout.enums import AttendanceStatus, SessionMode
from apps.rollout.models import Attendance, ConnectionPoint, Participant, Rollout, Session
from apps.rollout.services import rollups
from apps.rollout.services.participants import lock_stats, refresh_done, stats_recompute

CHECKIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class PointSpec:
    unit: Unit
    place: str


def _local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


@transaction.atomic
def session_schedule(
    *,
    actor: Actor,
    rollout: Rollout,
    unit: Unit,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str,
    mode: str,
    chair: Person | None = None,
    points: list[PointSpec] | None = None,
) -> Session:
    """Schedules a session hosted by `unit`, linking connection points (điểm cầu)."""
    scoping.require(actor, "rollout.mark", unit)
    if not unit.path.startswith(rollout.unit.path):
        raise ApplicationError("Đơn vị tổ chức không thuộc phạm vi của đợt triển khai.")
    if not title.strip():
        raise ApplicationError("Hãy ghi tên hội nghị.")
    if not place.strip():
        raise ApplicationError("Hãy ghi địa điểm của hội nghị.")
    if mode not in SessionMode.values:
        raise ApplicationError("Hình thức hội nghị không hợp lệ.")
    if ends_at <= starts_at:
        raise ApplicationError("Thời gian kết thúc phải sau thời gian bắt đầu.")
    first = timezone.make_aware(datetime.datetime.combine(rollout.starts_on, datetime.time.min))
    last = timezone.make_aware(
        datetime.datetime.combine(rollout.dissemination_due, datetime.time.max)
    )
    if starts_at < first or ends_at > last:
        raise ApplicationError(
            f"Hội nghị phải diễn ra trong thời gian của đợt triển khai "
            f"(từ {rollout.starts_on:%d/%m/%Y} đến {rollout.dissemination_due:%d/%m/%Y})."
        )
    if chair is not None and not chair.unit.path.startswith(unit.path):
        raise ApplicationError(f"Người chủ trì phải là cán bộ của {unit.name}.")
    specs = list(points or [])
    if not any(p.unit.pk == unit.pk for p in specs):
        specs.insert(0, PointSpec(unit=unit, place=place))
    seen: set[int] = set()
    for spec in specs:
        if spec.unit.pk in seen:
            raise ApplicationError(f"Điểm cầu {spec.unit.name} bị lặp.")
        seen.add(spec.unit.pk)
        if not spec.unit.path.startswith(rollout.unit.path):
            raise ApplicationError(
                f"Điểm cầu {spec.unit.name} không thuộc phạm vi của đợt triển khai."
            )
        if not scoping.can(actor, "rollout.mark", spec.unit) and not spec.unit.path.startswith(
            unit.path
        ):
            raise ApplicationError(f"Điểm cầu {spec.unit.name} nằm ngoài phạm vi của bạn.")
        if not spec.place.strip():
            raise ApplicationError(f"Hãy ghi địa điểm của điểm cầu {spec.unit.name}.")
    if mode == SessionMode.IN_PERSON and len(specs) > 1:
        raise ApplicationError(
            "Hội nghị trực tiếp chỉ có một địa điểm; chọn hình thức trực tuyến hoặc kết hợp "
            "để nối nhiều điểm cầu."
        )
    session = Session(
        rollout=rollout,
        unit=unit,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        mode=mode,
        chair=chair,
        checkin_code="".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(6)),
        created_by=actor_user(actor),
    )
    session.full_clean()
    session._history_user = session.created_by  # type: ignore[attr-defined]
    session.save()
    created = ConnectionPoint.objects.bulk_create(
        [ConnectionPoint(session=session, unit=s.unit, place=s.place.strip()) for s in specs]
    )
    rollups.points_added(created)
    _session_notify(session, [s.unit for s in specs])
    return session


def _session_notify(session: Session, units: list[Unit]) -> None:
    """Tells the officers of every connection point (they prepare it and mark attendance) and
    the members with a login whom the session covers (they must attend)."""
    officers = [h for u in units for h in role_holders(unit=u, roles=[Role.OFFICER])]
    covered = Q(pk__in=[])
    for unit in units:
        covered |= Q(unit__path__startswith=unit.path)
    members = [
        Holder(user_id, user_email or person_email or "", unit_id)
        for user_id, user_email, person_email, unit_id in Participant.objects.filter(
            covered,
            rollout_id=session.rollout_id,
            exempt=False,
            person__user__isnull=False,
            person__user__is_active=True,
        ).values_list("person__user_id", "person__user__email", "person__email", "unit_id")
    ]
    when = f"{_local(session.starts_at)}, {session.place}"
    notify(
        recipients=officers,
        event=f"session:{session.pk}:scheduled:officer",
        title=f"Hội nghị quán triệt cần chuẩn bị và điểm danh: {session.title}",
        body=f"{session.unit.name} tổ chức “{session.title}” lúc {when}; "
        "đơn vị có điểm cầu chuẩn bị và điểm danh sau hội nghị.",
        url=reverse("session_detail", args=[session.pk]),
    )
    notify(
        recipients=members,
        event=f"session:{session.pk}:scheduled",
        title=f"Mời dự hội nghị quán triệt: {session.title}",
        body=f"Đồng chí được mời dự “{session.title}” lúc {when}.",
        url=reverse("my_tasks"),
    )


def point_for_unit_path(points: list[ConnectionPoint], path: str) -> ConnectionPoint | None:
    """The most specific point whose unit covers `path` (a person's unit)."""
    best = None
    for point in points:
        if path.startswith(point.unit.path) and (
            best is None or len(point.unit.path) > len(best.unit.path)
        ):
            best = point
    return best


def point_participants(point: ConnectionPoint) -> QuerySet[Participant]:
    """The named attendance list of a point: participants of its unit's subtree who are not
    under a more specific point of the same session."""
    session = point.session
    deeper = [
        p.unit.path
        for p in session.points.select_related("unit")
        if p.pk != point.pk
        and p.unit.path.startswith(point.unit.path)
        and p.unit.path != point.unit.path
    ]
    qs = Participant.objects.filter(
        rollout_id=session.rollout_id, unit__path__startswith=point.unit.path
    )
    for path in deeper:
        qs = qs.exclude(unit__path__startswith=path)
    return qs


def _sync_attended(participant_ids: list[int]) -> None:
    present = Attendance.objects.filter(participant=OuterRef("pk"), status=AttendanceStatus.PRESENT)
    Participant.objects.filter(pk__in=participant_ids).update(attended=Exists(present))


@transaction.atomic
def attendance_mark(
    *,
    actor: Actor,
    point: ConnectionPoint,
    default_status: str | None = None,
    marks: dict[int, tuple[str, str]] | None = None,
) -> int:
    """Marks attendance at a point: optionally everyone with `default_status` (e.g. all present),
    then the exceptions in `marks` {participant_id: (status, reason)}. Returns rows written."""
    point = ConnectionPoint.objects.select_related("session__rollout", "unit").get(pk=point.pk)
    session = point.session
    scoping.require(actor, "rollout.mark", point.unit)
    marks = dict(marks or {})
    if default_status is not None and default_status not in AttendanceStatus.values:
        raise ApplicationError("Trạng thái điểm danh không hợp lệ.")
    if default_status == AttendanceStatus.EXCUSED:
        # Everyone "excused" would need everyone's reason: mark them one by one.
        raise ApplicationError(
            "Không thể đánh dấu tất cả là vắng có lý do; hãy ghi lý do vắng của từng người."
        )
    if timezone.now() < session.starts_at - datetime.timedelta(hours=1):
        raise ApplicationError(
            f"Chưa đến giờ hội nghị ({_local(session.starts_at)}), chưa thể điểm danh."
        )
    roster = dict(point_participants(point).values_list("pk", "unit_id"))
    errors: list[str] = []
    no_reason: list[int] = []
    for pid, (status, reason) in marks.items():
        if pid not in roster:
            errors.append(
                f"Người có mã {pid} không thuộc danh sách của điểm cầu {point.unit.name}."
            )
        elif status not in AttendanceStatus.values:
            errors.append(f"Trạng thái điểm danh của người có mã {pid} không hợp lệ.")
        elif status == AttendanceStatus.EXCUSED and not reason.strip():
            no_reason.append(pid)
    if no_reason:
        names = dict(
            Participant.objects.filter(pk__in=no_reason).values_list("pk", "person__full_name")
        )
        errors.extend(f"Hãy ghi lý do vắng của {names[pid]}." for pid in no_reason)
    if errors:
        raise ApplicationError(" ".join(errors), {"errors": errors, "no_reason": no_reason})
    wanted: dict[int, tuple[str, str]] = {}
    if default_status is not None:
        wanted = dict.fromkeys(roster, (default_status, ""))
    # A reason belongs to an excused absence only.
    wanted.update(
        {
            pid: (st, r.strip() if st == AttendanceStatus.EXCUSED else "")
            for pid, (st, r) in marks.items()
        }
    )
    if not wanted:
        return 0
    lock_stats(session.rollout_id, set(roster[p] for p in wanted))
    now = timezone.now()
    user = actor_user(actor)
    existing = {
        a.participant_id: a
        for a in Attendance.objects.filter(session=session, participant_id__in=list(wanted))
    }
    to_create, to_update = [], []
    for pid, (status, reason) in wanted.items():
        row = existing.get(pid)
        if row is None:
            to_create.append(
                Attendance(
                    session=session,
                    point=point,
                    participant_id=pid,
                    status=status,
                    reason=reason,
                    marked_by=user,
                    marked_at=now,
                )
            )
        elif (row.status, row.reason, row.point_id) != (status, reason, point.pk):
            row.status, row.reason, row.point = status, reason, point
            row.marked_by, row.marked_at, row.self_checkin = user, now, False
            to_update.append(row)
    if to_create:
        bulk_create_with_history(to_create, Attendance, batch_size=1000, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            Attendance,
            ["status", "reason", "point", "marked_by", "marked_at", "self_checkin"],
            batch_size=1000,
            default_user=user,
        )
    changed = [a.participant_id for a in to_create + to_update]
    if changed:
        _sync_attended(changed)
        refresh_done(session.rollout, Participant.objects.filter(pk__in=changed))
        stats_recompute(session.rollout_id, {roster[p] for p in changed})
    return len(changed)


@transaction.atomic
def attendance_self_checkin(*, actor: Actor, session: Session, code: str) -> Attendance:
    """A logged-in member checks in with the session's code, only inside its window."""
    uid = user_pk(actor)
    person = Person.objects.select_related("unit").filter(user_id=uid).first() if uid else None
    if person is None:
        raise ApplicationError("Tài khoản của bạn chưa gắn với hồ sơ cán bộ, đảng viên.")
    now = timezone.now()
    if not session.starts_at <= now <= session.ends_at:
        raise ApplicationError(
            f"Chỉ tự điểm danh được trong thời gian hội nghị "
            f"({_local(session.starts_at)} – {_local(session.ends_at)})."
        )
    if code.strip().upper() != session.checkin_code:
        raise ApplicationError("Mã điểm danh không đúng.")
    participant = (
        Participant.objects.select_related("unit")
        .filter(rollout_id=session.rollout_id, person=person)
        .first()
    )
    if participant is None:
        raise ApplicationError("Bạn không thuộc đối tượng của đợt triển khai này.")
    points = list(session.points.select_related("unit"))
    point = point_for_unit_path(points, participant.unit.path)
    if point is None:
        raise ApplicationError("Đơn vị của bạn không có điểm cầu trong hội nghị này.")
    lock_stats(session.rollout_id, [participant.unit_id])
    attendance, _ = Attendance.objects.update_or_create(
        session=session,
        participant=participant,
        defaults={
            "point": point,
            "status": AttendanceStatus.PRESENT,
            "reason": "",
            "self_checkin": True,
            "marked_by": actor,
            "marked_at": now,
        },
    )
    _sync_attended([participant.pk])
    refresh_done(session.rollout, Participant.objects.filter(pk=participant.pk))
    stats_recompute(session.rollout_id, [participant.unit_id])
    return attendance
