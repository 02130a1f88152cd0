from django.apps import AppConfig


class FrameConfig(AppConfig):
    name = "apps.frame"
    verbose_name = "Khung trang"
