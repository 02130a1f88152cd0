"""Emulation movements, their rubric and groups, registrations and scores, published rankings,
commendation proposals and praise.

- CommendationKind: reference data (danh hiệu thi đua, hình thức khen thưởng) with the legal
  wording, who decides it (and at which unit kinds), the rating it requires and the source text.
- Movement → Criterion (the published rubric), EmulationGroup → GroupMember (cụm, khối).
- Registration (a unit's or a person's đăng ký thi đua) → Score per criterion (self and council).
- RankingSnapshot: a group's ranking frozen at publication (the rows as computed then, automatic
  figures included), so later changes to live data never change a published result.
- Proposal → ProposalEvidence: đề nghị khen thưởng, with the council's vote and the decision.
- Praise: biểu dương, a lighter and quicker recognition.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.directives.models import Directive
from apps.emulation.enums import (
    CriterionKind,
    CriterionSource,
    GroupKind,
    MovementStatus,
    Normalisation,
    ProposalStatus,
    RegistrationStatus,
    SubjectKind,
)
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.models import Rollout


class CommendationKind(models.Model):
    """A title (danh hiệu thi đua) or a form of commendation (hình thức khen thưởng)."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên gọi", max_length=200)
    category = models.CharField(
        "loại",
        max_length=10,
        choices=[("title", "Danh hiệu thi đua"), ("form", "Hình thức khen thưởng")],
    )
    subject = models.CharField(
        "đối tượng",
        max_length=10,
        choices=[("person", "Cá nhân"), ("unit", "Tập thể"), ("both", "Cá nhân, tập thể")],
    )
    decider = models.CharField("thẩm quyền quyết định", max_length=200)
    decider_kinds = models.CharField(
        "loại tổ chức được quyết định (mã, cách nhau bởi dấu phẩy)", max_length=300
    )
    min_rating = models.CharField("mức xếp loại tối thiểu", max_length=60, blank=True)
    min_rating_rank = models.PositiveSmallIntegerField(
        "bậc xếp loại tối thiểu (4 xuất sắc … 1 không hoàn thành; 0 không yêu cầu)", default=0
    )
    requirement = models.TextField("tiêu chuẩn (tóm tắt)", blank=True)
    source = models.CharField("căn cứ", max_length=300)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "danh hiệu, hình thức khen thưởng"

    def __str__(self) -> str:
        return self.name

    def allows(self, subject_kind: str) -> bool:
        return self.subject == "both" or self.subject == subject_kind

    def decider_kind_codes(self) -> list[str]:
        return [c.strip() for c in self.decider_kinds.split(",") if c.strip()]


class Movement(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="movements", verbose_name="đơn vị phát động"
    )
    title = models.CharField("tên phong trào", max_length=300)
    directive = models.ForeignKey(
        Directive,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name="chỉ thị, nghị quyết",
    )
    rollout = models.ForeignKey(
        Rollout,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
        verbose_name="đợt triển khai (nguồn số liệu tự động)",
    )
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    appeal_days = models.PositiveSmallIntegerField(
        "thời hạn khiếu nại kết quả chấm (ngày)", default=5
    )
    tie_break = models.TextField("quy tắc xếp hạng khi bằng điểm")
    status = models.CharField(
        "trạng thái", max_length=10, choices=MovementStatus.choices, default=MovementStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The close step (tổng kết): who closed it, when, the summary, and the individual rankings
    # frozen at that moment (unit rankings are frozen group by group at publication).
    summary = models.TextField("báo cáo tổng kết phong trào", blank=True)
    closed_at = models.DateTimeField("kết thúc lúc", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    individual_rankings = models.JSONField(
        "xếp hạng cá nhân khi kết thúc", default=list, blank=True
    )

    history = HistoricalRecords(excluded_fields=["individual_rankings"])

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("movement_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status == MovementStatus.CLOSED


class Criterion(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    code = models.SlugField("mã", max_length=40)
    name = models.CharField("tiêu chí", max_length=300)
    max_points = models.DecimalField("điểm tối đa", max_digits=8, decimal_places=2)
    evidence = models.CharField("minh chứng yêu cầu", max_length=300, blank=True)
    source = models.CharField(
        "nguồn số liệu",
        max_length=20,
        choices=CriterionSource.choices,
        default=CriterionSource.MANUAL,
    )
    kind = models.CharField(
        "cách chấm", max_length=10, choices=CriterionKind.choices, default=CriterionKind.POINTS
    )
    # For COUNT criteria: points per (normalised) item, added (positive) or deducted (negative).
    points_each = models.DecimalField(
        "điểm mỗi đơn vị đếm", default=Decimal("0"), max_digits=8, decimal_places=2
    )
    positive = models.BooleanField("cộng điểm (bỏ chọn: trừ điểm)", default=True)
    normalisation = models.CharField(
        "quy đổi theo quy mô",
        max_length=20,
        choices=Normalisation.choices,
        default=Normalisation.NONE,
    )

    class Meta:
        ordering = ["movement", "order", "pk"]
        verbose_name = "tiêu chí thi đua"
        verbose_name_plural = "tiêu chí thi đua"
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "code"], name="emulation_criterion_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_auto(self) -> bool:
        return self.source != CriterionSource.MANUAL


class EmulationGroup(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField("tên cụm, khối", max_length=200)
    kind = models.CharField(
        "loại", max_length=10, choices=GroupKind.choices, default=GroupKind.CLUSTER
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["movement", "order", "pk"]
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("group_ranking", args=[self.pk])


class GroupMember(models.Model):
    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    # The movement, denormalised: a unit belongs to at most one group of a movement.
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "thành viên cụm, khối"
        verbose_name_plural = "thành viên cụm, khối"
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit"], name="emulation_group_member_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.unit_id}"


class Registration(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="registrations")
    group = models.ForeignKey(
        EmulationGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cá nhân",
    )
    targets = models.TextField("chỉ tiêu, nội dung đăng ký")
    status = models.CharField(
        "trạng thái",
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    self_submitted_at = models.DateTimeField("tự chấm lúc", null=True, blank=True)
    council_scored_at = models.DateTimeField("hội đồng chấm lúc", null=True, blank=True)
    council_comment = models.TextField("nhận xét của hội đồng", blank=True)
    appeal_text = models.TextField("nội dung khiếu nại", blank=True)
    appeal_at = models.DateTimeField("khiếu nại lúc", null=True, blank=True)
    appeal_response = models.TextField("trả lời khiếu nại", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["movement", "pk"]
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit"],
                condition=models.Q(person__isnull=True),
                name="emulation_registration_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["movement", "person"],
                condition=models.Q(person__isnull=False),
                name="emulation_registration_person_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} – {self.movement}"

    def get_absolute_url(self) -> str:
        return reverse("registration_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.unit.name


class Score(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    # Points (POINTS criteria) or the counted number (COUNT criteria).
    self_value = models.DecimalField(
        "tự chấm", null=True, blank=True, max_digits=8, decimal_places=2
    )
    evidence = models.CharField("minh chứng", max_length=500, blank=True)
    council_value = models.DecimalField(
        "hội đồng chấm", null=True, blank=True, max_digits=8, decimal_places=2
    )
    council_comment = models.CharField("nhận xét", max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "điểm thi đua"
        verbose_name_plural = "điểm thi đua"
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "criterion"], name="emulation_score_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.criterion_id}"


class RankingSnapshot(models.Model):
    """A group's ranking as published: never recomputed."""

    group = models.OneToOneField(EmulationGroup, on_delete=models.CASCADE, related_name="snapshot")
    published_at = models.DateTimeField("công bố lúc")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    as_of = models.DateField("số liệu tính đến ngày")
    method = models.TextField("phương pháp tính")
    tie_break = models.TextField("quy tắc khi bằng điểm")
    rows = models.JSONField("kết quả", default=list)

    class Meta:
        verbose_name = "kết quả xếp hạng đã công bố"
        verbose_name_plural = "kết quả xếp hạng đã công bố"

    def __str__(self) -> str:
        return f"{self.group} ({self.published_at:%d/%m/%Y})"


class Proposal(models.Model):
    movement = models.ForeignKey(
        Movement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name="phong trào thi đua",
    )
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    proposing_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị đề nghị"
    )
    decider_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="cấp quyết định"
    )
    subject_kind = models.CharField("đối tượng", max_length=10, choices=SubjectKind.choices)
    subject_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tập thể",
    )
    subject_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cá nhân",
    )
    kind = models.ForeignKey(
        CommendationKind, on_delete=models.PROTECT, verbose_name="danh hiệu, hình thức khen thưởng"
    )
    achievements = models.TextField("thành tích")
    period_start = models.DateField("thời gian tính thành tích từ")
    period_end = models.DateField("đến")
    status = models.CharField(
        "trạng thái", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField("ý kiến trả lại", blank=True)
    council_members = models.PositiveSmallIntegerField(
        "số thành viên hội đồng", null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField("tán thành", null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField("không tán thành", null=True, blank=True)
    votes_abstain = models.PositiveSmallIntegerField("không biểu quyết", null=True, blank=True)
    voted_on = models.DateField("ngày họp hội đồng", null=True, blank=True)
    council_note = models.TextField("ý kiến hội đồng", blank=True)
    decision_number = models.CharField("số quyết định", max_length=60, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejection_reason = models.TextField("lý do không khen thưởng", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "đề nghị khen thưởng"
        verbose_name_plural = "đề nghị khen thưởng"
        indexes = [
            models.Index(fields=["status", "decider_unit"], name="emul_proposal_status_decider")
        ]

    def __str__(self) -> str:
        return f"{self.kind} – {self.subject_name}"

    def get_absolute_url(self) -> str:
        return reverse("proposal_detail", args=[self.pk])

    @property
    def subject_name(self) -> str:
        if self.subject_kind == SubjectKind.PERSON and self.subject_person is not None:
            return self.subject_person.full_name
        return self.subject_unit.name if self.subject_unit is not None else ""


class ProposalEvidence(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField("tên minh chứng", max_length=200)
    link = models.CharField("đường dẫn, số hiệu văn bản", max_length=500, blank=True)

    class Meta:
        ordering = ["proposal", "pk"]
        verbose_name = "minh chứng thành tích"
        verbose_name_plural = "minh chứng thành tích"

    def __str__(self) -> str:
        return self.name


class Praise(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cá nhân",
    )
    movement = models.ForeignKey(
        Movement, null=True, blank=True, on_delete=models.SET_NULL, related_name="praises"
    )
    directive = models.ForeignKey(
        Directive,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="chỉ thị, nghị quyết",
    )
    text = models.CharField("nội dung biểu dương", max_length=500)
    date = models.DateField("ngày")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "biểu dương"
        verbose_name_plural = "biểu dương"
        indexes = [models.Index(fields=["unit", "date"], name="emul_praise_unit_date")]

    def __str__(self) -> str:
        return self.text[:80]
