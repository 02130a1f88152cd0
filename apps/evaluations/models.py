"""Rule sets (reference data), evaluation periods, evaluations and their review steps.

A rule set is one regulation's version of the rating rules: its criteria groups with their
maximum points, the point thresholds of each level, the quota of "xuất sắc" against "tốt", the
capping rules (e.g. a discipline decision in the period caps the level). A new regulation is a
new `RuleSet` row set loaded by a data migration, not new code (see `rules.py`).

An `Evaluation` is one subject (a person or a party organisation) in one period; `body` is the
competent body that decides its level and over which the quota is counted.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.evaluations.enums import (
    Authority,
    EvaluationStatus,
    PeriodStatus,
    StepKind,
    SubjectKind,
)
from apps.org.models import Unit
from apps.people.models import Person


class RatingLevel(models.Model):
    """The four official levels with their exact legal wording; `rank` 1 is the best."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("mức xếp loại", max_length=120)
    rank = models.PositiveSmallIntegerField("thứ bậc", unique=True)
    source = models.TextField("nguồn", blank=True)

    class Meta:
        ordering = ["rank"]
        verbose_name = "mức xếp loại chất lượng"
        verbose_name_plural = "mức xếp loại chất lượng"

    def __str__(self) -> str:
        return self.name


class EvaluationPeriodKind(models.Model):
    """nhiệm kỳ, năm, quý, khi cần thiết: reference data."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("kỳ đánh giá", max_length=80)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    source = models.TextField("nguồn", blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = "loại kỳ đánh giá"
        verbose_name_plural = "loại kỳ đánh giá"

    def __str__(self) -> str:
        return self.name


class RuleSet(models.Model):
    code = models.SlugField("mã", max_length=60, unique=True)
    name = models.CharField("tên bộ quy tắc", max_length=300)
    authority = models.CharField("hệ thống", max_length=10, choices=Authority.choices)
    document = models.CharField("văn bản", max_length=300)
    effective_from = models.DateField("hiệu lực từ")
    effective_to = models.DateField("hiệu lực đến", null=True, blank=True)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    max_points = models.DecimalField("thang điểm", max_digits=5, decimal_places=1, default=100)
    quota_level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", verbose_name="mức bị giới hạn"
    )
    quota_basis_level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", verbose_name="mức làm căn cứ"
    )
    quota_percent = models.PositiveSmallIntegerField("tỉ lệ tối đa (%)", default=20)
    quota_scope = models.CharField("phạm vi tính tỉ lệ", max_length=300)
    requires_residence_opinion = models.BooleanField("cần ý kiến chi ủy nơi cư trú", default=False)
    # Whose review needs it (codes of people.PersonCategory, any of them; blank: every person).
    residence_categories = models.CharField(
        "đối tượng cần ý kiến nơi cư trú (mã, cách nhau bởi dấu phẩy; để trống: mọi cá nhân)",
        max_length=200,
        blank=True,
    )
    residence_source = models.TextField("căn cứ lấy ý kiến nơi cư trú", blank=True)
    source = models.TextField("nguồn")
    note = models.TextField("ghi chú kiểm chứng", blank=True)

    class Meta:
        ordering = ["-effective_from", "code"]
        verbose_name = "bộ quy tắc đánh giá"
        verbose_name_plural = "bộ quy tắc đánh giá"

    def __str__(self) -> str:
        return self.name


class RuleThreshold(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="thresholds")
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    min_points = models.DecimalField("từ (điểm)", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["rule_set", "-min_points"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "level"], name="threshold_unique")
        ]

    def __str__(self) -> str:
        return f"{self.level}: từ {self.min_points}"


class CriterionGroup(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="groups")
    subject_kind = models.CharField("đối tượng", max_length=10, choices=SubjectKind.choices)
    order = models.PositiveSmallIntegerField("thứ tự")
    code = models.SlugField("mã", max_length=60)
    name = models.CharField("nhóm tiêu chí", max_length=300)
    description = models.TextField("nội dung", blank=True)
    max_points = models.DecimalField("điểm tối đa", max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["rule_set", "subject_kind", "order"]
        verbose_name = "nhóm tiêu chí"
        verbose_name_plural = "nhóm tiêu chí"
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "subject_kind", "code"], name="criterion_group_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CappingRule(models.Model):
    """A fact in the period (e.g. a discipline decision of one of `codes`) caps the level."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="caps")
    subject_kind = models.CharField("đối tượng", max_length=10, choices=SubjectKind.choices)
    fact_kind = models.CharField("loại sự kiện", max_length=30)
    codes = models.JSONField("mã hình thức", default=list)
    max_level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", verbose_name="tối đa"
    )
    wording = models.CharField("diễn giải", max_length=300)
    source = models.TextField("nguồn", blank=True)
    note = models.TextField("ghi chú kiểm chứng", blank=True)

    class Meta:
        ordering = ["rule_set", "pk"]
        verbose_name = "quy tắc giới hạn mức xếp loại"
        verbose_name_plural = "quy tắc giới hạn mức xếp loại"

    def __str__(self) -> str:
        return self.wording


class EvaluationPeriod(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="evaluation_periods", verbose_name="đơn vị"
    )
    kind = models.ForeignKey(EvaluationPeriodKind, on_delete=models.PROTECT, verbose_name="kỳ")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, verbose_name="quy định")
    title = models.CharField("tên kỳ đánh giá", max_length=300)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    self_due = models.DateField("hạn nộp bản tự đánh giá")
    status = models.CharField(
        "trạng thái", max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-end", "-pk"]
        verbose_name = "kỳ đánh giá"
        verbose_name_plural = "kỳ đánh giá"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation_period", args=[self.pk])


class Evaluation(models.Model):
    period = models.ForeignKey(
        EvaluationPeriod, on_delete=models.CASCADE, related_name="evaluations"
    )
    subject_kind = models.CharField("đối tượng", max_length=10, choices=SubjectKind.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="evaluations", verbose_name="đơn vị"
    )
    body = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cấp có thẩm quyền"
    )
    status = models.CharField(
        "trạng thái",
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
    )
    summary = models.TextField("tự nhận xét ưu điểm, khuyết điểm", blank=True)
    self_points = models.DecimalField(
        "điểm tự chấm", max_digits=5, decimal_places=1, null=True, blank=True
    )
    self_level = models.ForeignKey(
        RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    head_points = models.DecimalField(
        "điểm người đứng đầu chấm", max_digits=5, decimal_places=1, null=True, blank=True
    )
    head_level = models.ForeignKey(
        RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_level = models.ForeignKey(
        RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    final_reason = models.TextField("lý do, căn cứ xếp loại", blank=True)
    submitted_at = models.DateTimeField("nộp lúc", null=True, blank=True)
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "unit", "pk"]
        verbose_name = "đánh giá, xếp loại"
        verbose_name_plural = "đánh giá, xếp loại"
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person"],
                condition=models.Q(subject_kind="person"),
                name="evaluation_person_unique",
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=models.Q(subject_kind="unit"),
                name="evaluation_unit_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "body", "status"], name="evaluation_body_status"),
            models.Index(fields=["period", "status"], name="evaluation_period_status"),
        ]

    def __str__(self) -> str:
        subject = self.person.full_name if self.person_id else self.unit.name  # type: ignore[union-attr]
        return f"{subject} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name  # type: ignore[union-attr]


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    group = models.ForeignKey(CriterionGroup, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("điểm tự chấm", max_digits=5, decimal_places=1)
    justification = models.TextField("giải trình", blank=True)

    class Meta:
        ordering = ["evaluation", "group__order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "group"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.group}: {self.points}"


class EvaluationStep(models.Model):
    """One step of the review chain, kept for good: who, when, what they said, which level."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField("bước", max_length=12, choices=StepKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("người thực hiện", max_length=200, blank=True)
    at = models.DateTimeField("thời điểm")
    text = models.TextField("nội dung", blank=True)
    points = models.DecimalField("điểm", max_digits=5, decimal_places=1, null=True, blank=True)
    level = models.ForeignKey(
        RatingLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["evaluation", "at", "pk"]
        verbose_name = "bước đánh giá"
        verbose_name_plural = "bước đánh giá"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y}"


class DecisionAttempt(models.Model):
    """Each time a competent body decides levels: accepted, or refused (quota) with the numbers."""

    period = models.ForeignKey(EvaluationPeriod, on_delete=models.CASCADE, related_name="attempts")
    body = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    accepted = models.BooleanField()
    decided = models.PositiveIntegerField("số người được quyết định", default=0)
    excellent = models.PositiveIntegerField(default=0)
    basis = models.PositiveIntegerField(default=0)
    limit = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["period", "body", "-at", "-pk"]
        verbose_name = "lần quyết định xếp loại"
        verbose_name_plural = "lần quyết định xếp loại"

    def __str__(self) -> str:
        return self.message or f"{self.body} {self.at:%d/%m/%Y}"
