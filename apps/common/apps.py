from django import forms
from django.apps import AppConfig
from django.db.models.signals import post_migrate

from apps.common.validators import ProhibitControlCharacters


class CommonConfig(AppConfig):
    name = "apps.common"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        # One rule for every form of every app (issue 16, "text hygiene at the edge"): a text
        # field refuses control characters, naming them, beside the field. Added to the class
        # default so that forms written later get it without having to remember it.
        validator = ProhibitControlCharacters()
        if validator not in forms.CharField.default_validators:
            forms.CharField.default_validators = [
                *forms.CharField.default_validators,
                validator,
            ]

        from simple_history.signals import post_create_historical_record

        from apps.common import ledger

        post_create_historical_record.connect(ledger.on_history_created, dispatch_uid="ledger")
        ledger.wrap_bulk_history_create()
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="ledger-migrate")


def _after_migrate(using: str = "default", **kwargs: object) -> None:
    from apps.common import ledger

    ledger.install_append_only_triggers(using=using)
    ledger.adopt_existing(using=using)
