import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.common.models import Notification
from apps.rollout.models import Participant
from tests.dashboards.progress_helpers import hold_session, mark_all_present
from tests.org.factories import UnitFactory
from tests.people.factories import PersonFactory
from tests.rollout.factories import make_rollout

ROUTES = [
    "rollout_progress",
    "rollout_progress_charts",
    "rollout_progress_xlsx",
    "rollout_pending",
    "rollout_overdue",
]
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, rollout, unit=None):
    url = reverse(name, args=[rollout.pk])
    return f"{url}?unit={unit.pk}" if unit is not None else url


@pytest.fixture
def rollout(world):
    return make_rollout(world, requires_commitment=False)


def test_one_unit_parameter_with_the_old_name_still_read(world, rollout):
    """Every page names its unit `?unit=`; links e-mailed earlier with `?don_vi=` still work;
    a unit that is not a number names nothing (404)."""
    client = world.client("officer_a")
    url = reverse("rollout_progress", args=[rollout.pk])
    new = client.get(url, {"unit": world.cell_a1.pk}).content.decode()
    old = client.get(url, {"don_vi": world.cell_a1.pk}).content.decode()
    assert f"Tiến độ quán triệt — {world.cell_a1.name}" in new
    assert f"Tiến độ quán triệt — {world.cell_a1.name}" in old
    assert client.get(url, {"unit": "abc"}).status_code == 404
    assert client.get(url, {"unit": world.commune_b.pk}).status_code == 404  # out of scope


def test_officer_sees_children_with_links_and_totals(world, rollout):
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    mark_all_present(world, session, world.cell_a1)
    response = world.client("officer_a").get(_url("rollout_progress", rollout))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tiến độ quán triệt — Đảng bộ xã An Bình" in html  # the actor's scope root
    assert f"?unit={world.cell_a1.pk}" in html and world.cell_a2.name in html
    assert "Trực tiếp tại đơn vị" in html
    assert "100,0%" in html and "Tổng cộng" in html
    assert "31/12/2026" in html
    assert 'hx-trigger="load"' in html and 'hx-trigger="every 30s"' in html


def test_breadcrumbs_lead_up_to_the_actor_scope_root(world, rollout):
    leader = world.client("leader").get(_url("rollout_progress", rollout, world.cell_a1))
    crumbs = leader.content.decode().split('class="breadcrumbs"')[1].split("</p>")[0]
    assert world.root.name in crumbs and world.commune_a.name in crumbs
    officer = world.client("officer_a").get(_url("rollout_progress", rollout, world.cell_a1))
    crumbs = officer.content.decode().split('class="breadcrumbs"')[1].split("</p>")[0]
    assert world.commune_a.name in crumbs and world.root.name not in crumbs


def test_htmx_refresh_returns_exactly_the_table_region(world, rollout):
    client = world.client("officer_a")
    full = client.get(_url("rollout_progress", rollout, world.commune_a)).content.decode()
    partial = client.get(
        _url("rollout_progress", rollout, world.commune_a), **HTMX
    ).content.decode()
    assert partial.startswith('<div id="progress-table"')
    assert partial.strip() in full


def test_charts_load_lazily_as_inline_svg(world, rollout):
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    mark_all_present(world, session, world.cell_a1)
    client = world.client("officer_a")
    partial = client.get(_url("rollout_progress_charts", rollout), **HTMX).content.decode()
    assert partial.startswith('<div id="progress-charts"')
    assert partial.count("<svg") == 2
    full = client.get(_url("rollout_progress_charts", rollout)).content.decode()
    assert "Biểu đồ tiến độ" in full and partial.strip() in full


def test_pending_list_shows_who_and_why(world, rollout):
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    absent = Participant.objects.get(rollout=rollout, person=world.person_a)
    mark_all_present(world, session, world.cell_a1, absent=[absent])
    client = world.client("officer_a")
    html = client.get(_url("rollout_pending", rollout, world.commune_a)).content.decode()
    assert "Nguyễn Thái Học" in html and "Vắng không lý do" in html
    assert "Trần Thị Đảng Viên" not in html  # attended, done
    partial = client.get(_url("rollout_pending", rollout, world.commune_a), **HTMX).content.decode()
    assert partial.startswith('<div id="progress-pending"') and partial.strip() in html


def test_pending_list_is_paginated(world, rollout):
    PersonFactory.create_batch(55, unit=world.cell_a2)
    second = make_rollout(world, title="Đợt hai", requires_commitment=False)
    client = world.client("officer_a")
    html = client.get(_url("rollout_pending", second, world.cell_a2)).content.decode()
    assert "Trang 1 / 2" in html
    assert (
        "Trang 2 / 2"
        in client.get(_url("rollout_pending", second, world.cell_a2) + "&page=2").content.decode()
    )


def test_overdue_page_lists_late_units_of_the_scope(world):
    late = make_rollout(
        world,
        starts_on=datetime.date(2026, 10, 1),
        dissemination_due=datetime.date(2026, 11, 10),
        plan_due=datetime.date(2026, 11, 10),
    )
    html = world.client("officer_a").get(_url("rollout_overdue", late)).content.decode()
    assert world.cell_a1.name in html and "Hoàn thành quán triệt" in html
    assert world.commune_b.name not in html and world.cell_b1.name not in html
    root = world.client("leader").get(_url("rollout_overdue", late)).content.decode()
    assert world.cell_b1.name in root
    page = world.client("leader").get(_url("rollout_progress", late)).content.decode()
    assert "row-overdue" in page  # the level above sees its late children marked


def test_xlsx_export(world, rollout):
    response = world.client("officer_a").get(
        _url("rollout_progress_xlsx", rollout, world.commune_a)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [sheet[f"A{r}"].value for r in range(5, sheet.max_row + 1)]
    assert world.cell_a1.name in names and names[-1] == "Tổng cộng"


def test_export_needs_the_export_action(world, rollout):
    response = world.client("inspector").get(_url("rollout_progress_xlsx", rollout))
    assert response.status_code == 403


def test_page_query_count_is_constant_whatever_the_number_of_children(world, rollout):
    client = world.client("officer_a")

    def count(r) -> int:
        client.get(_url("rollout_progress", r, world.commune_a))  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url("rollout_progress", r, world.commune_a)).status_code == 200
        return len(ctx.captured_queries)

    few = count(rollout)
    for i in range(8):
        PersonFactory(unit=UnitFactory(name=f"Chi bộ thêm {i}", parent=world.commune_a))
    world.commune_a.refresh_from_db()
    assert count(make_rollout(world, title="Đợt hai")) == few


@pytest.mark.parametrize("name", ROUTES)
def test_sibling_officer_gets_404_on_the_other_commune(world, rollout, name):
    client = world.client("officer_b")
    for unit in (world.commune_a, world.cell_a1, world.root):
        assert client.get(_url(name, rollout, unit)).status_code == 404, unit.name
    only_a = make_rollout(world, unit=world.commune_a, title="Đợt của Xã A")
    assert client.get(_url(name, only_a)).status_code == 404
    assert client.get(_url(name, rollout, world.cell_b1)).status_code == 200


@pytest.mark.parametrize("name", ROUTES)
def test_member_is_refused_on_officer_pages(world, rollout, name):
    assert world.client("member_a").get(_url(name, rollout, world.cell_a1)).status_code == 403


@pytest.mark.parametrize("name", ROUTES)
def test_anonymous_is_sent_to_login(world, rollout, name):
    response = Client().get(_url(name, rollout))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_bad_or_foreign_unit_parameter_is_404(world):
    rollout = make_rollout(world, unit=world.commune_a)
    client = world.client("leader")
    assert client.get(_url("rollout_progress", rollout)).status_code == 200
    assert (
        client.get(reverse("rollout_progress", args=[rollout.pk]) + "?unit=abc").status_code == 404
    )
    assert client.get(_url("rollout_progress", rollout, world.root)).status_code == 404
    assert client.get(_url("rollout_progress", rollout, world.cell_b1)).status_code == 404
    assert client.get(reverse("rollout_progress", args=[999999])).status_code == 404


# --- notifications -----------------------------------------------------------------------


def _notify(user, title="Nhắc việc"):
    return Notification.objects.create(user=user, title=title, body="Nội dung", url="/thong-bao/")


def test_notifications_page_lists_only_own_and_marks_read(world):
    mine = _notify(world.users["officer_a"], "Của tôi")
    _notify(world.users["officer_b"], "Của người khác")
    client = world.client("officer_a")
    html = client.get(reverse("notifications")).content.decode()
    assert "Của tôi" in html and "Của người khác" not in html and "1 chưa đọc" in html
    response = client.post(reverse("notification_read", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_notification_of_someone_else_is_404(world):
    other = _notify(world.users["officer_b"])
    response = world.client("officer_a").post(reverse("notification_read", args=[other.pk]))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read(world):
    for _ in range(3):
        _notify(world.users["member_a"])
    _notify(world.users["officer_b"])
    world.client("member_a").post(reverse("notifications"))
    assert not Notification.objects.filter(
        user=world.users["member_a"], read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(user=world.users["officer_b"], read_at__isnull=True).exists()


@pytest.mark.parametrize("name", ["notifications", "notification_read"])
def test_notification_posts_need_csrf(world, name):
    notification = _notify(world.users["officer_a"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_a"])
    args = [notification.pk] if name == "notification_read" else []
    assert client.post(reverse(name, args=args)).status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_notification_read_answers_404_before_405_for_someone_else(world):
    other = _notify(world.users["officer_b"])
    mine = _notify(world.users["officer_a"])
    client = world.client("officer_a")
    assert client.get(reverse("notification_read", args=[other.pk])).status_code == 404
    assert client.get(reverse("notification_read", args=[mine.pk])).status_code == 405
