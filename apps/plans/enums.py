from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình"
    RETURNED = "returned", "Trả lại để hoàn thiện"
    APPROVED = "approved", "Đã phê duyệt"
