from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from apps.access import scoping
from apps.access.permissions import login_only, requires
from apps.common.audit import history_entries
from apps.common.downloads import attachment
from apps.common.errors import ApplicationError
from apps.common.jobs import job_start
from apps.org.selectors import unit_get_for_actor
from apps.people import exports, selectors, services
from apps.people.forms import PersonFilterForm, PersonForm
from apps.people.models import PersonCategory


def _category_names(mask: int) -> str:
    return ", ".join(selectors.categories_of(mask)) or "—"


@requires("person.view")
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonFilterForm(request.GET or None)
    within = None
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("unit"):
        within = unit_get_for_actor(actor=request.user, pk=data["unit"], action="person.view")
    head = data.get("head")
    people = selectors.person_list(
        actor=request.user,
        query=data.get("q") or "",
        within=within,
        category=data.get("category"),
        is_head=None if not head else head == "1",
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    categories = list(PersonCategory.objects.all())
    for person in page.object_list:
        person.category_names = ", ".join(selectors.categories_of(person.category_mask, categories))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "within": within, "query": query.urlencode()}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "people/partials/_person_table.html", context)
    return render(request, "people/person_list.html", context)


@requires("person.view")
def person_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx; large lists are exported by a background job."""
    form = PersonFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    within_pk = data.get("unit")
    if within_pk:
        unit_get_for_actor(actor=request.user, pk=within_pk, action="person.view")
    params: dict[str, Any] = {
        "q": data.get("q") or "",
        "unit": within_pk,
        "category": data["category"].pk if data.get("category") else None,
        "head": data.get("head") or "",
    }
    people = exports.people_filters(
        actor=request.user,
        query=params["q"],
        within_pk=params["unit"],
        category_pk=params["category"],
        head=params["head"],
    )
    if people.count() <= exports.DIRECT_LIMIT:
        return attachment(
            exports.people_xlsx_bytes(people),
            filename="danh-sach-can-bo.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    job = job_start(
        actor=request.user,
        kind="people_export",
        handler="apps.people.exports.people_export_job",
        params=params,
    )
    messages.info(request, "Danh sách lớn: đang xuất trong nền, tải về khi hoàn thành.")
    return redirect("job_status", pk=job.pk)


def _detail_context(request: HttpRequest, pk: int) -> dict:
    person = selectors.person_get_for_actor(actor=request.user, pk=pk)
    return {
        "person": person,
        "categories": _category_names(person.category_mask),
        "memberships": selectors.person_memberships(person=person),
        "can_edit": scoping.can(request.user, "person.change", person.unit),
        "can_audit": scoping.can(request.user, "audit.view", person.unit),
    }


@login_only
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Officers see people in their subtree; a member sees only their own record (else 404)."""
    return render(request, "people/person_detail.html", _detail_context(request, pk))


@login_only
def my_record(request: HttpRequest) -> HttpResponse:
    person = selectors.person_for_user(user=request.user)
    if person is None:
        raise Http404
    return render(request, "people/person_detail.html", _detail_context(request, person.pk))


@requires("person.change")
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_actor(actor=request.user, pk=pk, action="person.change")
    categories = list(PersonCategory.objects.all())
    initial = {
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "categories": [c for c in categories if person.category_mask & c.mask],
        "position": person.position,
        "is_head": person.is_head,
        "phone": person.phone,
        "email": person.email,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mask = 0
        for category in data.pop("categories"):
            mask |= category.mask
        try:
            services.person_update(actor=request.user, person=person, category_mask=mask, **data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("person_detail", pk=person.pk)
    return render(request, "people/person_edit.html", {"person": person, "form": form})


@requires("audit.view")
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_actor(actor=request.user, pk=pk, action="audit.view")
    entries = history_entries(person, formatters={"category_mask": _category_names})
    return render(
        request, "common/history.html", {"object": person, "entries": entries, "back": person}
    )
