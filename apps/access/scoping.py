"""The one place that decides who may do what where.

- `ACTIONS` maps an action name to the roles that grant it. A role granted on a unit
  (access.Assignment) covers that unit's whole subtree.
- System administrators (`is_superuser`) may do everything everywhere.
- A member (a user linked to a Person, without grants) sees only their own record; that is
  checked by `is_self`.

Views declare their action with `apps.access.permissions.requires`; selectors filter with
`scope_q`; single objects load through `<entity>_get_for_actor`, which raises Http404 outside
scope so that objects the user must not know about do not reveal themselves.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from apps.access.enums import Role
from apps.access.models import Assignment

ALL_OFFICIALS = frozenset({Role.LEADER, Role.OFFICER, Role.INSPECTOR, Role.EMULATION})

ACTIONS: dict[str, frozenset[str]] = {
    "org.view": ALL_OFFICIALS,
    "org.manage": frozenset(),
    "person.view": ALL_OFFICIALS,
    "person.change": frozenset({Role.OFFICER}),
    "roster.import": frozenset({Role.OFFICER}),
    "audit.view": frozenset({Role.LEADER, Role.OFFICER}),
    "assignment.manage": frozenset(),
    "directive.view": ALL_OFFICIALS,
    "directive.manage": frozenset({Role.OFFICER, Role.LEADER}),
    "rollout.view": ALL_OFFICIALS,
    "rollout.manage": frozenset({Role.OFFICER, Role.LEADER}),
    "rollout.deadline": frozenset({Role.OFFICER, Role.LEADER}),
    "rollout.mark": frozenset({Role.OFFICER}),
    "rollout.export": frozenset({Role.OFFICER, Role.LEADER}),
    # plans, tasks, reports (issue 4)
    "plan.view": ALL_OFFICIALS,
    "plan.submit": frozenset({Role.OFFICER}),
    "plan.approve": frozenset({Role.LEADER}),
    "task.view": ALL_OFFICIALS,
    "task.manage": frozenset({Role.OFFICER, Role.LEADER}),
    "report.view": ALL_OFFICIALS,
    "report.submit": frozenset({Role.OFFICER}),
    "report.review": frozenset({Role.LEADER, Role.OFFICER}),
    "report.close": frozenset({Role.LEADER}),
    "report.manage": frozenset({Role.OFFICER, Role.LEADER}),
    "report.export": frozenset({Role.OFFICER, Role.LEADER}),
    # dashboards: home pages, the directive's effect view
    "dashboard.view": ALL_OFFICIALS,
    "effect.view": ALL_OFFICIALS,
    # inspections, supervision and discipline (confidential: inspection committees)
    "inspection.view": frozenset({Role.INSPECTOR}),
    "inspection.manage": frozenset({Role.INSPECTOR}),
    "inspection.respond": frozenset({Role.OFFICER, Role.LEADER}),
    "inspection.conclusion.view": frozenset({Role.LEADER, Role.INSPECTOR}),
    "discipline.view": frozenset({Role.INSPECTOR}),
    "discipline.manage": frozenset({Role.INSPECTOR}),
    # citizen feedback (handled one level up, by the superior's inspection committee)
    "feedback.view": frozenset({Role.INSPECTOR, Role.LEADER}),
    "feedback.handle": frozenset({Role.INSPECTOR}),
    "feedback.explain": frozenset({Role.OFFICER, Role.LEADER}),
    # evaluation and quality rating
    "evaluation.view": frozenset({Role.LEADER, Role.OFFICER}),
    "evaluation.manage": frozenset({Role.OFFICER, Role.LEADER}),
    "evaluation.review": frozenset({Role.OFFICER, Role.LEADER}),
    "evaluation.decide": frozenset({Role.LEADER}),
    # emulation movements and commendation
    "emulation.view": ALL_OFFICIALS,
    "emulation.manage": frozenset({Role.EMULATION}),
    "emulation.register": frozenset({Role.OFFICER, Role.EMULATION}),
    "emulation.score": frozenset({Role.EMULATION}),
    "commendation.propose": frozenset({Role.EMULATION, Role.OFFICER, Role.LEADER}),
    "commendation.decide": frozenset({Role.LEADER, Role.EMULATION}),
}

_CACHE_ATTR = "_trienkhai_grants"
_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    path: str


def is_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def grants(user: Any) -> list[Grant]:
    """The user's role grants, loaded once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = (
            Assignment.objects.filter(person__user=user, unit__valid_to__isnull=True)
            .values_list("role", "unit_id", "unit__path")
            .order_by("unit__path")
        )
        cached = [Grant(role=r, unit_id=u, path=p) for r, u, p in rows]
        setattr(user, _CACHE_ATTR, cached)
    return list(cached)


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _paths(user: Any, action: str) -> list[str]:
    if action not in ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    roles = ACTIONS[action]
    paths = sorted({g.path for g in grants(user) if g.role in roles})
    # Drop paths already covered by an ancestor path in the list.
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(p) for p in minimal):
            minimal.append(path)
    return minimal


def scope_paths(user: Any, action: str) -> list[str]:
    """The paths of the top units of the user's scope for `action` (empty for administrators,
    who are unrestricted: check `is_admin` first)."""
    return _paths(user, action)


def has_action(user: Any, action: str) -> bool:
    return is_admin(user) or bool(_paths(user, action))


def require_action(user: Any, action: str) -> None:
    """Refuses (403) a user who holds `action` nowhere: e.g. a member on an officers' page."""
    if not has_action(user, action):
        raise PermissionDenied


def scope_q(user: Any, action: str, field: str = "unit") -> Q:
    """A filter restricting a queryset to objects whose `field` unit is in scope.

    `field=""` filters Unit itself.
    """
    if is_admin(user):
        return Q()
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    query = _NOTHING
    for path in _paths(user, action):
        query |= Q(**{lookup: path})
    return query


def can(user: Any, action: str, unit: Any) -> bool:
    if is_admin(user):
        return True
    return any(unit.path.startswith(p) for p in _paths(user, action))


def require(user: Any, action: str, unit: Any) -> None:
    """404 when the unit is outside the user's scope for `action`."""
    if not can(user, action, unit):
        raise Http404


def is_self(user: Any, person: Any) -> bool:
    return bool(user.is_authenticated and person.user_id == user.pk)
