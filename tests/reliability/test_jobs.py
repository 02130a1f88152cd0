"""Jobs that recover (issue 16 defect 5): a job whose worker is killed mid-job is detected,
marked failed with a Vietnamese message and a retry button, and runs again to completion."""

import datetime
import os
import signal
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.common.jobs import INTERRUPTED, job_run, jobs_reap
from apps.common.models import Job
from tests.reliability.workers import spawn_python

HANDLER = "tests.reliability.job_handlers.slow_first_time"


def _job(world) -> Job:
    return Job.objects.create(
        kind="test", params={"handler": HANDLER}, created_by=world.users["officer_a"]
    )


def _wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_job_is_detected_and_the_job_runs_again(world):
    job = _job(world)
    worker = spawn_python(f"from apps.common.jobs import job_run; job_run({job.pk})")
    try:
        _wait_for(lambda: Job.objects.get(pk=job.pk).progress == 1)
        running = Job.objects.get(pk=job.pk)
        assert running.status == Job.Status.RUNNING
        assert running.worker.endswith(f":{worker.pid}")
        assert jobs_reap() == 0  # alive: left alone
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.communicate(timeout=30)
    # The page polling the job finds the worker gone at once.
    client = world.client("officer_a")
    page = client.get(reverse("job_status", args=[job.pk]))
    body = page.content.decode()
    assert "Có lỗi" in body and "Tác vụ bị gián đoạn" in body and "Chạy lại" in body
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message == INTERRUPTED
    # Retry (the test settings run tasks synchronously): the second run completes.
    response = client.post(reverse("job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.attempts == 2 and job.result["summary"] == {"Lần chạy": 2}


def test_a_silent_worker_on_another_host_is_failed_after_the_lease(world, settings):
    settings.JOB_LEASE_SECONDS = 60
    job = _job(world)
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING,
        worker="other-host:123",
        started_at=now,
        heartbeat_at=now - datetime.timedelta(seconds=30),
    )
    assert jobs_reap() == 0
    Job.objects.filter(pk=job.pk).update(heartbeat_at=now - datetime.timedelta(seconds=90))
    assert jobs_reap() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.result["interrupted"]


def test_a_task_delivered_twice_runs_the_job_once(world):
    job = _job(world)
    Job.objects.filter(pk=job.pk).update(attempts=1)  # a later run: finishes at once
    job_run(job.pk)
    job_run(job.pk)  # django-q redelivery of the same task
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2


def test_only_the_creator_may_retry_and_only_a_failed_job(world):
    job = _job(world)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, result={"interrupted": True})
    assert world.client("officer_b").post(reverse("job_retry", args=[job.pk])).status_code == 404
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE)
    world.client("officer_a").post(reverse("job_retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 0
