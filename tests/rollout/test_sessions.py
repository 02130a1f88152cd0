"""Scheduling sessions and the named lists of their connection points (services)."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.rollout.enums import SessionMode
from apps.rollout.models import ConnectionPoint, Participant, Session
from apps.rollout.services.sessions import (
    PointSpec,
    point_for_unit_path,
    point_participants,
    session_schedule,
)
from apps.rollout.session_selectors import session_point_counts
from tests.people.factories import PersonFactory
from tests.rollout.factories import make_rollout


def current_rollout(world, **kwargs):
    today = timezone.localdate()
    params = {
        "starts_on": today - datetime.timedelta(days=10),
        "dissemination_due": today + datetime.timedelta(days=30),
        "plan_due": today + datetime.timedelta(days=40),
    }
    params.update(kwargs)
    return make_rollout(world, **params)


def schedule(world, rollout, *, actor="officer_a", unit=None, points=None, **kwargs):
    now = timezone.now()
    params = {
        "actor": world.users[actor],
        "rollout": rollout,
        "unit": unit or world.commune_a,
        "title": "Hội nghị quán triệt Chỉ thị 34",
        "starts_at": now - datetime.timedelta(minutes=30),
        "ends_at": now + datetime.timedelta(hours=2),
        "place": "Hội trường Đảng ủy xã",
        "mode": SessionMode.HYBRID,
        "points": points
        if points is not None
        else [
            PointSpec(unit=world.cell_a1, place="Nhà văn hóa thôn 1"),
            PointSpec(unit=world.cell_a2, place="Nhà văn hóa thôn 2"),
        ],
    }
    params.update(kwargs)
    return session_schedule(**params)


def test_hybrid_session_links_three_points_with_their_places(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    points = {p.unit_id: p.place for p in session.points.all()}
    assert points == {
        world.commune_a.pk: "Hội trường Đảng ủy xã",
        world.cell_a1.pk: "Nhà văn hóa thôn 1",
        world.cell_a2.pk: "Nhà văn hóa thôn 2",
    }
    assert len(session.checkin_code) == 6
    assert session.created_by == world.users["officer_a"]


def test_point_lists_do_not_double_count_nested_points(world):
    rollout = current_rollout(world)
    extra = PersonFactory(full_name="Phạm Văn Xã", unit=world.commune_a)
    from apps.rollout.services.participants import participants_follow_people

    participants_follow_people([extra.pk])
    session = schedule(world, rollout)
    lists = {
        p.unit_id: set(point_participants(p).values_list("pk", flat=True))
        for p in session.points.select_related("unit")
    }
    everyone = set(
        Participant.objects.filter(
            rollout=rollout, unit__path__startswith=world.commune_a.path
        ).values_list("pk", flat=True)
    )
    # Disjoint, and together exactly the commune's people.
    assert sum(len(s) for s in lists.values()) == len(everyone)
    assert set().union(*lists.values()) == everyone
    member = Participant.objects.get(rollout=rollout, person=world.member_a)
    assert member.pk in lists[world.cell_a1.pk]
    assert member.pk not in lists[world.commune_a.pk]
    commune_own = Participant.objects.get(rollout=rollout, person=extra)
    assert lists[world.commune_a.pk] >= {commune_own.pk}
    # The counts of the detail page agree with the lists.
    points = list(session.points.select_related("unit"))
    counts = {
        c.point.unit_id: c.people for c in session_point_counts(session=session, points=points)
    }
    assert counts == {unit: len(s) for unit, s in lists.items()}


def test_most_specific_point_takes_a_person(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout)
    points = list(session.points.select_related("unit"))
    assert point_for_unit_path(points, world.cell_a1.path).unit == world.cell_a1
    assert point_for_unit_path(points, world.commune_a.path).unit == world.commune_a
    assert point_for_unit_path(points, world.cell_b1.path) is None


def test_host_is_always_a_point(world):
    rollout = current_rollout(world)
    session = schedule(world, rollout, mode=SessionMode.IN_PERSON, points=[])
    assert list(session.points.values_list("unit_id", flat=True)) == [world.commune_a.pk]


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (datetime.timedelta(days=-20), datetime.timedelta(days=-20, hours=2)),  # before start
        (datetime.timedelta(days=35), datetime.timedelta(days=35, hours=2)),  # after the due date
    ],
)
def test_session_outside_the_rollout_dates_is_refused(world, starts, ends):
    rollout = current_rollout(world)
    now = timezone.now()
    with pytest.raises(ApplicationError, match="trong thời gian của đợt triển khai"):
        schedule(world, rollout, starts_at=now + starts, ends_at=now + ends)
    assert not Session.objects.exists()
    assert not ConnectionPoint.objects.exists()


def test_session_ending_before_it_starts_is_refused(world):
    rollout = current_rollout(world)
    now = timezone.now()
    with pytest.raises(ApplicationError, match="kết thúc phải sau"):
        schedule(world, rollout, starts_at=now, ends_at=now - datetime.timedelta(hours=1))


def test_in_person_session_cannot_link_other_points(world):
    rollout = current_rollout(world)
    with pytest.raises(ApplicationError, match="trực tiếp chỉ có một địa điểm"):
        schedule(world, rollout, mode=SessionMode.IN_PERSON)
    assert not Session.objects.exists()


def test_point_outside_the_officers_scope_is_refused(world):
    rollout = current_rollout(world)
    with pytest.raises(ApplicationError, match="ngoài phạm vi của bạn"):
        schedule(world, rollout, points=[PointSpec(unit=world.cell_b1, place="Thôn 1 Bình Lợi")])
    assert not Session.objects.exists()


def test_point_without_place_and_duplicate_points_are_refused(world):
    rollout = current_rollout(world)
    with pytest.raises(ApplicationError, match="địa điểm của điểm cầu"):
        schedule(world, rollout, points=[PointSpec(unit=world.cell_a1, place="  ")])
    with pytest.raises(ApplicationError, match="bị lặp"):
        schedule(
            world,
            rollout,
            points=[
                PointSpec(unit=world.cell_a1, place="A"),
                PointSpec(unit=world.cell_a1, place="B"),
            ],
        )
    assert not Session.objects.exists()


def test_chair_must_belong_to_the_host_unit(world):
    rollout = current_rollout(world)
    with pytest.raises(ApplicationError, match="Người chủ trì"):
        schedule(world, rollout, chair=world.person_b)
    session = schedule(world, rollout, chair=world.member_a)
    assert session.chair == world.member_a


def test_blank_title_is_a_clear_message(world):
    rollout = current_rollout(world)
    with pytest.raises(ApplicationError, match="tên hội nghị"):
        schedule(world, rollout, title="   ")


def test_sibling_officer_cannot_schedule_for_another_commune(world):
    rollout = current_rollout(world)
    with pytest.raises(Http404):
        schedule(world, rollout, actor="officer_b", points=[])
    assert not Session.objects.exists()


def test_province_wide_session_hosted_at_the_root(world):
    rollout = current_rollout(world)
    session = schedule(
        world,
        rollout,
        actor="admin",
        unit=world.root,
        title="Hội nghị trực tuyến toàn tỉnh",
        mode=SessionMode.ONLINE,
        points=[
            PointSpec(unit=world.commune_a, place="Xã An Bình"),
            PointSpec(unit=world.commune_b, place="Xã Bình Lợi"),
        ],
    )
    points = list(session.points.select_related("unit"))
    counts = session_point_counts(session=session, points=points)
    total = Participant.objects.filter(rollout=rollout).count()
    assert sum(c.people for c in counts) == total
