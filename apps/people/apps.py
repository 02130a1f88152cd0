from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "apps.people"
    verbose_name = "Cán bộ, đảng viên"

    def ready(self) -> None:
        from apps.org import hooks
        from apps.people import selectors, services

        hooks.register_subtree_counter("people", selectors.people_per_subtree)
        hooks.register_members_on(selectors.unit_members_on)
        hooks.register_unit_merged(services.people_follow_merged_unit)
