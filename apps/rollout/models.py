"""Rollouts of a directive to a subtree, sessions, attendance, study and progress counters.

Progress is read from `RolloutUnitStat`: one row per (rollout, unit) holding the counts of the
participants whose *current* unit is that unit. Subtree totals are one GROUP BY over those rows
by path prefix would cost O(subtree); the dashboards read `RolloutSubtreeStat` instead, the
maintained totals of each unit's subtree (ADR 0004), so a page costs O(children). Every write that
changes a participant recomputes the stats of the units it touched inside the same transaction,
after locking those stat rows, and adds the differences to the subtree totals of those units and
their ancestors (`rollout.services.rollups`); a move of a unit carries its subtree totals from its
old ancestors to its new ones.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.directives.models import Directive
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.enums import AttendanceStatus, SessionMode, StudyKind


class Rollout(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="rollouts")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="rollouts", verbose_name="phạm vi"
    )
    title = models.CharField("tên đợt triển khai", max_length=300)
    audience_all = models.BooleanField("toàn bộ cán bộ, đảng viên, người lao động", default=True)
    audience_mask = models.PositiveIntegerField("đối tượng", default=0)
    audience_heads = models.BooleanField("người đứng đầu", default=False)
    starts_on = models.DateField("bắt đầu")
    dissemination_due = models.DateField("hạn hoàn thành quán triệt")
    plan_due = models.DateField("hạn nộp kế hoạch thực hiện")
    requires_commitment = models.BooleanField("yêu cầu ký bản cam kết", default=True)
    quiz_pass_percent = models.PositiveSmallIntegerField("điểm đạt (%)", default=70)
    quiz_max_attempts = models.PositiveSmallIntegerField("số lần làm bài tối đa", default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = "đợt triển khai"
        verbose_name_plural = "đợt triển khai"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("rollout_progress", args=[self.pk])


class UnitDeadline(models.Model):
    """A level's own (earlier) deadlines for its subtree; never later than its parent's."""

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="unit_deadlines")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    dissemination_due = models.DateField("hạn hoàn thành quán triệt")
    plan_due = models.DateField("hạn nộp kế hoạch")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    set_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thời hạn của cấp"
        verbose_name_plural = "thời hạn của cấp"
        constraints = [
            models.UniqueConstraint(fields=["rollout", "unit"], name="unit_deadline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.dissemination_due}"


class Participant(models.Model):
    """One person who must be reached by a rollout (the denominator is these rows)."""

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField("ngày vào danh sách")
    exempt = models.BooleanField("miễn", default=False)
    exempt_reason = models.CharField("lý do miễn", max_length=300, blank=True)
    attended = models.BooleanField("đã dự hội nghị", default=False)
    makeup_passed = models.BooleanField("đã học bù đạt", default=False)
    commitment_signed = models.BooleanField("đã ký cam kết", default=False)
    read_at = models.DateTimeField("đã đọc toàn văn lúc", null=True, blank=True)
    done = models.BooleanField("hoàn thành", default=False)
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "người phải quán triệt"
        verbose_name_plural = "người phải quán triệt"
        constraints = [
            models.UniqueConstraint(fields=["rollout", "person"], name="participant_unique")
        ]
        indexes = [
            models.Index(fields=["rollout", "unit", "done"], name="participant_unit_done"),
            models.Index(fields=["rollout", "done_at"], name="participant_done_at"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.rollout}"


class RolloutUnitStat(models.Model):
    """Maintained counts of a rollout's participants whose current unit is `unit`."""

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="stats")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    people = models.PositiveIntegerField(default=0)
    exempt = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField(default=0)
    makeup = models.PositiveIntegerField(default=0)
    committed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rollout", "unit"], name="rollout_stat_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rollout_id}/{self.unit_id}: {self.done}/{self.people}"


class RolloutSubtreeStat(models.Model):
    """Maintained counts of a rollout's participants in `unit`'s whole subtree (ADR 0004).

    One unit's figures are the sum of its `SHARDS` rows: a change at unit L lands in shard
    `L.pk % SHARDS` of L and of every ancestor of L, so concurrent marking in different units
    rarely waits on the same row at the root. Signed, so a transient negative shard is no error.
    """

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="subtree_stats")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    shard = models.PositiveSmallIntegerField(default=0)
    people = models.IntegerField(default=0)
    exempt = models.IntegerField(default=0)
    done = models.IntegerField(default=0)
    attended = models.IntegerField(default=0)
    makeup = models.IntegerField(default=0)
    committed = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rollout", "unit", "shard"], name="rollout_subtree_stat_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rollout_id}/{self.unit_id}#{self.shard}: {self.done}/{self.people}"


class Session(models.Model):
    rollout = models.ForeignKey(Rollout, on_delete=models.PROTECT, related_name="sessions")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị tổ chức"
    )
    title = models.CharField("tên hội nghị", max_length=300)
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc")
    place = models.CharField("địa điểm", max_length=300)
    mode = models.CharField("hình thức", max_length=10, choices=SessionMode.choices)
    chair = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="chủ trì"
    )
    checkin_code = models.CharField("mã điểm danh", max_length=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "hội nghị quán triệt"
        verbose_name_plural = "hội nghị quán triệt"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("session_detail", args=[self.pk])


class ConnectionPoint(models.Model):
    """An điểm cầu: a unit joining the session from its own place, with its own list."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    place = models.CharField("địa điểm điểm cầu", max_length=300)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = "điểm cầu"
        verbose_name_plural = "điểm cầu"
        constraints = [models.UniqueConstraint(fields=["session", "unit"], name="point_unique")]

    def __str__(self) -> str:
        return f"{self.unit} – {self.place}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    point = models.ForeignKey(ConnectionPoint, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )
    status = models.CharField("điểm danh", max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField("lý do vắng", max_length=300, blank=True)
    self_checkin = models.BooleanField("tự điểm danh", default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    marked_at = models.DateTimeField("thời điểm điểm danh")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "điểm danh"
        verbose_name_plural = "điểm danh"
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.participant.person} – {self.get_status_display()}"


class SessionReach(models.Model):
    """A session reaches `unit`'s subtree through `points` of its connection points there
    (maintained with the points and with moves of units; ADR 0004)."""

    rollout = models.ForeignKey(Rollout, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    points = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rollout", "unit", "session"], name="session_reach_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id} → {self.unit_id}: {self.points}"


class StudyRecord(models.Model):
    """Self-study and make-up: reading the text, quiz attempts, the signed commitment."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="study_records"
    )
    kind = models.CharField("loại", max_length=12, choices=StudyKind.choices)
    created_at = models.DateTimeField("thời điểm")
    score = models.PositiveSmallIntegerField("điểm (%)", null=True, blank=True)
    passed = models.BooleanField("đạt", null=True, blank=True)
    answers = models.JSONField("trả lời", default=dict, blank=True)
    criteria = models.JSONField("các điều đã cam kết", default=list, blank=True)

    class Meta:
        ordering = ["participant", "created_at"]
        verbose_name = "học tập, cam kết"
        verbose_name_plural = "học tập, cam kết"
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(kind="commitment"),
                name="one_commitment_per_participant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} – {self.get_kind_display()}"
