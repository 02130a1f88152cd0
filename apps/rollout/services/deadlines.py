"""The deadline cascade: each level may give the levels below it earlier deadlines.

The effective deadline of a unit is the earliest of the rollout's own and every override set
on the unit or its ancestors; an override later than its parent's effective deadline is
refused. Overrides are few (one per level that set one), so they are read once and matched to
units by path prefix in memory: no query per unit.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from apps.access import scoping
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.org.models import Unit
from apps.rollout.models import Rollout, UnitDeadline


@dataclass(frozen=True)
class Deadlines:
    dissemination: datetime.date
    plan: datetime.date


class DeadlineBook:
    """Effective deadlines of any unit of one rollout, from one query."""

    def __init__(self, rollout: Rollout) -> None:
        self.rollout = rollout
        self.overrides = {
            path: (d, p)
            for path, d, p in UnitDeadline.objects.filter(rollout=rollout).values_list(
                "unit__path", "dissemination_due", "plan_due"
            )
        }

    def for_path(self, path: str, *, exclude_self: bool = False) -> Deadlines:
        dissemination = self.rollout.dissemination_due
        plan = self.rollout.plan_due
        step = Unit.steplen
        end = len(path) - step if exclude_self else len(path)
        for i in range(step, end + 1, step):
            override = self.overrides.get(path[:i])
            if override:
                dissemination = min(dissemination, override[0])
                plan = min(plan, override[1])
        return Deadlines(dissemination=dissemination, plan=plan)

    def for_unit(self, unit: Unit) -> Deadlines:
        return self.for_path(unit.path)


@transaction.atomic
def unit_deadline_set(
    *,
    actor: Actor,
    rollout: Rollout,
    unit: Unit,
    dissemination_due: datetime.date,
    plan_due: datetime.date,
) -> UnitDeadline:
    """A level sets deadlines for its own subtree; never later than its parent's."""
    scoping.require(actor, "rollout.deadline", unit)
    if not unit.path.startswith(rollout.unit.path):
        raise ApplicationError("Đơn vị không thuộc phạm vi của đợt triển khai này.")
    parent = DeadlineBook(rollout).for_path(unit.path, exclude_self=True)
    errors = []
    if dissemination_due > parent.dissemination:
        errors.append(
            f"Hạn quán triệt {dissemination_due:%d/%m/%Y} muộn hơn hạn của cấp trên "
            f"({parent.dissemination:%d/%m/%Y})."
        )
    if plan_due > parent.plan:
        errors.append(
            f"Hạn nộp kế hoạch {plan_due:%d/%m/%Y} muộn hơn hạn của cấp trên "
            f"({parent.plan:%d/%m/%Y})."
        )
    if dissemination_due < rollout.starts_on or plan_due < rollout.starts_on:
        errors.append(f"Thời hạn không được trước ngày bắt đầu ({rollout.starts_on:%d/%m/%Y}).")
    if errors:
        raise ApplicationError(" ".join(errors))
    deadline, _ = UnitDeadline.objects.get_or_create(
        rollout=rollout,
        unit=unit,
        defaults={"dissemination_due": dissemination_due, "plan_due": plan_due},
    )
    deadline.dissemination_due = dissemination_due
    deadline.plan_due = plan_due
    deadline.set_by = actor_user(actor)
    deadline._history_user = deadline.set_by  # type: ignore[attr-defined]
    deadline.save()
    return deadline
