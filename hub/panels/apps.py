from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "hub.panels"
    label = "panels"
    verbose_name = "Multi-agency panels"

    def ready(self) -> None:
        from hub.children import chronology
        from hub.core import measures
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import Role
        from hub.panels.access import MEETING_ROLES, register_policies
        from hub.panels.events import panel_events
        from hub.panels.home import added_outside_proposals_panel, meeting_changes_panel, my_meetings_panel
        from hub.panels.selectors import panel_figures

        register_policies()
        chronology.register("panel", "Panel decisions and SEP monitoring", panel_events)
        register_nav(NavItem("Meetings", "panels:list", roles=frozenset(MEETING_ROLES), order=30))
        register_home_panel("my-meetings", my_meetings_panel, roles=MEETING_ROLES, order=40)
        register_home_panel(
            "agenda-additions", added_outside_proposals_panel, roles=[Role.HUB_COORDINATOR], order=45
        )
        measures.register_figures("panels", panel_figures, order=20)
        register_home_panel("meeting-changes", meeting_changes_panel, roles=MEETING_ROLES, order=41)
