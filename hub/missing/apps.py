from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "hub.missing"
    label = "missing"
    verbose_name = "Missing episodes and return interviews"

    def ready(self) -> None:
        from hub.missing.access import register_policies

        register_policies()
