from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.audit import history_entries
from apps.common.downloads import stored_file
from apps.common.errors import ApplicationError
from apps.common.listing import unit_param
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans import selectors
from apps.plans.enums import RollupRule
from apps.plans.forms import (
    TaskCommentForm,
    TaskDelegateForm,
    TaskEvidenceForm,
    TaskForm,
    TaskProgressForm,
)
from apps.plans.models import Plan, TaskEvidence
from apps.plans.services.tasks import (
    task_comment_add,
    task_create,
    task_delegate,
    task_evidence_add,
    task_progress_set,
)
from apps.plans.views.common import unit_for
from apps.rollout.selectors import rollout_get_for_actor


@requires("task.view")
def task_list(request: HttpRequest, rollout_pk: int) -> HttpResponse:
    rollout = rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = unit_for(request, rollout, "task.view")
    tasks = selectors.task_list(actor=request.user, rollout=rollout, within=unit)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    context = {
        "rollout": rollout,
        "unit": unit,
        "page": page,
        "overdue": selectors.task_list_overdue(actor=request.user, within=unit).filter(
            rollout=rollout
        )[:100],
        "can_manage": scoping.can(request.user, "task.manage", unit),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "plans/partials/_task_table.html", context)
    return render(request, "plans/task_list.html", context)


@requires("task.view")
def task_overdue(request: HttpRequest) -> HttpResponse:
    within = None
    if unit_param(request):
        within = Unit.objects.filter(pk=unit_param(request)).first()
        if within is None:
            raise Http404
        scoping.require(request.user, "task.view", within)
    tasks = selectors.task_list_overdue(actor=request.user, within=within)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(request, "plans/task_overdue.html", {"page": page, "within": within})


@requires("task.manage")
def task_new(request: HttpRequest, rollout_pk: int) -> HttpResponse:
    rollout = rollout_get_for_actor(actor=request.user, pk=rollout_pk)
    unit = unit_for(request, rollout, "task.manage")
    people = Person.objects.filter(unit__path__startswith=unit.path).order_by("sort_key")[:500]
    form = TaskForm(request.POST or None)
    form.fields["owner"].choices = [  # type: ignore[attr-defined]
        ("", "—"),
        *[(p.pk, f"{p.full_name} ({p.unit})") for p in people.select_related("unit")],
    ]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = (
            Person.objects.filter(pk=data["owner"]).select_related("unit").first()
            if data["owner"]
            else None
        )
        plan = Plan.objects.filter(rollout=rollout, unit=unit).first()
        try:
            task = task_create(
                actor=request.user,
                rollout=rollout,
                unit=unit,
                title=data["title"],
                description=data["description"],
                start=data["start"],
                deadline=data["deadline"],
                owner=owner,
                plan=plan,
                weight=data["weight"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã tạo nhiệm vụ.")
            return redirect("task_detail", pk=task.pk)
    return render(request, "plans/task_new.html", {"rollout": rollout, "unit": unit, "form": form})


def _detail(request: HttpRequest, pk: int, **forms: object) -> HttpResponse:
    task = selectors.task_get_for_actor(actor=request.user, pk=pk)
    children = list(task.children.select_related("unit").order_by("unit__sort_key"))
    lower = (
        Unit.objects.filter(
            path__startswith=task.unit.path, depth=task.unit.depth + 1, valid_to__isnull=True
        )
        .exclude(pk__in=[c.unit_id for c in children])
        .order_by("sort_key")
    )
    delegate = forms.get("delegate_form") or TaskDelegateForm()
    delegate.fields["units"].choices = [(u.pk, u.name) for u in lower]  # type: ignore[attr-defined]
    return render(
        request,
        "plans/task_detail.html",
        {
            "task": task,
            "children": children,
            "evidence": task.evidence.all(),
            "comments": task.comments.select_related("author"),
            "can_manage": scoping.can(request.user, "task.manage", task.unit),
            "manual": task.rollup_rule == RollupRule.MANUAL,
            "progress_form": forms.get("progress_form")
            or TaskProgressForm(initial={"progress": task.progress}),
            "delegate_form": delegate,
            "evidence_form": forms.get("evidence_form") or TaskEvidenceForm(),
            "comment_form": forms.get("comment_form") or TaskCommentForm(),
            "history": history_entries(task),
        },
    )


@requires("task.view")
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@requires("task.manage")
@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_actor(actor=request.user, pk=pk, action="task.manage")
    form = TaskProgressForm(request.POST)
    if form.is_valid():
        try:
            task_progress_set(
                actor=request.user,
                task=task,
                progress=form.cleaned_data["progress"],
                status=form.cleaned_data["status"] or None,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã cập nhật tiến độ.")
            return redirect("task_detail", pk=task.pk)
    return _detail(request, pk, progress_form=form)


@requires("task.manage")
@require_POST
def task_delegate_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_actor(actor=request.user, pk=pk, action="task.manage")
    form = TaskDelegateForm(request.POST)
    form.fields["units"].choices = [  # type: ignore[attr-defined]
        (u.pk, u.name)
        for u in Unit.objects.filter(path__startswith=task.unit.path, depth=task.unit.depth + 1)
    ]
    if form.is_valid():
        units = list(Unit.objects.filter(pk__in=form.cleaned_data["units"]))
        weights = {}
        for unit in units:
            raw = request.POST.get(f"weight_{unit.pk}", "1") or "1"
            weights[unit.pk] = int(raw) if raw.isdigit() else 0
        try:
            task_delegate(
                actor=request.user,
                task=task,
                units=units,
                rule=form.cleaned_data["rule"],
                weights=weights,
                deadline=form.cleaned_data["deadline"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"Đã giao nhiệm vụ cho {len(units)} đơn vị cấp dưới.")
            return redirect("task_detail", pk=task.pk)
    return _detail(request, pk, delegate_form=form)


@requires("task.manage")
@require_POST
def task_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_actor(actor=request.user, pk=pk, action="task.manage")
    form = TaskEvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            task_evidence_add(
                actor=request.user,
                task=task,
                name=form.cleaned_data["name"],
                file=form.cleaned_data["file"],
                link=form.cleaned_data["link"],
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã thêm minh chứng.")
            return redirect("task_detail", pk=task.pk)
    return _detail(request, pk, evidence_form=form)


@requires("task.view")
@require_POST
def task_comment(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_actor(actor=request.user, pk=pk)
    form = TaskCommentForm(request.POST)
    if form.is_valid():
        try:
            task_comment_add(actor=request.user, task=task, text=form.cleaned_data["text"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("task_detail", pk=task.pk)
    return _detail(request, pk, comment_form=form)


@requires("task.view")
def task_evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    evidence = TaskEvidence.objects.select_related("task", "task__unit").filter(pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404
    scoping.require(request.user, "task.view", evidence.task.unit)
    return stored_file(evidence.file, label=evidence.name)


urlpatterns = [
    path("dot-trien-khai/<int:rollout_pk>/nhiem-vu/", task_list, name="task_list"),
    path("dot-trien-khai/<int:rollout_pk>/nhiem-vu/tao/", task_new, name="task_new"),
    path("nhiem-vu/qua-han/", task_overdue, name="task_overdue"),
    path("nhiem-vu/<int:pk>/", task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/tien-do/", task_progress, name="task_progress"),
    path("nhiem-vu/<int:pk>/giao/", task_delegate_view, name="task_delegate"),
    path("nhiem-vu/<int:pk>/minh-chung/", task_evidence, name="task_evidence"),
    path("nhiem-vu/<int:pk>/y-kien/", task_comment, name="task_comment"),
    path("nhiem-vu/minh-chung/<int:pk>/", task_evidence_file, name="task_evidence_file"),
]
