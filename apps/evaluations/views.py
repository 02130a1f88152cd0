"""Pages: the member's self-assessment (/cua-toi/danh-gia/…, phone-friendly), the officials'
period lists, one evaluation with its review steps, the unit's self-assessment and the
competent body's decision page."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import login_only, requires
from apps.common.errors import ApplicationError
from apps.evaluations import selectors as sel
from apps.evaluations import services
from apps.evaluations.enums import EvaluationStatus, SubjectKind
from apps.evaluations.forms import PeriodForm
from apps.evaluations.models import Evaluation
from apps.evaluations.rules import rules_for
from apps.org.selectors import scope_roots

S = EvaluationStatus


def _int(request: HttpRequest, name: str) -> int | None:
    data = request.POST if request.method == "POST" else request.GET
    value = data.get(name) or request.GET.get(name) or ""
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        raise Http404 from None


# --- the self-assessment (a person's own, or a unit's by its officer) ----------------------


def _assessment_context(
    request: HttpRequest, evaluation: Evaluation, *, own: bool, typed: dict[str, Any] | None = None
) -> dict[str, Any]:
    rules = rules_for(evaluation.period.rule_set)
    scores = sel.evaluation_scores(evaluation=evaluation)
    groups = []
    for g in rules.groups.get(evaluation.subject_kind, ()):
        score = scores.get(g.id)
        if typed is not None:
            points = typed.get(f"points_{g.id}", "")
            justification = typed.get(f"just_{g.id}", "")
        else:
            points = str(score.points).replace(".", ",") if score else ""
            justification = score.justification if score else ""
        groups.append({"group": g, "points": points, "justification": justification})
    editable = own and services.can_edit_self(request.user, evaluation)
    return {
        "evaluation": evaluation,
        "period": evaluation.period,
        "rules": rules,
        "groups": groups,
        "summary": typed.get("summary", "") if typed is not None else evaluation.summary,
        "proposed": typed.get("proposed", "")
        if typed is not None
        else (evaluation.self_level.code if evaluation.self_level else ""),
        "levels": sel.level_choices(),
        "evidence": sel.evidence_for(evaluation=evaluation, rules=rules),
        "steps": sel.evaluation_steps(evaluation=evaluation),
        "own": own,
        "editable": editable,
        "thresholds": [
            (lv, rules.range_text(lv)) for lv in sorted(rules.levels.values(), key=lambda x: x.rank)
        ],
    }


def _save_self(request: HttpRequest, evaluation: Evaluation) -> Evaluation:
    rules = rules_for(evaluation.period.rule_set)
    scores = {
        g.id: (request.POST.get(f"points_{g.id}", ""), request.POST.get(f"just_{g.id}", ""))
        for g in rules.groups.get(evaluation.subject_kind, ())
    }
    evaluation = services.evaluation_self_save(
        actor=request.user,
        evaluation=evaluation,
        scores=scores,
        summary=request.POST.get("summary", ""),
        proposed=request.POST.get("proposed", ""),
    )
    if request.POST.get("action") == "submit":
        evaluation = services.evaluation_transition(
            actor=request.user, evaluation=evaluation, to=S.SUBMITTED
        )
    return evaluation


def _self_page(
    request: HttpRequest, evaluation: Evaluation, *, own: bool, template: str, back: str
) -> HttpResponse:
    if request.method == "POST":
        if not own:
            raise Http404
        try:
            _save_self(request, evaluation)
        except ApplicationError as exc:
            context = _assessment_context(request, evaluation, own=own, typed=request.POST.dict())
            context["error"] = exc.message
            return render(request, template, context, status=400)
        if request.POST.get("action") == "submit":
            messages.success(request, "Đã nộp bản tự đánh giá.")
        else:
            messages.success(request, "Đã lưu bản tự đánh giá.")
        return redirect(back)
    return render(request, template, _assessment_context(request, evaluation, own=own))


@login_only
def my_evaluations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "evaluations/my_evaluations.html",
        {
            "evaluations": sel.my_evaluations(actor=request.user),
            "person": sel.person_of(request.user),
        },
    )


@login_only
def my_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation, own = sel.evaluation_get_for_viewer(actor=request.user, pk=pk)
    return _self_page(
        request,
        evaluation,
        own=own,
        template="evaluations/my_evaluation.html",
        back=reverse("my_evaluation", args=[pk]),
    )


@requires("evaluation.manage")
def evaluation_unit_self(request: HttpRequest, pk: int) -> HttpResponse:
    """A party organisation's own self-assessment, filled by its officer."""
    evaluation = sel.evaluation_get_for_actor(actor=request.user, pk=pk, action="evaluation.manage")
    if evaluation.subject_kind != SubjectKind.UNIT:
        raise Http404
    return _self_page(
        request,
        evaluation,
        own=True,
        template="evaluations/unit_self.html",
        back=reverse("evaluation_detail", args=[pk]),
    )


# --- officials: periods, lists, one evaluation, steps ---------------------------------------


@requires("evaluation.view")
def evaluation_periods(request: HttpRequest) -> HttpResponse:
    periods = sel.period_list(actor=request.user)
    return render(
        request,
        "evaluations/period_list.html",
        {"periods": periods, "can_open": scoping.has_action(request.user, "evaluation.manage")},
    )


@requires("evaluation.manage")
def evaluation_period_new(request: HttpRequest) -> HttpResponse:
    units = scope_roots(request.user, "evaluation.manage")
    form = PeriodForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = services.period_open(
                actor=request.user,
                unit=data["unit"],
                kind=data["kind"],
                rule_set=data["rule_set"],
                title=data["title"],
                start=data["start"],
                end=data["end"],
                self_due=data["self_due"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã mở kỳ đánh giá “{period.title}”.")
            return redirect("evaluation_period", pk=period.pk)
    return render(request, "evaluations/period_form.html", {"form": form})


PAGE = 50


@requires("evaluation.view")
def evaluation_period(request: HttpRequest, pk: int) -> HttpResponse:
    period = sel.period_get_for_actor(actor=request.user, pk=pk)
    unit = sel.period_unit_for_actor(
        actor=request.user, period=period, unit_pk=_int(request, "unit")
    )
    status = request.GET.get("trang_thai", "")
    if status and status not in S.values:
        status = ""
    subject = SubjectKind.UNIT if request.GET.get("doi_tuong") == "unit" else SubjectKind.PERSON
    qs = sel.evaluation_list(period=period, unit=unit, status=status, subject_kind=subject)
    page = Paginator(qs, PAGE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "unit": unit,
        "page": page,
        "status": status,
        "subject": subject,
        "counts": sel.status_counts(period=period, unit=unit, subject_kind=subject),
        "bodies": sel.bodies_waiting(actor=request.user, period=period),
        "attempts": sel.decision_attempts(period=period, unit=unit)[:20],
    }
    return render(request, "evaluations/period_detail.html", context)


def _step_flags(user: Any, evaluation: Any) -> dict[str, Any]:
    """Which review forms the page offers: the cell's comment goes to the residence step when
    the rule set asks for it (`services.needs_residence`), which then has a form of its own."""
    residence = services.needs_residence(evaluation)
    comment_to = S.RESIDENCE if residence else S.COMMENTED
    return {
        "can_comment": evaluation.status == S.SUBMITTED
        and services.can_transition(user, evaluation, comment_to),
        "comment_to": comment_to,
        "can_residence": evaluation.status == S.RESIDENCE
        and services.can_transition(user, evaluation, S.COMMENTED),
        "can_propose": services.can_transition(user, evaluation, S.PROPOSED),
        "can_return": services.can_transition(user, evaluation, S.RETURNED),
        "residence": residence,
    }


@requires("evaluation.view")
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = sel.evaluation_get_for_actor(actor=request.user, pk=pk)
    context = _assessment_context(request, evaluation, own=False)
    user = request.user
    context.update(
        {
            **_step_flags(user, evaluation),
            "can_fill_unit": evaluation.subject_kind == SubjectKind.UNIT
            and services.can_edit_self(user, evaluation),
            "typed": {},
        }
    )
    return render(request, "evaluations/evaluation_detail.html", context)


@requires("evaluation.review")
@require_POST
def evaluation_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Cell comments, the head's proposal, or returning (POST `to`)."""
    evaluation = sel.evaluation_get_for_actor(actor=request.user, pk=pk)
    to = request.POST.get("to", "")
    if to not in (S.COMMENTED, S.RESIDENCE, S.PROPOSED, S.RETURNED):
        raise Http404
    try:
        services.evaluation_transition(
            actor=request.user,
            evaluation=evaluation,
            to=to,
            comment=request.POST.get("comment", ""),
            residence_opinion=request.POST.get("residence", ""),
            level=request.POST.get("level", ""),
            points=request.POST.get("points", ""),
        )
    except ApplicationError as exc:
        context = _assessment_context(request, evaluation, own=False)
        context.update(
            {
                **_step_flags(request.user, evaluation),
                "step_error": exc.message,
                "typed": request.POST.dict(),
            }
        )
        return render(request, "evaluations/evaluation_detail.html", context, status=400)
    labels: dict[str, str] = {
        S.COMMENTED: "Đã ghi ý kiến của chi ủy nơi cư trú."
        if evaluation.status == S.RESIDENCE
        else "Đã ghi góp ý của tập thể.",
        S.RESIDENCE: "Đã ghi góp ý của tập thể; chờ ý kiến của chi ủy nơi cư trú.",
        S.PROPOSED: "Đã ghi nhận xét và đề xuất mức xếp loại.",
        S.RETURNED: "Đã trả lại bản tự đánh giá.",
    }
    messages.success(request, labels[to])
    return redirect("evaluation_detail", pk=pk)


@requires("evaluation.decide")
def evaluation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The competent body's decision: every evaluation waiting for it, with the level to decide
    (pre-filled with the head's proposal); the quota is checked over the whole batch."""
    period = sel.period_get_for_actor(actor=request.user, pk=pk, action="evaluation.decide")
    bodies = sel.bodies_waiting(actor=request.user, period=period)
    unit_pk = _int(request, "unit")
    if unit_pk is None and bodies:
        unit_pk = bodies[0][0].pk
    body = sel.period_unit_for_actor(
        actor=request.user, period=period, unit_pk=unit_pk, action="evaluation.decide"
    )
    subject = (
        SubjectKind.UNIT
        if (request.POST or request.GET).get("doi_tuong") == "unit"
        else SubjectKind.PERSON
    )
    error = ""
    typed: dict[str, str] = {}
    if request.method == "POST":
        levels = {
            int(key[6:]): str(value)
            for key, value in request.POST.items()
            if key.startswith("level_") and key[6:].isdigit() and value
        }
        typed = {k: str(v) for k, v in request.POST.items() if k.startswith("level_")}
        try:
            n = services.evaluation_decide(
                actor=request.user,
                period=period,
                body=body,
                levels=levels,
                reason=request.POST.get("reason", ""),
                subject_kind=subject,
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, f"Đã quyết định xếp loại {n} trường hợp.")
            return redirect(reverse("evaluation_decide", args=[pk]) + f"?unit={body.pk}")
    rules = rules_for(period.rule_set)
    rows = sel.decision_queue(period=period, body=body, subject_kind=subject)
    for row in rows:
        chosen = typed.get(f"level_{row.evaluation.pk}")
        row.chosen = chosen or (
            row.evaluation.head_level.code if row.evaluation.head_level else row.allowed.code
        )
    decided = sel.decided_counts(period=period, body=body, subject_kind=subject)
    context = {
        "period": period,
        "body": body,
        "bodies": bodies,
        "rows": rows,
        "levels": sel.level_choices(),
        "rules": rules,
        "decided": [
            (lv, decided.get(lv.code, 0))
            for lv in sorted(rules.levels.values(), key=lambda x: x.rank)
        ],
        "error": error,
        "subject": subject,
        "reason": request.POST.get("reason", "") if request.method == "POST" else "",
        "attempts": sel.decision_attempts(period=period, unit=body)[:20],
    }
    return render(request, "evaluations/decide.html", context, status=400 if error else 200)


urlpatterns = [
    path("cua-toi/danh-gia/", my_evaluations, name="my_evaluations"),
    path("cua-toi/danh-gia/<int:pk>/", my_evaluation, name="my_evaluation"),
    path("danh-gia/", evaluation_periods, name="evaluation_periods"),
    path("danh-gia/mo-ky/", evaluation_period_new, name="evaluation_period_new"),
    path("danh-gia/ky/<int:pk>/", evaluation_period, name="evaluation_period"),
    path("danh-gia/ky/<int:pk>/quyet-dinh/", evaluation_decide, name="evaluation_decide"),
    path("danh-gia/<int:pk>/", evaluation_detail, name="evaluation_detail"),
    path("danh-gia/<int:pk>/buoc/", evaluation_step, name="evaluation_step"),
    path("danh-gia/<int:pk>/tu-danh-gia/", evaluation_unit_self, name="evaluation_unit_self"),
]
