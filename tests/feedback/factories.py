"""Builders for feedback tests: a feedback submitted as a citizen, moved along the workflow."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.feedback import services
from apps.feedback.enums import OutcomeCode
from apps.feedback.models import Feedback, FeedbackExplanation
from apps.org.models import Unit

SENDER_NAME = "Phạm Thị Người Gửi"
SENDER_CONTACT = "0987 654 321"
SENDER_EMAIL = "nguoigui@example.org"
DESCRIPTION = "Cán bộ một cửa gây khó khăn, hẹn lại nhiều lần khi tôi làm thủ tục đất đai."


def jpeg_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "SecretPhone"  # Model
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def photo_upload(name: str = "IMG_nguoigui.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_exif(), content_type="image/jpeg")


def submit(unit: Unit, **kwargs: Any) -> tuple[Feedback, str]:
    data: dict[str, Any] = {
        "unit": unit,
        "criterion": None,
        "description": DESCRIPTION,
        "official_name": "Nguyễn Thái Học",
        "official_position": "Công chức địa chính",
        "sender_name": SENDER_NAME,
        "sender_contact": SENDER_CONTACT,
        "sender_email": SENDER_EMAIL,
        "consent": True,
    }
    data.update(kwargs)
    return services.feedback_submit(actor=None, **data)


def explaining(world: Any, unit: Unit | None = None) -> tuple[Feedback, FeedbackExplanation]:
    feedback, _ = submit(unit or world.commune_a)
    inspector = world.users["inspector"]
    services.feedback_accept(actor=inspector, feedback=feedback)
    explanation = services.feedback_request_explanation(
        actor=inspector, feedback=feedback, text="Đề nghị giải trình việc hẹn lại nhiều lần."
    )
    return feedback, explanation


def concluded(
    world: Any, unit: Unit | None = None, outcome: str = OutcomeCode.SUBSTANTIATED
) -> Feedback:
    feedback, _ = submit(unit or world.commune_a)
    inspector = world.users["inspector"]
    services.feedback_accept(actor=inspector, feedback=feedback)
    return services.feedback_conclude(
        actor=inspector, feedback=feedback, outcome=outcome, conclusion="Có vi phạm."
    )
