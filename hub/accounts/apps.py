from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hub.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        # Imported for what importing does: registers the system checks and the sign-in audit receivers.
        from hub.accounts import checks, signals  # noqa: F401
        from hub.accounts.demo import load_people
        from hub.accounts.home import account_panel, administration_panel, role_work_panels
        from hub.accounts.roles import Role
        from hub.core import demo
        from hub.core.navigation import NavItem, register_home_panel, register_nav

        register_nav(NavItem("Home", "core:home", order=0))
        register_home_panel("account", account_panel, order=1000)
        register_home_panel("administration", administration_panel, roles=[Role.ADMINISTRATOR], order=10)
        register_nav(
            NavItem("Administration", "admin:index", roles=frozenset({Role.ADMINISTRATOR}), order=950)
        )
        for key, panel in role_work_panels().items():
            register_home_panel(key, panel.builder, roles=panel.roles, order=panel.order)
        demo.register("people", load_people, order=10)
