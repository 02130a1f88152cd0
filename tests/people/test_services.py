"""People writes: transfers with membership history, audited updates, role grants."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.access.models import Assignment
from apps.access.services import assignment_grant, assignment_revoke
from apps.common.errors import ApplicationError
from apps.common.text import person_sort_key
from apps.org.services import unit_close
from apps.people.models import Membership, Person
from apps.people.services import (
    category_mask,
    person_create,
    person_transfer,
    person_update,
)
from tests.people.factories import mask

D = datetime.date(2025, 8, 1)
START = datetime.date(2024, 1, 1)


# --- transfer ---------------------------------------------------------------------------


def test_person_transfer_ends_the_old_membership_and_starts_a_new_one(world):
    officer = world.users["officer_a"]
    person_transfer(
        actor=officer, person=world.person_a, unit=world.cell_a2, date=D, reason="Luân chuyển"
    )

    world.person_a.refresh_from_db()
    assert world.person_a.unit == world.cell_a2
    rows = list(
        world.person_a.memberships.order_by("start").values_list(
            "unit_id", "start", "end", "reason"
        )
    )
    assert rows == [
        (world.cell_a1.pk, START, D, ""),
        (world.cell_a2.pk, D, None, "Luân chuyển"),
    ]
    latest = world.person_a.history.order_by("-history_id").first()
    assert (latest.unit_id, latest.history_user, latest.history_change_reason) == (
        world.cell_a2.pk,
        officer,
        "Luân chuyển",
    )
    new = world.person_a.memberships.get(end__isnull=True)
    assert new.history.first().history_user == officer


def test_person_transfer_to_the_same_unit_is_refused(world):
    with pytest.raises(ApplicationError, match="đã thuộc đơn vị"):
        person_transfer(actor=None, person=world.person_a, unit=world.cell_a1, date=D)
    assert world.person_a.memberships.count() == 1


def test_person_transfer_to_a_closed_unit_is_refused(world):
    unit_close(actor=None, unit=world.cell_a2, date=D)
    world.refresh()
    with pytest.raises(ApplicationError, match="giải thể"):
        person_transfer(actor=None, person=world.person_a, unit=world.cell_a2, date=D)
    world.person_a.refresh_from_db()
    assert world.person_a.unit == world.cell_a1
    assert world.person_a.memberships.get().end is None


def test_person_transfer_before_the_current_start_is_refused(world):
    with pytest.raises(ApplicationError, match="Ngày điều chuyển"):
        person_transfer(
            actor=None,
            person=world.person_a,
            unit=world.cell_a2,
            date=START - datetime.timedelta(days=1),
        )
    assert world.person_a.memberships.get().end is None


def test_two_transfers_keep_the_whole_path(world):
    person_transfer(actor=None, person=world.person_a, unit=world.cell_a2, date=D)
    later = D + datetime.timedelta(days=30)
    person_transfer(actor=None, person=world.person_a, unit=world.cell_b1, date=later)
    assert list(world.person_a.memberships.order_by("start").values_list("unit_id", "end")) == [
        (world.cell_a1.pk, D),
        (world.cell_a2.pk, later),
        (world.cell_b1.pk, None),
    ]


# --- create / update --------------------------------------------------------------------


def test_person_create_normalises_the_name_and_opens_a_membership(world):
    person = person_create(
        actor=world.users["officer_a"],
        code="PN1",
        full_name="  Đặng   Thị  Đào ",
        gender="nu",
        birth_year=1990,
        unit=world.cell_a2,
        category_mask=category_mask(["dang-vien", "vien-chuc"]),
        start=D,
    )
    assert person.full_name == "Đặng Thị Đào"
    assert person.search_text == "dang thi dao pn1"
    assert person.category_mask == mask("dang-vien", "vien-chuc")
    assert list(person.memberships.values_list("unit_id", "start", "end")) == [
        (world.cell_a2.pk, D, None)
    ]
    assert person.history.get().history_user == world.users["officer_a"]


def test_person_create_refuses_a_closed_unit_and_a_bad_year(world):
    unit_close(actor=None, unit=world.cell_a2, date=D)
    world.refresh()
    with pytest.raises(ApplicationError):
        person_create(
            actor=None,
            code="PN2",
            full_name="A B",
            gender="nam",
            birth_year=1990,
            unit=world.cell_a2,
            start=D,
        )
    assert not Person.objects.filter(code="PN2").exists()


def test_category_mask_refuses_unknown_codes(db):
    with pytest.raises(ApplicationError, match="Đối tượng không hợp lệ: thu-ky"):
        category_mask(["dang-vien", "thu-ky"])


def test_person_update_writes_one_history_row_with_the_changed_fields(world):
    officer = world.users["officer_a"]
    before = world.person_a.history.count()

    person_update(
        actor=officer, person=world.person_a, position="Phó bí thư", birth_year=1975, phone=""
    )

    assert world.person_a.history.count() == before + 1
    latest, previous = list(world.person_a.history.order_by("-history_id")[:2])
    assert latest.history_user == officer
    assert latest.history_type == "~"
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(previous).changes}
    assert changes == {"position": ("", "Phó bí thư"), "birth_year": (1980, 1975)}
    world.person_a.refresh_from_db()
    assert (world.person_a.position, world.person_a.birth_year) == ("Phó bí thư", 1975)


def test_person_update_without_changes_writes_nothing(world):
    before = world.person_a.history.count()
    person_update(actor=None, person=world.person_a, full_name="Nguyễn Thái Học", birth_year=1980)
    assert world.person_a.history.count() == before


def test_person_update_refreshes_search_and_sort_keys(world):
    person_update(actor=None, person=world.person_a, full_name="Trần Quốc Toản")
    world.person_a.refresh_from_db()
    assert world.person_a.search_text == "tran quoc toan pa"
    assert world.person_a.sort_key == person_sort_key("Trần Quốc Toản")


def test_person_update_refuses_fields_it_does_not_own(world):
    with pytest.raises(ApplicationError, match="unit"):
        person_update(actor=None, person=world.person_a, unit=world.cell_b1)
    with pytest.raises((ApplicationError, ValidationError)):
        person_update(actor=None, person=world.person_a, email="khong-phai-email")
    world.person_a.refresh_from_db()
    assert world.person_a.unit == world.cell_a1
    assert world.person_a.email == ""


# --- role grants ------------------------------------------------------------------------


def test_assignment_grant_and_duplicate_refused(world):
    admin = world.users["admin"]
    grant = assignment_grant(
        actor=admin, person=world.person_a, unit=world.cell_a1, role="inspector"
    )
    assert grant.pk
    with pytest.raises(ApplicationError, match="đã có vai trò này"):
        assignment_grant(actor=admin, person=world.person_a, unit=world.cell_a1, role="inspector")
    assert Assignment.objects.filter(person=world.person_a).count() == 1


def test_one_person_may_hold_several_grants(world):
    admin = world.users["admin"]
    assignment_grant(actor=admin, person=world.person_a, unit=world.cell_a1, role="inspector")
    assignment_grant(actor=admin, person=world.person_a, unit=world.cell_a1, role="officer")
    assignment_grant(actor=admin, person=world.person_a, unit=world.cell_b1, role="inspector")
    assert Assignment.objects.filter(person=world.person_a).count() == 3


def test_assignment_revoke_is_audited(world):
    admin = world.users["admin"]
    grant = assignment_grant(actor=admin, person=world.person_a, unit=world.cell_a1, role="leader")
    pk = grant.pk
    assignment_revoke(actor=admin, assignment=grant)
    assert not Assignment.objects.filter(pk=pk).exists()
    deleted = Assignment.history.filter(id=pk, history_type="-").get()
    assert deleted.history_user == admin


def test_membership_rows_are_never_deleted_by_a_transfer(world):
    count = Membership.objects.count()
    person_transfer(actor=None, person=world.person_a, unit=world.cell_a2, date=D)
    assert Membership.objects.count() == count + 1


def test_assignment_grant_is_audited_with_its_actor(world):
    admin = world.users["admin"]
    grant = assignment_grant(actor=admin, person=world.person_a, unit=world.cell_a1, role="leader")
    assert grant.history.get().history_user == admin


def test_assignment_grant_refuses_an_unknown_role(world):
    with pytest.raises(ValidationError):
        assignment_grant(actor=None, person=world.person_a, unit=world.cell_a1, role="king")
    assert not Assignment.objects.filter(person=world.person_a).exists()
