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

        # Home first; the administrator's items last, after the access log and reference data.
        register_nav(NavItem("Home", "core:home"))
        register_nav(
            NavItem("Role requests", "accounts:role_requests", roles=frozenset({Role.ADMINISTRATOR})),
            after="audit:log",
            before="reference:index",
        )
        register_nav(
            NavItem("Administration", "admin:index", roles=frozenset({Role.ADMINISTRATOR})),
            after="reference:index",
        )
        # The administrator's queue first, the partnership lead's figures after everyone's actions, the
        # coordinator's role grants after all the case work, and the reader's own account last.
        register_home_panel("role-requests", role_requests_panel, roles=[Role.ADMINISTRATOR])
        register_home_panel(
            "administration",
            administration_panel,
            roles=[Role.ADMINISTRATOR],
            after="role-requests",
            before="break-glass",
        )
        register_home_panel("profile", outcome_measures_panel, roles=[Role.PARTNERSHIP_LEAD])
        register_home_panel("role-grants", role_grants_panel, roles=[Role.HUB_COORDINATOR])
        register_home_panel("account", account_panel, after="role-grants")
