"""Organisation tree writes: create, update, move, merge, close, with history."""

import datetime

import pytest

from apps.access import scoping
from apps.access.models import Assignment
from apps.common.errors import ApplicationError
from apps.org.enums import UnitEventKind
from apps.org.models import Unit, UnitEvent
from apps.org.selectors import unit_children_with_counts
from apps.org.services import unit_close, unit_create, unit_merge, unit_move, unit_update
from apps.people.models import Membership, Person
from apps.people.selectors import unit_members_on
from apps.people.services import person_transfer
from tests.org.factories import UnitFactory, kind
from tests.people.factories import PersonFactory

D = datetime.date(2025, 8, 1)
DAY_BEFORE = D - datetime.timedelta(days=1)


def _paths() -> dict[str, str]:
    return dict(Unit.objects.values_list("code", "path"))


def _counts(actor, parent) -> dict[str, tuple[int, int]]:
    return {
        row.unit.code: (row.units, row.people)
        for row in unit_children_with_counts(actor=actor, parent=parent)
    }


# --- create / update --------------------------------------------------------------------


def test_unit_create_adds_a_child_with_search_text_and_an_event(world):
    admin = world.users["admin"]
    unit = unit_create(
        actor=admin,
        parent=world.commune_a,
        code="XA-3",
        name="  Chi bộ thôn 3 An Bình ",
        kind=kind(),
    )
    assert unit.name == "Chi bộ thôn 3 An Bình"
    assert unit.path.startswith(world.commune_a.path)
    assert unit.depth == world.commune_a.depth + 1
    assert unit.search_text == "chi bo thon 3 an binh xa-3"
    event = UnitEvent.objects.get(unit=unit)
    assert event.kind == UnitEventKind.CREATE
    assert event.new_parent == world.commune_a
    assert event.actor == admin
    assert unit.history.count() == 1
    assert unit.history.first().history_user == admin
    world.refresh()
    assert world.commune_a.numchild == 3


def test_unit_create_refuses_a_duplicate_code(world):
    with pytest.raises(ApplicationError, match="đã tồn tại"):
        unit_create(actor=None, parent=world.commune_a, code="XB-1", name="Trùng mã", kind=kind())
    assert Unit.objects.filter(name="Trùng mã").count() == 0


def test_unit_create_refuses_a_closed_parent(world):
    unit_close(actor=None, unit=world.cell_a2, date=D)
    world.refresh()
    with pytest.raises(ApplicationError, match="đã giải thể"):
        unit_create(actor=None, parent=world.cell_a2, code="XA-2-1", name="Tổ", kind=kind())
    assert not Unit.objects.filter(code="XA-2-1").exists()


def test_unit_create_as_a_new_root(world):
    unit = unit_create(
        actor=None, parent=None, code="T2", name="Đảng bộ tỉnh khác", kind=kind("dang-bo-tinh")
    )
    assert unit.depth == 1
    assert unit.is_root()


def test_unit_update_records_before_and_after_in_history(world):
    admin = world.users["admin"]
    unit_update(actor=admin, unit=world.cell_a2, name="Chi bộ thôn Hai", kind=kind("to-dang"))
    world.cell_a2.refresh_from_db()
    assert world.cell_a2.name == "Chi bộ thôn Hai"
    assert world.cell_a2.search_text.startswith("chi bo thon hai")
    latest, previous = list(world.cell_a2.history.order_by("-history_date", "-history_id")[:2])
    assert latest.history_user == admin
    assert latest.history_change_reason == "Cập nhật thông tin đơn vị"
    changed = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changed["name"] == ("Chi bộ thôn 2 An Bình", "Chi bộ thôn Hai")
    assert "kind" in changed


# --- move -------------------------------------------------------------------------------


def test_unit_move_moves_the_whole_subtree(world):
    admin = world.users["admin"]
    PersonFactory(unit=world.cell_b1)  # a second person under Xã B
    deep = UnitFactory(code="XB-1-1", name="Tổ đảng 1", parent=world.cell_b1)
    PersonFactory(unit=deep)

    unit_move(
        actor=admin, unit=world.commune_b, new_parent=world.commune_a, date=D, note="Sáp nhập"
    )

    world.refresh()
    deep.refresh_from_db()
    assert world.commune_b.path.startswith(world.commune_a.path)
    assert world.cell_b1.path.startswith(world.commune_b.path)
    assert deep.path.startswith(world.cell_b1.path)
    assert (world.commune_b.depth, world.cell_b1.depth, deep.depth) == (3, 4, 5)
    assert world.root.numchild == 1
    assert world.commune_a.numchild == 3
    # Counts follow: Xã A now holds Xã B's 3 units and 4 people on top of its own.
    assert _counts(admin, world.root) == {"XA": (2 + 3, 4 + 4)}
    assert _counts(admin, world.commune_a)["XB"] == (2, 4)
    # Scope follows the path: officer_a now sees the moved people.
    officer = world.users["officer_a"]
    assert scoping.can(officer, "person.view", deep)
    assert Person.objects.filter(scoping.scope_q(officer, "person.view")).count() == 8


def test_unit_move_records_an_event_and_a_history_entry(world):
    admin = world.users["admin"]
    before = world.cell_b1.history.count()
    unit_move(
        actor=admin, unit=world.cell_b1, new_parent=world.commune_a, date=D, note="Điều chỉnh"
    )
    event = UnitEvent.objects.get(unit=world.cell_b1, kind=UnitEventKind.MOVE)
    assert (event.old_parent, event.new_parent, event.date, event.actor, event.note) == (
        world.commune_b,
        world.commune_a,
        D,
        admin,
        "Điều chỉnh",
    )
    assert world.cell_b1.history.count() == before + 1
    latest = world.cell_b1.history.order_by("-history_id").first()
    assert latest.history_user == admin
    assert latest.history_change_reason == "Chuyển trực thuộc Đảng bộ xã An Bình"


@pytest.mark.parametrize("target", ["commune_a", "cell_a1"])
def test_unit_move_into_itself_or_its_own_descendant_is_refused(world, target):
    paths = _paths()
    with pytest.raises(ApplicationError, match="chính nó hoặc đơn vị cấp dưới"):
        unit_move(actor=None, unit=world.commune_a, new_parent=getattr(world, target), date=D)
    assert _paths() == paths
    assert not UnitEvent.objects.filter(kind=UnitEventKind.MOVE).exists()


def test_unit_move_under_its_current_parent_is_refused(world):
    with pytest.raises(ApplicationError, match="đã trực thuộc"):
        unit_move(actor=None, unit=world.cell_a1, new_parent=world.commune_a, date=D)


def test_unit_move_into_a_closed_unit_is_refused(world):
    unit_close(actor=None, unit=world.cell_a2, date=D)
    paths = _paths()
    with pytest.raises(ApplicationError, match="giải thể"):
        unit_move(actor=None, unit=world.cell_b1, new_parent=world.cell_a2, date=D)
    assert _paths() == paths


# --- merge ------------------------------------------------------------------------------


def test_unit_merge_moves_children_and_people_and_closes_the_source(world):
    admin = world.users["admin"]
    officer_b_person = Person.objects.get(user=world.users["officer_b"])

    result = unit_merge(actor=admin, source=world.commune_b, target=world.commune_a, date=D)

    world.refresh()
    assert result == world.commune_a
    assert world.commune_b.valid_to == D
    assert not world.commune_b.is_active
    assert world.cell_b1.path.startswith(world.commune_a.path)
    officer_b_person.refresh_from_db()
    assert officer_b_person.unit == world.commune_a
    world.person_b.refresh_from_db()
    assert world.person_b.unit == world.cell_b1  # people of children stay in their cell
    assert world.commune_b.numchild == 0
    event = UnitEvent.objects.get(unit=world.commune_b, kind=UnitEventKind.MERGE)
    assert (event.target, event.date, event.actor) == (world.commune_a, D, admin)
    assert UnitEvent.objects.filter(unit=world.cell_b1, kind=UnitEventKind.MOVE).exists()
    # Closed units drop out of the tree counts; the target counts everything.
    assert _counts(admin, world.root) == {"XA": (3, 6)}


def test_unit_merge_keeps_membership_history(world):
    officer_b_person = Person.objects.get(user=world.users["officer_b"])

    unit_merge(actor=world.users["admin"], source=world.commune_b, target=world.commune_a, date=D)

    memberships = list(officer_b_person.memberships.order_by("start"))
    assert [(m.unit_id, m.start, m.end) for m in memberships] == [
        (world.commune_b.pk, datetime.date(2024, 1, 1), D),
        (world.commune_a.pk, D, None),
    ]
    assert memberships[1].history.first().history_user == world.users["admin"]
    assert officer_b_person.history.order_by("-history_id").first().unit_id == world.commune_a.pk


def test_who_belonged_to_a_unit_on_a_date_before_and_after_a_merge(world):
    officer_b_person = Person.objects.get(user=world.users["officer_b"])
    commune_a_people = set(Person.objects.filter(unit=world.commune_a))

    unit_merge(actor=None, source=world.commune_b, target=world.commune_a, date=D)

    assert set(unit_members_on(unit=world.commune_b, day=DAY_BEFORE)) == {officer_b_person}
    assert set(unit_members_on(unit=world.commune_b, day=D)) == set()
    assert set(unit_members_on(unit=world.commune_a, day=DAY_BEFORE)) == commune_a_people
    assert set(unit_members_on(unit=world.commune_a, day=D)) == commune_a_people | {
        officer_b_person
    }
    assert set(unit_members_on(unit=world.commune_a, day=datetime.date(2023, 12, 31))) == set()


def test_who_belonged_to_a_unit_on_a_date_before_and_after_a_transfer(world):
    person_transfer(actor=None, person=world.person_a, unit=world.cell_a2, date=D)

    assert world.person_a in unit_members_on(unit=world.cell_a1, day=DAY_BEFORE)
    assert world.person_a not in unit_members_on(unit=world.cell_a1, day=D)
    assert world.person_a not in unit_members_on(unit=world.cell_a2, day=DAY_BEFORE)
    assert world.person_a in unit_members_on(unit=world.cell_a2, day=D)
    within_commune = unit_members_on(unit=world.commune_a, day=D, subtree=True)
    assert world.person_a in within_commune
    assert world.person_b not in within_commune


def test_unit_merge_drops_grants_on_the_closed_source(world):
    unit_merge(actor=None, source=world.commune_b, target=world.commune_a, date=D)
    assert not Assignment.objects.filter(unit=world.commune_b).exists()
    assert not scoping.has_action(world.users["officer_b"], "person.view")


def test_unit_merge_into_itself_or_a_descendant_is_refused(world):
    paths = _paths()
    with pytest.raises(ApplicationError, match="chính nó"):
        unit_merge(actor=None, source=world.commune_a, target=world.commune_a, date=D)
    with pytest.raises(ApplicationError, match="chính nó hoặc đơn vị cấp dưới"):
        unit_merge(actor=None, source=world.commune_a, target=world.cell_a1, date=D)
    assert _paths() == paths
    world.refresh()
    assert world.commune_a.is_active
    assert Membership.objects.filter(end__isnull=False).count() == 0


def test_unit_merge_of_a_closed_unit_is_refused(world):
    unit_close(actor=None, unit=world.cell_a2, date=D)
    with pytest.raises(ApplicationError, match="giải thể từ trước"):
        unit_merge(actor=None, source=world.cell_a2, target=world.cell_a1, date=D)


# --- close ------------------------------------------------------------------------------


def test_unit_close_is_refused_while_it_has_active_children(world):
    with pytest.raises(ApplicationError, match="đơn vị trực thuộc"):
        unit_close(actor=None, unit=world.commune_b, date=D)
    world.refresh()
    assert world.commune_b.is_active


def test_unit_close_is_refused_while_it_has_people(world):
    with pytest.raises(ApplicationError, match="cán bộ, đảng viên"):
        unit_close(actor=None, unit=world.cell_b1, date=D)
    world.refresh()
    assert world.cell_b1.is_active


def test_unit_close_closes_an_empty_unit_and_records_it(world):
    admin = world.users["admin"]
    unit_close(actor=admin, unit=world.cell_a2, date=D, note="Không còn đảng viên")
    world.refresh()
    assert world.cell_a2.valid_to == D
    event = UnitEvent.objects.get(unit=world.cell_a2, kind=UnitEventKind.CLOSE)
    assert (event.actor, event.note) == (admin, "Không còn đảng viên")
    latest = world.cell_a2.history.order_by("-history_id").first()
    assert (latest.valid_to, latest.history_user, latest.history_change_reason) == (
        D,
        admin,
        "Giải thể",
    )
    with pytest.raises(ApplicationError, match="giải thể từ trước"):
        unit_close(actor=admin, unit=world.cell_a2, date=D)


def test_unit_close_is_allowed_once_children_are_closed(world):
    person_transfer(actor=None, person=world.person_b, unit=world.cell_a1, date=D)
    unit_close(actor=None, unit=world.cell_b1, date=D)
    Person.objects.filter(unit=world.commune_b).update(unit=world.commune_a)
    unit_close(actor=None, unit=world.commune_b, date=D)
    world.refresh()
    assert not world.commune_b.is_active
