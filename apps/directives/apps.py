from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.db import models


class DirectivesConfig(AppConfig):
    name = "apps.directives"
    verbose_name = "Chỉ thị, nghị quyết"

    def ready(self) -> None:
        from apps.common import ledger
        from apps.org.apps import unit_paths_of_rows

        ledger.register_unit_resolver(
            "directives.directive", lambda rows: unit_paths_of_rows(rows, "issuer_id")
        )
        for name in ("keytask", "conductcriterion", "directivedeadline", "quizquestion"):
            ledger.register_unit_resolver(f"directives.{name}", _issuer_paths)
        ledger.register_unit_resolver("directives.quizchoice", _choice_issuer_paths)


def _issuer_paths(rows: Sequence[models.Model]) -> list[str]:
    """Audit ledger: a directive's contents belong to its issuing unit."""
    from apps.directives.models import Directive

    ids = {getattr(row, "directive_id", None) for row in rows} - {None}
    paths: dict[Any, str] = dict(
        Directive.objects.filter(pk__in=ids).values_list("pk", "issuer__path")
    )
    return [paths.get(getattr(row, "directive_id", None)) or "" for row in rows]


def _choice_issuer_paths(rows: Sequence[models.Model]) -> list[str]:
    from apps.directives.models import QuizQuestion

    ids = {getattr(row, "question_id", None) for row in rows} - {None}
    paths: dict[Any, str] = dict(
        QuizQuestion.objects.filter(pk__in=ids).values_list("pk", "directive__issuer__path")
    )
    return [paths.get(getattr(row, "question_id", None)) or "" for row in rows]
