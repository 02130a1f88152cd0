"""Public pages for citizens: no login, phone first, no JavaScript needed.

They show unit names (found by search) and the conduct criteria, store a feedback, and show one
feedback's status and published answer to whoever holds its code — nothing else.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from apps.access.permissions import public
from apps.common.errors import ApplicationError
from apps.feedback import codes, selectors, services, throttle
from apps.feedback.challenge import challenge_check, challenge_new
from apps.feedback.enums import FeedbackStatus
from apps.feedback.forms import FeedbackForm, SearchForm, StatusForm
from apps.feedback.uploads import max_bytes, max_files


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _too_many(request: HttpRequest, message: str) -> HttpResponse:
    return _private(
        render(request, "feedback/public_limited.html", {"message": message}, status=429)
    )


@public
@require_http_methods(["GET"])
def feedback_public_start(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    units = []
    if form.is_valid() and form.cleaned_data["q"]:
        units = selectors.public_unit_search(query=form.cleaned_data["q"])
    context = {"form": form, "units": units, "searched": bool(request.GET.get("q"))}
    return _private(render(request, "feedback/public_start.html", context))


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@public
@require_http_methods(["GET", "POST"])
def feedback_public_send(request: HttpRequest) -> HttpResponse:
    unit = selectors.public_unit(pk=_int(request.POST.get("unit") or request.GET.get("unit")))
    if unit is None:
        return redirect("feedback_public_start")
    criteria = selectors.criteria_for_unit(unit=unit)
    error = ""
    if request.method == "POST":
        if throttle.flood(request).exhausted:
            return _too_many(request, throttle.MESSAGE_ADDRESS.format(minutes=60))
        by_address = throttle.sends_from_address(request)
        if by_address.exhausted:
            return _too_many(request, throttle.MESSAGE_ADDRESS.format(minutes=by_address.minutes))
        form = FeedbackForm(request.POST, criteria=criteria)
        challenge_ok = True
        if by_address.count >= int(settings.FEEDBACK_CHALLENGE_AFTER):
            challenge_ok = challenge_check(
                request.POST.get("challenge_token", ""), request.POST.get("challenge_answer", "")
            )
        if form.is_valid() and not challenge_ok:
            form.add_error(
                "challenge_answer", "Câu trả lời chưa đúng. Vui lòng trả lời câu hỏi mới."
            )
        if form.is_valid():
            by_unit = throttle.sends_about_unit(request, unit.pk)
            if by_unit.exhausted:
                return _too_many(request, throttle.MESSAGE_TARGET.format(minutes=by_unit.minutes))
            data = form.cleaned_data
            try:
                feedback, code = services.feedback_submit(
                    actor=None,
                    unit=unit,
                    criterion=form.criterion_object(),
                    description=data["description"],
                    official_name=data["official_name"],
                    official_position=data["official_position"],
                    anonymous=data["anonymous"],
                    sender_name=data["sender_name"],
                    sender_contact=data["sender_contact"],
                    sender_email=data["sender_email"],
                    consent=data["consent"],
                    files=request.FILES.getlist("tep"),
                )
            except ApplicationError as exc:
                error = exc.message
            else:
                throttle.sends_from_address(request, increment=True)
                throttle.sends_about_unit(request, unit.pk, increment=True)
                context = {
                    "code": codes.display(code),
                    "feedback": feedback,
                    "unit": unit,
                    "emailed": bool(feedback.sender_email),
                }
                return _private(render(request, "feedback/public_sent.html", context))
    else:
        form = FeedbackForm(criteria=criteria)
    challenge = challenge_new() if throttle.challenge_required(request) else None
    context = {
        "unit": unit,
        "parent_name": selectors.public_unit_parent_name(unit),
        "form": form,
        "error": error,
        "challenge": challenge,
        "max_files": max_files(),
        "max_mb": max_bytes() // (1024 * 1024),
    }
    return _private(render(request, "feedback/public_send.html", context))


@public
@require_http_methods(["GET", "POST"])
def feedback_public_status(request: HttpRequest) -> HttpResponse:
    """The status and published answer of the feedback whose code is POSTed (the code never
    travels in a URL, so it stays out of logs and browser history)."""
    form = StatusForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if request.method == "POST":
        usage = throttle.lookups(request)
        if usage.exhausted:
            return _too_many(request, throttle.MESSAGE_LOOKUP.format(minutes=usage.minutes))
        context["searched"] = True
        if form.is_valid():
            feedback = selectors.feedback_get_by_code(code=form.cleaned_data["code"])
            if feedback is not None:
                answered = feedback.status in (FeedbackStatus.PUBLISHED, FeedbackStatus.DISMISSED)
                context["result"] = {
                    "status": feedback.get_status_display(),
                    "received_at": feedback.received_at,
                    "unit": feedback.unit.name,
                    "answered": answered,
                    "outcome": feedback.outcome.name if answered and feedback.outcome else "",
                    "answer": feedback.answer_public if answered else "",
                    "published_at": feedback.published_at if answered else None,
                    "answer_due": feedback.answer_due,
                }
    return _private(render(request, "feedback/public_status.html", context))


urlpatterns = [
    path("phan-anh/", feedback_public_start, name="feedback_public_start"),
    path("phan-anh/gui/", feedback_public_send, name="feedback_public_send"),
    path("phan-anh/tra-cuu/", feedback_public_status, name="feedback_public_status"),
]
