"""Unit implementation plans for a rollout (kế hoạch / chương trình thực hiện)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.org.models import Unit
from apps.plans.enums import PlanStatus
from apps.rollout.models import Rollout


class Plan(models.Model):
    rollout = models.ForeignKey(Rollout, on_delete=models.PROTECT, related_name="plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField("tên kế hoạch", max_length=300)
    status = models.CharField(
        "trạng thái", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    first_submitted_at = models.DateTimeField("trình lần đầu", null=True, blank=True)
    submitted_at = models.DateTimeField("trình gần nhất", null=True, blank=True)
    approved_at = models.DateTimeField("phê duyệt lúc", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kế hoạch thực hiện"
        verbose_name_plural = "kế hoạch thực hiện"
        constraints = [models.UniqueConstraint(fields=["rollout", "unit"], name="plan_unique")]
        indexes = [models.Index(fields=["rollout", "status"], name="plan_rollout_status")]

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    """Every submitted version is kept, with the decision taken on it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField("lần trình")
    document = models.FileField("tệp kế hoạch", upload_to="plans/%Y/", blank=True)
    note = models.TextField("ghi chú", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("trình lúc")
    decision = models.CharField("quyết định", max_length=10, blank=True)
    comment = models.TextField("ý kiến", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = "phiên bản kế hoạch"
        verbose_name_plural = "phiên bản kế hoạch"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.plan} (lần {self.number})"
