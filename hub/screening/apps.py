from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "hub.screening"
    label = "screening"
    verbose_name = "Screening and review"

    def ready(self) -> None:
        from hub.children import chronology
        from hub.core import measures
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import HUB_STAFF_ROLES, REFERRER_ROLES
        from hub.screening.access import register_policies
        from hub.screening.events import screening_events
        from hub.screening.home import my_referrals_panel, review_queue_panel
        from hub.screening.selectors import screening_figures

        register_policies()
        chronology.register(
            "screening", "Screenings and reviews", screening_events, after="level", before="action"
        )
        register_nav(
            NavItem(
                "Review queue",
                "screening:queue",
                roles=HUB_STAFF_ROLES,
            ),
            after="core:home",
            before="children:search",
        )
        register_nav(
            NavItem("Refer a concern", "screening:start", roles=REFERRER_ROLES), after="screening:queue"
        )
        register_home_panel(
            "screening-review",
            review_queue_panel,
            roles=HUB_STAFF_ROLES,
            after="emerging-contexts",
        )
        register_home_panel(
            "my-referrals",
            my_referrals_panel,
            roles=REFERRER_ROLES - HUB_STAFF_ROLES,
            after="screening-review",
        )
        measures.register_figures("screenings", screening_figures)
