"""The maintained counters (own, subtree roll-ups, sessions' reach) against a fresh recount:
`check_counters` finds nothing after a mix of writes, and finds and repairs a corrupted figure."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from apps.dashboards.progress import rollout_progress
from apps.org.services import unit_merge, unit_move
from apps.people.services import person_transfer
from apps.rollout.models import Participant, RolloutSubtreeStat, RolloutUnitStat, SessionReach
from apps.rollout.services import rollups
from apps.rollout.services.participants import participant_set_exempt
from apps.rollout.services.study import commitment_sign, quiz_submit, study_read
from tests.dashboards.progress_helpers import (
    assert_exact_everywhere,
    hold_session,
    mark_all_present,
    recount,
)
from tests.people.factories import PersonFactory
from tests.rollout.test_sessions import current_rollout
from tests.rollout.test_study import all_criteria, right

DAY = timezone.localdate()


def check_counters(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_counters", *args, stdout=out)
        code = 0
    except SystemExit as exit:
        code = int(exit.code or 0)
    return code, out.getvalue()


def _busy_rollout(world):
    """A rollout after marking, study, an exemption, a transfer, a move and a merge."""
    PersonFactory.create_batch(3, unit=world.cell_a2)
    PersonFactory.create_batch(2, unit=world.cell_b1)
    rollout = current_rollout(world)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1, world.cell_a2])
    mark_all_present(world, session, world.cell_a2)
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    user = world.users["member_a"]
    study_read(actor=user, participant=member)
    quiz_submit(actor=user, participant=member, answers=right(rollout))
    commitment_sign(actor=user, participant=member, confirmed=all_criteria(rollout))
    other = Participant.objects.filter(rollout=rollout, unit=world.cell_b1).first()
    participant_set_exempt(
        actor=world.users["admin"], participant=other, exempt=True, reason="Nghỉ ốm dài ngày"
    )
    transferred = Participant.objects.filter(rollout=rollout, unit=world.cell_a2).first()
    person_transfer(
        actor=world.users["admin"], person=transferred.person, unit=world.cell_b1, date=DAY
    )
    unit_move(actor=world.users["admin"], unit=world.cell_a2, new_parent=world.commune_b, date=DAY)
    world.refresh()
    unit_merge(actor=world.users["admin"], source=world.commune_b, target=world.commune_a, date=DAY)
    world.refresh()
    return rollout


def test_checker_finds_nothing_after_marking_study_transfer_move_and_merge(world):
    rollout = _busy_rollout(world)
    assert_exact_everywhere(rollout)
    code, out = check_counters()
    assert code == 0
    assert "differences: 0" in out
    # The root's figures come from its maintained totals and equal a brute-force recount.
    root = rollout_progress(rollout=rollout, unit=world.root)
    assert (root.total.people, root.total.exempt, root.total.done) == recount(rollout, world.root)
    assert root.total.done == 1 and root.total.exempt == 1 and root.total.attended >= 3
    assert root.total.sessions_held == 1


def test_checker_finds_and_repairs_corrupted_figures(world):
    rollout = _busy_rollout(world)
    RolloutSubtreeStat.objects.filter(rollout=rollout, unit=world.root).update(done=F("done") + 7)
    RolloutUnitStat.objects.filter(rollout=rollout, unit=world.cell_a1).update(people=99)
    SessionReach.objects.filter(rollout=rollout, unit=world.root).delete()
    code, out = check_counters()
    assert code == 1
    assert "subtree rollout" in out and "own rollout" in out and "reach rollout" in out
    assert rollout_progress(rollout=rollout, unit=world.root).total.sessions_held == 0
    code, out = check_counters("--repair")
    assert code == 0 and "(repaired)" in out
    code, out = check_counters()
    assert code == 0 and "differences: 0" in out
    assert_exact_everywhere(rollout)
    assert rollout_progress(rollout=rollout, unit=world.root).total.sessions_held == 1


def test_subtree_rows_are_sharded_by_the_changed_unit(world):
    rollout = current_rollout(world)
    shards = set(
        RolloutSubtreeStat.objects.filter(rollout=rollout, unit=world.root).values_list(
            "shard", flat=True
        )
    )
    units = set(
        RolloutUnitStat.objects.filter(rollout=rollout, people__gt=0).values_list(
            "unit_id", flat=True
        )
    )
    assert shards == {u % rollups.SHARDS for u in units}
    assert rollups.check(rollout.pk) == []


@pytest.mark.parametrize("target", ["commune_b", "root"])
def test_move_carries_session_reach(world, target):
    rollout = current_rollout(world)
    hold_session(world, rollout, world.commune_a, [world.cell_a1, world.cell_a2])
    unit_move(
        actor=world.users["admin"],
        unit=world.cell_a2,
        new_parent=getattr(world, target),
        date=DAY,
    )
    world.refresh()
    assert rollups.check(rollout.pk) == []
    moved_to = rollout_progress(rollout=rollout, unit=getattr(world, target))
    row = next(r for r in moved_to.rows if r.unit.pk == world.cell_a2.pk)
    assert row.sessions_held == 1
