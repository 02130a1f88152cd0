from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "apps.access"
    verbose_name = "Phân quyền"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from apps.access import signals

        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(signals.update_last_login_quietly, dispatch_uid="last_login_quiet")
