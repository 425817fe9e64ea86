from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "hub.actions"
    label = "actions"
    verbose_name = "Actions"

    def ready(self) -> None:
        from hub.actions.access import register_policies
        from hub.actions.events import action_events
        from hub.actions.home import my_actions_panel
        from hub.children import chronology
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import Role

        register_policies()
        chronology.register("action", "Actions", action_events, after="level")
        workers = frozenset(
            {
                Role.HUB_COORDINATOR,
                Role.HUB_ANALYST,
                Role.PRACTITIONER,
                Role.RETURN_INTERVIEWER,
                Role.POLICE_OFFICER,
                Role.PANEL_CHAIR,
                Role.SCHOOL_LEAD,
            }
        )
        register_nav(NavItem("Actions", "actions:mine", roles=workers), before="audit:log")
        register_home_panel(
            "my-actions", my_actions_panel, roles=workers, after="break-glass", before="profile"
        )
