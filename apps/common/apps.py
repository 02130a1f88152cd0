from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommonConfig(AppConfig):
    name = "apps.common"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        from simple_history.signals import post_create_historical_record

        from apps.common import ledger

        post_create_historical_record.connect(ledger.on_history_created, dispatch_uid="ledger")
        ledger.wrap_bulk_history_create()
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="ledger-migrate")


def _after_migrate(using: str = "default", **kwargs: object) -> None:
    from apps.common import ledger

    ledger.install_append_only_triggers(using=using)
    ledger.adopt_existing(using=using)
