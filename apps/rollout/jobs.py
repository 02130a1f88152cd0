"""Launching a rollout over a large subtree in the background (progress on the job page)."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.common.jobs import job_progress
from apps.common.models import Job
from apps.directives.models import Directive
from apps.org.models import Unit
from apps.rollout.services.participants import rollout_launch

DATE_FIELDS = ("starts_on", "dissemination_due", "plan_due")


def launch_params(kwargs: dict[str, object]) -> dict[str, object]:
    """The launch arguments as JSON for the job row."""
    params: dict[str, object] = {}
    for key, value in kwargs.items():
        if isinstance(value, Directive | Unit):
            params[f"{key}_id"] = value.pk
        elif isinstance(value, datetime.date):
            params[key] = value.isoformat()
        else:
            params[key] = value
    return params


def rollout_launch_job(job: Job) -> None:
    if job.created_by_id is None:
        raise ApplicationError("Tác vụ không rõ người yêu cầu.")
    actor = get_user_model().objects.get(pk=job.created_by_id)
    params = {k: v for k, v in job.params.items() if k != "handler"}
    kwargs: dict[str, object] = {
        "directive": Directive.objects.get(pk=params.pop("directive_id")),
        "unit": Unit.objects.get(pk=params.pop("unit_id")),
    }
    for key in DATE_FIELDS:
        kwargs[key] = datetime.date.fromisoformat(str(params.pop(key)))
    kwargs.update(params)
    job_progress(job, done=0, message="Đang lập danh sách người phải quán triệt…")
    rollout = rollout_launch(
        actor=actor,
        progress=lambda done, total: job_progress(job, done=done, total=total),
        **kwargs,  # type: ignore[arg-type]
    )
    count = rollout.participants.count()
    job.progress = job.total = count
    job.message = f"Đã bắt đầu đợt triển khai “{rollout.title}”."
    job.result = {
        **job.result,
        "summary": {"Số người phải quán triệt": count},
        "url": reverse("rollout_detail", args=[rollout.pk]),
    }
