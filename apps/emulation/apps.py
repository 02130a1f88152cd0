from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "apps.emulation"
    verbose_name = "Thi đua, khen thưởng"

    def ready(self) -> None:
        from apps.common import facts, plugins
        from apps.emulation import providers

        facts.register("commendation", providers.commendation_facts)
        facts.register("praise", providers.praise_facts)
        plugins.register_menu(
            plugins.MenuEntry(
                label="Thi đua, khen thưởng",
                url_name="movement_list",
                action="emulation.view",
                order=60,
            )
        )
        plugins.register_work(providers.work_items)
