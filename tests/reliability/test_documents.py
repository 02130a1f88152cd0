"""Every document the application writes is safe against whatever the database holds
(issue 16 defect 3, issue 8 "one spreadsheet writer"): a formula-looking name stays text in
every .xlsx, and a control character stored directly in the database breaks no .xlsx, .docx
or PDF (it is removed)."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from apps.common.jobs import job_run
from apps.common.models import Job
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.services.reports import report_open, report_save
from tests.plans.factories import make_quarter
from tests.rollout.factories import make_rollout

FORMULA_UNIT = '=HYPERLINK("http://x","y")'
FORMULA_PERSON = '=HYPERLINK("http://x","ten")'
BELL_UNIT = "Chi bộ\x07 thôn 2\x00"
BELL_PERSON = "Nguyễn\x07 Thái\x1b Học"


@pytest.fixture
def hostile(world):
    """A rollout and a submitted report, then names changed behind the services' back."""
    rollout = make_rollout(world)
    period = make_quarter(rollout)
    report = report_open(actor=None, period=period, unit=world.cell_a1)
    report_save(actor=None, report=report, values={}, submit=True)
    Unit.objects.filter(pk=world.cell_a1.pk).update(name=FORMULA_UNIT)
    Unit.objects.filter(pk=world.cell_a2.pk).update(name=BELL_UNIT.replace("\x00", ""))
    Person.objects.filter(pk=world.member_a.pk).update(full_name=FORMULA_PERSON)
    Person.objects.filter(pk=world.person_a.pk).update(full_name=BELL_PERSON)
    return rollout, period


def _cells(content: bytes) -> list:
    workbook = load_workbook(io.BytesIO(content))
    return [cell for ws in workbook.worksheets for row in ws.iter_rows() for cell in row]


def assert_safe_xlsx(content: bytes, *, names: list[str]) -> None:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name
    cells = _cells(content)
    values = [c.value for c in cells if isinstance(c.value, str)]
    for name in names:
        found = [c for c in cells if isinstance(c.value, str) and name in c.value]
        assert found, f"{name!r} not in workbook: {values[:40]}"
        if name.startswith("="):
            for cell in found:
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", v) for v in values)


def test_people_export_keeps_formulas_as_text_and_drops_control_characters(world, hostile):
    response = world.client("officer_a").get(reverse("person_export"))
    assert response.status_code == 200
    assert_safe_xlsx(
        response.content,
        names=[FORMULA_PERSON, "Nguyễn Thái Học", FORMULA_UNIT],
    )


def test_people_export_job_writes_the_same_safe_workbook(world, hostile):
    job = Job.objects.create(
        kind="people_export",
        params={"handler": "apps.people.exports.people_export_job", "q": "", "unit": None},
        created_by=world.users["officer_a"],
    )
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert_safe_xlsx(
        Path(job.output_file.path).read_bytes(), names=[FORMULA_PERSON, "Nguyễn Thái Học"]
    )


def test_progress_xlsx_keeps_formulas_as_text_and_drops_control_characters(world, hostile):
    rollout, _ = hostile
    url = reverse("rollout_progress_xlsx", args=[rollout.pk]) + f"?unit={world.commune_a.pk}"
    response = world.client("officer_a").get(url)
    assert response.status_code == 200
    assert_safe_xlsx(response.content, names=[FORMULA_UNIT, "Chi bộ thôn 2"])


def _export(world, period, fmt):
    url = reverse("export_report", args=[period.pk])
    return world.client("officer_a").get(url, {"unit": world.commune_a.pk, "format": fmt})


def test_report_xlsx_keeps_formulas_as_text_and_drops_control_characters(world, hostile):
    _, period = hostile
    response = _export(world, period, "xlsx")
    assert response.status_code == 200
    assert_safe_xlsx(response.content, names=[FORMULA_UNIT, "Chi bộ thôn 2"])


def test_report_docx_and_pdf_survive_control_characters_in_names(world, hostile):
    _, period = hostile
    docx = _export(world, period, "docx")
    assert docx.status_code == 200
    text = "\n".join(
        cell.text
        for table in Document(io.BytesIO(docx.content)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "Chi bộ thôn 2" in text
    pdf = _export(world, period, "pdf")
    assert pdf.status_code == 200
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "thôn 2" in pdf_text


def test_roster_template_goes_through_the_writer(world):
    response = world.client("officer_a").get(reverse("roster_template"))
    assert response.status_code == 200
    assert_safe_xlsx(response.content, names=["Chi bộ thôn 3"])


def test_only_the_common_writer_creates_workbooks():
    """One spreadsheet writer: no other module of the application builds a Workbook."""
    apps_dir = Path(__file__).resolve().parents[2] / "apps"
    offenders = [
        str(path.relative_to(apps_dir))
        for path in apps_dir.rglob("*.py")
        if re.search(r"\bWorkbook\(", path.read_text(encoding="utf-8"))
        and path.relative_to(apps_dir).as_posix() != "common/xlsx.py"
    ]
    assert offenders == []
