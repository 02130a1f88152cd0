"""Scope-matrix entries of the "Tạo từ văn bản" job pages (see tests/test_routes.py)."""

from typing import Any

from apps.common.models import Job
from apps.directives.ingest import parse_text
from tests.test_routes import ObjectRoute

SAMPLE = "Chỉ thị số 12-CT/TU ngày 3/5/2023 của Ban Thường vụ Tỉnh ủy Lâm Đồng. 3 điều cần làm: a1; b2; c3."


def _ingest_job_of(username: str, *, done: bool) -> Any:
    def build(world: Any) -> dict[str, Any]:
        job = Job.objects.create(
            kind="directive_ingest",
            created_by=world.users[username],
            status=Job.Status.DONE if done else Job.Status.QUEUED,
            result={"draft": parse_text(SAMPLE).to_payload()} if done else {},
        )
        return {"pk": job.pk}

    return build


SCOPE_ROUTES = {
    "directive_ingest_job": ObjectRoute(
        sibling=_ingest_job_of("officer_b", done=False),
        own=_ingest_job_of("leader_a", done=False),
        creator_only=True,
    ),
    "directive_ingest_result": ObjectRoute(
        sibling=_ingest_job_of("officer_b", done=True),
        own=_ingest_job_of("leader_a", done=True),
        creator_only=True,
    ),
}
