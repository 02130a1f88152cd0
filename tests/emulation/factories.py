"""Builders for emulation tests: a movement at the root of the `world` tree with one group per
commune list, registrations scored by the council, and fact providers registered for a test."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from apps.common import facts
from apps.emulation.enums import CriterionSource, RegistrationStatus
from apps.emulation.models import Movement, Registration
from apps.emulation.services.movements import (
    GroupSpec,
    movement_launch,
    registration_council_score,
    registration_create,
    registration_self_score,
)
from tests.rollout.factories import make_rollout

START = datetime.date(2026, 1, 1)
END = datetime.date(2026, 12, 31)

# A small rubric: one manual criterion and the rollout's completion.
RUBRIC = [
    {
        "code": "nhiem-vu",
        "name": "Kết quả thực hiện nhiệm vụ",
        "max_points": "50",
        "evidence": "Báo cáo",
    },
    {
        "code": "quan-triet",
        "name": "Quán triệt",
        "max_points": "50",
        "source": CriterionSource.ROLLOUT_COMPLETION,
    },
]


def make_movement(
    world: Any,
    groups: list[tuple[str, list[Any]]] | None = None,
    *,
    unit=None,
    rollout=None,
    appeal_days: int = 0,
    criteria=None,
) -> Movement:
    unit = unit or world.root
    if groups is None:
        groups = [("Cụm 1", [world.commune_a, world.commune_b])]
    if rollout is None and unit == world.root:
        rollout = make_rollout(world)
    return movement_launch(
        actor=None,
        unit=unit,
        title="Thi đua thực hiện Chỉ thị 34",
        starts_on=START,
        ends_on=END,
        groups=[GroupSpec(name=n, units=u) for n, u in groups],
        rollout=rollout,
        appeal_days=appeal_days,
        criteria=RUBRIC if criteria is None else criteria,
    )


def scored(
    movement: Movement, unit: Any, points: str, *, council: str | None = None
) -> Registration:
    registration = registration_create(
        actor=None, movement=movement, unit=unit, targets="Hoàn thành 100%"
    )
    manual = {c.pk: (points, "Báo cáo số 1") for c in movement.criteria.all() if not c.is_auto}
    registration = registration_self_score(
        actor=None, registration=registration, values=manual, submit=True
    )
    council_values = {c.pk: (council or "", "") for c in movement.criteria.all() if not c.is_auto}
    registration = registration_council_score(
        actor=None, registration=registration, values=council_values
    )
    assert registration.status == RegistrationStatus.COUNCIL_SCORED
    return registration


@contextmanager
def providers(**kinds: Any) -> Iterator[None]:
    """Registers fact providers for the duration of a test (kind → list of Facts or a callable)."""
    saved = {k: list(facts._providers.get(k, [])) for k in kinds}
    try:
        for kind, value in kinds.items():
            provider = value if callable(value) else (lambda q, v=value: list(v))
            facts._providers[kind] = [provider]
        yield
    finally:
        for kind, old in saved.items():
            facts._providers[kind] = old
