"""Member self-service ("Việc của tôi"): a member's own rollouts, the text, the quiz, the
commitment and their history. Every page is the member's own; an officer may open a
person's page of their own subtree read-only; anyone else gets 404."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from apps.access.permissions import login_only
from apps.common.errors import ApplicationError
from apps.people.selectors import person_for_user
from apps.rollout import session_selectors as ss
from apps.rollout.models import Participant
from apps.rollout.services.study import commitment_sign, quiz_submit, study_read
from apps.rollout.session_forms import CommitmentForm, QuizForm


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@login_only
def my_tasks(request: HttpRequest) -> HttpResponse:
    context = {
        "person": person_for_user(user=request.user),
        "tasks": ss.member_tasks(actor=request.user),
    }
    if _htmx(request):
        return render(request, "rollout/partials/_member_tasks.html", context)
    return render(request, "rollout/member_tasks.html", context)


@login_only
def my_tasks_badge(request: HttpRequest) -> HttpResponse:
    """The count of rollouts still waiting for the user, for the navigation bar."""
    count = ss.member_pending_count(actor=request.user)
    return render(request, "rollout/partials/_member_badge.html", {"my_pending": count})


def _context(
    participant: Participant,
    own: bool,
    *,
    quiz_form: QuizForm | None = None,
    commitment_form: CommitmentForm | None = None,
) -> dict[str, Any]:
    view = ss.participation_view(participant=participant)
    return {
        "p": participant,
        "rollout": participant.rollout,
        "directive": participant.rollout.directive,
        "own": own,
        "view": view,
        "quiz_form": quiz_form or QuizForm(questions=view.questions),
        "commitment_form": commitment_form or CommitmentForm(criteria=view.criteria),
    }


@login_only
def my_participation(request: HttpRequest, pk: int) -> HttpResponse:
    participant, own = ss.participation_get_for_viewer(actor=request.user, pk=pk)
    return render(request, "rollout/member_participation.html", _context(participant, own))


@login_only
def my_reading(request: HttpRequest, pk: int) -> HttpResponse:
    """The directive's full text. Opening it (GET) changes nothing; the member's "Tôi đã đọc
    xong" button (POST) records the reading and leads on to the quiz."""
    participant, own = ss.participation_get_for_viewer(actor=request.user, pk=pk)
    if request.method == "POST":
        if not own:
            raise Http404
        study_read(actor=request.user, participant=participant)
        messages.success(request, "Đã ghi nhận bạn đã đọc toàn văn.")
        return _back(participant, "kiem-tra")
    return render(request, "rollout/member_reading.html", _context(participant, own))


def _back(participant: Participant, anchor: str) -> HttpResponse:
    return redirect(reverse("my_participation", args=[participant.pk]) + f"#{anchor}")


@login_only
def my_quiz(request: HttpRequest, pk: int) -> HttpResponse:
    participant, own = ss.participation_get_for_viewer(actor=request.user, pk=pk)
    form = None
    result = None
    if request.method == "POST":
        if not own:
            raise Http404
        view = ss.participation_view(participant=participant)
        form = QuizForm(request.POST, questions=view.questions)
        if form.is_valid():
            try:
                result = quiz_submit(
                    actor=request.user, participant=participant, answers=form.answers()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if not _htmx(request):
                    if result.passed:
                        messages.success(request, f"Bạn đạt {result.score}%: đã học bù xong.")
                    else:
                        messages.error(request, f"Bạn được {result.score}%, chưa đạt.")
                    return _back(participant, "kiem-tra")
                participant.refresh_from_db()
                form = None
    context = _context(participant, own, quiz_form=form)
    context["result"] = result
    if _htmx(request):
        # After a step, the status box at the top of the page is swapped out of band.
        context["oob"] = request.method == "POST"
        return render(request, "rollout/partials/_member_quiz.html", context)
    return render(request, "rollout/member_participation.html", context)


@login_only
def my_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    participant, own = ss.participation_get_for_viewer(actor=request.user, pk=pk)
    form = None
    if request.method == "POST":
        if not own:
            raise Http404
        view = ss.participation_view(participant=participant)
        form = CommitmentForm(request.POST, criteria=view.criteria)
        if form.is_valid():
            try:
                commitment_sign(
                    actor=request.user,
                    participant=participant,
                    confirmed=form.cleaned_data["confirmed"],
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if not _htmx(request):
                    messages.success(request, "Bạn đã ký bản cam kết.")
                    return _back(participant, "cam-ket")
                participant.refresh_from_db()
                form = None
    context = _context(participant, own, commitment_form=form)
    if _htmx(request):
        context["oob"] = request.method == "POST"
        if request.method == "POST" and form is None:  # signed: say so where they are looking
            context["signed_now"] = True
        return render(request, "rollout/partials/_member_commitment.html", context)
    return render(request, "rollout/member_participation.html", context)


urlpatterns = [
    path("cua-toi/", my_tasks, name="my_tasks"),
    path("cua-toi/dem/", my_tasks_badge, name="my_tasks_badge"),
    path("cua-toi/<int:pk>/", my_participation, name="my_participation"),
    path("cua-toi/<int:pk>/toan-van/", my_reading, name="my_reading"),
    path("cua-toi/<int:pk>/kiem-tra/", my_quiz, name="my_quiz"),
    path("cua-toi/<int:pk>/cam-ket/", my_commitment, name="my_commitment"),
]
