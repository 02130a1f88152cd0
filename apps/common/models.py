"""Background jobs with visible progress."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Có lỗi"

    kind = models.CharField("loại", max_length=50)
    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveIntegerField("đã xử lý", default=0)
    total = models.PositiveIntegerField("tổng số", default=0)
    message = models.TextField("thông báo", blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    input_file = models.FileField(upload_to="jobs/in/%Y/%m/", blank=True)
    output_file = models.FileField(upload_to="jobs/out/%Y/%m/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "tác vụ nền"
        verbose_name_plural = "tác vụ nền"

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.progress / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class Notification(models.Model):
    """An in-app notification (reminders, escalations)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung", blank=True)
    url = models.CharField("liên kết", max_length=500, blank=True)
    # One notification per (user, event): "plan:12:submitted", "reminder:rule:2026-12-01"…
    event_key = models.CharField("sự kiện", max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"],
                condition=~models.Q(event_key=""),
                name="notification_once_per_event",
            )
        ]

    def __str__(self) -> str:
        return self.title


class AuditRecord(models.Model):
    """One entry of the tamper-evident audit ledger: one per history row (django-simple-history),
    chained by hash to the entry before it. See `apps.common.ledger`.

    Written in the transaction of the change with its `digest` (of the history row); `seq`,
    `prev_hash` and `hash` are set once, in order, when the ledger is sealed after the commit.
    On PostgreSQL a trigger refuses any other UPDATE and every DELETE.
    """

    seq = models.BigIntegerField("số thứ tự", null=True, unique=True)
    recorded_at = models.DateTimeField("thời điểm", default=timezone.now)
    table = models.CharField("bảng lịch sử", max_length=100)
    history_id = models.BigIntegerField()
    object_model = models.CharField("loại đối tượng", max_length=100)
    object_id = models.CharField("mã đối tượng", max_length=64)
    action = models.CharField("thao tác", max_length=1)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField("người thực hiện", max_length=150, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký thay đổi"
        constraints = [
            models.UniqueConstraint(fields=["table", "history_id"], name="audit_record_once")
        ]
        indexes = [models.Index(fields=["object_model", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.seq or '-'} {self.table}#{self.history_id}"


class AuditHead(models.Model):
    """The last sealed entry of the ledger (a single row, locked while sealing)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"
