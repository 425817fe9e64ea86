from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hub.accounts"
    label = "accounts"
    verbose_name = "People and access"

    def ready(self) -> None:
        # Imported for what importing does: registers the sign-in audit receivers.
        from hub.accounts import signals  # noqa: F401
        from hub.accounts.home import (
            account_panel,
            administration_panel,
            outcome_measures_panel,
            role_grants_panel,
            role_requests_panel,
        )
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import Role

        register_nav(NavItem("Home", "core:home", order=0))
        register_nav(
            NavItem(
                "Role requests", "accounts:role_requests", roles=frozenset({Role.ADMINISTRATOR}), order=850
            )
        )
        register_home_panel("account", account_panel, order=1000)
        register_home_panel("profile", outcome_measures_panel, roles=[Role.PARTNERSHIP_LEAD], order=20)
        register_home_panel("role-requests", role_requests_panel, roles=[Role.ADMINISTRATOR], order=10)
        register_home_panel("role-grants", role_grants_panel, roles=[Role.HUB_COORDINATOR], order=90)
        register_home_panel("administration", administration_panel, roles=[Role.ADMINISTRATOR], order=10)
        register_nav(
            NavItem("Administration", "admin:index", roles=frozenset({Role.ADMINISTRATOR}), order=950)
        )
