from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "hub.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"

    def ready(self) -> None:
        from hub.intelligence.access import register_policies

        register_policies()
