from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    APPROVED = "approved", "Đã phê duyệt"


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"
    CANCELLED = "cancelled", "Hủy bỏ"


class RollupRule(models.TextChoices):
    """How a delegated task's progress is computed from its child tasks."""

    MANUAL = "manual", "Tự cập nhật (không có nhiệm vụ con)"
    AVERAGE = "average", "Trung bình cộng tiến độ các nhiệm vụ con"
    WEIGHTED = "weighted", "Bình quân gia quyền theo trọng số các nhiệm vụ con"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Đã gửi"
    RETURNED = "returned", "Trả lại để sửa"


class AutoSource(models.TextChoices):
    """Indicators the system already knows, prefilled from the rollout's data."""

    NONE = "", "Nhập tay"
    SESSIONS_HELD = "sessions_held", "Số hội nghị đã tổ chức (tự động)"
    PEOPLE_REACHED = "people_reached", "Số người đã hoàn thành quán triệt (tự động)"
    PEOPLE_REQUIRED = "people_required", "Số người phải quán triệt (tự động)"
    PLAN_SUBMITTED = "plan_submitted", "Đã trình kế hoạch thực hiện (tự động)"
