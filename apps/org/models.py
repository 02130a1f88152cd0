"""The organisation tree.

Choice of tree: django-treebeard's materialised path (MP_Node). A subtree is one
`path LIKE 'prefix%'` filter, ancestors are the prefixes of a path, and figures per child are
one `GROUP BY substr(path, 1, n)`: nothing walks the tree in Python or recurses per request.

Measured with `benchmarks/tree_queries.py` (5,000 units, 150,000 people, median of 50):
people in one commune's subtree 0.6 ms on SQLite / 18.7 ms on PostgreSQL by path prefix,
against 0.08 ms / 17.8 ms for a recursive CTE over parent links (what an adjacency-list library
such as django-tree-queries runs). A single subtree costs about the same either way; the path
wins where it matters here: people per child of the root in ONE grouped query (50 ms / 52 ms),
which a CTE can only do by recursing once per child, and scopes made of several grants are an
OR of prefixes usable in any ORM filter. On PostgreSQL the LIKE prefix uses the
`varchar_pattern_ops` index added below (ignored on SQLite).
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from apps.common.text import collation_key, strip_diacritics
from apps.org.enums import UnitEventKind


class UnitKind(models.Model):
    """Kind of unit (đảng bộ tỉnh, đảng bộ xã, chi bộ…): reference data, not code."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên loại", max_length=120)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "loại tổ chức"
        verbose_name_plural = "loại tổ chức"

    def __str__(self) -> str:
        return self.name


class Unit(MP_Node):
    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, verbose_name="loại")
    valid_from = models.DateField("hiệu lực từ", default=datetime.date(2025, 7, 1))
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "numchild"])

    node_order_by: list[str] = []

    class Meta:
        verbose_name = "tổ chức, đơn vị"
        verbose_name_plural = "tổ chức, đơn vị"
        indexes = [
            models.Index(
                fields=["path"], name="org_unit_path_prefix", opclasses=["varchar_pattern_ops"]
            ),
            # A unit's children (depth + 1 under its path) without reading its whole subtree:
            # the dashboards at the root list 34 children, not 137,000 descendants (ADR 0004).
            models.Index(
                fields=["depth", "path"],
                name="org_unit_depth_path",
                opclasses=["int4_ops", "varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    def get_absolute_url(self) -> str:
        return reverse("unit_detail", args=[self.pk])

    def refresh_computed(self) -> None:
        self.search_text = strip_diacritics(f"{self.name} {self.code}")[:255]
        self.sort_key = collation_key(self.name)[:600]


class UnitEvent(models.Model):
    """A reorganisation step kept for history: who moved, merged or closed what, when."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("loại thay đổi", max_length=10, choices=UnitEventKind.choices)
    date = models.DateField("ngày hiệu lực")
    old_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    new_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("ghi chú", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = "sự kiện tổ chức"
        verbose_name_plural = "sự kiện tổ chức"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit} {self.date}"
