from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.db import models


class PlansConfig(AppConfig):
    name = "apps.plans"
    verbose_name = "Kế hoạch, nhiệm vụ, báo cáo"

    def ready(self) -> None:
        from apps.common import ledger

        ledger.register_unit_resolver("plans.reportsection", _report_paths)


def _report_paths(rows: Sequence[models.Model]) -> list[str]:
    """Audit ledger: a report's narrative belongs to the report's unit."""
    from apps.plans.models import Report

    ids = {getattr(row, "report_id", None) for row in rows} - {None}
    paths: dict[Any, str] = dict(Report.objects.filter(pk__in=ids).values_list("pk", "unit__path"))
    return [paths.get(getattr(row, "report_id", None)) or "" for row in rows]
