from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from apps.access import scoping
from apps.access.permissions import login_only, public
from apps.common.downloads import stored_file
from apps.common.errors import ApplicationError
from apps.common.jobs import job_retry, jobs_reap
from apps.common.models import Job


@public
def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@login_only
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """A background job's progress; only its creator (or an administrator) sees it."""
    qs = Job.objects.all()
    if not scoping.is_admin(request.user):
        qs = qs.filter(created_by_id=request.user.pk)
    job = get_object_or_404(qs, pk=pk)
    if jobs_reap(job=job):  # its worker died: show it failed, with the retry button
        job.refresh_from_db()
    template = "common/partials/_job.html" if request.htmx else "common/job.html"  # type: ignore[attr-defined]
    return render(request, template, {"job": job})


@login_only
@require_POST
def job_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Runs a failed job again; only its creator (or an administrator)."""
    qs = Job.objects.all()
    if not scoping.is_admin(request.user):
        qs = qs.filter(created_by_id=request.user.pk)
    job = get_object_or_404(qs, pk=pk)
    try:
        job_retry(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("job_status", pk=job.pk)


@login_only
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file a finished job produced; only its creator (or an administrator) gets it."""
    qs = Job.objects.filter(status=Job.Status.DONE).exclude(output_file="")
    if not scoping.is_admin(request.user):
        qs = qs.filter(created_by_id=request.user.pk)
    job = get_object_or_404(qs, pk=pk)
    return stored_file(
        job.output_file, label=(job.result or {}).get("filename", "").rsplit(".", 1)[0]
    )


login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html", redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())
password_change = login_only(
    auth_views.PasswordChangeView.as_view(template_name="registration/password_change.html")
)
password_change_done = login_only(
    auth_views.PasswordChangeDoneView.as_view(
        template_name="registration/password_change_done.html"
    )
)


@public
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's `set_language` (POST `language` and `next`; stores the choice in a cookie),
    public so that the login page can switch too; CSRF-protected like every POST."""
    return django_set_language(request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the site's own Vietnamese page instead of Django's English one."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
