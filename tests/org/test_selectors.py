"""Organisation tree reads: scope roots, exact counts, search, breadcrumbs, query counts."""

import pytest
from django.http import Http404

from apps.org.selectors import (
    unit_ancestors,
    unit_breadcrumbs,
    unit_children_with_counts,
    unit_get_for_actor,
    unit_list,
)
from apps.org.services import unit_close
from tests.org.factories import UnitFactory
from tests.people.factories import AssignmentFactory, PersonFactory, UserFactory


def _rows(actor, parent=None) -> dict[str, tuple[int, int]]:
    return {
        r.unit.code: (r.units, r.people)
        for r in unit_children_with_counts(actor=actor, parent=parent)
    }


def test_scope_roots_of_each_role_with_exact_counts(world):
    # People: root 3 (leader, inspector, emulation), Xã A 2 + cell A1 2, Xã B 1 + cell B1 1.
    assert _rows(world.users["admin"]) == {"T": (5, 9)}
    assert _rows(world.users["leader"]) == {"T": (5, 9)}
    assert _rows(world.users["officer_a"]) == {"XA": (2, 4)}
    assert _rows(world.users["officer_b"]) == {"XB": (1, 2)}
    assert _rows(world.users["member_a"]) == {}


def test_children_counts_are_exact_across_levels(world):
    deep = UnitFactory(code="XA-1-1", name="Tổ đảng 1", parent=world.cell_a1)
    deeper = UnitFactory(code="XA-1-1-1", name="Nhóm 1", parent=deep)
    PersonFactory.create_batch(3, unit=deep)
    PersonFactory.create_batch(2, unit=deeper)
    admin = world.users["admin"]
    world.refresh()

    assert _rows(admin) == {"T": (7, 14)}
    assert _rows(admin, world.root) == {"XA": (4, 9), "XB": (1, 2)}
    assert _rows(admin, world.commune_a) == {"XA-1": (2, 7), "XA-2": (0, 0)}
    assert _rows(admin, world.cell_a1) == {"XA-1-1": (1, 5)}
    assert _rows(admin, deep) == {"XA-1-1-1": (0, 2)}
    assert _rows(world.users["officer_a"], world.commune_a) == _rows(admin, world.commune_a)


def test_counts_for_scope_roots_under_different_parents(world):
    """A user with grants on cells of two communes gets both cells, each with its own count."""
    user = UserFactory(username="two_cells")
    person = PersonFactory(unit=world.cell_a1, user=user)
    AssignmentFactory(person=person, unit=world.cell_a1, role="officer")
    AssignmentFactory(person=person, unit=world.cell_b1, role="officer")
    PersonFactory.create_batch(2, unit=world.cell_b1)

    assert _rows(user) == {"XA-1": (0, 3), "XB-1": (0, 3)}


def test_closed_children_are_hidden_and_not_counted(world):
    unit_close(actor=None, unit=world.cell_a2, date=world.cell_a2.valid_from)
    admin = world.users["admin"]
    world.refresh()
    assert _rows(admin, world.commune_a) == {"XA-1": (0, 2)}
    assert _rows(admin, world.root)["XA"] == (1, 4)
    with_closed = unit_children_with_counts(
        actor=admin, parent=world.commune_a, include_closed=True
    )
    assert {r.unit.code for r in with_closed} == {"XA-1", "XA-2"}


def test_children_of_a_unit_outside_scope_is_404(world):
    with pytest.raises(Http404):
        unit_children_with_counts(actor=world.users["officer_a"], parent=world.commune_b)


def test_children_are_in_vietnamese_order(world):
    for code, name in [("XA-9", "Chi bộ Đông"), ("XA-8", "Chi bộ Dương"), ("XA-7", "Chi bộ Ánh")]:
        UnitFactory(code=code, name=name, parent=world.commune_a)
    world.refresh()
    names = [
        r.unit.name
        for r in unit_children_with_counts(actor=world.users["admin"], parent=world.commune_a)
    ]
    assert names == [
        "Chi bộ Ánh",
        "Chi bộ Dương",
        "Chi bộ Đông",
        "Chi bộ thôn 1 An Bình",
        "Chi bộ thôn 2 An Bình",
    ]


def test_unit_get_for_actor_refuses_sibling_commune(world):
    officer = world.users["officer_a"]
    assert unit_get_for_actor(actor=officer, pk=world.cell_a1.pk) == world.cell_a1
    for unit in (world.commune_b, world.cell_b1, world.root):
        with pytest.raises(Http404):
            unit_get_for_actor(actor=officer, pk=unit.pk)
    with pytest.raises(Http404):
        unit_get_for_actor(actor=officer, pk=999_999)
    with pytest.raises(Http404):
        unit_get_for_actor(actor=world.users["member_a"], pk=world.cell_a1.pk)


def test_unit_list_searches_without_diacritics_within_scope(world):
    admin, officer = world.users["admin"], world.users["officer_a"]
    assert [u.code for u in unit_list(actor=admin, query="binh loi")] == ["XB-1", "XB"]
    assert [u.code for u in unit_list(actor=admin, query="BÌNH LỢI")] == ["XB-1", "XB"]
    assert list(unit_list(actor=officer, query="binh loi")) == []
    assert [u.code for u in unit_list(actor=officer, query="an binh")] == ["XA-1", "XA-2", "XA"]


def test_unit_list_hides_closed_units_unless_asked(world):
    unit_close(actor=None, unit=world.cell_a2, date=world.cell_a2.valid_from)
    admin = world.users["admin"]
    assert "XA-2" not in {u.code for u in unit_list(actor=admin)}
    assert "XA-2" in {u.code for u in unit_list(actor=admin, include_closed=True)}


def test_ancestors_and_breadcrumbs(world):
    assert list(unit_ancestors(unit=world.cell_a1)) == [world.root, world.commune_a]
    assert unit_breadcrumbs(actor=world.users["admin"], unit=world.cell_a1) == [
        world.root,
        world.commune_a,
    ]
    # The province is outside officer_a's scope, so it is not offered as a link.
    assert unit_breadcrumbs(actor=world.users["officer_a"], unit=world.cell_a1) == [world.commune_a]
    assert list(unit_ancestors(unit=world.root)) == []


def test_children_with_counts_does_not_query_per_row(world, django_assert_num_queries):
    admin = world.users["admin"]
    admin.is_superuser = True
    with django_assert_num_queries(3):  # children, people counts, unit counts
        unit_children_with_counts(actor=admin, parent=world.root)
    for i in range(20):
        unit = UnitFactory(code=f"XC-{i}", name=f"Xã mới {i}", parent=world.root)
        PersonFactory(unit=unit)
    world.refresh()
    with django_assert_num_queries(3):
        rows = unit_children_with_counts(actor=admin, parent=world.root)
    assert len(rows) == 22
