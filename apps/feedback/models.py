"""Feedback from citizens about a unit or one of its officials.

The sender's own words (`description`) and the handler's own answer (`answer`) are never changed;
moderation writes separate fields (`description_moderated`, shown to the unit and leaders;
`answer_public`, shown on the public status page). Every change is in the history tables.
The tracking code is stored only as its SHA-256 digest. Outcomes are reference data
(`FeedbackOutcome`, with their wording and source), loaded by a data migration.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.directives.models import ConductCriterion
from apps.feedback.enums import FeedbackStatus, FollowUpKind, FollowUpStatus
from apps.org.models import Unit
from apps.people.models import Person


class FeedbackOutcome(models.Model):
    """The result of handling a feedback (phản ánh đúng / đúng một phần / không đúng / không
    thuộc thẩm quyền), with its wording and source. `upheld`: the feedback was found true at
    least in part — counted as substantiated and usable as evidence; `needs_transfer`: the
    handler must name the body it was transferred to."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("kết quả xử lý", max_length=120)
    upheld = models.BooleanField("phản ánh có căn cứ", default=False)
    needs_transfer = models.BooleanField("phải ghi nơi chuyển đến", default=False)
    severity = models.PositiveSmallIntegerField("mức (cao hơn là nặng hơn)", default=0)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["order"]
        verbose_name = "kết quả xử lý phản ánh"
        verbose_name_plural = "kết quả xử lý phản ánh"

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    code_digest = models.CharField(max_length=64, unique=True, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="feedback_about", verbose_name="đơn vị"
    )
    handling_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="feedback_handled",
        verbose_name="đơn vị xử lý (cấp trên)",
    )
    official_name = models.CharField("cán bộ được phản ánh", max_length=200, blank=True)
    official_position = models.CharField("chức vụ", max_length=200, blank=True)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_about",
        verbose_name="cán bộ (đã xác định)",
    )
    criterion = models.ForeignKey(
        ConductCriterion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="nội dung phản ánh",
    )
    description = models.TextField("nội dung (nguyên văn)")
    description_moderated = models.TextField("nội dung (đã biên tập)", blank=True)
    anonymous = models.BooleanField("ẩn danh", default=False)
    sender_name = models.CharField("họ tên người phản ánh", max_length=200, blank=True)
    sender_contact = models.CharField("liên hệ", max_length=200, blank=True)
    sender_email = models.EmailField("e-mail nhận mã", blank=True)
    consent_at = models.DateTimeField("đồng ý xử lý dữ liệu cá nhân lúc")
    status = models.CharField(
        "trạng thái",
        max_length=12,
        choices=FeedbackStatus.choices,
        default=FeedbackStatus.RECEIVED,
        db_index=True,
    )
    outcome = models.ForeignKey(
        FeedbackOutcome,
        to_field="code",
        db_column="outcome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kết quả",
    )
    conclusion = models.TextField("kết luận (nội bộ)", blank=True)
    transferred_to = models.CharField("chuyển đến", max_length=255, blank=True)
    answer = models.TextField("trả lời (nguyên văn)", blank=True)
    answer_public = models.TextField("trả lời công khai (đã biên tập)", blank=True)
    received_at = models.DateTimeField("nhận lúc", auto_now_add=True, db_index=True)
    ack_due = models.DateField("hạn tiếp nhận")
    answer_due = models.DateField("hạn trả lời")
    acknowledged_at = models.DateTimeField("tiếp nhận lúc", null=True, blank=True)
    concluded_at = models.DateTimeField("kết luận lúc", null=True, blank=True)
    published_at = models.DateTimeField("trả lời lúc", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người xử lý",
    )
    escalations = models.PositiveSmallIntegerField("số lần báo cấp trên", default=0)

    history = HistoricalRecords(excluded_fields=["code_digest"])

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        indexes = [models.Index(fields=["status", "ack_due"])]

    def __str__(self) -> str:
        return f"Phản ánh {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("feedback_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """The internal reference shown to officials (never the tracking code)."""
        return f"PA-{self.pk:05d}"


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("tệp", upload_to="feedback/%Y/%m/")
    name = models.CharField("tên tệp", max_length=100)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["feedback", "pk"]

    def __str__(self) -> str:
        return self.name


class FeedbackExplanation(models.Model):
    """The handler asks the unit concerned to explain; the unit's officers answer here."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="explanations")
    request_text = models.TextField("nội dung yêu cầu giải trình")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    due = models.DateField("hạn giải trình")
    answer_text = models.TextField("nội dung giải trình", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["feedback", "pk"]
        verbose_name = "yêu cầu giải trình"
        verbose_name_plural = "yêu cầu giải trình"

    def __str__(self) -> str:
        return f"Giải trình {self.feedback.reference}"


class FeedbackFollowUp(models.Model):
    """What the conclusion leads to: a task for the unit, an inspection, a discipline case."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="follow_ups")
    kind = models.CharField("hình thức", max_length=12, choices=FollowUpKind.choices)
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.PENDING,
    )
    note = models.TextField("ghi chú", blank=True)
    task = models.ForeignKey(
        "plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="cuộc kiểm tra",
    )
    target_url = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["feedback", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()
