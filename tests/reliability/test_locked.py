"""Background exports on the embedded database while requests write (issue 9 item 6): the
people export must not fail with "database is locked"."""

import threading

import pytest

from apps.common.jobs import job_run
from apps.common.models import Job
from apps.people.models import Person
from tests.reliability.concurrency import is_postgres


@pytest.mark.django_db(transaction=True)
def test_people_export_job_completes_while_requests_write(world):
    people = []
    for n in range(6000):
        person = Person(
            code=f"L{n:05d}",
            full_name=f"Nguyễn Văn Ghi {n}",
            gender="nam",
            birth_year=1980,
            unit=world.cell_a1,
        )
        person.refresh_computed()
        people.append(person)
    Person.objects.bulk_create(people, batch_size=500)
    job = Job.objects.create(
        kind="people_export",
        params={"handler": "apps.people.exports.people_export_job", "q": "", "unit": None},
        created_by=world.users["officer_a"],
    )
    stop = threading.Event()
    writes = 0

    def writer() -> None:
        # Requests writing while the export runs: one small committed write after another.
        nonlocal writes
        from django.db import connection

        try:
            while not stop.is_set():
                Person.objects.filter(code="PA").update(position=f"Chuyên viên {writes}")
                writes += 1
        finally:
            connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        job_run(job.pk)
    finally:
        stop.set()
        thread.join(timeout=60)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    assert job.total >= 6000 and writes > 0
    assert is_postgres() or "OperationalError" not in job.message
