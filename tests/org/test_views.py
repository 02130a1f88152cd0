"""Unit tree pages: scope roots with counts, htmx partial, breadcrumbs, reorganisation forms."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.org.models import Unit, UnitEvent
from tests.org.factories import UnitFactory
from tests.people.factories import PersonFactory

CHILDREN_START = '<div class="table-wrap" id="unit-children">'
CHILDREN_END = "</table></div>"


def _children_region(html: str) -> str:
    start = html.index(CHILDREN_START)
    return html[start : html.index(CHILDREN_END, start) + len(CHILDREN_END)]


def _row_counts(html: str) -> dict[str, tuple[int, int]]:
    rows = re.findall(
        r'<tr data-code="([^"]+)">.*?<td class="num">(\d+)</td><td class="num"><a [^>]*>(\d+)</a>',
        html,
        re.S,
    )
    return {code: (int(units), int(people)) for code, units, people in rows}


def test_tree_page_shows_the_officers_scope_root_with_counts(world):
    response = world.client("officer_a").get(reverse("unit_tree"))
    assert response.status_code == 200
    html = response.content.decode()
    assert _row_counts(html) == {"XA": (2, 4)}
    assert "Đảng bộ xã An Bình" in html
    assert "Bình Lợi" not in html
    assert "Đảng bộ tỉnh Thử nghiệm" not in html


def test_tree_page_shows_the_provincial_root_to_a_provincial_leader(world):
    html = world.client("leader").get(reverse("unit_tree")).content.decode()
    assert _row_counts(html) == {"T": (5, 9)}


def test_tree_page_search_without_diacritics(world):
    html = world.client("officer_a").get(reverse("unit_tree"), {"q": "thon 2"}).content.decode()
    assert "Kết quả tìm kiếm (1)" in html
    assert "Chi bộ thôn 2 An Bình" in html


def test_tree_page_is_refused_to_a_member(world):
    assert world.client("member_a").get(reverse("unit_tree")).status_code == 403


def test_unit_detail_counts_and_breadcrumbs(world):
    UnitFactory(code="XA-1-1", name="Tổ đảng 1", parent=world.cell_a1)
    world.refresh()
    html = (
        world.client("admin")
        .get(reverse("unit_detail", args=[world.commune_a.pk]))
        .content.decode()
    )
    assert _row_counts(html) == {"XA-1": (1, 2), "XA-2": (0, 0)}
    crumbs = re.search(r'<p class="breadcrumbs">(.*?)</p>', html, re.S).group(1)
    assert crumbs == f'<a href="/don-vi/{world.root.pk}/">Đảng bộ tỉnh Thử nghiệm</a> › '


def test_breadcrumbs_stop_at_the_actors_scope(world):
    url = reverse("unit_detail", args=[world.cell_a1.pk])
    admin_html = world.client("admin").get(url).content.decode()
    officer_html = world.client("officer_a").get(url).content.decode()

    def crumbs(html: str) -> list[str]:
        match = re.search(r'<p class="breadcrumbs">(.*?)</p>', html, re.S)
        assert match is not None
        block = match.group(1)
        return re.findall(r">([^<]+)</a>", block)

    assert crumbs(admin_html) == ["Đảng bộ tỉnh Thử nghiệm", "Đảng bộ xã An Bình"]
    assert crumbs(officer_html) == ["Đảng bộ xã An Bình"]


def test_unit_detail_htmx_returns_the_children_partial_equal_to_the_full_page_region(world):
    client = world.client("officer_a")
    url = reverse("unit_detail", args=[world.commune_a.pk])
    full = client.get(url)
    partial = client.get(url, HTTP_HX_REQUEST="true")

    assert "org/partials/_children.html" in [t.name for t in partial.templates]
    assert "base.html" not in [t.name for t in partial.templates]
    fragment = partial.content.decode().strip()
    assert fragment.startswith(CHILDREN_START)
    assert fragment == _children_region(full.content.decode())
    assert "Chi bộ thôn 1 An Bình" in fragment


def test_tree_page_includes_the_same_children_partial(world):
    html = world.client("officer_a").get(reverse("unit_tree")).content.decode()
    assert _children_region(html).count("<tr data-code=") == 1


def test_unit_history_shows_a_rename(world):
    from apps.org.services import unit_update

    unit_update(
        actor=world.users["admin"],
        unit=world.cell_a2,
        name="Chi bộ thôn Hai",
        kind=world.cell_a2.kind,
    )
    html = (
        world.client("officer_a")
        .get(reverse("unit_history", args=[world.cell_a2.pk]))
        .content.decode()
    )
    assert "Chi bộ thôn 2 An Bình" in html
    assert "Chi bộ thôn Hai" in html
    assert "admin" in html


def test_reorganisation_is_for_administrators_only(world):
    url = reverse("unit_move", args=[world.cell_a2.pk])
    for role in ("officer_a", "leader", "member_a"):
        assert (
            world.client(role).post(url, {"new_parent": "XB", "date": "2025-08-01"}).status_code
            == 403
        )
    world.refresh()
    assert world.cell_a2.path.startswith(world.commune_a.path)


def test_administrator_moves_a_unit_through_the_form(world):
    response = world.client("admin").post(
        reverse("unit_move", args=[world.cell_a2.pk]),
        {"new_parent": "XB", "date": "2025-08-01", "note": "Điều chỉnh địa giới"},
    )
    assert response.status_code == 302
    world.refresh()
    assert world.cell_a2.path.startswith(world.commune_b.path)
    assert UnitEvent.objects.filter(unit=world.cell_a2, note="Điều chỉnh địa giới").exists()


def test_reorganisation_error_is_shown_as_a_vietnamese_form_error(world):
    response = world.client("admin").post(
        reverse("unit_move", args=[world.commune_a.pk]),
        {"new_parent": "XA-1", "date": "2025-08-01"},
    )
    assert response.status_code == 200
    assert (
        "Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."
        in response.content.decode()
    )
    response = world.client("admin").post(
        reverse("unit_close", args=[world.cell_b1.pk]), {"date": "2025-08-01"}
    )
    assert "Đơn vị còn cán bộ, đảng viên" in response.content.decode()
    response = world.client("admin").post(
        reverse("unit_merge", args=[world.cell_b1.pk]), {"target": "KHONG-CO", "date": "2025-08-01"}
    )
    assert "Không có đơn vị mã “KHONG-CO”." in response.content.decode()
    assert Unit.objects.filter(valid_to__isnull=False).count() == 0


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_tree_and_detail_pages_do_not_query_per_row(world, django_assert_max_num_queries):
    client = world.client("leader")
    detail = reverse("unit_detail", args=[world.root.pk])
    small = (_queries(client, reverse("unit_tree")), _queries(client, detail))
    for i in range(25):
        unit = UnitFactory(code=f"XN-{i}", name=f"Xã mới {i}", parent=world.root)
        PersonFactory(unit=unit)
        UnitFactory(code=f"XN-{i}-1", name=f"Chi bộ {i}", parent=unit)
    assert (_queries(client, reverse("unit_tree")), _queries(client, detail)) == small
    # +1 since two-factor sign-in: django-otp looks up the user's device once per request.
    with django_assert_max_num_queries(13):
        client.get(reverse("unit_tree"))
    # +2: the device lookup above and the praise/commendation panel (a constant number of queries).
    with django_assert_max_num_queries(16):
        client.get(detail)


def test_unit_page_answers_who_belonged_on_a_date(world):
    import datetime

    from apps.people.services import person_transfer

    person_transfer(
        actor=None,
        person=world.person_a,
        unit=world.cell_a2,
        date=datetime.date(2025, 9, 1),
        reason="Điều chuyển",
    )
    client = world.client("officer_a")
    url = reverse("unit_detail", args=[world.cell_a1.pk])
    before = client.get(url, {"ngay": "2025-08-01"}).content.decode()
    after = client.get(url, {"ngay": "2025-10-01"}).content.decode()
    assert "Nguyễn Thái Học" in before
    assert "Nguyễn Thái Học" not in after.split("members-on-table")[1]
    commune = client.get(
        reverse("unit_detail", args=[world.commune_a.pk]), {"ngay": "2025-10-01", "cap_duoi": "on"}
    ).content.decode()
    assert "Nguyễn Thái Học" in commune
