import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from apps.common.models import Job
from apps.dashboards.reports.selectors import report_bundle
from apps.dashboards.reports.services import report_render
from apps.plans.services.reports import report_open, report_save
from tests.plans.factories import make_quarter
from tests.rollout.factories import make_rollout


@pytest.fixture
def period(world):
    rollout = make_rollout(world)
    period = make_quarter(rollout)
    codes = {i.code: i.pk for i in period.template.indicators.all()}
    for unit, n in ((world.cell_a1, 2), (world.cell_a2, 1)):
        report = report_open(actor=None, period=period, unit=unit)
        report_save(
            actor=None,
            report=report,
            values={codes["violations_found"]: n, codes["people_commended"]: 1234},
            submit=True,
        )
    return period


def all_paragraph_texts(document) -> list[str]:
    """Paragraph texts in document order, including those inside tables."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    texts: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            texts.append(Paragraph(child, document).text)
        elif child.tag.endswith("}tbl"):
            for row in Table(child, document).rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    texts.extend(p.text for p in cell.paragraphs)
    return [t for t in texts if t.strip()]


def index_of(texts: list[str], needle: str) -> int:
    return next(i for i, t in enumerate(texts) if needle in t)


def _docx(period, unit, layout):
    return Document(
        io.BytesIO(
            report_render(
                bundle=report_bundle(period=period, unit=unit), fmt="docx", layout=layout
            ).content
        )
    )


def test_party_layout_parts_in_order(world, period):
    document = _docx(period, world.commune_a, "party")
    texts = all_paragraph_texts(document)
    order = [
        index_of(texts, "ĐẢNG BỘ XÃ AN BÌNH"),
        index_of(texts, "*"),
        index_of(texts, "-BC/ĐU"),
        index_of(texts, "ĐẢNG CỘNG SẢN VIỆT NAM"),
        index_of(texts, "ngày"),
        index_of(texts, "BÁO CÁO"),
        index_of(texts, "kết quả thực hiện Chỉ thị số 34-CT/TU"),
        index_of(texts, "I. KẾT QUẢ QUÁN TRIỆT"),
        index_of(texts, "Nơi nhận:"),
        index_of(texts, "T/M BAN THƯỜNG VỤ"),
    ]
    assert order == sorted(order)
    title_run = next(
        r
        for p in document.tables[0].rows[0].cells[1].paragraphs
        for r in p.runs
        if r.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    )
    assert title_run.bold and title_run.underline and title_run.font.name == "Times New Roman"
    date_run = next(
        r
        for p in document.tables[0].rows[0].cells[1].paragraphs
        for r in p.runs
        if "ngày" in r.text
    )
    assert date_run.italic and date_run.text.startswith("Thử nghiệm, ngày")
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 35 and round(section.right_margin.mm) == 15
    assert document.inline_shapes, "the completion chart is embedded"


def test_state_layout_parts_in_order(world, period):
    document = _docx(period, world.commune_a, "state")
    texts = all_paragraph_texts(document)
    order = [
        index_of(texts, "ĐẢNG BỘ XÃ AN BÌNH"),
        index_of(texts, "Số:"),
        index_of(texts, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        index_of(texts, "Độc lập - Tự do - Hạnh phúc"),
        index_of(texts, "ngày"),
        index_of(texts, "BÁO CÁO"),
        index_of(texts, "Kết quả thực hiện"),
        index_of(texts, "Nơi nhận:"),
        index_of(texts, "TM. ĐẢNG BỘ XÃ AN BÌNH"),
    ]
    assert order == sorted(order)
    motto = next(
        r
        for p in document.tables[0].rows[0].cells[1].paragraphs
        for r in p.runs
        if r.text.startswith("Độc lập")
    )
    assert motto.bold and motto.underline
    section = document.sections[0]
    assert 20 <= round(section.top_margin.mm) <= 25 and 30 <= round(section.left_margin.mm) <= 35


def test_docx_figures_table_has_totals_with_vietnamese_grouping(world, period):
    texts = all_paragraph_texts(_docx(period, world.commune_a, "party"))
    assert "2.468" in texts  # 1.234 + 1.234 people commended
    assert "Tổng cộng" in texts


def test_pdf_has_vietnamese_text_and_embedded_font(world, period):
    from pypdf import PdfReader

    content = report_render(
        bundle=report_bundle(period=period, unit=world.commune_a), fmt="pdf", layout="party"
    ).content
    assert content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Nơi nhận:" in text and "BÁO CÁO" in text
    assert b"DejaVuSerif" in content


def test_xlsx_has_vietnamese_headers_formats_and_frozen_header(world, period):
    content = report_render(
        bundle=report_bundle(period=period, unit=world.commune_a), fmt="xlsx"
    ).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb["Số liệu tổng hợp"]
    assert ws.freeze_panes == "B3"
    headers = [c.value for c in ws[2]]
    assert headers[0] == "Đơn vị" and "Số trường hợp vi phạm phát hiện (trường hợp)" in headers
    total = [c for c in ws[ws.max_row - 1]]
    assert total[0].value == "Tổng cộng" and total[2].number_format == "#,##0"
    system = [c for c in ws[ws.max_row]]
    assert system[0].value.startswith("Số liệu hệ thống")
    assert wb["Tiến độ quán triệt"]["D3"].number_format == "0.0%"


def test_renderers_do_not_query(world, period, django_assert_num_queries):
    bundle = report_bundle(period=period, unit=world.commune_a)
    with django_assert_num_queries(0):
        for fmt in ("docx", "pdf", "xlsx"):
            report_render(bundle=bundle, fmt=fmt, layout="state")


def test_export_view_downloads_docx(world, period):
    response = world.client("leader_a").get(
        reverse("export_report", args=[period.pk])
        + f"?unit={world.commune_a.pk}&format=docx&layout=party"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in all_paragraph_texts(Document(io.BytesIO(response.content)))


def test_background_export_job_runs_and_offers_download(
    world, period, django_capture_on_commit_callbacks
):
    client = world.client("leader")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("export_report_job", args=[period.pk]),
            {"unit": world.root.pk, "format": "docx", "layout": "state"},
        )
    job = Job.objects.get(kind="report_export")
    assert response.status_code == 302 and response["Location"] == reverse(
        "export_job", args=[job.pk]
    )
    assert job.status == Job.Status.DONE, job.message
    page = client.get(reverse("export_job", args=[job.pk])).content.decode()
    assert "export-download" in page
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"PK")


def test_export_routes_scope(world, period):
    officer_a = world.client("officer_a")
    assert (
        officer_a.get(
            reverse("export_report", args=[period.pk]) + f"?unit={world.commune_b.pk}"
        ).status_code
        == 404
    )
    assert (
        officer_a.post(
            reverse("export_report_job", args=[period.pk]), {"unit": world.commune_b.pk}
        ).status_code
        == 404
    )
    job_b = Job.objects.create(kind="report_export", created_by=world.users["officer_b"])
    assert officer_a.get(reverse("export_job", args=[job_b.pk])).status_code == 404
    assert officer_a.get(reverse("export_job_download", args=[job_b.pk])).status_code == 404
    member = world.client("member_a")
    assert member.get(reverse("export_report", args=[period.pk])).status_code == 403
    assert member.get(reverse("export_job", args=[job_b.pk])).status_code == 403
    csrf = Client(enforce_csrf_checks=True)
    csrf.force_login(world.users["leader"])
    assert (
        csrf.post(
            reverse("export_report_job", args=[period.pk]), {"unit": world.root.pk}
        ).status_code
        == 403
    )
    assert (
        officer_a.get(reverse("export_report", args=[period.pk]) + "?format=exe").status_code == 400
    )
