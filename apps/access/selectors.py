"""Who holds which role where: recipients of notifications and workflow steps."""

from dataclasses import dataclass

from apps.access.models import Assignment
from apps.org.models import Unit
from apps.org.paths import ancestor_paths


@dataclass(frozen=True)
class Holder:
    user_id: int
    email: str
    unit_id: int


def role_holders(
    *, unit: Unit, roles: list[str] | tuple[str, ...], ancestors: bool = False, above: bool = False
) -> list[Holder]:
    """Active users holding one of `roles` on `unit` itself, or (with `ancestors`) on the unit or
    any ancestor, or (with `above`) on ancestors only — e.g. the superior's inspection committee.
    Closest units first."""
    if above:
        paths = ancestor_paths(unit.path)
    elif ancestors:
        paths = ancestor_paths(unit.path, include_self=True)
    else:
        paths = [unit.path]
    rows = (
        Assignment.objects.filter(
            unit__path__in=paths,
            unit__valid_to__isnull=True,
            role__in=list(roles),
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .values_list("person__user_id", "person__user__email", "person__email", "unit_id")
        .order_by("-unit__depth", "person__user_id")
    )
    seen: set[int] = set()
    result = []
    for user_id, user_email, person_email, unit_id in rows:
        if user_id in seen:
            continue
        seen.add(user_id)
        result.append(Holder(user_id, user_email or person_email or "", unit_id))
    return result


def role_holders_nearest(
    *, unit: Unit, roles: list[str] | tuple[str, ...], above: bool = True
) -> list[Holder]:
    """The holders at the closest level that has any (above the unit by default): the people who
    must act, not every level up to the root."""
    holders = role_holders(unit=unit, roles=roles, above=above, ancestors=not above)
    if not holders:
        return []
    nearest = holders[0].unit_id
    return [h for h in holders if h.unit_id == nearest]
