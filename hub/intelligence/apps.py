from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "hub.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence"

    def ready(self) -> None:
        from hub.core.navigation import register_home_panel
        from hub.core.roles import INTELLIGENCE_ROLES
        from hub.intelligence.access import register_policies
        from hub.intelligence.home import disruption_expiry_panel

        register_policies()
        # Placed among each role's own work by the apps above: after the NRM clocks (nrm says
        # ``before``), before the meetings (panels says ``after``).
        register_home_panel("disruption-expiry", disruption_expiry_panel, roles=INTELLIGENCE_ROLES)
