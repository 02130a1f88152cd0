"""Job handlers used by the recovery tests (dotted paths stored on Job.params)."""

import time

from apps.common.jobs import job_progress
from apps.common.models import Job


def slow_first_time(job: Job) -> None:
    """The first run reports progress then works for a long time (to be killed); a later run
    finishes at once."""
    job_progress(job, done=1, total=3, message="Đang xử lý…")
    if job.attempts <= 1:
        time.sleep(120)
    job_progress(job, done=3)
    job.result = {**job.result, "summary": {"Lần chạy": job.attempts}}
