"""Progress of a rollout at a unit: the table (live), charts, people not done, overdue units,
and the .xlsx export. Every page takes the unit as `?unit=<pk>` (default: where the actor's
view starts) and answers 404 for a unit outside the rollout or outside the actor's scope."""

import datetime
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from apps.access import scoping
from apps.access.permissions import login_only, requires
from apps.common import plugins
from apps.common.downloads import attachment, download_name
from apps.common.listing import Sorting, keep_query, unit_param
from apps.dashboards import charts, exports
from apps.dashboards import home as home_selectors
from apps.dashboards import progress as progress_selectors
from apps.dashboards.progress import OVERDUE_SORTS, PROGRESS_FILTERS, PROGRESS_SORTS
from apps.org.models import Unit
from apps.people.selectors import person_for_user
from apps.rollout import selectors
from apps.rollout.models import Rollout
from apps.rollout.session_selectors import member_tasks

PAGE_SIZE = 50
REFRESH_SECONDS = 30


@login_only
def home(request: HttpRequest) -> HttpResponse:
    """The home page of every role: what needs the user now (apps.dashboards.home)."""
    user = request.user
    rollouts = (
        home_selectors.active_rollouts(actor=user)
        if scoping.has_action(user, "rollout.view")
        else []
    )
    tasks = member_tasks(actor=user)
    steps = home_selectors.member_steps(tasks)
    context = {
        "person": person_for_user(user=user),
        "items": plugins.work_items(user),
        "headlines": home_selectors.headlines(actor=user, rollouts=rollouts),
        "member_tasks": tasks,
        "member_steps": steps,
        "is_official": scoping.has_action(user, "rollout.view"),
    }
    return render(request, "dashboards/home.html", context)


def _load(request: HttpRequest, pk: int, action: str = "rollout.view") -> tuple[Rollout, Unit]:
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=pk)
    unit = selectors.rollout_unit_for_actor(
        actor=request.user, rollout=rollout, unit_pk=unit_param(request), action=action
    )
    return rollout, unit


# The parameters of the progress table (sort, status filter) and of the overdue list (level)
# that every link of these pages keeps, exports included.
KEPT = ("sap_xep", "loc", "cap")


def _url(name: str, rollout: Rollout, unit: Unit, request: HttpRequest | None = None) -> str:
    kept = keep_query(request.GET, KEPT, unit=unit.pk) if request else f"?unit={unit.pk}"
    return f"{reverse(name, args=[rollout.pk])}{kept}"


def _progress_rows(request: HttpRequest, progress: Any) -> tuple[list[Any], Sorting, str]:
    """The table's rows as asked by the URL: filtered (`loc`) and sorted (`sap_xep`)."""
    sorting = PROGRESS_SORTS.read(request.GET)
    status = request.GET.get("loc", "")
    status = status if status in PROGRESS_FILTERS else ""
    rows = progress_selectors.filter_rows(progress.rows, status)
    return PROGRESS_SORTS.apply_list(rows, sorting), sorting, status


def _common(request: HttpRequest, rollout: Rollout, unit: Unit) -> dict[str, Any]:
    return {
        "rollout": rollout,
        "unit": unit,
        "breadcrumbs": progress_selectors.progress_breadcrumbs(
            actor=request.user, rollout=rollout, unit=unit
        ),
        "progress_url": _url("rollout_progress", rollout, unit, request),
        "pending_url": _url("rollout_pending", rollout, unit),
        "overdue_url": _url("rollout_overdue", rollout, unit),
        "xlsx_url": _url("rollout_progress_xlsx", rollout, unit, request),
        "charts_url": _url("rollout_progress_charts", rollout, unit),
        "can_export": scoping.can(request.user, "rollout.export", unit),
    }


@requires("rollout.view")
def rollout_progress(request: HttpRequest, pk: int) -> HttpResponse:
    rollout, unit = _load(request, pk)
    progress = progress_selectors.rollout_progress(rollout=rollout, unit=unit)
    rows, sorting, status = _progress_rows(request, progress)
    context = {
        **_common(request, rollout, unit),
        "progress": progress,
        "rows": rows,
        "sorting": sorting,
        "headers": PROGRESS_SORTS.headers(sorting),
        "status": status,
        "filters": PROGRESS_FILTERS,
        "refresh_seconds": REFRESH_SECONDS,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dashboards/partials/_progress_table.html", context)
    return render(request, "dashboards/progress.html", context)


def _daily_percent(
    series: list[tuple[datetime.date, int]], required: int, rollout: Rollout
) -> list[tuple[datetime.date, float]]:
    """Cumulative % done on every day from the rollout's start to today (or the last done)."""
    if not series or not required:
        return []
    done_by_day = dict(series)
    day = min(rollout.starts_on, series[0][0])
    last = max(min(timezone.localdate(), rollout.dissemination_due), series[-1][0])
    points, running = [], 0
    while day <= last:
        running = done_by_day.get(day, running)
        points.append((day, 100 * running / required))
        day += datetime.timedelta(days=1)
    return points


@requires("rollout.view")
def rollout_progress_charts(request: HttpRequest, pk: int) -> HttpResponse:
    """The charts, rendered server-side; the progress page loads them lazily (htmx)."""
    rollout, unit = _load(request, pk)
    progress = progress_selectors.rollout_progress(rollout=rollout, unit=unit)
    required = progress.total.required
    title = f"Tỉ lệ hoàn thành lũy kế theo ngày — {unit.name}"

    def completion() -> str:
        points = _daily_percent(
            progress_selectors.completion_over_time(rollout=rollout, unit=unit), required, rollout
        )
        return charts.completion_svg(points, title=title)

    # The series only changes when someone gets done (or a new day starts): keyed on the
    # figures the table already has, the grouped scan of every participant runs once.
    today = timezone.localdate()
    key = (rollout.pk, unit.pk, progress.total.done, required, today, title)
    bars = [(r.label, r.percent) for r in progress.rows if r.percent is not None]
    context = {
        **_common(request, rollout, unit),
        "completion_svg": charts.cached("completion-page", key, completion),
        "children_svg": charts.children_svg(
            [(name, percent) for name, percent in bars if percent is not None],
            title=f"Tỉ lệ hoàn thành của các đơn vị trực thuộc {unit.name}",
        ),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dashboards/partials/_progress_charts.html", context)
    return render(request, "dashboards/progress_charts.html", context)


@requires("rollout.view")
def rollout_pending(request: HttpRequest, pk: int) -> HttpResponse:
    """People of the unit's subtree not done yet, with the reason; `?loai=mien` lists those
    exempted instead."""
    rollout, unit = _load(request, pk)
    exempt = request.GET.get("loai") == "mien"
    page = Paginator(
        progress_selectors.not_done_people(rollout=rollout, unit=unit, exempt=exempt), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        **_common(request, rollout, unit),
        "page": page,
        "people": progress_selectors.explain_pending(list(page.object_list)),
        "exempt": exempt,
        "query": f"unit={unit.pk}" + ("&loai=mien" if exempt else ""),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dashboards/partials/_progress_pending.html", context)
    return render(request, "dashboards/progress_pending.html", context)


@requires("rollout.view")
def rollout_overdue(request: HttpRequest, pk: int) -> HttpResponse:
    """Units of the subtree with an overdue obligation (the escalation list)."""
    rollout, unit = _load(request, pk)
    overdue = progress_selectors.overdue_units(rollout=rollout, unit=unit)
    levels = sorted({s.depth - unit.depth for s in overdue})
    level = request.GET.get("cap", "")
    if level.isdigit():
        overdue = [s for s in overdue if s.depth - unit.depth == int(level)]
    sorting = OVERDUE_SORTS.read(request.GET)
    overdue = OVERDUE_SORTS.apply_list(overdue, sorting)
    page = Paginator(overdue, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        **_common(request, rollout, unit),
        "page": page,
        "query": keep_query(request.GET, KEPT, unit=unit.pk).lstrip("?"),
        "base_depth": unit.depth,
        "levels": levels,
        "level": level,
        "sorting": sorting,
        "headers": OVERDUE_SORTS.headers(sorting),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dashboards/partials/_progress_overdue.html", context)
    return render(request, "dashboards/progress_overdue.html", context)


@requires("rollout.export")
def rollout_progress_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    rollout, unit = _load(request, pk, action="rollout.export")
    progress = progress_selectors.rollout_progress(rollout=rollout, unit=unit)
    rows, _, _ = _progress_rows(request, progress)  # what the page shows is what is exported
    content = exports.progress_xlsx(
        title=f"Tiến độ quán triệt: {rollout.title}",
        unit_name=unit.name,
        rows=rows,
        total=progress.total,
        generated_at=timezone.localtime(),
    )
    return attachment(
        content,
        filename=download_name("tien-do", rollout.title, unit.name, extension="xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


urlpatterns = [
    path("", home, name="home"),
    path("trien-khai/<int:pk>/tien-do/", rollout_progress, name="rollout_progress"),
    path(
        "trien-khai/<int:pk>/tien-do/bieu-do/",
        rollout_progress_charts,
        name="rollout_progress_charts",
    ),
    path("trien-khai/<int:pk>/tien-do.xlsx", rollout_progress_xlsx, name="rollout_progress_xlsx"),
    path("trien-khai/<int:pk>/chua-hoan-thanh/", rollout_pending, name="rollout_pending"),
    path("trien-khai/<int:pk>/cham-tien-do/", rollout_overdue, name="rollout_overdue"),
]
