from django.db import models


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", "Chờ tiếp nhận"
    ACCEPTED = "accepted", "Đang xử lý"
    EXPLAINING = "explaining", "Chờ đơn vị giải trình"
    CONCLUDED = "concluded", "Đã kết luận"
    PUBLISHED = "published", "Đã trả lời"
    DISMISSED = "dismissed", "Không thụ lý"


class OutcomeCode:
    """Codes of the outcome rows (`FeedbackOutcome`, reference data with the wording and
    source) that code and the demo name; the wording itself lives in the table."""

    SUBSTANTIATED = "substantiated"
    PARTLY = "partly"
    NOT_SUBSTANTIATED = "not_substantiated"
    TRANSFERRED = "transferred"


class FollowUpKind(models.TextChoices):
    TASK = "task", "Giao nhiệm vụ cho đơn vị"
    INSPECTION = "inspection", "Kiểm tra khi có dấu hiệu vi phạm"
    DISCIPLINE = "discipline", "Xem xét kỷ luật"


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", "Chờ thực hiện"
    OPENED = "opened", "Đã mở"


OPEN_STATUSES = (
    FeedbackStatus.RECEIVED,
    FeedbackStatus.ACCEPTED,
    FeedbackStatus.EXPLAINING,
    FeedbackStatus.CONCLUDED,
)
