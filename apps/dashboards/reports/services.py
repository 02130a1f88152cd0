"""Rendering a consolidated report to .docx / PDF / .xlsx, and the background export job."""

from dataclasses import dataclass

from django.core.files.base import ContentFile

from apps.common.downloads import download_name
from apps.common.errors import ApplicationError
from apps.common.jobs import job_progress
from apps.common.models import Job
from apps.common.text import clean_deep
from apps.dashboards.reports.builders import ReportBundle, chart_bars, official_report
from apps.dashboards.reports.charts import completion_chart_png
from apps.dashboards.reports.selectors import report_bundle
from apps.dashboards.reports.xlsx_render import render_xlsx
from apps.exports.documents import LAYOUTS, PARTY
from apps.exports.docx_render import render_docx
from apps.exports.pdf_render import render_pdf
from apps.org.models import Unit
from apps.plans.models import ReportPeriod

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Rendered:
    content: bytes
    filename: str
    content_type: str


def check_choice(fmt: str, layout: str) -> None:
    if fmt not in FORMATS:
        raise ApplicationError("Định dạng xuất không hợp lệ (chỉ .docx, PDF, .xlsx).")
    if layout not in LAYOUTS:
        raise ApplicationError("Thể thức văn bản không hợp lệ.")


def report_render(*, bundle: ReportBundle, fmt: str, layout: str = PARTY) -> Rendered:
    check_choice(fmt, layout)
    c = bundle.consolidation
    stem = download_name("bao-cao", c.period.name, c.unit.name, extension="x")[:-2]
    if fmt == "xlsx":
        return Rendered(render_xlsx(c, bundle.progress), f"{stem}.xlsx", FORMATS[fmt])
    # Whatever the database holds (a name with a control character…), the documents are valid.
    report = clean_deep(official_report(bundle, layout=layout))
    bars = clean_deep(chart_bars(bundle))
    chart = completion_chart_png(bars, title="Tỉ lệ hoàn thành quán triệt theo đơn vị trực thuộc")
    if fmt == "docx":
        content = render_docx(report, chart_png=chart)
    else:
        content = render_pdf(report, chart_png=chart)
    return Rendered(content, f"{stem}-{layout}.{fmt}", FORMATS[fmt])


def report_export_job(job: Job) -> None:
    """Job handler (apps.common.jobs): consolidate, render, store the file on the job."""
    params = job.params
    job_progress(job, done=0, total=3, message="Đang tổng hợp số liệu…")
    period = ReportPeriod.objects.select_related("template__rollout__directive__kind").get(
        pk=params["period"]
    )
    unit = Unit.objects.get(pk=params["unit"])
    bundle = report_bundle(period=period, unit=unit)
    job_progress(job, done=1, message="Đang tạo tệp…")
    rendered = report_render(
        bundle=bundle, fmt=params["format"], layout=params.get("layout", PARTY)
    )
    job_progress(job, done=2, message="Đang lưu tệp…")
    job.output_file.save(rendered.filename, ContentFile(rendered.content), save=False)
    Job.objects.filter(pk=job.pk).update(output_file=job.output_file.name)
    job.result = {
        **job.result,
        "filename": rendered.filename,
        "content_type": rendered.content_type,
    }
    job.progress = 3
    job.message = f"Đã tạo {rendered.filename}."
