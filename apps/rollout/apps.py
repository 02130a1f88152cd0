from django.apps import AppConfig


class RolloutConfig(AppConfig):
    name = "apps.rollout"
    verbose_name = "Triển khai, quán triệt"

    def ready(self) -> None:
        from apps.directives import hooks as directive_hooks
        from apps.org import hooks as org_hooks
        from apps.people import hooks as people_hooks
        from apps.rollout import selectors
        from apps.rollout.services import participants, rollups, study

        org_hooks.register_unit_moved(rollups.follow_move)
        people_hooks.register_people_moved(participants.participants_follow_people)
        directive_hooks.register_visibility(selectors.directives_rolled_out_to)
        directive_hooks.register_content_guard(study.directive_content_guard)
        directive_hooks.register_rollouts_of(selectors.rollouts_of_directive)
