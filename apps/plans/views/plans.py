from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.audit import history_entries
from apps.common.downloads import stored_file
from apps.common.errors import ApplicationError
from apps.plans import selectors
from apps.plans.enums import PlanStatus
from apps.plans.forms import PlanCreateForm, PlanDecideForm, PlanSubmitForm
from apps.plans.models import PlanVersion
from apps.plans.services.plans import can_transition, plan_create, plan_transition
from apps.plans.views.common import unit_for
from apps.rollout.selectors import rollout_get_for_actor


@requires("plan.view")
def plan_list(request: HttpRequest, rollout_pk: int) -> HttpResponse:
    rollout = rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = unit_for(request, rollout, "plan.view")
    waiting = selectors.plans_awaiting_decision(actor=request.user, rollout=rollout).filter(
        unit__path__startswith=unit.path
    )
    mine = request.GET.get("cho") == "toi"
    context = {
        "rollout": rollout,
        "unit": unit,
        "rows": [] if mine else selectors.plans_by_unit(rollout=rollout, unit=unit),
        "waiting": list(waiting.order_by("submitted_at", "pk")) if mine else [],
        "waiting_count": waiting.count(),
        "mine": mine,
        "can_create": scoping.can(request.user, "plan.submit", unit),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "plans/partials/_plan_rows.html", context)
    return render(request, "plans/plan_list.html", context)


@requires("plan.submit")
def plan_new(request: HttpRequest, rollout_pk: int) -> HttpResponse:
    rollout = rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = unit_for(request, rollout, "plan.submit")
    form = PlanCreateForm(
        request.POST or None,
        initial={"title": f"Kế hoạch thực hiện {rollout.directive} của {unit.name}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                actor=request.user, rollout=rollout, unit=unit, title=form.cleaned_data["title"]
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã tạo dự thảo kế hoạch.")
            return redirect("plan_detail", pk=plan.pk)
    return render(request, "plans/plan_new.html", {"rollout": rollout, "unit": unit, "form": form})


def _detail(
    request: HttpRequest,
    pk: int,
    submit_form: PlanSubmitForm | None = None,
    decide_form: PlanDecideForm | None = None,
) -> HttpResponse:
    plan = selectors.plan_get_for_actor(actor=request.user, pk=pk)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "versions": selectors.plan_versions(plan=plan),
            "tasks": plan.tasks.select_related("owner").order_by("deadline"),
            "can_submit": can_transition(request.user, plan, PlanStatus.SUBMITTED),
            "can_decide": can_transition(request.user, plan, PlanStatus.APPROVED),
            "submit_form": submit_form or PlanSubmitForm(),
            "decide_form": decide_form or PlanDecideForm(),
            "history": history_entries(plan),
        },
    )


@requires("plan.view")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@requires("plan.submit")
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_actor(actor=request.user, pk=pk, action="plan.submit")
    form = PlanSubmitForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            plan_transition(
                actor=request.user,
                plan=plan,
                to=PlanStatus.SUBMITTED,
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã trình kế hoạch lên cấp trên.")
            return redirect("plan_detail", pk=plan.pk)
    return _detail(request, pk, submit_form=form)


@requires("plan.approve")
@require_POST
def plan_decide(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_actor(actor=request.user, pk=pk, action="plan.approve")
    form = PlanDecideForm(request.POST)
    if form.is_valid():
        try:
            plan_transition(
                actor=request.user,
                plan=plan,
                to=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ApplicationError as exc:
            # Shown as a message: the decision form is hidden from those who may not decide.
            messages.error(request, exc.message)
        else:
            done = (
                "phê duyệt" if form.cleaned_data["decision"] == PlanStatus.APPROVED else "trả lại"
            )
            messages.success(request, f"Đã {done} kế hoạch.")
            return redirect("plan_detail", pk=plan.pk)
    return _detail(request, pk, decide_form=form)


@requires("plan.view")
def plan_version_document(request: HttpRequest, pk: int) -> FileResponse:
    version = PlanVersion.objects.select_related("plan", "plan__unit").filter(pk=pk).first()
    if version is None or not version.document:
        raise Http404
    scoping.require(request.user, "plan.view", version.plan.unit)
    return stored_file(
        version.document, label=f"ke-hoach-{version.plan.unit.name}-v{version.number}"
    )


urlpatterns = [
    path("dot-trien-khai/<int:rollout_pk>/ke-hoach/", plan_list, name="plan_list"),
    path("dot-trien-khai/<int:rollout_pk>/ke-hoach/tao/", plan_new, name="plan_new"),
    path("ke-hoach/<int:pk>/", plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/trinh/", plan_submit, name="plan_submit"),
    path("ke-hoach/<int:pk>/quyet-dinh/", plan_decide, name="plan_decide"),
    path("ke-hoach/phien-ban/<int:pk>/tep/", plan_version_document, name="plan_version_document"),
]
