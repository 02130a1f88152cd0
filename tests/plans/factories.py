import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from apps.plans.models import ReportPeriodKind
from apps.plans.services.reports import report_period_create, report_template_setup


def docx_bytes(text: str = "Kế hoạch thực hiện") -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_upload(name: str = "ke-hoach.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        docx_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def pdf_upload(name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n")


def fake_pdf_upload(name: str = "ke-hoach.pdf") -> SimpleUploadedFile:
    """A file named .pdf that is really a Windows executable."""
    return SimpleUploadedFile(name, b"MZ\x90\x00\x03\x00\x00\x00 not a pdf at all")


def make_quarter(rollout, *, due=datetime.date(2027, 1, 10), name="Quý IV năm 2026"):
    template = getattr(rollout, "report_template", None)
    if template is None:
        template = report_template_setup(actor=None, rollout=rollout)
    return report_period_create(
        actor=None,
        template=template,
        kind=ReportPeriodKind.objects.get(code="quy"),
        name=name,
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 12, 31),
        due_on=due,
    )
