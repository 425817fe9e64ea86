from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "hub.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        from hub.core import demo
        from hub.core.navigation import NavItem, register_nav
        from hub.reference.demo import load_schools

        register_nav(NavItem("Reference data", "reference:index"))
        demo.register("schools", load_schools)
