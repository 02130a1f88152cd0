"""Sessions as iCalendar (.ics) files, times in Asia/Ho_Chi_Minh with their VTIMEZONE."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from apps.rollout.models import ConnectionPoint, Session

PRODID = "-//Trienkhai//Hoi nghi quan triet//VI"


def _description(session: Session, url: str, visible: Callable[[ConnectionPoint], bool]) -> str:
    lines = [
        f"Đợt triển khai: {session.rollout.title}",
        f"Đơn vị tổ chức: {session.unit.name}",
        f"Hình thức: {session.get_mode_display()}",
    ]
    if session.chair is not None:
        lines.append(f"Chủ trì: {session.chair.full_name}")
    # Only the points the viewer may see: a province-wide conference links every commune.
    points = [p for p in session.points.all() if visible(p)]
    if len(points) > 1 or (points and points[0].unit_id != session.unit_id):
        lines.append("Điểm cầu:")
        lines.extend(f"- {p.unit.name}: {p.place}" for p in points)
    if url:
        lines.append(url)
    return "\n".join(lines)


def session_calendar(
    sessions: Iterable[Session],
    *,
    name: str,
    url_of: Callable[[Session], str],
    visible: Callable[[ConnectionPoint], bool],
) -> bytes:
    """One VEVENT per session. Sessions should come with `points__unit`, `rollout`, `unit`
    and `chair` loaded. `visible(point)` says which connection points the viewer may see."""
    tz = timezone.get_default_timezone()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for session in sessions:
        url = url_of(session)
        event = Event()
        event.add("uid", f"hoi-nghi-{session.pk}@trienkhai")
        event.add("dtstamp", now)
        event.add("summary", session.title)
        event.add("dtstart", timezone.localtime(session.starts_at, tz))
        event.add("dtend", timezone.localtime(session.ends_at, tz))
        event.add("location", session.place)
        event.add("description", _description(session, url, visible))
        if url:
            event.add("url", url)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
