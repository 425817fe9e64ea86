from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hub.audit"
    label = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        from hub.accounts.roles import Role
        from hub.audit.home import break_glass_panel
        from hub.core.navigation import NavItem, register_home_panel, register_nav

        register_nav(NavItem("Access log", "audit:log", roles=frozenset({Role.AUDITOR}), order=800))
        register_home_panel("break-glass", break_glass_panel, roles=[Role.AUDITOR], order=10)
