from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "hub.children"
    label = "children"
    verbose_name = "Children"

    def ready(self) -> None:
        from hub.children import chronology
        from hub.children.access import register_policies
        from hub.children.events import level_events, record_events
        from hub.children.home import my_children_panel, records_to_link_panel
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import CASE_ROLES, HUB_STAFF_ROLES, Role

        register_policies()
        chronology.register("record", "Record changes", record_events)
        chronology.register("level", "Levels of concern", level_events, after="record")
        register_nav(
            NavItem(
                "Children",
                "children:search",
                roles=CASE_ROLES,
            )
        )
        register_home_panel("my-children", my_children_panel, roles=[Role.PRACTITIONER], after="profile")
        register_home_panel(
            "linkage-queue",
            records_to_link_panel,
            roles=HUB_STAFF_ROLES,
            after="my-children",
        )
