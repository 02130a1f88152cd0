"""Progress figures stay exact when the organisation is reorganised during a rollout."""

import datetime

from apps.dashboards.progress import rollout_progress
from apps.org.services import unit_merge, unit_move
from apps.rollout.models import Participant
from tests.dashboards.progress_helpers import (
    assert_exact_everywhere,
    hold_session,
    mark_all_present,
    recount,
)
from tests.people.factories import PersonFactory
from tests.rollout.factories import make_rollout

DAY = datetime.date(2026, 11, 20)


def _started(world):
    PersonFactory.create_batch(3, unit=world.cell_a2)
    PersonFactory.create_batch(2, unit=world.cell_b1)
    rollout = make_rollout(world, requires_commitment=False)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1, world.cell_a2])
    mark_all_present(world, session, world.cell_a2)
    return rollout


def _row(progress, unit):
    return next((r for r in progress.rows if r.unit.pk == unit.pk and not r.own), None)


def test_moved_unit_takes_its_figures_to_the_new_parent(world):
    rollout = _started(world)
    total_before = rollout_progress(rollout=rollout, unit=world.root).total
    cell_a2 = recount(rollout, world.cell_a2)
    unit_move(actor=world.users["admin"], unit=world.cell_a2, new_parent=world.commune_b, date=DAY)
    world.refresh()
    assert_exact_everywhere(rollout)
    root = rollout_progress(rollout=rollout, unit=world.root)
    assert (root.total.people, root.total.done) == (total_before.people, total_before.done)
    commune_b = rollout_progress(rollout=rollout, unit=world.commune_b)
    moved = _row(commune_b, world.cell_a2)
    assert (moved.people, moved.exempt, moved.done) == cell_a2
    assert _row(rollout_progress(rollout=rollout, unit=world.commune_a), world.cell_a2) is None
    assert _row(root, world.commune_b).done == cell_a2[2]


def test_merged_units_people_follow_and_nothing_is_double_counted(world):
    rollout = _started(world)
    before = rollout_progress(rollout=rollout, unit=world.root).total
    done_people = set(
        Participant.objects.filter(rollout=rollout, done=True).values_list("person_id", flat=True)
    )
    # Xã B (its cell and the people directly in it) merges into Xã A.
    unit_merge(actor=world.users["admin"], source=world.commune_b, target=world.commune_a, date=DAY)
    world.refresh()
    assert_exact_everywhere(rollout)
    root = rollout_progress(rollout=rollout, unit=world.root)
    assert (root.total.people, root.total.done) == (before.people, before.done)
    assert _row(root, world.commune_b) is None  # closed and emptied: no longer listed
    commune_a = rollout_progress(rollout=rollout, unit=world.commune_a)
    assert _row(commune_a, world.cell_b1) is not None
    assert commune_a.total.people == root.total.people - 3  # the root's own three officials
    assert (
        set(
            Participant.objects.filter(rollout=rollout, done=True).values_list(
                "person_id", flat=True
            )
        )
        == done_people
    )


def test_merged_cell_keeps_what_its_people_did(world):
    rollout = _started(world)
    done_in_a2 = recount(rollout, world.cell_a2)[2]
    assert done_in_a2 == 3
    unit_merge(actor=world.users["admin"], source=world.cell_a2, target=world.cell_a1, date=DAY)
    world.refresh()
    assert_exact_everywhere(rollout)
    assert recount(rollout, world.cell_a2) == (0, 0, 0)
    commune = rollout_progress(rollout=rollout, unit=world.commune_a)
    assert _row(commune, world.cell_a1).done == done_in_a2
    assert _row(commune, world.cell_a2) is None


def test_move_then_merge_keeps_every_level_exact(world):
    rollout = _started(world)
    unit_move(actor=world.users["admin"], unit=world.cell_b1, new_parent=world.commune_a, date=DAY)
    world.refresh()
    assert_exact_everywhere(rollout)
    unit_merge(actor=world.users["admin"], source=world.cell_b1, target=world.cell_a2, date=DAY)
    world.refresh()
    assert_exact_everywhere(rollout)
