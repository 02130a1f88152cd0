from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.access.permissions import requires
from apps.common import facts
from apps.common.audit import history_entries
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.org import hooks, selectors, services
from apps.org.forms import (
    MembersOnForm,
    UnitCloseForm,
    UnitFilterForm,
    UnitMergeForm,
    UnitMoveForm,
)
from apps.org.models import Unit


@requires("org.view")
def unit_tree(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    rows = selectors.unit_children_with_counts(actor=request.user, parent=None)
    found = None
    if form.is_valid() and (form.cleaned_data["q"] or form.cleaned_data["kind"]):
        kind = form.cleaned_data["kind"]
        found = Paginator(
            selectors.unit_list(
                actor=request.user, query=form.cleaned_data["q"], kind_id=kind.pk if kind else None
            ),
            50,
        ).get_page(request.GET.get("page"))
    return render(request, "org/unit_tree.html", {"rows": rows, "form": form, "found": found})


def _unit_facts(unit: Unit, actor: Actor) -> facts.FactQuery:
    return facts.FactQuery(subject_kind="unit", ids=[unit.pk], actor=actor)


@requires("org.view")
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_actor(actor=request.user, pk=pk)
    rows = selectors.unit_children_with_counts(actor=request.user, parent=unit)
    context = {
        "unit": unit,
        "rows": rows,
        "breadcrumbs": selectors.unit_breadcrumbs(actor=request.user, unit=unit),
        "events": selectors.unit_events(unit=unit)[:20],
        # Praise and commendations, provided by the emulation app through the facts registry.
        "recognition": sorted(
            [
                *facts.collect("praise", _unit_facts(unit, request.user)),
                *facts.collect("commendation", _unit_facts(unit, request.user)),
            ],
            key=lambda f: f.date,
            reverse=True,
        )[:10],
    }
    day_form = MembersOnForm(request.GET or None)
    context["day_form"] = day_form
    if day_form.is_valid() and day_form.cleaned_data["ngay"]:
        members = hooks.members_on(
            unit=unit, day=day_form.cleaned_data["ngay"], subtree=day_form.cleaned_data["cap_duoi"]
        ).select_related("unit")
        context["members_on"] = Paginator(members, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context["members_query"] = query.urlencode()
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "org/partials/_children.html", context)
    return render(request, "org/unit_detail.html", context)


@requires("audit.view")
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_actor(actor=request.user, pk=pk, action="audit.view")
    return render(
        request,
        "common/history.html",
        {"object": unit, "entries": history_entries(unit), "back": unit},
    )


def _reorganise(request: HttpRequest, pk: int, form_class: type, op: str) -> HttpResponse:
    unit = selectors.unit_get_for_actor(actor=request.user, pk=pk, action="org.manage")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if op == "move":
                services.unit_move(
                    actor=request.user,
                    unit=unit,
                    new_parent=data["new_parent"],
                    date=data["date"],
                    note=data["note"],
                )
                messages.success(request, "Đã chuyển đơn vị cùng toàn bộ đơn vị trực thuộc.")
            elif op == "merge":
                services.unit_merge(
                    actor=request.user,
                    source=unit,
                    target=data["target"],
                    date=data["date"],
                    note=data["note"],
                )
                messages.success(request, f"Đã hợp nhất {unit.name} vào {data['target'].name}.")
                return redirect("unit_detail", pk=data["target"].pk)
            else:
                services.unit_close(
                    actor=request.user, unit=unit, date=data["date"], note=data["note"]
                )
                messages.success(request, "Đã giải thể đơn vị.")
            return redirect("unit_detail", pk=unit.pk)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    titles = {"move": "Chuyển trực thuộc", "merge": "Hợp nhất vào đơn vị khác", "close": "Giải thể"}
    return render(
        request, "org/unit_reorganise.html", {"unit": unit, "form": form, "title": titles[op]}
    )


@requires("org.manage")
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _reorganise(request, pk, UnitMoveForm, "move")


@requires("org.manage")
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    return _reorganise(request, pk, UnitMergeForm, "merge")


@requires("org.manage")
def unit_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _reorganise(request, pk, UnitCloseForm, "close")
