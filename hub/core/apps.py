from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"
    verbose_name = "Hub"

    def ready(self) -> None:
        from django.core.checks import register

        from hub.core.checks import registries_ordered

        register(registries_ordered)
