"""Pages of the officials: the inspection committee that handles feedback (one level up), the
leaders who follow it, and the unit concerned, which answers explanation requests."""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.access.permissions import requires
from apps.common.audit import history_entries
from apps.common.errors import ApplicationError
from apps.feedback import selectors, services
from apps.feedback.enums import FeedbackStatus
from apps.feedback.forms import (
    ConcludeForm,
    DismissForm,
    ExplainForm,
    ExplanationAnswerForm,
    IdentifyForm,
    InspectionOpenForm,
    ModerateForm,
    PublishForm,
    RecordForm,
    TaskForm,
)
from apps.feedback.models import Feedback, FeedbackAttachment, FeedbackOutcome
from apps.people.models import Person

PAGE_SIZE = 30


@requires("feedback.view")
def feedback_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("trang_thai", "")
    if status not in FeedbackStatus.values:
        status = ""
    overdue = request.GET.get("qua_han") == "1"
    query = request.GET.get("q", "").strip()[:100]
    qs = selectors.feedback_list(actor=request.user, status=status, overdue=overdue, query=query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "overdue": overdue,
        "q": query,
        "statuses": FeedbackStatus.choices,
        "today": timezone.localdate(),
    }
    return render(request, "feedback/feedback_list.html", context)


def _people(feedback: Feedback) -> Any:
    """Who the feedback may be about: people of the unit itself and heads of its subtree."""
    return Person.objects.filter(
        Q(unit=feedback.unit) | Q(unit__path__startswith=feedback.unit.path, is_head=True)
    ).order_by("sort_key")


def _forms(feedback: Feedback, bound: dict[str, forms.Form] | None = None) -> dict[str, Any]:
    bound = bound or {}
    people = _people(feedback)
    rollouts = selectors.rollouts_covering(unit=feedback.unit)
    initial_publish = {"answer": feedback.answer} if feedback.answer else None
    return {
        "dismiss": bound.get("dismiss") or DismissForm(),
        "moderate": bound.get("moderate")
        or ModerateForm(initial={"description_moderated": feedback.description_moderated}),
        "explain": bound.get("explain") or ExplainForm(),
        "conclude": bound.get("conclude") or ConcludeForm(),
        "publish": bound.get("publish") or PublishForm(initial=initial_publish),
        "identify": bound.get("identify")
        or IdentifyForm(people=people, initial={"person": feedback.person_id}),
        "task": bound.get("task") or TaskForm(rollouts=rollouts),
        "record": bound.get("record") or RecordForm(),
        "inspection": bound.get("inspection")
        or InspectionOpenForm(
            initial={
                "title": f"Kiểm tra khi có dấu hiệu vi phạm đối với {feedback.unit.name}",
                "starts_on": timezone.localdate(),
                "ends_on": timezone.localdate() + datetime.timedelta(days=30),
            }
        ),
    }


def _detail(
    request: HttpRequest,
    feedback: Feedback,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    handler = selectors.can_handle(request.user, feedback)
    follow_ups = list(feedback.follow_ups.select_related("inspection"))
    context: dict[str, Any] = {
        "feedback": feedback,
        "handler": handler,
        "explanations": list(feedback.explanations.select_related("requested_by", "answered_by")),
        "follow_ups": follow_ups,
        "opened_inspection": any(f.inspection_id for f in follow_ups),
        "S": FeedbackStatus,
    }
    if handler:
        context["attachments"] = list(feedback.attachments.all())
        context["forms"] = _forms(feedback, bound)
        names = dict(FeedbackOutcome.objects.values_list("code", "name"))
        context["history"] = history_entries(
            feedback, formatters={"outcome": lambda v: names.get(v, v or "—")}
        )
    return render(request, "feedback/feedback_detail.html", context, status=status)


@requires("feedback.view")
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = selectors.feedback_get_for_actor(actor=request.user, pk=pk)
    return _detail(request, feedback)


_ACTIONS: dict[str, Any] = {
    "dismiss": DismissForm,
    "moderate": ModerateForm,
    "explain": ExplainForm,
    "conclude": ConcludeForm,
    "publish": PublishForm,
    "identify": IdentifyForm,
    "task": TaskForm,
    "record": RecordForm,
    "inspection": InspectionOpenForm,
}
_DONE = {
    "accept": "Đã tiếp nhận phản ánh.",
    "dismiss": "Đã ghi nhận không thụ lý; lý do được trả lời công khai.",
    "moderate": "Đã lưu bản biên tập (bản gốc vẫn được giữ).",
    "explain": "Đã gửi yêu cầu giải trình đến đơn vị.",
    "conclude": "Đã kết luận phản ánh.",
    "publish": "Đã trả lời công khai.",
    "identify": "Đã xác định cán bộ được phản ánh.",
    "task": "Đã giao nhiệm vụ cho đơn vị.",
    "record": "Đã ghi đề xuất xử lý tiếp.",
    "inspection": (
        "Đã mở cuộc kiểm tra khi có dấu hiệu vi phạm; cần lập đoàn và ban hành quyết định."
    ),
}


def _run(actor: Any, feedback: Feedback, action: str, data: dict[str, Any]) -> None:
    if action == "accept":
        services.feedback_accept(actor=actor, feedback=feedback)
    elif action == "dismiss":
        services.feedback_dismiss(actor=actor, feedback=feedback, reason=data["reason"])
    elif action == "moderate":
        services.feedback_moderate(
            actor=actor, feedback=feedback, description_moderated=data["description_moderated"]
        )
    elif action == "explain":
        services.feedback_request_explanation(
            actor=actor, feedback=feedback, text=data["text"], due=data["due"]
        )
    elif action == "conclude":
        services.feedback_conclude(
            actor=actor,
            feedback=feedback,
            outcome=data["outcome"],
            conclusion=data["conclusion"],
            transferred_to=data["transferred_to"],
        )
    elif action == "publish":
        services.feedback_publish(
            actor=actor,
            feedback=feedback,
            answer=data["answer"],
            answer_public=data["answer_public"],
        )
    elif action == "identify":
        services.feedback_identify(actor=actor, feedback=feedback, person=data["person"])
    elif action == "task":
        services.feedback_follow_up_task(
            actor=actor,
            feedback=feedback,
            rollout=data["rollout"],
            title=data["title"],
            deadline=data["deadline"],
        )
    elif action == "inspection":
        services.feedback_open_inspection(
            actor=actor,
            feedback=feedback,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            note=data["note"],
        )
    elif action == "record":
        services.feedback_follow_up_record(
            actor=actor, feedback=feedback, kind=data["kind"], note=data["note"]
        )


@requires("feedback.handle")
@require_POST
def feedback_act(request: HttpRequest, pk: int) -> HttpResponse:
    """One step of handling, named by the `action` field; each calls one service."""
    feedback = selectors.feedback_get_for_actor(actor=request.user, pk=pk, action="feedback.handle")
    action = request.POST.get("action", "")
    if action != "accept" and action not in _ACTIONS:
        messages.error(request, "Thao tác không hợp lệ.")
        return redirect("feedback_detail", pk=feedback.pk)
    form: forms.Form | None = None
    data: dict[str, Any] = {}
    if action in _ACTIONS:
        kwargs: dict[str, Any] = {}
        if action in ("identify", "task"):
            defaults = _forms(feedback)
            key = "people" if action == "identify" else "rollouts"
            kwargs[key] = (
                defaults[action].fields["person" if action == "identify" else "rollout"].queryset
            )
        form = _ACTIONS[action](request.POST, **kwargs)
        if not form.is_valid():
            return _detail(request, feedback, bound={action: form}, status=400)
        data = form.cleaned_data
    try:
        with transaction.atomic():
            locked = selectors.feedback_get_for_actor(
                actor=request.user, pk=pk, action="feedback.handle", for_update=True
            )
            _run(request.user, locked, action, data)
    except ApplicationError as exc:
        if form is not None:
            form.add_error(None, exc.message)
            return _detail(request, feedback, bound={action: form}, status=400)
        messages.error(request, exc.message)
        return redirect("feedback_detail", pk=feedback.pk)
    messages.success(request, _DONE[action])
    return redirect("feedback_detail", pk=feedback.pk)


@requires("feedback.handle")
def feedback_attachment(request: HttpRequest, pk: int) -> FileResponse:
    attachment = FeedbackAttachment.objects.select_related("feedback").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    selectors.feedback_get_for_actor(
        actor=request.user, pk=attachment.feedback_id, action="feedback.handle"
    )
    response = FileResponse(
        attachment.file.open("rb"), content_type=attachment.content_type, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@requires("feedback.explain")
def feedback_explain_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.explanation_list(actor=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "feedback/explain_list.html", {"page": page})


@requires("feedback.explain")
@require_http_methods(["GET", "POST"])
def feedback_explanation(request: HttpRequest, pk: int) -> HttpResponse:
    explanation = selectors.explanation_get_for_actor(actor=request.user, pk=pk)
    form = ExplanationAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    locked = selectors.explanation_get_for_actor(
                        actor=request.user, pk=pk, for_update=True
                    )
                    services.explanation_answer(
                        actor=request.user, explanation=locked, text=form.cleaned_data["text"]
                    )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, "Đã gửi giải trình đến đơn vị xử lý phản ánh.")
                return redirect("feedback_explanation", pk=pk)
        status = 400
    context = {"explanation": explanation, "feedback": explanation.feedback, "form": form}
    return render(request, "feedback/explanation.html", context, status=status)


urlpatterns = [
    path("phan-anh-kien-nghi/", feedback_list, name="feedback_list"),
    path("phan-anh-kien-nghi/<int:pk>/", feedback_detail, name="feedback_detail"),
    path("phan-anh-kien-nghi/<int:pk>/xu-ly/", feedback_act, name="feedback_act"),
    path("phan-anh-kien-nghi/tep/<int:pk>/", feedback_attachment, name="feedback_attachment"),
    path("giai-trinh-phan-anh/", feedback_explain_list, name="feedback_explain_list"),
    path("giai-trinh-phan-anh/<int:pk>/", feedback_explanation, name="feedback_explanation"),
]
