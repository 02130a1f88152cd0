"""The deadline cascade: each level may give the levels below it earlier deadlines, never later."""

import datetime

import pytest
from django.http import Http404

from apps.common.errors import ApplicationError
from apps.rollout.models import UnitDeadline
from apps.rollout.services.deadlines import DeadlineBook, unit_deadline_set
from tests.rollout.factories import make_rollout

DUE = datetime.date(2026, 12, 31)


def test_child_deadline_later_than_parent_is_refused_and_nothing_changes(world):
    rollout = make_rollout(world)
    unit_deadline_set(
        actor=world.users["leader"],
        rollout=rollout,
        unit=world.root,
        dissemination_due=datetime.date(2026, 12, 15),
        plan_due=datetime.date(2026, 12, 20),
    )
    before = list(
        UnitDeadline.objects.order_by("pk").values_list("unit", "dissemination_due", "plan_due")
    )
    with pytest.raises(ApplicationError) as exc:
        unit_deadline_set(
            actor=world.users["officer_a"],
            rollout=rollout,
            unit=world.commune_a,
            dissemination_due=datetime.date(2026, 12, 20),
            plan_due=datetime.date(2026, 12, 20),
        )
    assert "Hạn quán triệt 20/12/2026 muộn hơn hạn của cấp trên (15/12/2026)" in exc.value.message
    after = list(
        UnitDeadline.objects.order_by("pk").values_list("unit", "dissemination_due", "plan_due")
    )
    assert after == before
    assert DeadlineBook(rollout).for_unit(world.cell_a1).dissemination == datetime.date(
        2026, 12, 15
    )


def test_commune_gives_its_cells_a_week_less_and_cells_follow(world):
    rollout = make_rollout(world)
    week_earlier = DUE - datetime.timedelta(days=7)
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.commune_a,
        dissemination_due=week_earlier,
        plan_due=week_earlier,
    )
    book = DeadlineBook(rollout)
    assert book.for_unit(world.cell_a1).dissemination == week_earlier
    assert book.for_unit(world.cell_a2).plan == week_earlier
    # The sibling commune keeps the province's deadline.
    assert book.for_unit(world.cell_b1).dissemination == DUE
    assert book.for_unit(world.root).dissemination == DUE


def test_parent_tightening_later_still_caps_children(world):
    rollout = make_rollout(world)
    unit_deadline_set(
        actor=world.users["officer_a"],
        rollout=rollout,
        unit=world.cell_a1,
        dissemination_due=datetime.date(2026, 12, 20),
        plan_due=datetime.date(2026, 12, 20),
    )
    unit_deadline_set(
        actor=world.users["leader"],
        rollout=rollout,
        unit=world.root,
        dissemination_due=datetime.date(2026, 12, 10),
        plan_due=datetime.date(2026, 12, 12),
    )
    book = DeadlineBook(rollout)
    assert book.for_unit(world.cell_a1) == book.for_unit(world.root)
    assert book.for_unit(world.cell_a1).dissemination == datetime.date(2026, 12, 10)
    assert book.for_unit(world.cell_a1).plan == datetime.date(2026, 12, 12)


def test_officer_cannot_set_deadline_of_sibling_commune(world):
    rollout = make_rollout(world)
    with pytest.raises(Http404):
        unit_deadline_set(
            actor=world.users["officer_b"],
            rollout=rollout,
            unit=world.commune_a,
            dissemination_due=DUE,
            plan_due=DUE,
        )
    assert not UnitDeadline.objects.exists()


def test_deadline_before_start_is_refused(world):
    rollout = make_rollout(world)
    with pytest.raises(ApplicationError, match="trước ngày bắt đầu"):
        unit_deadline_set(
            actor=world.users["officer_a"],
            rollout=rollout,
            unit=world.commune_a,
            dissemination_due=datetime.date(2026, 10, 1),
            plan_due=DUE,
        )
