"""Background roster import: the handler run by `apps.common.jobs.job_run`."""

from typing import Any

from apps.common.errors import ApplicationError
from apps.common.jobs import job_progress
from apps.common.models import Job
from apps.people.roster.services import roster_import

MAX_STORED_ERRORS = 500
HANDLER = "apps.people.roster.jobs.roster_import_job"
KIND = "roster_import"


def roster_import_job(job: Job) -> None:
    """Imports `job.input_file`; stores the summary, or the first 500 errors, on the job."""

    def progress(done: int, total: int, message: str) -> None:
        job_progress(job, done=done, total=total or None, message=message)

    filename = str(job.params.get("filename") or job.input_file.name)
    try:
        with job.input_file.open("rb") as handle:
            result = roster_import(
                actor=job.created_by, path_or_file=handle, filename=filename, progress=progress
            )
    except ApplicationError as exc:
        errors: list[dict[str, Any]] = list(exc.extra.get("errors", []))
        job.result = {
            "errors": errors[:MAX_STORED_ERRORS],
            "errors_truncated": len(errors) > MAX_STORED_ERRORS,
            "error_count": len(errors),
            "summary": {},
        }
        raise ApplicationError(exc.message, job.result) from exc
    job.result = {"errors": [], "errors_truncated": False, "summary": result.summary()}
    job.progress = job.total
    job.message = (
        "Đã nhập xong." if result.changed_rows else "Không có thay đổi nào: dữ liệu đã có sẵn."
    )
