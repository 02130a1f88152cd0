"""The audit viewer (`/nhat-ky/`): the ledger's entries, newest first, with before and after.

Administrators see everything (including account and privilege changes, which belong to no
unit); leaders and officers see the changes of objects in their subtree (`audit.view`).
"""

from django.apps import apps as django_apps
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from apps.access import scoping
from apps.access.permissions import requires
from apps.common import ledger
from apps.common.models import AuditRecord
from apps.common.types import Actor


def audit_entries_for_actor(*, actor: Actor) -> QuerySet[AuditRecord]:
    qs = AuditRecord.objects.all()
    if scoping.is_admin(actor):
        return qs
    query = Q(pk__in=[])
    for root in scoping.scope_paths(actor, "audit.view"):
        query |= Q(unit_path__startswith=root)
    return qs.filter(query).exclude(unit_path="")


def _model_name(label: str) -> str:
    try:
        model = django_apps.get_model(label)
    except (LookupError, ValueError):
        return label
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


@requires("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    qs = audit_entries_for_actor(actor=request.user).order_by("-id")
    kinds = sorted({label for label in qs.values_list("object_model", flat=True).distinct()[:200]})
    kind = request.GET.get("loai", "")
    if kind:
        qs = qs.filter(object_model=kind)
    who = request.GET.get("nguoi", "").strip()
    if who:
        qs = qs.filter(actor_name__icontains=who)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "model": _model_name(entry.object_model),
            "action": ledger.action_label(entry.action),
            "changes": ledger.changes(entry),
        }
        for entry in page.object_list
    ]
    return render(
        request,
        "frame/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "kinds": [(k, _model_name(k)) for k in kinds],
            "kind": kind,
            "who": who,
            "is_admin": scoping.is_admin(request.user),
        },
    )


urlpatterns = [path("nhat-ky/", audit_log, name="audit_log")]
