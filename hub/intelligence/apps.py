from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "hub.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"

    def ready(self) -> None:
        from hub.children import record_tabs
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import CASE_ROLES, INTELLIGENCE_ROLES
        from hub.intelligence.access import register_policies
        from hub.intelligence.emerging import EMERGING_ROLES
        from hub.intelligence.home import (
            disruption_expiry_panel,
            emerging_contexts_panel,
            my_operations_panel,
        )

        register_policies()
        # After the plans (plans says ``before``), before the actions: an app names only keys of its
        # own or of the apps below it.
        register_nav(
            NavItem("Intelligence", "intelligence:index", roles=INTELLIGENCE_ROLES), before="actions:mine"
        )
        # Placed last by the app above it (plans says ``before="intelligence"``), since an app
        # names only keys of its own or of the apps below it.
        record_tabs.register(record_tabs.RecordTab("intelligence", "Intelligence", "intelligence:child"))
        register_home_panel(
            "emerging-contexts", emerging_contexts_panel, roles=EMERGING_ROLES, after="linkage-queue"
        )
        # Placed among each role's own work by the apps above: after the NRM clocks (nrm says
        # ``before``), before the meetings (panels says ``after``).
        register_home_panel("disruption-expiry", disruption_expiry_panel, roles=INTELLIGENCE_ROLES)
        # After the disruption orders: members of an operation outside the intelligence roles (a social
        # worker) reach it from here.
        register_home_panel("my-operations", my_operations_panel, roles=CASE_ROLES, after="disruption-expiry")
