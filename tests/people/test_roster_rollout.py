"""The roster import writes through the org and people services, so running rollouts follow it:
the same hook as a single transfer or creation keeps participants and counters exact."""

import io

from django.db.models import Count, Q

from apps.people.models import Person
from apps.people.roster.services import roster_import
from apps.rollout.models import Participant, RolloutUnitStat
from tests.dashboards.progress_helpers import assert_exact_everywhere
from tests.people.roster_files import person, xlsx_bytes
from tests.rollout.factories import make_rollout

FIELDS = ("people", "exempt", "done", "attended", "makeup", "committed")


def _counters_equal_a_fresh_recount(rollout) -> None:
    fresh = {
        row["unit_id"]: row
        for row in Participant.objects.filter(rollout=rollout)
        .values("unit_id")
        .annotate(
            people=Count("pk"),
            exempt=Count("pk", filter=Q(exempt=True)),
            done=Count("pk", filter=Q(done=True)),
            attended=Count("pk", filter=Q(attended=True)),
            makeup=Count("pk", filter=Q(makeup_passed=True)),
            committed=Count("pk", filter=Q(commitment_signed=True)),
        )
    }
    stats = {s.unit_id: s for s in RolloutUnitStat.objects.filter(rollout=rollout)}
    for unit_id in set(fresh) | set(stats):
        stat, row = stats.get(unit_id), fresh.get(unit_id)
        got = tuple(getattr(stat, f) for f in FIELDS) if stat else (0,) * len(FIELDS)
        want = tuple(row[f] for f in FIELDS) if row else (0,) * len(FIELDS)
        assert got == want, (unit_id, got, want)


def test_roster_import_joins_and_moves_people_in_a_running_rollout(world):
    rollout = make_rollout(world)
    before_a1 = Participant.objects.filter(rollout=rollout, unit=world.cell_a1).count()
    before_a2 = Participant.objects.filter(rollout=rollout, unit=world.cell_a2).count()
    moved = world.person_a
    data = xlsx_bytes(
        people=[
            person("PNEW", "Nguyễn Văn Mới", "XA-1"),
            person(moved.code, moved.full_name, "XA-2"),
        ]
    )

    result = roster_import(
        actor=world.users["officer_a"], path_or_file=io.BytesIO(data), filename="ds.xlsx"
    )

    assert (result.people_created, result.people_transferred) == (1, 1)
    new = Person.objects.get(code="PNEW")
    assert Participant.objects.get(rollout=rollout, person=new).unit == world.cell_a1
    assert Participant.objects.get(rollout=rollout, person=moved).unit == world.cell_a2
    assert Participant.objects.filter(rollout=rollout, unit=world.cell_a1).count() == before_a1
    assert Participant.objects.filter(rollout=rollout, unit=world.cell_a2).count() == before_a2 + 1
    _counters_equal_a_fresh_recount(rollout)
    assert_exact_everywhere(rollout)
