"""Inspection and supervision (Quy định 296-QĐ/TW, 2025) and party discipline (Quy định
69-QĐ/TW, 2022, amended by 264-QĐ/TW, 2025).

- Reference data (legal wording, with its source): InspectionKind, ViolationLevel,
  DisciplineForm, AppealOutcome.
- Origin: an inspection "khi có dấu hiệu vi phạm" records where the signs came from — a finding
  (`origin_finding`) or any other object (`origin_object`: a report, a citizen's feedback).
- Programme: a unit's yearly inspection and supervision programme; Inspection: one inspection or
  supervision (decision, team, target, content, period, schedule) through its transition table;
  TeamMember, SelfReport, Evidence; Finding (tied to a criterion or key task, a unit, optional
  people, a level); Recommendation (→ a follow-up plans.Task, verified or waived).
- DisciplineCase with its due-process steps, and DisciplineAccessLog (every read).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.directives.models import ConductCriterion, Directive, KeyTask
from apps.inspections.enums import (
    CaseStatus,
    EvidenceKind,
    FollowUpStatus,
    InspectionStatus,
    Origin,
    SubjectKind,
    TeamRole,
    VoteRule,
)
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.models import Task

_USER = settings.AUTH_USER_MODEL


class InspectionKind(models.Model):
    """Kiểm tra / kiểm tra khi có dấu hiệu vi phạm / giám sát chuyên đề / giám sát thường xuyên."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=120)
    is_supervision = models.BooleanField("là giám sát", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["order"]
        verbose_name = "loại cuộc kiểm tra, giám sát"
        verbose_name_plural = "loại cuộc kiểm tra, giám sát"

    def __str__(self) -> str:
        return self.name


class ViolationLevel(models.Model):
    """How serious a finding is: a shortcoming, or a violation by the levels of Quy định 69."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("mức độ", max_length=120)
    rank = models.PositiveSmallIntegerField("mức (cao hơn là nặng hơn)")
    is_violation = models.BooleanField("là vi phạm", default=True)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["rank"]
        verbose_name = "mức độ"
        verbose_name_plural = "mức độ"

    def __str__(self) -> str:
        return self.name


class DisciplineForm(models.Model):
    """One form of discipline for one kind of subject (Điều 7 Quy định 69-QĐ/TW)."""

    subject_kind = models.CharField("đối tượng", max_length=20, choices=SubjectKind.choices)
    code = models.SlugField("mã", max_length=40)
    name = models.CharField("hình thức kỷ luật", max_length=80)
    severity = models.PositiveSmallIntegerField("mức (cao hơn là nặng hơn)")
    vote_rule = models.CharField("tỉ lệ biểu quyết", max_length=12, choices=VoteRule.choices)
    requires_post = models.BooleanField("chỉ áp dụng khi có chức vụ", default=False)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["subject_kind", "severity"]
        verbose_name = "hình thức kỷ luật"
        verbose_name_plural = "hình thức kỷ luật"
        constraints = [
            models.UniqueConstraint(fields=["subject_kind", "code"], name="discipline_form_unique")
        ]

    def __str__(self) -> str:
        return self.name


class AppealOutcome(models.Model):
    """How an appeal against a discipline decision is settled: the decision stands (kept or with
    another form) or is annulled. `stands`: the discipline is executed; `changes_form`: a new
    form must be chosen."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("kết quả giải quyết khiếu nại", max_length=120)
    stands = models.BooleanField("kỷ luật vẫn được thi hành", default=True)
    changes_form = models.BooleanField("thay đổi hình thức kỷ luật", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    source = models.CharField("căn cứ", max_length=300)

    class Meta:
        ordering = ["order"]
        verbose_name = "kết quả giải quyết khiếu nại kỷ luật"
        verbose_name_plural = "kết quả giải quyết khiếu nại kỷ luật"

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị ban hành"
    )
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên chương trình", max_length=300)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__path"]
        verbose_name = "chương trình kiểm tra, giám sát"
        verbose_name_plural = "chương trình kiểm tra, giám sát"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="programme_unit_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programme_detail", args=[self.pk])


class Inspection(models.Model):
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name="chương trình",
    )
    kind = models.ForeignKey(InspectionKind, on_delete=models.PROTECT, verbose_name="loại")
    origin = models.CharField(
        "căn cứ tiến hành", max_length=12, choices=Origin.choices, default=Origin.PROGRAMME
    )
    origin_note = models.CharField("nguồn dấu hiệu vi phạm", max_length=300, blank=True)
    origin_finding = models.ForeignKey(
        "Finding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="từ phát hiện",
    )
    # Any other source of the signs of violation (a unit's report, a citizen's feedback…), by
    # content type so that this app imports none of the apps above it.
    origin_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="loại nguồn",
    )
    origin_id = models.PositiveBigIntegerField("mã nguồn", null=True, blank=True)
    origin_object = GenericForeignKey("origin_type", "origin_id")
    inspecting_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="chủ thể kiểm tra"
    )
    subject = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đối tượng kiểm tra"
    )
    target_people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name="đảng viên được kiểm tra"
    )
    directive = models.ForeignKey(
        Directive,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="văn bản được kiểm tra",
    )
    criteria = models.ManyToManyField(
        ConductCriterion, blank=True, related_name="+", verbose_name="điều cần làm, cần tránh"
    )
    key_tasks = models.ManyToManyField(
        KeyTask, blank=True, related_name="+", verbose_name="nhiệm vụ trọng tâm"
    )
    title = models.CharField("tên cuộc kiểm tra, giám sát", max_length=300)
    content = models.TextField("nội dung", blank=True)
    period_start = models.DateField("mốc thời gian kiểm tra từ", null=True, blank=True)
    period_end = models.DateField("mốc thời gian kiểm tra đến", null=True, blank=True)
    starts_on = models.DateField("thời gian tiến hành từ")
    ends_on = models.DateField("thời gian tiến hành đến")
    decision_number = models.CharField("số quyết định", max_length=40, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    status = models.CharField(
        "trạng thái",
        max_length=12,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
    )
    self_report_due = models.DateField("hạn gửi báo cáo tự kiểm tra", null=True, blank=True)
    draft_text = models.TextField("dự thảo báo cáo kết quả kiểm tra", blank=True)
    draft_sent_on = models.DateField("ngày gửi dự thảo", null=True, blank=True)
    response_due = models.DateField("hạn đối tượng có ý kiến", null=True, blank=True)
    response_text = models.TextField("ý kiến của đối tượng về dự thảo", blank=True)
    responded_on = models.DateField("ngày đối tượng có ý kiến", null=True, blank=True)
    strengths = models.TextField("ưu điểm", blank=True)
    shortcomings = models.TextField("hạn chế, khuyết điểm", blank=True)
    violations = models.TextField("vi phạm", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    responsibility = models.TextField("trách nhiệm", blank=True)
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    conclusion_number = models.CharField("số thông báo kết luận", max_length=40, blank=True)
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True)
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["origin_finding"])

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = "cuộc kiểm tra, giám sát"
        verbose_name_plural = "cuộc kiểm tra, giám sát"
        indexes = [
            models.Index(fields=["status"], name="inspection_status"),
            models.Index(fields=["directive", "status"], name="inspection_directive"),
            models.Index(fields=["origin_type", "origin_id"], name="inspection_origin"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspection_detail", args=[self.pk])

    @property
    def is_concluded(self) -> bool:
        return self.status in {InspectionStatus.CONCLUDED, InspectionStatus.CLOSED}


class TeamMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField("nhiệm vụ trong đoàn", max_length=10, choices=TeamRole.choices)

    class Meta:
        ordering = ["inspection", "role", "pk"]
        verbose_name = "thành viên đoàn kiểm tra"
        verbose_name_plural = "thành viên đoàn kiểm tra"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "person"], name="team_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class SelfReport(models.Model):
    """Báo cáo tự kiểm tra / giải trình of the target, written in the app or uploaded."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="self_reports"
    )
    text = models.TextField("nội dung báo cáo", blank=True)
    file = models.FileField("tệp báo cáo", upload_to="inspections/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["inspection", "submitted_at"]
        verbose_name = "báo cáo tự kiểm tra"
        verbose_name_plural = "báo cáo tự kiểm tra"

    def __str__(self) -> str:
        return f"Báo cáo tự kiểm tra #{self.pk}"


class Evidence(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField("loại", max_length=10, choices=EvidenceKind.choices)
    title = models.CharField("tên", max_length=200)
    text = models.TextField("nội dung", blank=True)
    file = models.FileField("tệp", upload_to="inspections/%Y/", blank=True)
    sha256 = models.CharField("mã băm SHA-256", max_length=64, blank=True)
    added_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "added_at"]
        verbose_name = "tài liệu, chứng cứ"
        verbose_name_plural = "tài liệu, chứng cứ"

    def __str__(self) -> str:
        return self.title


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(
        ConductCriterion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="điều cần làm, cần tránh",
    )
    key_task = models.ForeignKey(
        KeyTask,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="nhiệm vụ trọng tâm",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị"
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="+", verbose_name="cá nhân liên quan"
    )
    level = models.ForeignKey(ViolationLevel, on_delete=models.PROTECT, verbose_name="mức độ")
    text = models.TextField("nội dung phát hiện")

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = "phát hiện qua kiểm tra"
        verbose_name_plural = "phát hiện qua kiểm tra"

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("finding_detail", args=[self.pk])


class Recommendation(models.Model):
    """A kiến nghị / yêu cầu khắc phục, followed up as a plans task of the target unit."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        verbose_name="phát hiện",
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị thực hiện"
    )
    text = models.TextField("nội dung kiến nghị, yêu cầu khắc phục")
    deadline = models.DateField("thời hạn khắc phục")
    task = models.OneToOneField(
        Task,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="nhiệm vụ khắc phục",
    )
    status = models.CharField(
        "trạng thái", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    note = models.TextField("ý kiến kiểm tra việc khắc phục / lý do miễn", blank=True)
    decided_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField("ngày xác nhận", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "deadline", "pk"]
        verbose_name = "kiến nghị"
        verbose_name_plural = "kiến nghị"

    def __str__(self) -> str:
        return self.text[:80]


class DisciplineCase(models.Model):
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="từ cuộc kiểm tra",
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="tổ chức đảng xem xét"
    )
    subject_kind = models.CharField("đối tượng", max_length=20, choices=SubjectKind.choices)
    subject_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="tổ chức đảng (của) đối tượng",
    )
    subject_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="đảng viên",
    )
    subject_has_post = models.BooleanField("đối tượng có chức vụ", default=False)
    summary = models.TextField("nội dung vi phạm")
    status = models.CharField(
        "trạng thái", max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPENED
    )
    notice_text = models.TextField("nội dung thông báo cho đối tượng", blank=True)
    notice_on = models.DateField("ngày thông báo", null=True, blank=True)
    response_due = models.DateField("hạn kiểm điểm, giải trình", null=True, blank=True)
    response_text = models.TextField("bản kiểm điểm, giải trình của đối tượng", blank=True)
    response_on = models.DateField("ngày nhận kiểm điểm, giải trình", null=True, blank=True)
    meeting_on = models.DateField("ngày họp xem xét", null=True, blank=True)
    members_total = models.PositiveSmallIntegerField("số thành viên có quyền biểu quyết", default=0)
    votes_for = models.PositiveSmallIntegerField("số tán thành", default=0)
    votes_against = models.PositiveSmallIntegerField("số không tán thành", default=0)
    votes_abstain = models.PositiveSmallIntegerField("số không biểu quyết", default=0)
    proposed_form = models.ForeignKey(
        DisciplineForm,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="hình thức được biểu quyết",
    )
    form = models.ForeignKey(
        DisciplineForm,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="hình thức kỷ luật",
    )
    decision_number = models.CharField("số quyết định", max_length=40, blank=True)
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    effective_on = models.DateField("ngày có hiệu lực", null=True, blank=True)
    deciding_body = models.CharField("cơ quan quyết định", max_length=200, blank=True)
    has_authority = models.BooleanField("đúng thẩm quyền", default=False)
    authority_basis = models.CharField("căn cứ thẩm quyền", max_length=300, blank=True)
    appeal_due = models.DateField("hạn khiếu nại", null=True, blank=True)
    appeal_text = models.TextField("nội dung khiếu nại", blank=True)
    appeal_on = models.DateField("ngày nhận khiếu nại", null=True, blank=True)
    appeal_outcome = models.ForeignKey(
        AppealOutcome,
        to_field="code",
        db_column="appeal_outcome",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kết quả giải quyết khiếu nại",
    )
    appeal_decided_on = models.DateField("ngày giải quyết khiếu nại", null=True, blank=True)
    executed_on = models.DateField("ngày thi hành", null=True, blank=True)
    closing_note = models.TextField("ghi chú kết thúc", blank=True)
    created_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "vụ việc kỷ luật"
        verbose_name_plural = "vụ việc kỷ luật"

    def __str__(self) -> str:
        return f"Vụ việc kỷ luật #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("discipline_detail", args=[self.pk])

    @property
    def subject_label(self) -> str:
        if self.subject_person_id:
            return f"{self.subject_person} ({self.get_subject_kind_display().lower()})"
        return self.subject_unit.name


class DisciplineAccessLog(models.Model):
    """Who read a discipline case, and when (one row per read)."""

    case = models.ForeignKey(DisciplineCase, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(_USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    purpose = models.CharField("mục đích", max_length=40, default="xem")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "nhật ký truy cập vụ việc kỷ luật"
        verbose_name_plural = "nhật ký truy cập vụ việc kỷ luật"

    def __str__(self) -> str:
        return f"{self.user_id} {self.at:%d/%m/%Y %H:%M}"
