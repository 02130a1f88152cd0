"""Directives (chỉ thị, nghị quyết…), their key tasks, conduct criteria, deadlines and quiz."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.common.text import strip_diacritics
from apps.directives.enums import Polarity
from apps.org.models import Unit


class DirectiveKind(models.Model):
    """chỉ thị, nghị quyết, kết luận, quy định, kế hoạch…: reference data."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=80)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "loại văn bản"
        verbose_name_plural = "loại văn bản"

    def __str__(self) -> str:
        return self.name


class Directive(models.Model):
    kind = models.ForeignKey(DirectiveKind, on_delete=models.PROTECT, verbose_name="loại văn bản")
    number = models.CharField("số", max_length=20)
    symbol = models.CharField("số, ký hiệu", max_length=60, blank=True)
    issuer = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="directives", verbose_name="cơ quan ban hành"
    )
    issuer_name = models.CharField("tên cơ quan ban hành", max_length=200, blank=True)
    issued_on = models.DateField("ngày ban hành")
    title = models.CharField("trích yếu", max_length=500)
    body = models.TextField("toàn văn", blank=True)
    search_text = models.CharField(max_length=800, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = "chỉ thị, nghị quyết"
        verbose_name_plural = "chỉ thị, nghị quyết"

    def __str__(self) -> str:
        return f"{self.kind.name} số {self.symbol or self.number}"

    def get_absolute_url(self) -> str:
        return reverse("directive_detail", args=[self.pk])

    def refresh_computed(self) -> None:
        self.search_text = strip_diacritics(f"{self.number} {self.symbol} {self.title}")[:800]


class KeyTask(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="key_tasks")
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("nội dung")
    history = HistoricalRecords()

    class Meta:
        ordering = ["directive", "order"]
        verbose_name = "nhiệm vụ trọng tâm"
        verbose_name_plural = "nhiệm vụ trọng tâm"

    def __str__(self) -> str:
        return self.text[:80]


class ConductCriterion(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("thứ tự")
    polarity = models.CharField("loại", max_length=5, choices=Polarity.choices)
    text = models.TextField("nội dung")
    history = HistoricalRecords()

    class Meta:
        ordering = ["directive", "polarity", "order"]
        verbose_name = "điều cần làm / cần tránh"
        verbose_name_plural = "điều cần làm / cần tránh"

    def __str__(self) -> str:
        return self.text[:80]


class DirectiveDeadline(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="deadlines")
    name = models.CharField("mốc thời hạn", max_length=200)
    date = models.DateField("thời hạn")
    history = HistoricalRecords()

    class Meta:
        ordering = ["directive", "date"]
        verbose_name = "thời hạn"
        verbose_name_plural = "thời hạn"

    def __str__(self) -> str:
        return f"{self.name}: {self.date:%d/%m/%Y}"


class DirectiveAttachment(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("tệp", upload_to="directives/%Y/")
    name = models.CharField("tên tệp", max_length=200)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.name


class QuizQuestion(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("câu hỏi")
    history = HistoricalRecords()

    class Meta:
        ordering = ["directive", "order"]
        verbose_name = "câu hỏi kiểm tra"
        verbose_name_plural = "câu hỏi kiểm tra"

    def __str__(self) -> str:
        return self.text[:80]


class QuizChoice(models.Model):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.CharField("phương án", max_length=500)
    is_correct = models.BooleanField("đúng", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question", "order"]
        verbose_name = "phương án trả lời"
        verbose_name_plural = "phương án trả lời"

    def __str__(self) -> str:
        return self.text[:80]
