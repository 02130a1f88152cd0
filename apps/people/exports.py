"""People list export (.xlsx): direct for small lists, a background job for large ones."""

import io
from collections.abc import Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.common.errors import ApplicationError
from apps.common.jobs import job_progress
from apps.common.models import Job
from apps.common.types import Actor
from apps.org.models import Unit
from apps.people.models import Person, PersonCategory
from apps.people.roster.xlsx import people_xlsx
from apps.people.selectors import categories_of, person_list

# Above this many rows the export runs as a background job with progress.
DIRECT_LIMIT = 5000
_PROGRESS_EVERY = 2000


def people_filters(
    *, actor: Actor, query: str, within_pk: int | None, category_pk: int | None, head: str
) -> Any:
    within = Unit.objects.filter(pk=within_pk).first() if within_pk else None
    category = PersonCategory.objects.filter(pk=category_pk).first() if category_pk else None
    return person_list(
        actor=actor,
        query=query,
        within=within,
        category=category,
        is_head=None if not head else head == "1",
    )


def people_rows(people: Any, job: Job | None = None) -> Iterator[dict[str, Any]]:
    """Rows for the renderer; iterates the queryset in chunks (bounded memory)."""
    categories = list(PersonCategory.objects.all())
    for index, person in enumerate(people.iterator(chunk_size=2000), start=1):
        yield _row(person, categories)
        if job is not None and index % _PROGRESS_EVERY == 0:
            job_progress(job, done=index)


def _row(person: Person, categories: list[PersonCategory]) -> dict[str, Any]:
    return {
        "code": person.code,
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "categories": categories_of(person.category_mask, categories),
        "position": person.position,
        "is_head": person.is_head,
        "unit_code": person.unit.code,
        "unit_name": person.unit.name,
        "phone": person.phone,
        "email": person.email,
    }


def people_xlsx_bytes(people: Any) -> bytes:
    stream = io.BytesIO()
    people_xlsx(people_rows(people), stream)
    return stream.getvalue()


def people_export_job(job: Job) -> None:
    """Background handler: the export is computed with the scope of the user who asked."""
    if job.created_by_id is None:
        raise ApplicationError("Tác vụ xuất không rõ người yêu cầu.")
    actor = get_user_model().objects.get(pk=job.created_by_id)
    params = job.params
    people = people_filters(
        actor=actor,
        query=params.get("q", ""),
        within_pk=params.get("unit"),
        category_pk=params.get("category"),
        head=params.get("head", ""),
    )
    total = people.count()
    job_progress(job, done=0, total=total, message="Đang xuất danh sách…")
    stream = io.BytesIO()
    people_xlsx(people_rows(people, job), stream)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    job.output_file.save(f"danh-sach-can-bo-{stamp}.xlsx", ContentFile(stream.getvalue()))
    job.progress = total
    job.total = total
    job.message = f"Đã xuất {total:,} người.".replace(",", ".")
    job.result = {**job.result, "summary": {"Số người": total}}
