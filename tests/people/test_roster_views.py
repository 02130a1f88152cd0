import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.common.models import Job
from apps.people.models import Person
from tests.people.roster_files import person, xlsx_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


def _post(client: Client, data: bytes, capture, name: str = "danh-sach.xlsx"):
    with capture(execute=True):
        return client.post(reverse("roster_import"), {"file": _upload(data, name)})


def test_roster_page_shows_form_and_template_link(world):
    response = world.client("officer_a").get("/nhap-danh-sach/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert reverse("roster_template") in html
    assert "Cán bộ" in html and "Người đứng đầu" in html


def test_roster_pages_refuse_members_and_anonymous(world):
    job = Job.objects.create(kind="roster_import", created_by=world.users["officer_a"])
    member = world.client("member_a")
    for url in ("/nhap-danh-sach/", "/nhap-danh-sach/mau.xlsx", f"/nhap-danh-sach/{job.pk}/"):
        assert member.get(url).status_code == 403
        response = Client().get(url)
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    assert member.post("/nhap-danh-sach/", {}).status_code == 403


def test_roster_upload_runs_the_job_and_redirects_to_its_page(
    world, django_capture_on_commit_callbacks
):
    client = world.client("officer_a")
    data = xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")])
    response = _post(client, data, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="roster_import")
    assert response.status_code == 302
    assert response["Location"] == reverse("roster_import_job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.created_by == world.users["officer_a"]
    assert job.params["filename"] == "danh-sach.xlsx"
    assert Person.objects.get(code="N1").unit == world.cell_a1
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Cán bộ thêm mới: <strong>1</strong>" in page.content.decode()
    # The import page lists it (the page survives a reload: it reads the job row).
    assert (
        reverse("roster_import_job", args=[job.pk])
        in client.get("/nhap-danh-sach/").content.decode()
    )


def test_roster_job_page_htmx_gets_the_partial_equal_to_the_full_page_region(
    world, django_capture_on_commit_callbacks
):
    client = world.client("officer_a")
    _post(
        client,
        xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")]),
        django_capture_on_commit_callbacks,
    )
    job = Job.objects.get(kind="roster_import")
    url = reverse("roster_import_job", args=[job.pk])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    full = client.get(url).content.decode()
    assert "<html" not in partial
    assert partial.strip().startswith(f'<div id="job-{job.pk}"')
    assert partial.strip() in full


def test_roster_job_page_polls_while_running(world):
    job = Job.objects.create(
        kind="roster_import",
        created_by=world.users["officer_a"],
        status=Job.Status.RUNNING,
        progress=500,
        total=2000,
        params={"filename": "a.xlsx"},
    )
    html = world.client("officer_a").get(f"/nhap-danh-sach/{job.pk}/").content.decode()
    assert f'hx-get="{reverse("job_status", args=[job.pk])}"' in html
    assert "500 / 2000 (25%)" in html


def test_roster_errors_are_listed_with_row_and_column(world, django_capture_on_commit_callbacks):
    client = world.client("officer_b")
    response = _post(
        client,
        xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1", year="abc")]),
        django_capture_on_commit_callbacks,
    )
    job = Job.objects.get(kind="roster_import")
    assert job.status == Job.Status.FAILED
    html = client.get(response["Location"]).content.decode()
    assert "Chưa có dữ liệu nào được ghi" in html
    assert "Đơn vị XA-1 nằm ngoài phạm vi của bạn." in html
    assert "Năm sinh “abc” không hợp lệ" in html
    assert "Cán bộ › Năm sinh" in html
    assert not Person.objects.filter(code="N1").exists()


def test_roster_job_of_another_user_is_404(world):
    job = Job.objects.create(kind="roster_import", created_by=world.users["officer_a"])
    assert world.client("officer_b").get(f"/nhap-danh-sach/{job.pk}/").status_code == 404
    assert world.client("officer_a").get(f"/nhap-danh-sach/{job.pk}/").status_code == 200
    assert world.client("admin").get(f"/nhap-danh-sach/{job.pk}/").status_code == 200
    other = Job.objects.create(kind="export", created_by=world.users["officer_a"])
    assert world.client("officer_a").get(f"/nhap-danh-sach/{other.pk}/").status_code == 404


def test_roster_hostile_upload_is_refused_on_the_form(world):
    response = world.client("officer_a").post(
        "/nhap-danh-sach/", {"file": _upload(b"this is not a zip", "danh-sach.xlsx")}
    )
    assert response.status_code == 200
    assert "không phải tệp nén zip" in response.content.decode()
    assert not Job.objects.exists()


def test_roster_upload_requires_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["officer_a"])
    data = xlsx_bytes(people=[person("N1", "Phạm Văn Mới", "XA-1")])
    response = client.post("/nhap-danh-sach/", {"file": _upload(data)})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_roster_template_downloads_and_reimports_cleanly(world, django_capture_on_commit_callbacks):
    client = world.client("officer_a")
    response = client.get("/nhap-danh-sach/mau.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Đơn vị", "Cán bộ"]
    assert workbook["Cán bộ"].freeze_panes == "A2"
    _post(client, response.content, django_capture_on_commit_callbacks, "mau.xlsx")
    job = Job.objects.get(kind="roster_import")
    assert job.status == Job.Status.DONE, job.result
    assert job.result["summary"]["Cán bộ thêm mới"] == 2
    assert job.result["summary"]["Đơn vị thêm mới"] == 2
