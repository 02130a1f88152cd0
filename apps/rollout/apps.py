from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "apps.rollout"
    verbose_name = "Triển khai, quán triệt"

    def ready(self) -> None:
        from apps.people import hooks
        from apps.rollout.services import participants

        hooks.register_people_moved(participants.participants_follow_people)
