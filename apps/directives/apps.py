from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "apps.directives"
    verbose_name = "Chỉ thị, nghị quyết"
