"""Unit implementation plans, tasks and periodic reports of a rollout.

- Plan / PlanVersion: a unit's kế hoạch thực hiện, every submitted version kept.
- Task / TaskEvidence / TaskComment: nhiệm vụ with owners, deadlines, progress and evidence;
  delegated tasks point to their parent and roll their progress up by the parent's rule.
- ReportTemplate / Indicator / NarrativeSection: what a rollout's periodic report asks.
- ReportPeriodKind: reference data with the legal wording (Tháng, Quý, 6 tháng, Năm, Đột xuất).
- ReportPeriod / Report / ReportValue / ReportSection / PeriodClosure: a unit's report for a
  period, its figures, and the levels that closed the period (locking their subtree).

Consolidation reads ReportValue rows grouped by path prefix of the reporting unit, so
`ReportValue` carries its period, unit and indicator (denormalised from the report) to be
summed with one indexed range scan and no join through Report.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.enums import AutoSource, PlanStatus, ReportStatus, RollupRule, TaskStatus
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
    submitted_late = models.BooleanField("trình muộn so với thời hạn", default=False)
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

    def get_absolute_url(self) -> str:
        return reverse("plan_detail", args=[self.pk])


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


class Task(models.Model):
    rollout = models.ForeignKey(Rollout, on_delete=models.PROTECT, related_name="tasks")
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="nhiệm vụ cấp trên",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="tasks", verbose_name="đơn vị chủ trì"
    )
    owner = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name="người phụ trách",
    )
    title = models.CharField("tên nhiệm vụ", max_length=300)
    description = models.TextField("nội dung", blank=True)
    start = models.DateField("ngày bắt đầu")
    deadline = models.DateField("thời hạn")
    status = models.CharField(
        "trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        "tiến độ (%)", default=0, validators=[MaxValueValidator(100)]
    )
    rollup_rule = models.CharField(
        "cách tính tiến độ", max_length=10, choices=RollupRule.choices, default=RollupRule.MANUAL
    )
    weight = models.PositiveSmallIntegerField("trọng số", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        indexes = [
            models.Index(fields=["deadline", "status"], name="task_deadline_status"),
            models.Index(fields=["rollout", "unit"], name="task_rollout_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="task_progress_le_100"
            ),
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("deadline")),
                name="task_start_before_deadline",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("task_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in {TaskStatus.DONE, TaskStatus.CANCELLED}


class TaskEvidence(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp minh chứng", upload_to="tasks/%Y/", blank=True)
    link = models.URLField("đường dẫn", max_length=500, blank=True)
    name = models.CharField("tên minh chứng", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "uploaded_at"]
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"

    def __str__(self) -> str:
        return self.name


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("ý kiến")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "created_at"]
        verbose_name = "ý kiến về nhiệm vụ"
        verbose_name_plural = "ý kiến về nhiệm vụ"

    def __str__(self) -> str:
        return self.text[:80]


class ReportPeriodKind(models.Model):
    """Tháng, Quý, 6 tháng, Năm, Đột xuất: reference data with the legal wording."""

    code = models.SlugField("mã", max_length=20, unique=True)
    name = models.CharField("tên kỳ báo cáo", max_length=40)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "loại kỳ báo cáo"
        verbose_name_plural = "loại kỳ báo cáo"

    def __str__(self) -> str:
        return self.name


class ReportTemplate(models.Model):
    rollout = models.OneToOneField(
        Rollout, on_delete=models.CASCADE, related_name="report_template"
    )
    title = models.CharField("tên mẫu báo cáo", max_length=300)

    class Meta:
        verbose_name = "mẫu báo cáo"
        verbose_name_plural = "mẫu báo cáo"

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField("mã chỉ tiêu", max_length=40)
    name = models.CharField("tên chỉ tiêu", max_length=200)
    unit_label = models.CharField("đơn vị tính", max_length=30, blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    auto_source = models.CharField(
        "nguồn số liệu", max_length=20, choices=AutoSource.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = "chỉ tiêu báo cáo"
        verbose_name_plural = "chỉ tiêu báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="indicator_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class NarrativeSection(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    title = models.CharField("tiêu đề phần", max_length=200)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = "phần nội dung báo cáo"
        verbose_name_plural = "phần nội dung báo cáo"

    def __str__(self) -> str:
        return self.title


class ReportPeriod(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="periods")
    kind = models.ForeignKey(ReportPeriodKind, on_delete=models.PROTECT, verbose_name="loại kỳ")
    name = models.CharField("kỳ báo cáo", max_length=100)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    due_on = models.DateField("hạn gửi báo cáo")

    class Meta:
        ordering = ["template", "starts_on", "pk"]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("report_consolidation", args=[self.pk])


class Report(models.Model):
    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    submitted_at = models.DateTimeField("gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_late = models.BooleanField("gửi muộn", default=False)
    return_comment = models.TextField("ý kiến trả lại", blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "báo cáo định kỳ"
        verbose_name_plural = "báo cáo định kỳ"
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="report_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.pk])


class ReportValue(models.Model):
    """One figure of one report. `period`, `unit` and `submitted` mirror the report so the
    consolidation is a single GROUP BY on this table joined to Unit only."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    value = models.PositiveBigIntegerField("giá trị", null=True, blank=True)
    auto = models.BooleanField("tự động", default=False)
    submitted = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "số liệu báo cáo"
        verbose_name_plural = "số liệu báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="report_value_unique")
        ]
        indexes = [
            models.Index(fields=["period", "submitted", "indicator"], name="report_value_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class ReportSection(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(NarrativeSection, on_delete=models.CASCADE, related_name="+")
    text = models.TextField("nội dung", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section__order"]
        verbose_name = "nội dung báo cáo"
        verbose_name_plural = "nội dung báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="report_section_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.section_id}"


class PeriodClosure(models.Model):
    """A level closed a period: the figures of its whole subtree are locked for that period."""

    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="closures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("khóa sổ lúc")
    totals = models.JSONField("số liệu tại thời điểm khóa sổ", default=dict)

    class Meta:
        verbose_name = "khóa sổ kỳ báo cáo"
        verbose_name_plural = "khóa sổ kỳ báo cáo"
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="period_closure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period} – {self.unit}"
