"""Tables people can work with: sort by any figure, filter, keep both in the URL and in every
export link; the overdue list by level; worst first."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.common.listing import SortKey, Sorts, keep_query
from tests.dashboards.progress_helpers import hold_session, mark_all_present
from tests.people.factories import PersonFactory
from tests.rollout.factories import make_rollout


@pytest.fixture
def rollout(world):
    for i in range(3):
        PersonFactory(full_name=f"Người B{i}", unit=world.cell_b1)
    rollout = make_rollout(world, requires_commitment=False)
    session = hold_session(world, rollout, world.commune_a, [world.cell_a1])
    mark_all_present(world, session, world.cell_a1)
    return rollout


def _names(html, world):
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    found = re.findall(r'\?unit=(\d+)">([^<]+)</a>', body)
    return [name for _, name in found]


def test_sorts_read_the_url_and_put_missing_figures_last():
    sorts = Sorts(SortKey("x", "X", value=lambda r: r), default="x")
    assert sorts.apply_list([3, None, 1], sorts.read({"sap_xep": "-x"})) == [3, 1, None]
    assert sorts.read({"sap_xep": "nonsense"}).key == "x"
    headers = sorts.headers(sorts.read({"sap_xep": "x"}))
    assert headers["x"] == {"param": "-x", "aria": "ascending", "label": "X"}


def test_keep_query_keeps_only_known_parameters():
    assert keep_query({"loc": "qua_han", "x": "1", "page": "2"}, ("loc",), unit=5) == (
        "?loc=qua_han&unit=5"
    )


def test_progress_table_sorts_by_share_done_both_ways(world, rollout):
    url = reverse("rollout_progress", args=[rollout.pk])
    client = world.client("leader")
    up = client.get(f"{url}?sap_xep=ti_le").content.decode()
    down = client.get(f"{url}?sap_xep=-ti_le").content.decode()
    a, b = world.commune_a.name, world.commune_b.name
    assert _names(up, world) == [b, a]  # Xã B 0 %, Xã A 50 %
    assert _names(down, world) == [a, b]
    assert 'aria-sort="ascending"' in up and 'aria-sort="descending"' in down


def test_filter_and_sort_are_carried_into_the_export_and_the_refresh(world, rollout):
    url = reverse("rollout_progress", args=[rollout.pk])
    client = world.client("leader")
    html = client.get(f"{url}?loc=chua_xong&sap_xep=-phai").content.decode()
    xlsx = re.search(r'href="([^"]*tien-do\.xlsx[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "loc=chua_xong" in xlsx and "sap_xep=-phai" in xlsx
    refresh = re.search(r'id="progress-table" hx-get="([^"]*)"', html).group(1)
    refresh = refresh.replace("&amp;", "&")
    assert "loc=chua_xong" in refresh and "sap_xep=-phai" in refresh
    ws = load_workbook(io.BytesIO(client.get(xlsx).content)).active
    names = [row[0].value for row in ws.iter_rows(min_row=1) if row[0].value]
    assert world.commune_b.name in names  # 3 people, none done: listed first (most people)
    b_row = names.index(world.commune_b.name)
    a_row = names.index(world.commune_a.name)
    assert b_row < a_row


def test_overdue_filter_shows_only_overdue_units(world, rollout):
    url = reverse("rollout_progress", args=[rollout.pk])
    html = world.client("leader").get(f"{url}?loc=qua_han").content.decode()
    assert "Không có đơn vị nào theo bộ lọc này" in html  # nothing overdue before 31/12/2026


def test_overdue_list_filters_by_level(world, rollout, settings):
    from apps.rollout.models import Rollout

    Rollout.objects.filter(pk=rollout.pk).update(
        starts_on="2026-01-01", dissemination_due="2026-02-01", plan_due="2026-02-01"
    )
    url = reverse("rollout_overdue", args=[rollout.pk])
    client = world.client("leader")
    everything = client.get(url).content.decode()
    assert world.cell_b1.name in everything and world.commune_b.name in everything
    children = client.get(f"{url}?unit={world.root.pk}&cap=1").content.decode()
    assert world.commune_b.name in children
    assert world.cell_b1.name not in children.split("<tbody>")[1]


def test_province_conference_explains_a_done_session_without_own_session(world, rollout):
    hold_session(world, rollout, world.root, [], actor="admin")
    html = world.client("leader").get(reverse("rollout_progress", args=[rollout.pk])).content
    row = re.search(rf"{world.commune_b.name}</a>.*?</tr>", html.decode(), re.S).group(
        0
    )  # Xã B held no session of its own: the province's covered it
    assert "qua hội nghị của cấp trên" in row
