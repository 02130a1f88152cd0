from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "apps.exports"
    verbose_name = "Xuất văn bản, bảng biểu"
