import html
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from apps.common.models import Job
from apps.people import exports
from tests.people.factories import PersonFactory


def _names(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Họ và tên")
    return [row[column] for row in rows[1:]]


def test_export_contains_only_people_in_scope(world):
    response = world.client("officer_a").get(reverse("person_export"))
    assert response.status_code == 200
    names = _names(response.content)
    assert "Nguyễn Thái Học" in names
    assert "Lê Văn Bên Kia" not in names


def test_export_follows_the_search_without_diacritics(world):
    response = world.client("officer_a").get(reverse("person_export"), {"q": "nguyen thai hoc"})
    assert _names(response.content) == ["Nguyễn Thái Học"]


def test_export_of_a_sibling_unit_is_refused(world):
    response = world.client("officer_a").get(reverse("person_export"), {"unit": world.commune_b.pk})
    assert response.status_code == 404


def test_export_keeps_formulas_as_text(world):
    PersonFactory(full_name='=HYPERLINK("http://x.example","bấm")', unit=world.cell_a1)
    response = world.client("officer_a").get(reverse("person_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    cell = next(
        c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    )
    assert cell.data_type == "s"
    assert '=HYPERLINK("http://x.example","bấm")' in values


@pytest.fixture
def small_direct_limit(monkeypatch):
    monkeypatch.setattr(exports, "DIRECT_LIMIT", 1)


def test_large_export_runs_as_a_job_with_a_download(
    world, small_direct_limit, django_capture_on_commit_callbacks
):
    client = world.client("officer_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("person_export"))
    assert response.status_code == 302
    job = Job.objects.get(kind="people_export")
    assert job.status == Job.Status.DONE, job.message
    assert job.total == job.progress > 1
    page = client.get(reverse("job_status", kwargs={"pk": job.pk}))
    assert "Tải về" in page.content.decode()
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    names = _names(b"".join(download.streaming_content))
    assert "Nguyễn Thái Học" in names and "Lê Văn Bên Kia" not in names
    other = world.client("officer_b").get(reverse("job_download", kwargs={"pk": job.pk}))
    assert other.status_code == 404


def test_export_link_carries_the_filters_after_an_htmx_filter(world):
    """Issue 9 item 6: after filtering (htmx swaps the table), "Xuất Excel" exports the
    filtered list, not everyone."""
    client = world.client("officer_a")
    fragment = client.get(
        reverse("person_list"), {"q": "nguyen thai hoc", "page": "1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    link = re.search(r'class="button secondary person-export" href="([^"]+)"', fragment)
    assert link is not None
    url = html.unescape(link.group(1))
    assert "q=nguyen+thai+hoc" in url and "page=" not in url
    assert _names(client.get(url).content) == ["Nguyễn Thái Học"]
