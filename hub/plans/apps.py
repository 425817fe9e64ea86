from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "hub.plans"
    label = "plans"
    verbose_name = "Plans and plan audits"

    def ready(self) -> None:
        from django.apps import apps
        from django.urls import reverse

        from hub.children import chronology, record_tabs
        from hub.core import measures
        from hub.core.navigation import NavItem, register_home_panel, register_nav
        from hub.plans import cases, contexts
        from hub.plans.access import AUDIT_ROLES, LIST_ROLES, START_ROLES, register_policies
        from hub.plans.events import plan_events
        from hub.plans.home import plans_review_panel
        from hub.plans.selectors import coverage_figures

        register_policies()
        contexts.register_school()
        contexts.register_cases()
        cases.register_case_section()
        record_tabs.register(
            record_tabs.RecordTab("plans", "Plans", "plans:child_plans"), after="nrm", before="intelligence"
        )
        record_tabs.register_action(
            record_tabs.RecordAction(
                "start-plan",
                "Start a plan for {first_name}",
                lambda child: reverse("plans:start", args=[child.pk]),
                roles=START_ROLES,
            ),
            after="refer-nrm",
        )
        chronology.register("plan", "Plans", plan_events, after="action", before="panel")
        register_nav(
            NavItem("Plans", "plans:list", roles=LIST_ROLES | AUDIT_ROLES),
            after="panels:list",
            before="intelligence:index",
        )
        register_home_panel(
            "plans-review", plans_review_panel, roles=START_ROLES, after="my-interviews", before="missing-now"
        )
        measures.register_figures("plan-coverage", coverage_figures, after="missing")
        if apps.is_installed("hub.panels"):
            # The plans app sits above panels: it adds to a meeting what panels cannot know about.
            from hub.panels import agenda, effects
            from hub.panels.briefing import register_child_section
            from hub.panels.models import DecisionKind
            from hub.plans import meetings
            from hub.plans.briefing import plan_sections

            # The plan's part of a child's briefing at a panel meeting, after SEP monitoring.
            register_child_section("plan", plan_sections, after="sep", before="actions")
            # MEP reviews the plans falling due; a child also at the MEP levels is listed under that
            # reason first, one with a repeat-missing alert too under this one.
            agenda.register_rule(
                meetings.RULE_CODE,
                meetings.plans_due,
                meeting_types=("mep",),
                labels={meetings.RULE_CODE: meetings.RULE_LABEL},
                after="mep-level",
                before="repeat-missing",
            )
            # A "start a plan" decision starts the child's plan, in the decision's transaction.
            effects.register("start-plan", DecisionKind.PLAN_START, meetings.start_plan)
