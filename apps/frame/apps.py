from django.apps import AppConfig


class FrameConfig(AppConfig):
    name = "apps.frame"
    verbose_name = "Khung trang"

    def ready(self) -> None:
        from apps.common.plugins import MenuEntry, register_menu

        register_menu(MenuEntry("Nhật ký", "audit_log", "audit.view", order=900))
