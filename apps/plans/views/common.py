from typing import Any

from django.http import HttpRequest

from apps.access import scoping
from apps.common.listing import unit_param
from apps.org.models import Unit
from apps.plans import selectors
from apps.rollout.models import Rollout
from apps.rollout.selectors import rollout_unit_for_actor


def unit_for(request: HttpRequest, rollout: Rollout, action: str = "rollout.view") -> Unit:
    """The `?unit=` of a rollout page (`apps.common.listing.unit_param`) (404 outside the actor's scope or the rollout)."""
    unit = rollout_unit_for_actor(actor=request.user, rollout=rollout, unit_pk=unit_param(request))
    if action != "rollout.view":
        scoping.require(request.user, action, unit)
    return unit


def ancestors_in_scope(request: HttpRequest, unit: Unit, top: Unit) -> list[Unit]:
    """Breadcrumbs from `top` down to `unit` (one query)."""
    paths = [unit.path[:i] for i in range(len(top.path), len(unit.path), Unit.steplen)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))


__all__: list[Any] = ["unit_for", "ancestors_in_scope", "selectors"]
