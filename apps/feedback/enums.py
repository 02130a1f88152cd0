from django.db import models


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", "Chờ tiếp nhận"
    ACCEPTED = "accepted", "Đang xử lý"
    EXPLAINING = "explaining", "Chờ đơn vị giải trình"
    CONCLUDED = "concluded", "Đã kết luận"
    PUBLISHED = "published", "Đã trả lời"
    DISMISSED = "dismissed", "Không thụ lý"


class Outcome(models.TextChoices):
    """The result of handling (the wording used for phản ánh, kiến nghị)."""

    SUBSTANTIATED = "substantiated", "Phản ánh đúng"
    PARTLY = "partly", "Phản ánh đúng một phần"
    NOT_SUBSTANTIATED = "not_substantiated", "Phản ánh không đúng"
    TRANSFERRED = "transferred", "Không thuộc thẩm quyền (đã chuyển)"


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
