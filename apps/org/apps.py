from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "apps.org"
    verbose_name = "Tổ chức"
