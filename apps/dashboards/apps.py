from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "apps.dashboards"
    verbose_name = "Bảng điều khiển"

    def ready(self) -> None:
        from apps.common import plugins
        from apps.dashboards import home

        plugins.register_work(home.rollout_work)
