"""People, their unit memberships over time, and role grants on unit subtrees."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.common.text import person_sort_key, strip_diacritics
from apps.org.models import Unit
from apps.people.enums import Gender


class PersonCategory(models.Model):
    """đảng viên, công chức, viên chức, người lao động: reference data.

    A person's categories are stored as a bit mask (`Person.category_mask`, one bit per
    category row) so that audiences ("party members or civil servants") filter in one
    indexed-column expression and bulk imports need no join table.
    """

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên", max_length=80)
    bit = models.PositiveSmallIntegerField("bit", unique=True)

    class Meta:
        ordering = ["bit"]
        verbose_name = "đối tượng"
        verbose_name_plural = "đối tượng"

    def __str__(self) -> str:
        return self.name

    @property
    def mask(self) -> int:
        return 1 << self.bit


# A person's own data, as officers edit it and rosters import it (unit changes are transfers).
PERSON_DATA_FIELDS = (
    "full_name",
    "gender",
    "birth_year",
    "category_mask",
    "position",
    "is_head",
    "phone",
    "email",
)


class Person(models.Model):
    code = models.CharField("mã cán bộ", max_length=40, unique=True)
    full_name = models.CharField("họ và tên", max_length=120)
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField("năm sinh")
    category_mask = models.PositiveIntegerField("đối tượng", default=0)
    position = models.CharField("chức vụ", max_length=200, blank=True)
    is_head = models.BooleanField("người đứng đầu", default=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name="đơn vị"
    )
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name="tài khoản",
    )
    search_text = models.CharField(max_length=200, editable=False, default="")
    sort_key = models.CharField(max_length=250, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key"])

    class Meta:
        verbose_name = "cán bộ, đảng viên"
        verbose_name_plural = "cán bộ, đảng viên"
        indexes = [
            models.Index(fields=["unit", "sort_key"], name="people_unit_sort"),
            models.Index(fields=["sort_key"], name="people_sort"),
            models.Index(fields=["search_text"], name="people_search"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("person_detail", args=[self.pk])

    def refresh_computed(self) -> None:
        self.search_text = strip_diacritics(f"{self.full_name} {self.code}")[:200]
        self.sort_key = person_sort_key(self.full_name)


class Membership(models.Model):
    """A person's membership of a unit over a period; the current one has `end` null."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    reason = models.CharField("lý do", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start"]
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        indexes = [models.Index(fields=["unit", "start", "end"], name="membership_unit_dates")]

    def __str__(self) -> str:
        return f"{self.person} – {self.unit} ({self.start}–{self.end or '…'})"

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)
