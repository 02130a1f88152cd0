"""Running long work (imports, exports) in the background with progress.

django-q2 is the task runner (ORM broker: SQLite by default, PostgreSQL in production).
A job's handler is a dotted path to `handler(job: Job) -> None`; it reports progress with
`job_progress`. The page polls the job row, so a reload finds the same job.
"""

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.models import Job
from apps.common.types import Actor

logger = logging.getLogger(__name__)


def job_start(
    *, actor: Actor, kind: str, handler: str, params: dict[str, Any], **files: Any
) -> Job:
    from django_q.tasks import async_task

    job = Job(kind=kind, params={**params, "handler": handler}, created_by=actor_user(actor))
    for name, value in files.items():
        setattr(job, name, value)
    job.save()
    transaction.on_commit(lambda: async_task("apps.common.jobs.job_run", job.pk))
    return job


def job_progress(job: Job, *, done: int, total: int | None = None, message: str = "") -> None:
    job.progress = done
    fields = ["progress"]
    if total is not None:
        job.total = total
        fields.append("total")
    if message:
        job.message = message
        fields.append("message")
    Job.objects.filter(pk=job.pk).update(**{f: getattr(job, f) for f in fields})


def job_run(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    handler = import_string(job.params["handler"])
    try:
        handler(job)
    except ApplicationError as exc:
        job.status = Job.Status.FAILED
        job.message = exc.message
        job.result = {**job.result, **exc.extra}
    except Exception as exc:  # a job must end visibly whatever happens
        logger.exception("job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.message = f"Lỗi hệ thống khi xử lý: {exc.__class__.__name__}"
    else:
        job.status = Job.Status.DONE
    job.finished_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=job.status,
        message=job.message,
        result=job.result,
        finished_at=job.finished_at,
        progress=job.progress,
        total=job.total,
    )
