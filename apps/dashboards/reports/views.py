from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.downloads import attachment, stored_file
from apps.common.errors import ApplicationError
from apps.common.jobs import job_start
from apps.common.listing import unit_param
from apps.common.models import Job
from apps.dashboards.reports.selectors import report_bundle
from apps.dashboards.reports.services import check_choice, report_render
from apps.exports.documents import PARTY
from apps.plans.selectors import period_get_for_actor, report_unit_for_actor


def _target(request: HttpRequest, period_pk: int):
    period = period_get_for_actor(actor=request.user, pk=period_pk)
    unit = report_unit_for_actor(
        actor=request.user,
        period=period,
        unit_pk=unit_param(request),
        action="report.export",
    )
    data = request.POST if request.method == "POST" else request.GET
    fmt = data.get("format", "docx")
    layout = data.get("layout", PARTY)
    return period, unit, fmt, layout


@requires("report.export")
def export_report(request: HttpRequest, period_pk: int) -> HttpResponse:
    """Direct download (a commune or a district-size subtree renders in well under a second)."""
    period, unit, fmt, layout = _target(request, period_pk)
    try:
        check_choice(fmt, layout)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    rendered = report_render(bundle=report_bundle(period=period, unit=unit), fmt=fmt, layout=layout)
    return attachment(
        rendered.content, filename=rendered.filename, content_type=rendered.content_type
    )


@requires("report.export")
@require_POST
def export_report_job(request: HttpRequest, period_pk: int) -> HttpResponse:
    """The whole province: run in the background, then show progress and a download link."""
    period, unit, fmt, layout = _target(request, period_pk)
    try:
        check_choice(fmt, layout)
    except ApplicationError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    job = job_start(
        actor=request.user,
        kind="report_export",
        handler="apps.dashboards.reports.services.report_export_job",
        params={"period": period.pk, "unit": unit.pk, "format": fmt, "layout": layout},
    )
    return redirect("export_job", pk=job.pk)


def _job_for(request: HttpRequest, pk: int) -> Job:
    qs = Job.objects.filter(kind="report_export")
    if not scoping.is_admin(request.user):
        qs = qs.filter(created_by=request.user.pk)
    job = qs.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@requires("report.export")
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    template = "exports/partials/_export_job.html" if request.htmx else "exports/export_job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@requires("report.export")
def export_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for(request, pk)
    if job.status != Job.Status.DONE or not job.output_file:
        raise Http404
    return stored_file(
        job.output_file, label=(job.result or {}).get("filename", "").rsplit(".", 1)[0]
    )


urlpatterns = [
    path("xuat/bao-cao/ky/<int:period_pk>/", export_report, name="export_report"),
    path("xuat/bao-cao/ky/<int:period_pk>/nen/", export_report_job, name="export_report_job"),
    path("xuat/tac-vu/<int:pk>/", export_job, name="export_job"),
    path("xuat/tac-vu/<int:pk>/tai-ve/", export_job_download, name="export_job_download"),
]
