from collections.abc import Sequence

from django.apps import AppConfig
from django.db import models


class OrgConfig(AppConfig):
    name = "apps.org"
    verbose_name = "Tổ chức"

    def ready(self) -> None:
        from apps.common import ledger

        ledger.register_unit_resolver("org.unit", _unit_history_paths)
        ledger.register_unit_resolver(None, unit_paths_of_rows)


def _unit_history_paths(rows: Sequence[models.Model]) -> list[str]:
    return [getattr(row, "path", "") or "" for row in rows]


def unit_paths_of_rows(rows: Sequence[models.Model], attr: str = "unit_id") -> list[str]:
    """Audit ledger: the unit path of history rows that carry `unit_id` (one query)."""
    from apps.org.models import Unit

    ids = {getattr(row, attr, None) for row in rows} - {None}
    paths = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "path")) if ids else {}
    return [paths.get(getattr(row, attr, None), "") for row in rows]
