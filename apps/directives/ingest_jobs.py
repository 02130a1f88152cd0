"""The "Tạo từ văn bản" work as a background job: read the file (OCR for scans), parse, keep the
draft in the job's result. Runs in the django-q2 worker, never in the request."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.urls import reverse

from apps.common.errors import ApplicationError
from apps.common.jobs import job_progress
from apps.common.models import Job
from apps.directives.ingest import IngestError, parse_text, read_file
from apps.directives.ingest.ocr import OCR_NOTE, ocr_pdf
from apps.directives.ingest.readers import PDF_NO_TEXT
from apps.directives.ingest.reading import check_unicode

NOTHING_FOUND = (
    "Không tìm thấy chỉ thị, nghị quyết nào trong văn bản này (không có số hiệu, điều cần làm, "
    "điều cần tránh hay nhiệm vụ). Hãy kiểm tra lại văn bản, hoặc nhập tay."
)
_FORM_FIELDS = {
    "kind": "kind",
    "number": "number",
    "symbol": "symbol",
    "issuer": "issuer_name",
    "issued_date": "issued_on",
    "dos": "dos",
    "donts": "donts",
    "key_tasks": "key_tasks",
    "deadlines": "deadlines",
}


def ingest_job(job: Job) -> None:
    name = job.params.get("filename") or "van-ban.txt"
    with job.input_file.open("rb") as stream:
        data = stream.read()
    job_progress(job, done=0, total=2, message="Đang đọc văn bản…")
    from_ocr = False
    try:
        try:
            text = read_file(data, filename=name)
        except IngestError as exc:
            if exc.message != PDF_NO_TEXT:
                raise
            job_progress(job, done=0, total=1, message="Tệp là ảnh quét: đang nhận dạng chữ (OCR)…")

            def _page(done: int, total: int) -> None:
                job_progress(
                    job, done=done, total=total + 1, message=f"Đã nhận dạng {done}/{total} trang"
                )

            text = check_unicode(ocr_pdf(data, progress=_page))
            from_ocr = True
        job_progress(job, done=max(job.progress, 1), message="Đang phân tích văn bản…")
        draft = parse_text(text)
    except IngestError as exc:
        raise ApplicationError(exc.message) from exc
    if not draft.found:
        raise ApplicationError(NOTHING_FOUND)
    if from_ocr:
        draft.from_ocr = True
        draft.warnings.insert(0, OCR_NOTE)
        found = {k: v for k, v in draft.to_json().items() if v}
        draft.unsure = sorted({_FORM_FIELDS[k] for k in found if k in _FORM_FIELDS})
    job.output_file.save("van-ban.txt", ContentFile(text.encode("utf-8")), save=False)
    Job.objects.filter(pk=job.pk).update(output_file=job.output_file.name)
    job.result = {
        "draft": draft.to_payload(),
        "from_ocr": from_ocr,
        "url": reverse("directive_ingest_result", args=[job.pk]),
    }
    job.progress = job.total or 1
    job.total = job.total or 1
    job.message = "Đã đọc xong văn bản: bấm “Xem kết quả” để kiểm tra bản nháp."
