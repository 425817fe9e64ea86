from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "hub.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from hub.core.navigation import NavItem, register_nav

        register_nav(NavItem("Reference data", "reference:index"))
