"""People pages: list (search, filters, order, pagination, htmx), edit with history, refusals."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.people.models import PersonCategory
from tests.org.factories import UnitFactory
from tests.people.factories import PersonFactory, mask


def _names(html: str) -> list[str]:
    return re.findall(r'<tr class="person-row"><td><a href="/can-bo/\d+/">([^<]+)</a>', html)


def _list(client, **params) -> str:
    response = client.get(reverse("person_list"), params)
    assert response.status_code == 200
    return response.content.decode()


# --- list -------------------------------------------------------------------------------


def test_list_search_without_diacritics(world):
    client = world.client("officer_a")
    for query in ("nguyen thai hoc", "Nguyen Thai Hoc", "NGUYỄN THÁI HỌC"):
        assert _names(_list(client, q=query)) == ["Nguyễn Thái Học"], query


def test_list_htmx_returns_the_table_partial_equal_to_the_full_page_region(world):
    client = world.client("officer_a")
    full = _list(client, q="nguyen")
    partial = client.get(reverse("person_list"), {"q": "nguyen"}, HTTP_HX_REQUEST="true")
    assert partial.templates[0].name == "people/partials/_person_table.html"
    fragment = partial.content.decode().strip()
    start = full.index('<div id="person-table">')
    assert full[start : start + len(fragment)] == fragment


def test_list_is_in_vietnamese_order(world):
    for name in ("Vũ Văn Đạt", "Trần Văn Dũng", "Phạm Ánh", "Lê Thị Bình"):
        PersonFactory(full_name=name, unit=world.cell_a2)
    html = _list(world.client("officer_a"), unit=world.cell_a2.pk)
    assert _names(html) == ["Phạm Ánh", "Lê Thị Bình", "Trần Văn Dũng", "Vũ Văn Đạt"]


def test_list_filters_by_subtree_category_and_head(world):
    civil = PersonCategory.objects.get(code="cong-chuc")
    PersonFactory(
        full_name="Lê Văn Trưởng", unit=world.cell_a2, is_head=True, category_mask=mask("cong-chuc")
    )
    PersonFactory(full_name="Lê Văn Phó", unit=world.cell_a2, category_mask=mask("cong-chuc"))
    client = world.client("officer_a")
    assert _names(_list(client, unit=world.cell_a2.pk)) == ["Lê Văn Phó", "Lê Văn Trưởng"]
    assert _names(_list(client, head="1")) == ["Lê Văn Trưởng"]
    assert "Lê Văn Trưởng" not in _names(_list(client, head="0"))
    assert _names(_list(client, category=civil.pk)) == ["Lê Văn Phó", "Lê Văn Trưởng"]
    assert _names(_list(client, category=civil.pk, head="0")) == ["Lê Văn Phó"]


def test_list_refuses_a_subtree_filter_outside_scope(world):
    response = world.client("officer_a").get(reverse("person_list"), {"unit": world.commune_b.pk})
    assert response.status_code == 404


def test_list_paginates_by_fifty(world):
    for i in range(118):
        PersonFactory(full_name=f"Nguyễn Văn Số{i:03d}", unit=world.cell_a2)
    client = world.client("officer_a")
    first = _list(client, unit=world.cell_a2.pk)
    third = _list(client, unit=world.cell_a2.pk, page=3)
    assert len(_names(first)) == 50
    assert "118 người" in first
    assert "Trang 1 / 3" in first
    assert len(_names(third)) == 18
    assert f"?unit={world.cell_a2.pk}&amp;page=2" in third
    assert not set(_names(first)) & set(_names(third))


def test_list_does_not_query_per_row(world, django_assert_max_num_queries):
    client = world.client("officer_a")
    url = reverse("person_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(40):
        unit = UnitFactory(code=f"XA-N{i}", name=f"Chi bộ mới {i}", parent=world.commune_a)
        PersonFactory(
            full_name=f"Trần Văn Mới{i}", unit=unit, category_mask=mask("dang-vien", "cong-chuc")
        )
    assert count() == small
    # +1 since two-factor sign-in: django-otp looks up the user's device once per request.
    with django_assert_max_num_queries(13):
        client.get(url)


# --- detail, edit, history --------------------------------------------------------------


def test_detail_shows_memberships_and_edit_links_to_an_officer(world):
    html = (
        world.client("officer_a")
        .get(reverse("person_detail", args=[world.person_a.pk]))
        .content.decode()
    )
    assert "Nguyễn Thái Học" in html
    assert "Chi bộ thôn 1 An Bình" in html
    assert reverse("person_edit", args=[world.person_a.pk]) in html
    assert reverse("person_history", args=[world.person_a.pk]) in html


def test_officer_edit_writes_history_visible_with_before_and_after(world):
    client = world.client("officer_a")
    url = reverse("person_edit", args=[world.person_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Nguyễn Thái Học",
            "gender": "nam",
            "birth_year": "1980",
            "position": "Bí thư chi bộ",
            "categories": [PersonCategory.objects.get(code="cong-chuc").pk],
            "is_head": "on",
        },
    )
    assert response.status_code == 302
    world.person_a.refresh_from_db()
    assert world.person_a.position == "Bí thư chi bộ"
    assert world.person_a.is_head

    html = client.get(reverse("person_history", args=[world.person_a.pk])).content.decode()
    rows = re.findall(r'<tr class="history-row">(.*?)</tr>', html, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    changes = {c[3]: (c[4], c[5]) for c in cells if len(c) == 6}
    assert changes["Chức vụ"] == ("—", "Bí thư chi bộ")
    assert changes["Đối tượng"] == ("Đảng viên", "Công chức")
    assert changes["Người đứng đầu"] == ("Không", "Có")
    assert "officer_a" in html
    assert "Sửa" in html


def test_edit_with_invalid_data_shows_errors_and_changes_nothing(world):
    client = world.client("officer_a")
    response = client.post(
        reverse("person_edit", args=[world.person_a.pk]),
        {"full_name": "", "gender": "nam", "birth_year": "1800"},
    )
    assert response.status_code == 200
    world.person_a.refresh_from_db()
    assert world.person_a.full_name == "Nguyễn Thái Học"
    assert world.person_a.history.count() == 1


def test_leader_sees_history_but_cannot_edit(world):
    client = world.client("leader_a")
    assert client.get(reverse("person_history", args=[world.person_a.pk])).status_code == 200
    assert client.get(reverse("person_edit", args=[world.person_a.pk])).status_code == 403
    response = client.post(
        reverse("person_edit", args=[world.person_a.pk]),
        {"full_name": "Bị Sửa", "gender": "nam", "birth_year": "1980"},
    )
    assert response.status_code == 403
    world.person_a.refresh_from_db()
    assert world.person_a.full_name == "Nguyễn Thái Học"
    detail = client.get(reverse("person_detail", args=[world.person_a.pk])).content.decode()
    assert reverse("person_edit", args=[world.person_a.pk]) not in detail


def test_inspector_and_emulation_officer_may_view_but_not_see_history(world):
    for role in ("inspector", "emulation"):
        client = world.client(role)
        assert client.get(reverse("person_detail", args=[world.person_a.pk])).status_code == 200
        assert client.get(reverse("person_history", args=[world.person_a.pk])).status_code == 403


def test_officer_cannot_edit_or_read_history_of_the_sibling_commune(world):
    client = world.client("officer_a")
    for name in ("person_detail", "person_edit", "person_history"):
        assert client.get(reverse(name, args=[world.person_b.pk])).status_code == 404, name


def test_history_shows_choices_by_their_vietnamese_label(world):
    from apps.people.services import person_update

    person_update(actor=world.users["officer_a"], person=world.person_a, gender="nu")
    html = (
        world.client("officer_a")
        .get(reverse("person_history", args=[world.person_a.pk]))
        .content.decode()
    )
    assert "<td>Giới tính</td><td>Nam</td><td>Nữ</td>" in html
