from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "apps.feedback"
    label = "feedback"
    verbose_name = "Phản ánh, kiến nghị"

    def ready(self) -> None:
        from apps.common import facts, plugins
        from apps.feedback.facts import feedback_facts
        from apps.feedback.work import feedback_work

        facts.register("feedback", feedback_facts)
        plugins.register_menu(
            plugins.MenuEntry("Phản ánh, kiến nghị", "feedback_list", "feedback.view", order=60)
        )
        plugins.register_menu(
            plugins.MenuEntry(
                "Giải trình phản ánh", "feedback_explain_list", "feedback.explain", 61
            )
        )
        plugins.register_work(feedback_work)
