"""Roster import pages: upload, job progress (htmx-polled), template download."""

import io

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from apps.access import scoping
from apps.access.permissions import requires
from apps.common.downloads import attachment
from apps.common.jobs import job_start
from apps.common.models import Job
from apps.people.roster.forms import RosterUploadForm
from apps.people.roster.jobs import HANDLER, KIND
from apps.people.roster.xlsx import template_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _recent_jobs(request: HttpRequest) -> list[Job]:
    return list(
        Job.objects.filter(kind=KIND, created_by=request.user.pk).order_by("-created_at")[:10]
    )


@requires("roster.import")
def roster_import(request: HttpRequest) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = job_start(
            actor=request.user,
            kind=KIND,
            handler=HANDLER,
            params={"filename": upload.name},
            input_file=upload,
        )
        return redirect("roster_import_job", pk=job.pk)
    context = {
        "form": form,
        "jobs": _recent_jobs(request),
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "people/roster_import.html", context)


@requires("roster.import")
def roster_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress and result; only its creator (or an administrator) sees it."""
    jobs = Job.objects.filter(kind=KIND)
    if not scoping.is_admin(request.user):
        jobs = jobs.filter(created_by=request.user.pk)
    job = get_object_or_404(jobs, pk=pk)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "common/partials/_job.html", {"job": job})
    return render(request, "people/roster_import_job.html", {"job": job})


@requires("roster.import")
def roster_template(request: HttpRequest) -> HttpResponse:
    buffer = io.BytesIO()
    template_xlsx(buffer)
    return attachment(buffer.getvalue(), filename="mau-nhap-danh-sach.xlsx", content_type=XLSX_TYPE)
