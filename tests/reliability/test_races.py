"""Races run by the reliability suite on both databases (and by the normal suite)."""

import pytest

from apps.common.jobs import job_run
from apps.common.models import Job
from tests.reliability.concurrency import run_concurrently


@pytest.mark.django_db(transaction=True)
def test_ten_workers_given_the_same_job_run_it_once(world):
    job = Job.objects.create(
        kind="test",
        params={"handler": "tests.reliability.job_handlers.slow_first_time"},
        created_by=world.users["officer_a"],
        attempts=1,  # a later attempt: the handler finishes at once
    )
    _, errors = run_concurrently(lambda _i: job_run(job.pk), 10)
    assert errors == []
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2
