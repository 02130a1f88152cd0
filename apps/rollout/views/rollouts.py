"""Rollout set-up pages: list, launch, overview, "thời hạn của cấp" and exemptions."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.errors import ApplicationError
from apps.common.jobs import job_start
from apps.directives.selectors import directive_list, issuer_choices
from apps.people.models import Person
from apps.rollout import selectors
from apps.rollout.forms import (
    ExemptForm,
    ParticipantSearchForm,
    RolloutForm,
    UnitDeadlineForm,
    audience_label,
)
from apps.rollout.jobs import launch_params
from apps.rollout.models import Rollout
from apps.rollout.services.deadlines import DeadlineBook, unit_deadline_set
from apps.rollout.services.participants import (
    participant_set_exempt,
    rollout_launch,
    rollout_launch_check,
)

# Above this many people in the subtree, launching runs as a background job.
LAUNCH_DIRECT_LIMIT = 5000


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _number(value: int) -> str:
    """Vietnamese digit grouping: 150.000."""
    return f"{value:,}".replace(",", ".")


def _url(name: str, fallback: str, *args: Any) -> str:
    """The URL of a page another part of the project builds (it may not exist yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


@requires("rollout.view")
def rollout_list(request: HttpRequest) -> HttpResponse:
    rollouts = selectors.rollout_list(actor=request.user).order_by("-starts_on", "-pk")
    page = Paginator(rollouts, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": timezone.localdate(),
        "can_create": scoping.has_action(request.user, "rollout.manage"),
    }
    return render(request, "rollout/rollout_list.html", context)


@requires("rollout.manage")
def rollout_create(request: HttpRequest) -> HttpResponse:
    directives = directive_list(actor=request.user)
    units = issuer_choices(actor=request.user, action="rollout.manage")
    initial: dict[str, Any] = {"starts_on": timezone.localdate()}
    wanted = request.GET.get("directive", "")
    chosen = directives.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if chosen is not None:
        initial["directive"] = chosen.pk
        first_deadline = chosen.deadlines.order_by("date").first()
        if first_deadline is not None:
            initial["dissemination_due"] = first_deadline.date
            initial["plan_due"] = first_deadline.date
    form = RolloutForm(request.POST or None, directives=directives, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.launch_kwargs()
        try:
            rollout_launch_check(actor=request.user, **kwargs)
            if Person.objects.filter(unit__path__startswith=kwargs["unit"].path).count() > (
                LAUNCH_DIRECT_LIMIT
            ):
                # A large subtree: the participant list is built by a background job.
                job = job_start(
                    actor=request.user,
                    kind="rollout_launch",
                    handler="apps.rollout.jobs.rollout_launch_job",
                    params=launch_params(kwargs),
                )
                return redirect("job_status", pk=job.pk)
            rollout = rollout_launch(actor=request.user, **kwargs)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Đã bắt đầu đợt triển khai “{rollout.title}” với "
                f"{_number(rollout.participants.count())} người phải quán triệt.",
            )
            return redirect("rollout_detail", pk=rollout.pk)
    return render(request, "rollout/rollout_create.html", {"form": form})


def _deadlines_context(
    request: HttpRequest, rollout: Rollout, form: UnitDeadlineForm | None = None
) -> dict[str, Any]:
    unit = selectors.default_unit(actor=request.user, rollout=rollout)
    book = DeadlineBook(rollout)
    units = selectors.deadline_unit_choices(actor=request.user, rollout=rollout, unit=unit)
    can_set = scoping.has_action(request.user, "rollout.deadline") and units.exists()
    if form is None and can_set:
        mine = book.for_unit(unit)
        form = UnitDeadlineForm(
            units=units,
            initial={
                "unit": unit.pk,
                "dissemination_due": mine.dissemination,
                "plan_due": mine.plan,
            },
        )
    overrides = list(selectors.unit_deadlines_around(rollout=rollout, unit=unit))
    for override in overrides:
        override.effective = book.for_unit(override.unit)  # type: ignore[attr-defined]
    return {
        "rollout": rollout,
        "level": unit,
        "level_deadlines": book.for_unit(unit),
        "overrides": overrides,
        "deadline_form": form if can_set else None,
    }


def _exempt_context(
    request: HttpRequest, rollout: Rollout, query: str = "", form: ExemptForm | None = None
) -> dict[str, Any]:
    if not scoping.has_action(request.user, "rollout.mark"):
        return {"can_exempt": False}
    found = list(
        selectors.participant_search(actor=request.user, rollout=rollout, query=query)[:30]
    )
    return {
        "rollout": rollout,
        "can_exempt": True,
        "search_form": ParticipantSearchForm(initial={"q": query}),
        "query": query,
        "found": found,
        "exempt_form": form,
    }


def _detail_context(
    request: HttpRequest,
    rollout: Rollout,
    *,
    deadline_form: UnitDeadlineForm | None = None,
    query: str = "",
    exempt_form: ExemptForm | None = None,
) -> dict[str, Any]:
    unit = selectors.default_unit(actor=request.user, rollout=rollout)
    sessions = list(selectors.sessions_for_unit(rollout=rollout, unit=unit)[:20])
    for session in sessions:
        session.url = _url("session_detail", "", session.pk)  # type: ignore[attr-defined]
    directive = rollout.directive
    return {
        "rollout": rollout,
        "directive": directive,
        "audience": audience_label(
            audience_all=rollout.audience_all,
            audience_mask=rollout.audience_mask,
            audience_heads=rollout.audience_heads,
        ),
        "progress_url": _url("rollout_progress", f"/trien-khai/{rollout.pk}/tien-do/", rollout.pk),
        "sessions": sessions,
        "today": timezone.localdate(),
        **_deadlines_context(request, rollout, deadline_form),
        **_exempt_context(request, rollout, query, exempt_form),
    }


@requires("rollout.view")
def rollout_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=pk)
    query = request.GET.get("q", "")[:120]
    return render(
        request, "rollout/rollout_detail.html", _detail_context(request, rollout, query=query)
    )


@requires("rollout.deadline")
def rollout_deadline_set(request: HttpRequest, pk: int) -> HttpResponse:
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=pk)
    if request.method != "POST":
        return render(request, "rollout/rollout_detail.html", _detail_context(request, rollout))
    unit = selectors.default_unit(actor=request.user, rollout=rollout)
    units = selectors.deadline_unit_choices(actor=request.user, rollout=rollout, unit=unit)
    form = UnitDeadlineForm(request.POST, units=units)
    if form.is_valid():
        try:
            deadline = unit_deadline_set(
                actor=request.user,
                rollout=rollout,
                unit=form.cleaned_data["unit"],
                dissemination_due=form.cleaned_data["dissemination_due"],
                plan_due=form.cleaned_data["plan_due"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            note = (
                f"Đã đặt thời hạn cho {deadline.unit.name}: quán triệt "
                f"{deadline.dissemination_due:%d/%m/%Y}, kế hoạch {deadline.plan_due:%d/%m/%Y}."
            )
            if _htmx(request):
                context = _deadlines_context(request, rollout)
                context["deadline_note"] = note
                return render(request, "rollout/partials/_rollout_deadlines.html", context)
            messages.success(request, note)
            return redirect("rollout_detail", pk=rollout.pk)
    if _htmx(request):
        return render(
            request,
            "rollout/partials/_rollout_deadlines.html",
            _deadlines_context(request, rollout, form),
        )
    return render(
        request,
        "rollout/rollout_detail.html",
        _detail_context(request, rollout, deadline_form=form),
    )


@requires("rollout.mark")
def rollout_exempt(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: find people of the rollout by name; POST: mark one exempt (with reason) or lift it."""
    rollout = selectors.rollout_get_for_actor(actor=request.user, pk=pk)
    source = request.POST if request.method == "POST" else request.GET
    query = (source.get("q") or "")[:120]
    form = None
    if request.method == "POST":
        form = ExemptForm(request.POST)
        if form.is_valid():
            participant = selectors.participant_get_for_actor(
                actor=request.user, rollout=rollout, pk=form.cleaned_data["participant"]
            )
            try:
                participant = participant_set_exempt(
                    actor=request.user,
                    participant=participant,
                    exempt=form.cleaned_data["exempt"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                name = participant.person.full_name
                note = (
                    f"Đã miễn cho {name}: {participant.exempt_reason}."
                    if participant.exempt
                    else f"Đã bỏ miễn cho {name}."
                )
                if not _htmx(request):
                    messages.success(request, note)
                    url = reverse("rollout_detail", args=[rollout.pk])
                    if query:
                        url = f"{url}?{urlencode({'q': query})}#rollout-exempt"
                    return redirect(url)
                form = None
                context = _exempt_context(request, rollout, query)
                context["exempt_note"] = note
                return render(request, "rollout/partials/_rollout_exempt.html", context)
    if _htmx(request):
        return render(
            request,
            "rollout/partials/_rollout_exempt.html",
            _exempt_context(request, rollout, query, form),
        )
    return render(
        request,
        "rollout/rollout_detail.html",
        _detail_context(request, rollout, query=query, exempt_form=form),
    )


urlpatterns = [
    path("trien-khai/", rollout_list, name="rollout_list"),
    path("trien-khai/tao-moi/", rollout_create, name="rollout_create"),
    path("trien-khai/<int:pk>/", rollout_detail, name="rollout_detail"),
    path("trien-khai/<int:pk>/thoi-han/", rollout_deadline_set, name="rollout_deadline_set"),
    path("trien-khai/<int:pk>/mien/", rollout_exempt, name="rollout_exempt"),
]
