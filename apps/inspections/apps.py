from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "apps.inspections"
    verbose_name = "Kiểm tra, giám sát, kỷ luật"

    def ready(self) -> None:
        from apps.inspections import registry

        registry.register_all()
