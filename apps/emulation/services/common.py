"""Helpers shared by the emulation services: scope checks that let the system (actor None)
through, who must be told, and dates as the interface writes them."""

import datetime
from typing import Any

from apps.access import scoping
from apps.access.enums import Role
from apps.org.models import Unit
from apps.people.selectors import role_holders_nearest


def check(actor: Any, action: str, unit: Unit) -> bool:
    """Scope check; `actor=None` is the system (demo loader, jobs) and is not checked."""
    return actor is None or scoping.can(actor, action, unit)


def officers_of(unit: Unit) -> list[Any]:
    """The officers of the unit (or of the nearest level above that has any)."""
    return role_holders_nearest(unit=unit, roles=[Role.OFFICER], above=False)


def emulation_of(unit: Unit) -> list[Any]:
    return role_holders_nearest(unit=unit, roles=[Role.EMULATION], above=False)


def deciders_of(unit: Unit) -> list[Any]:
    return role_holders_nearest(unit=unit, roles=[Role.LEADER, Role.EMULATION], above=False)


def dmy(day: datetime.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
