"""Running long work (imports, exports) in the background with progress, and recovering when
the process running it dies.

django-q2 is the task runner (ORM broker: SQLite by default, PostgreSQL in production; Redis
when `REDIS_URL` is set, as in `make cluster`).
A job's handler is a dotted path to `handler(job: Job) -> None`; it reports progress with
`job_progress`. The page polls the job row, so a reload finds the same job.

Recovery (issue 16, "jobs that recover"):
- A worker *claims* a queued job with one conditional UPDATE (queued → running, its
  "host:pid", the time): a task delivered twice (django-q redelivers unacknowledged tasks)
  runs once; the second delivery sees the job taken and returns.
- While the handler runs, a heartbeat thread stamps `heartbeat_at` every
  `JOB_HEARTBEAT_SECONDS`.
- `jobs_reap` marks failed, with a Vietnamese message and a "Chạy lại" button, every running
  job whose worker process is gone (same host: the pid no longer exists) or whose heartbeat is
  older than `JOB_LEASE_SECONDS`; and puts back in the queue every queued job whose task was
  lost (taken by a feeder that died: its broker row stays locked, or gone). It runs every
  minute from the task scheduler, whenever a job page polls, and before a new job starts.
- `job_retry` puts a failed job back in the queue (same parameters, same input file).
"""

import logging
import os
import socket
import threading
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.models import Job
from apps.common.types import Actor

logger = logging.getLogger(__name__)

INTERRUPTED = (
    "Tác vụ bị gián đoạn: tiến trình xử lý đã dừng đột ngột (máy chủ khởi động lại hoặc hết "
    "bộ nhớ). Dữ liệu không bị ghi dở. Bấm “Chạy lại” để thực hiện lại."
)


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JOB_HEARTBEAT_SECONDS", 10))


def lease_seconds() -> float:
    return float(getattr(settings, "JOB_LEASE_SECONDS", 60))


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _enqueue(job: Job) -> None:
    from django_q.tasks import async_task

    job_id = job.pk
    transaction.on_commit(lambda: async_task("apps.common.jobs.job_run", job_id))


def job_start(
    *, actor: Actor, kind: str, handler: str, params: dict[str, Any], **files: Any
) -> Job:
    jobs_reap()
    job = Job(kind=kind, params={**params, "handler": handler}, created_by=actor_user(actor))
    for name, value in files.items():
        setattr(job, name, value)
    job.save()
    _enqueue(job)
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


class _Heartbeat:
    """Stamps the job's heartbeat from a thread (its own connection) while the handler runs."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat")
        self.thread.daemon = True

    def _beat(self) -> None:
        try:
            while not self.stop.wait(heartbeat_seconds()):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except Exception:  # a busy database skips one beat; the lease allows several
                    logger.warning("job %s: heartbeat skipped", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> "_Heartbeat":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)


def job_run(job_id: int) -> None:
    now = timezone.now()
    me = worker_id()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        worker=me,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return  # taken by another delivery of the same task, finished, or deleted
    job = Job.objects.get(pk=job_id)
    handler = import_string(job.params["handler"])
    with _Heartbeat(job.pk):
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
    Job.objects.filter(pk=job.pk, worker=me).update(
        status=job.status,
        message=job.message,
        result=job.result,
        finished_at=job.finished_at,
        progress=job.progress,
        total=job.total,
    )


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def job_is_dead(job: Job, *, now: Any = None) -> bool:
    """Whether a running job's worker is gone: its process no longer exists (same host), or
    it has not beaten for longer than the lease."""
    if job.status != Job.Status.RUNNING:
        return False
    now = now or timezone.now()
    host, _, pid = job.worker.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid)):
        return True
    beat = job.heartbeat_at or job.started_at
    return beat is None or beat < now - timedelta(seconds=lease_seconds())


def _mark_interrupted(job: Job, now: Any) -> bool:
    return bool(
        Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
            status=Job.Status.FAILED,
            message=INTERRUPTED,
            finished_at=now,
            result={**job.result, "interrupted": True},
        )
    )


def _lost_queued(now: Any) -> list[Job]:
    """Queued jobs older than a minute whose task is no longer waiting in the broker (taken by
    a feeder that died: still locked long after, or gone)."""
    from django_q.models import OrmQ

    stale = list(
        Job.objects.filter(
            status=Job.Status.QUEUED, created_at__lt=now - timedelta(seconds=lease_seconds())
        )[:50]
    )
    if not stale or getattr(settings, "Q_CLUSTER", {}).get("sync"):
        return []
    lost = []
    if "orm" in settings.Q_CLUSTER:
        waiting = OrmQ.objects.filter(Q(lock__isnull=True) | Q(lock__lt=now))
        pending_payloads = [task.task() for task in waiting[:500]]
    else:
        pending_payloads = _broker_payloads()
    pending = {
        tuple(t.get("args") or ())[0]
        for t in pending_payloads
        if t and t.get("func") == "apps.common.jobs.job_run" and t.get("args")
    }
    for job in stale:
        if job.pk not in pending:
            lost.append(job)
    return lost


def _broker_payloads() -> list[dict[str, Any]]:
    """The tasks still waiting in a Redis broker (`REDIS_URL`): a task taken by a worker is no
    longer there, so a queued job whose worker died before running it shows as lost."""
    from django_q.brokers import get_broker
    from django_q.signing import SignedPackage

    broker = get_broker()
    payloads = []
    for raw in broker.connection.lrange(broker.list_key, 0, 499):
        try:
            payloads.append(SignedPackage.loads(raw))
        except Exception:  # a foreign or corrupt entry is not one of our jobs
            logger.warning("unreadable task in the broker queue", exc_info=True)
    return payloads


def jobs_reap(*, job: Job | None = None) -> int:
    """Marks failed the running jobs whose worker died; re-queues queued jobs whose task was
    lost. With `job`, looks at that job only (the page polling it). Returns how many changed."""
    now = timezone.now()
    changed = 0
    running = [job] if job is not None else Job.objects.filter(status=Job.Status.RUNNING)
    for candidate in running:
        if job_is_dead(candidate, now=now) and _mark_interrupted(candidate, now):
            logger.warning("job %s: worker %s gone, marked failed", candidate.pk, candidate.worker)
            changed += 1
    if job is None:
        for lost in _lost_queued(now):
            logger.warning("job %s: task lost, queued again", lost.pk)
            Job.objects.filter(pk=lost.pk).update(created_at=now)
            _enqueue(lost)
            changed += 1
    return changed


def job_retry(*, actor: Actor, job: Job) -> Job:  # noqa: ARG001 - the caller checks ownership
    """Puts a failed job back in the queue with the same parameters and input file (the view
    checks that the actor owns the job: `common` cannot read grants)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.FAILED:
            raise ApplicationError("Chỉ chạy lại được tác vụ đã dừng vì lỗi.")
        job.status = Job.Status.QUEUED
        job.progress = 0
        job.message = ""
        job.result = {}
        job.finished_at = None
        job.worker = ""
        job.output_file = ""
        job.save()
        _enqueue(job)
    return job
