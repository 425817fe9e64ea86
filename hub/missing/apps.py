from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "hub.missing"
    label = "missing"
    verbose_name = "Missing episodes and return interviews"

    def ready(self) -> None:
        from django.urls import reverse

        from hub.children import chronology, record_tabs
        from hub.core import measures
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.core.roles import MISSING_LIST_ROLES, Role
        from hub.intelligence import mentions
        from hub.missing.access import REPORT_ROLES, register_policies
        from hub.missing.events import missing_events
        from hub.missing.home import (
            missing_now_panel,
            my_interviews_panel,
            repeat_missing_panel,
            to_allocate_panel,
        )
        from hub.missing.mentions import episode_mentions, interview_mentions
        from hub.missing.selectors import missing_figures

        register_policies()
        mentions.register("missing-episodes", episode_mentions)
        mentions.register("return-interviews", interview_mentions, after="missing-episodes")
        record_tabs.register(record_tabs.RecordTab("missing", "Missing", "missing:child_summary"))
        record_tabs.register_action(
            record_tabs.RecordAction(
                "report-missing",
                "Report {first_name} missing",
                lambda child: f"{reverse('missing:report')}?child={child.pk}",
                roles=REPORT_ROLES,
            )
        )
        chronology.register(
            "missing",
            "Missing episodes and return interviews",
            missing_events,
            after="screening",
            before="action",
        )
        register_nav(
            NavItem(
                "Missing",
                "missing:list",
                roles=MISSING_LIST_ROLES,
            ),
            after="children:search",
        )
        register_nav(
            NavItem(
                "Return interviews",
                "missing:interviews",
                roles=frozenset({Role.RETURN_INTERVIEWER}),
            ),
            after="missing:list",
            before="screening:start",
        )
        register_home_panel(
            "my-interviews", my_interviews_panel, roles=[Role.RETURN_INTERVIEWER], after="screening-review"
        )
        register_home_panel(
            "missing-now",
            missing_now_panel,
            roles=[Role.POLICE_OFFICER, Role.HUB_COORDINATOR],
            after="my-interviews",
            before="my-referrals",
        )
        register_home_panel(
            "rfmi-allocation", to_allocate_panel, roles=[Role.HUB_COORDINATOR], after="my-referrals"
        )
        register_home_panel(
            "repeat-missing", repeat_missing_panel, roles=[Role.HUB_COORDINATOR], after="rfmi-allocation"
        )
        measures.register_figures("missing", missing_figures, after="screenings")
