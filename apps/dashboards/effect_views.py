"""The directive's effect view (`/chi-thi/<pk>/hieu-qua/?unit=<unit>`) and its drill-down to
one criterion's facts. The unit must be in the actor's `effect.view` scope (404 otherwise); what
each fact provider shows depends on the actor (confidential facts are dropped by their owner)."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.listing import unit_param
from apps.dashboards import effect
from apps.directives.selectors import directive_get_for_actor
from apps.org.models import Unit


def _unit(request: HttpRequest) -> Unit:
    unit_pk = unit_param(request)
    if unit_pk is not None:
        unit = Unit.objects.filter(pk=unit_pk).first()
    elif scoping.is_admin(request.user):
        unit = Unit.objects.filter(depth=1).order_by("path").first()
    else:
        paths = scoping.scope_paths(request.user, "effect.view")
        unit = Unit.objects.filter(path=paths[0]).first() if paths else None
    if unit is None:
        raise Http404
    scoping.require(request.user, "effect.view", unit)
    return unit


def _breadcrumbs(request: HttpRequest, unit: Unit) -> list[Unit]:
    paths = [unit.path[:i] for i in range(Unit.steplen, len(unit.path), Unit.steplen)]
    return [
        u
        for u in Unit.objects.filter(path__in=paths).order_by("depth")
        if scoping.can(request.user, "effect.view", u)
    ]


@requires("effect.view")
def directive_effect(request: HttpRequest, pk: int) -> HttpResponse:
    directive = directive_get_for_actor(actor=request.user, pk=pk)
    unit = _unit(request)
    result = effect.directive_effect(actor=request.user, directive=directive, unit=unit)
    dissemination = result.dissemination()
    children: list[dict[str, Any]] = []
    for child in result.children:
        per_kind: dict[str, int] = {}
        for row in result.rows:
            for kind, n in row.by_unit.get(child.pk, {}).items():
                per_kind[kind] = per_kind.get(kind, 0) + n
        figures = dissemination.get(child.pk)
        done = committed = "—"
        if figures is not None:
            percent = f" ({figures.percent}%)" if figures.percent is not None else ""
            done = f"{figures.done}/{figures.required}{percent}"
            committed = str(figures.committed)
        children.append(
            {
                "pk": child.pk,
                "name": child.name,
                "done": done,
                "committed": committed,
                "counts": [per_kind.get(k, 0) for k in result.kinds],
            }
        )
    return render(
        request,
        "dashboards/effect.html",
        {
            "effect": result,
            "directive": directive,
            "unit": unit,
            "children": children,
            "breadcrumbs": _breadcrumbs(request, unit),
        },
    )


@requires("effect.view")
def directive_effect_criterion(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    directive = directive_get_for_actor(actor=request.user, pk=pk)
    unit = _unit(request)
    criterion = None
    if criterion_pk:
        criterion = directive.criteria.filter(pk=criterion_pk).first()
        if criterion is None:
            raise Http404
    found = effect.criterion_facts(
        actor=request.user, directive=directive, unit=unit, criterion_id=criterion_pk
    )
    names = dict(Unit.objects.filter(pk__in={f.unit_id for f in found}).values_list("pk", "name"))
    rows = [
        {"fact": f, "kind": effect.kind_label(f.kind), "unit": names.get(f.unit_id, "")}
        for f in found
    ]
    return render(
        request,
        "dashboards/effect_criterion.html",
        {"directive": directive, "unit": unit, "criterion": criterion, "rows": rows},
    )


urlpatterns = [
    path("chi-thi/<int:pk>/hieu-qua/", directive_effect, name="directive_effect"),
    path(
        "chi-thi/<int:pk>/hieu-qua/tieu-chi/<int:criterion_pk>/",
        directive_effect_criterion,
        name="directive_effect_criterion",
    ),
]
