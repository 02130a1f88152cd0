"""The Lâm Đồng demo data: real communes, a consistent tree, determinism, idempotence, accounts."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.access import scoping
from apps.access.models import Assignment
from apps.demo.org import (
    CHANGE_REASON,
    DEMO_PASSWORD,
    DemoSummary,
    build_demo_plan,
    load_demo,
)
from apps.org.models import Unit
from apps.people.models import Membership, Person

SMALL = 600


@pytest.fixture
def demo(db) -> DemoSummary:
    return load_demo(people_target=SMALL)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def test_load_demo_builds_every_commune_of_lam_dong(demo):
    root = Unit.objects.get(code="LD")
    assert root.name == "Đảng bộ tỉnh Lâm Đồng"
    assert root.kind.code == "dang-bo-tinh"
    assert root.valid_from == datetime.date(2025, 7, 1)
    communes = Unit.objects.filter(
        kind__code__in=["dang-bo-xa", "dang-bo-phuong", "dang-bo-dac-khu"]
    )
    assert communes.count() == 124
    assert communes.filter(kind__code="dang-bo-xa").count() == 103
    assert communes.filter(kind__code="dang-bo-phuong").count() == 20
    phu_quy = Unit.objects.get(code="X23272")
    assert (phu_quy.name, phu_quy.kind.code) == ("Đảng bộ Đặc khu Phú Quý", "dang-bo-dac-khu")
    assert Unit.objects.get(code="X24781").name == "Đảng bộ Phường Xuân Hương - Đà Lạt"
    assert Unit.objects.get(code="X24848").name == "Đảng bộ Xã Lạc Dương"
    assert all(
        Unit.objects.get_parent(c).code == "LD"
        for c in communes.filter(code__in=["X23272", "X24848"])
    )
    for name in (
        "Văn phòng Tỉnh ủy",
        "Ủy ban Kiểm tra Tỉnh ủy",
        "Sở Y tế",
        "Đảng ủy Ủy ban nhân dân tỉnh",
    ):
        assert Unit.objects.filter(name=name, path__startswith=root.path).exists(), name
    for commune in communes:
        cells = Unit.objects.get_children(commune)
        assert 3 <= cells.count() <= 8, commune.name
        assert {c.kind.code for c in cells} == {"chi-bo"}
        assert all(c.code.startswith(f"{commune.code}-") for c in cells)
    assert demo.units == Unit.objects.count()


def test_load_demo_tree_is_consistent(demo):
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_load_demo_people(demo):
    people = Person.objects.all()
    assert people.count() == demo.people == SMALL
    assert (
        Membership.objects.filter(end__isnull=True, start=datetime.date(2025, 7, 1)).count()
        == SMALL
    )
    leader = Person.objects.get(full_name="Nguyễn Thái Học")
    assert leader.position == "Quyền Bí thư Tỉnh ủy"
    assert leader.is_head
    assert Unit.objects.get_parent(leader.unit).code == "LD"
    assert Person.objects.filter(full_name="Trần Đình Văn").exists()
    assert Person.objects.filter(full_name="Bùi Thắng").exists()
    # Every commune has its party secretary, as head, in the commune unit itself.
    secretaries = Person.objects.filter(unit__code__regex=r"^X\d+$", is_head=True)
    assert secretaries.count() == 124
    # Every chi bộ with people has exactly one head, its secretary.
    for unit in Unit.objects.filter(kind__code="chi-bo").exclude(code="LD-TT"):
        heads = [p.position for p in unit.people.all() if p.is_head]
        assert heads in ([], ["Bí thư chi bộ"]), unit.code
    assert all(p.category_mask for p in people)
    assert all(1960 <= p.birth_year <= 2002 for p in people)
    assert people.filter(search_text__startswith="nguyen thai hoc").exists()


def test_load_demo_writes_history_rows(demo):
    assert Person.history.count() == Person.objects.count()
    assert Unit.history.count() == Unit.objects.count()
    assert Membership.history.count() == Membership.objects.count()
    assert set(Person.history.values_list("history_change_reason", flat=True)) == {CHANGE_REASON}


def test_build_demo_plan_is_deterministic():
    first = build_demo_plan(people_target=SMALL, seed=34)
    second = build_demo_plan(people_target=SMALL, seed=34)
    assert first == second
    other = build_demo_plan(people_target=SMALL, seed=35)
    assert [p.full_name for p in other.people] != [p.full_name for p in first.people]
    # The real units do not depend on the seed.
    assert {u.code for u in other.units if u.parent == "LD"} == {
        u.code for u in first.units if u.parent == "LD"
    }


def test_build_demo_plan_reaches_the_target_with_realistic_names():
    plan = build_demo_plan(people_target=20000)
    assert len(plan.people) == 20000
    assert len({p.code for p in plan.people}) == 20000
    family = {p.full_name.split()[0] for p in plan.people}
    assert {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng"} <= family
    assert any(p.full_name.startswith("K' ") for p in plan.people)
    assert any(p.full_name.startswith("Ka ") for p in plan.people)
    for p in plan.people:
        words = p.full_name.split()
        if len(words) >= 3 and words[1] == "Thị":
            assert p.gender == "nu", p.full_name
        if len(words) >= 3 and words[1] == "Văn":
            assert p.gender == "nam", p.full_name


def test_load_demo_is_idempotent(demo):
    counts = (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Person.history.count(),
        get_user_model().objects.count(),
        Assignment.objects.count(),
    )
    out = io.StringIO()
    again = load_demo(people_target=SMALL, stdout=out)
    assert not again.created
    assert "đã có" in out.getvalue()
    assert (again.units, again.people) == (demo.units, demo.people)
    assert counts == (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Person.history.count(),
        get_user_model().objects.count(),
        Assignment.objects.count(),
    )


def test_demo_accounts_have_password_and_scope(demo):
    usernames = [
        "admin",
        "lanhdao",
        "canbo.tinh",
        "kiemtra",
        "thidua",
        "lanhdao.xa",
        "canbo.xa",
        "dangvien",
    ]
    assert [a.username for a in demo.accounts] == usernames
    for username in usernames:
        user = _user(username)
        assert user.check_password(DEMO_PASSWORD), username
        if username != "admin":
            assert Membership.objects.filter(person__user=user, end__isnull=True).exists()
    assert scoping.is_admin(_user("admin"))

    xuan_huong = Unit.objects.get(code="X24781-01")
    cam_ly = Unit.objects.get(code="X24787-01")
    for username in ("canbo.xa", "lanhdao.xa"):
        assert scoping.can(_user(username), "person.view", xuan_huong)
        assert not scoping.can(_user(username), "person.view", cam_ly)
    for username in ("lanhdao", "canbo.tinh", "kiemtra", "thidua"):
        assert scoping.can(_user(username), "person.view", cam_ly)
    assert scoping.has_action(_user("canbo.xa"), "person.change")
    assert not scoping.has_action(_user("lanhdao"), "person.change")

    member = _user("dangvien")
    assert not scoping.has_action(member, "person.view")
    assert Unit.objects.get_parent(member.person.unit).code == "X24781"
    assert member.person.unit.kind.code == "chi-bo"

    roles = {a.username: (a.role_label, a.unit_name) for a in demo.accounts}
    assert roles["canbo.xa"] == ("Cán bộ phụ trách", "Đảng bộ Phường Xuân Hương - Đà Lạt")
    assert roles["kiemtra"] == ("Ủy ban kiểm tra", "Đảng bộ tỉnh Lâm Đồng")
    assert roles["dangvien"][0] == "Đảng viên"


def test_demo_officer_logs_in_and_sees_only_own_commune(demo):
    client = Client()
    response = client.post(reverse("login"), {"username": "canbo.xa", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    own = Person.objects.filter(unit__path__startswith=Unit.objects.get(code="X24781").path)
    other = Person.objects.filter(unit__path__startswith=Unit.objects.get(code="X23272").path)
    visible = Person.objects.filter(scoping.scope_q(_user("canbo.xa"), "person.view"))
    assert set(visible) == set(own)
    assert not set(visible) & set(other)


def test_load_demo_and_demo_logins_commands(db):
    out = io.StringIO()
    call_command("load_demo", people=300, stdout=out)
    assert "Đã nạp dữ liệu mẫu" in out.getvalue()
    assert Person.objects.count() == 300
    out = io.StringIO()
    call_command("demo_logins", url="http://127.0.0.1:8000/", stdout=out)
    text = out.getvalue()
    assert "Trienkhai đang chạy tại http://127.0.0.1:8000/" in text
    assert "canbo.xa" in text
    assert DEMO_PASSWORD in text
    assert "Đảng bộ Phường Xuân Hương - Đà Lạt" in text


def test_demo_logins_without_demo_says_so(db):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "Chưa có tài khoản mẫu" in out.getvalue()
