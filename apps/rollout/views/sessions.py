"""Dissemination sessions: list, scheduling, detail with QR and .ics, attendance marking, and
the members' self check-in."""

import datetime
from typing import Any
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from apps.access import scoping
from apps.access.permissions import login_only, requires
from apps.common.downloads import attachment, download_name
from apps.common.errors import ApplicationError
from apps.org.selectors import unit_list
from apps.people.selectors import person_list
from apps.rollout import selectors
from apps.rollout import session_selectors as ss
from apps.rollout.enums import AttendanceStatus
from apps.rollout.ics import session_calendar
from apps.rollout.models import Session
from apps.rollout.services.sessions import (
    attendance_mark,
    attendance_self_checkin,
    session_schedule,
)
from apps.rollout.session_forms import (
    MARK_CHOICES,
    CheckinForm,
    PointFormSet,
    SessionForm,
    parse_marks,
)

POINT_PICK_LIMIT = 1000


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def session_state(session: Session, now: datetime.datetime) -> tuple[str, str]:
    """(label, badge class) of a session relative to now."""
    if now < session.starts_at:
        return "Sắp diễn ra", "warn"
    if now <= session.ends_at:
        return "Đang diễn ra", "ok"
    return "Đã diễn ra", ""


# --- list and scheduling -----------------------------------------------------------------


@requires("rollout.view")
def session_list(request: HttpRequest, rollout_pk: int, unit_pk: int) -> HttpResponse:
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = selectors.rollout_unit_for_actor(actor=request.user, rollout=rollout, unit_pk=unit_pk)
    now = timezone.now()
    sessions = list(ss.session_list_for_unit(rollout=rollout, unit=unit))
    for s in sessions:
        s.state_label, s.state_class = session_state(s, now)  # type: ignore[attr-defined]
    context = {
        "rollout": rollout,
        "unit": unit,
        "sessions": sessions,
        "can_schedule": scoping.can(request.user, "rollout.mark", unit),
    }
    if _htmx(request):
        return render(request, "rollout/partials/_session_list.html", context)
    return render(request, "rollout/session_list.html", context)


def _posted_rows(data: Any) -> list[dict[str, str]]:
    try:
        total = int(data.get("points-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    return [
        {
            "unit_code": data.get(f"points-{i}-unit_code", ""),
            "place": data.get(f"points-{i}-place", ""),
        }
        for i in range(max(0, min(total, 499)))
    ]


@requires("rollout.mark")
def session_create(request: HttpRequest, rollout_pk: int, unit_pk: int) -> HttpResponse:
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = selectors.rollout_unit_for_actor(
        actor=request.user, rollout=rollout, unit_pk=unit_pk, action="rollout.mark"
    )
    # The chair: a person of the host unit itself, or a head of a unit below it.
    chairs = person_list(actor=request.user, action="rollout.mark", within=unit).filter(
        Q(unit=unit) | Q(is_head=True)
    )
    units = unit_list(actor=request.user, action="rollout.mark", within=rollout.unit)
    if request.method == "POST" and "add_point" in request.POST:
        # "Thêm điểm cầu": the same form again with one more empty row, and no errors yet.
        form = SessionForm(initial=request.POST.dict(), chairs=chairs)
        formset = PointFormSet(initial=_posted_rows(request.POST), prefix="points", units=units)
        formset.extra = 1
    elif request.method == "POST":
        form = SessionForm(request.POST, chairs=chairs)
        formset = PointFormSet(request.POST, prefix="points", units=units)
        if form.is_valid() and formset.is_valid():
            d = form.cleaned_data
            try:
                session = session_schedule(
                    actor=request.user,
                    rollout=rollout,
                    unit=unit,
                    title=d["title"],
                    starts_at=d["starts_at"],
                    ends_at=d["ends_at"],
                    place=d["place"],
                    mode=d["mode"],
                    chair=d["chair"],
                    points=formset.specs(),
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Đã lên lịch hội nghị “{session.title}”.")
                return redirect("session_detail", pk=session.pk)
    else:
        form = SessionForm(chairs=chairs, initial={"mode": "in_person"})
        formset = PointFormSet(prefix="points", units=units)
        formset.extra = 2
    context = {
        "rollout": rollout,
        "unit": unit,
        "form": form,
        "formset": formset,
        "unit_choices": units[:POINT_PICK_LIMIT],
    }
    return render(request, "rollout/session_form.html", context)


# --- detail, QR code and calendar ----------------------------------------------------------


def checkin_url(request: HttpRequest, session: Session) -> str:
    url = request.build_absolute_uri(reverse("session_checkin", args=[session.pk]))
    return f"{url}?ma={session.checkin_code}"


@requires("rollout.view")
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_actor(actor=request.user, pk=pk)
    points = ss.session_points_for_actor(actor=request.user, session=session)
    counts = ss.session_point_counts(session=session, points=points)
    markable = {p.pk for p in points if scoping.can(request.user, "rollout.mark", p.unit)}
    context: dict[str, Any] = {
        "session": session,
        "counts": counts,
        "markable": markable,
        "state": session_state(session, timezone.now()),
        "total_points": session.points.count(),
    }
    context["ended"] = session.ends_at < timezone.now()
    if markable and not context["ended"]:  # no self check-in once the session is over
        url = checkin_url(request, session)
        qr = segno.make(url, error="m")
        context["checkin_url"] = url
        context["qr_svg"] = mark_safe(  # noqa: S308 - generated by segno from our own URL
            qr.svg_inline(scale=5, title="Mã QR tự điểm danh", svgclass="qr")
        )
    return render(request, "rollout/session_detail.html", context)


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    return attachment(body, filename=filename, content_type="text/calendar; charset=utf-8")


@requires("rollout.view")
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_actor(actor=request.user, pk=pk)
    body = session_calendar(
        [session],
        name=session.title,
        url_of=lambda s: request.build_absolute_uri(s.get_absolute_url()),
        visible=lambda p: scoping.can(request.user, "rollout.view", p.unit),
    )
    return _ics_response(body, download_name("hoi-nghi", session.title, extension="ics"))


@requires("rollout.view")
def session_list_ics(request: HttpRequest, rollout_pk: int, unit_pk: int) -> HttpResponse:
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = selectors.rollout_unit_for_actor(actor=request.user, rollout=rollout, unit_pk=unit_pk)
    sessions = (
        selectors.sessions_for_unit(rollout=rollout, unit=unit)
        .select_related("rollout")
        .prefetch_related("points__unit")
    )
    body = session_calendar(
        sessions,
        name=f"{rollout.title} — {unit.name}",
        url_of=lambda s: request.build_absolute_uri(s.get_absolute_url()),
        visible=lambda p: scoping.can(request.user, "rollout.view", p.unit),
    )
    return _ics_response(
        body, download_name("lich-hoi-nghi", rollout.title, unit.name, extension="ics")
    )


# --- attendance ----------------------------------------------------------------------------


def _roster_context(request: HttpRequest, point: Any) -> dict[str, Any]:
    """The page of the point's list asked for (`?page=`, `?q=` a name), with the counts of the
    whole list; links of the pager keep the search."""
    roster = ss.point_roster(
        point=point,
        page=request.GET.get("page") or request.POST.get("page"),
        query=request.GET.get("q") or request.POST.get("q") or "",
    )
    return {
        "point": point,
        "session": point.session,
        "rows": roster.rows,
        "page": roster.page,
        "offset": roster.offset,
        "q": roster.query,
        "query": urlencode({"q": roster.query}) if roster.query else "",
        "summary": ss.point_counts(point=point),
    }


@requires("rollout.view")
def session_point(request: HttpRequest, pk: int) -> HttpResponse:
    """The named attendance list of one point, read-only, with who marked each row and when."""
    point = ss.point_get_for_actor(actor=request.user, pk=pk)
    context = _roster_context(request, point)
    context["can_mark"] = scoping.can(request.user, "rollout.mark", point.unit)
    if _htmx(request):
        return render(request, "rollout/partials/_session_roster.html", context)
    return render(request, "rollout/session_point.html", context)


@requires("rollout.mark")
def session_mark(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks a whole point in one request: everyone present, then the exceptions."""
    point = ss.point_get_for_actor(actor=request.user, pk=pk, action="rollout.mark")
    errors: list[str] = []
    posted: dict[int, tuple[str, str]] = {}
    flagged: set[int] = set()
    saved: int | None = None
    if request.method == "POST":
        marks, bad = parse_marks(request.POST)
        default = AttendanceStatus.PRESENT if "all_present" in request.POST else None
        if bad:
            errors = ["Dữ liệu điểm danh không hợp lệ; hãy tải lại trang và thử lại."]
        else:
            try:
                saved = attendance_mark(
                    actor=request.user, point=point, default_status=default, marks=marks
                )
            except ApplicationError as exc:
                errors = list(exc.extra.get("errors") or [exc.message])
                flagged = set(exc.extra.get("no_reason") or [])
                posted = marks
            else:
                if not _htmx(request):
                    messages.success(request, f"Đã lưu điểm danh ({saved} người thay đổi).")
                    back = {k: request.POST[k] for k in ("page", "q") if request.POST.get(k)}
                    url = reverse("session_mark", args=[point.pk])
                    return redirect(f"{url}?{urlencode(back)}" if back else url)
    context = _roster_context(request, point)
    rows = context["rows"]
    for row in rows:
        pid = row.participant.pk
        if pid in posted:
            row.form_status, row.form_reason = posted[pid]
        elif posted:
            row.form_status, row.form_reason = "", ""
        elif row.attendance is not None:
            row.form_status = row.attendance.status
            row.form_reason = row.attendance.reason
        else:
            row.form_status, row.form_reason = "", ""
        row.flagged = pid in flagged
    context.update(errors=errors, saved=saved, choices=MARK_CHOICES)
    if _htmx(request):
        return render(request, "rollout/partials/_session_marking.html", context)
    return render(request, "rollout/session_mark.html", context)


@login_only
def session_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Self check-in of a logged-in member with the session's code (from the QR URL)."""
    session = ss.session_get_for_checkin(actor=request.user, pk=pk)
    form = CheckinForm(request.POST or None, initial={"ma": request.GET.get("ma", "")})
    if request.method == "POST" and form.is_valid():
        try:
            attendance_self_checkin(
                actor=request.user, session=session, code=form.cleaned_data["ma"]
            )
        except ApplicationError as exc:
            form.add_error("ma", exc.message)
        else:
            if not _htmx(request):
                messages.success(request, "Đã điểm danh: có mặt.")
                return redirect("session_checkin", pk=session.pk)
    context = {
        "session": session,
        "form": form,
        "mine": ss.attendance_of(actor=request.user, session=session),
        "state": session_state(session, timezone.now()),
    }
    if _htmx(request):
        return render(request, "rollout/partials/_session_checkin.html", context)
    return render(request, "rollout/session_checkin.html", context)


urlpatterns = [
    path(
        "trien-khai/<int:rollout_pk>/don-vi/<int:unit_pk>/hoi-nghi/",
        session_list,
        name="session_list",
    ),
    path(
        "trien-khai/<int:rollout_pk>/don-vi/<int:unit_pk>/hoi-nghi/them/",
        session_create,
        name="session_create",
    ),
    path(
        "trien-khai/<int:rollout_pk>/don-vi/<int:unit_pk>/hoi-nghi/lich.ics",
        session_list_ics,
        name="session_list_ics",
    ),
    path("hoi-nghi/<int:pk>/", session_detail, name="session_detail"),
    path("hoi-nghi/<int:pk>/lich.ics", session_ics, name="session_ics"),
    path("hoi-nghi/<int:pk>/diem-danh/", session_checkin, name="session_checkin"),
    path("diem-cau/<int:pk>/", session_point, name="session_point"),
    path("diem-cau/<int:pk>/diem-danh/", session_mark, name="session_mark"),
]
