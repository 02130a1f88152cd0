from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "apps.evaluations"
    verbose_name = "Đánh giá, xếp loại chất lượng"

    def ready(self) -> None:
        from apps.common import facts, plugins
        from apps.evaluations import selectors

        facts.register("rating", selectors.rating_facts)
        plugins.register_menu(
            plugins.MenuEntry("Đánh giá, xếp loại", "evaluation_periods", "evaluation.view", 60)
        )
        plugins.register_work(selectors.work_items)
