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
        from hub.panels import agenda, agenda_rules, briefing, cases, nrm_panel
        from hub.panels.access import MEETING_ROLES, register_policies
        from hub.panels.events import panel_events
        from hub.panels.home import added_outside_proposals_panel, meeting_changes_panel, my_meetings_panel
        from hub.panels.selectors import panel_figures

        register_policies()
        cases.register_case_section()
        nrm_panel.register_effects()
        chronology.register("panel", "Panel decisions and SEP monitoring", panel_events, after="action")
        register_nav(
            NavItem("Meetings", "panels:list", roles=frozenset(MEETING_ROLES)), after="screening:start"
        )
        register_home_panel("my-meetings", my_meetings_panel, roles=MEETING_ROLES, after="disruption-expiry")
        register_home_panel(
            "meeting-changes", meeting_changes_panel, roles=MEETING_ROLES, after="my-meetings"
        )
        register_home_panel(
            "agenda-additions",
            added_outside_proposals_panel,
            roles=[Role.HUB_COORDINATOR],
            after="meeting-changes",
            before="role-grants",
        )
        measures.register_figures("panels", panel_figures, after="screenings", before="missing")

        # A child's briefing, in the order it reads.
        briefing.register_child_section("level", briefing.level_sections)
        briefing.register_child_section("missing", briefing.missing_sections, after="level")
        briefing.register_child_section("interviews", briefing.interviews_sections, after="missing")
        briefing.register_child_section("sep", briefing.sep_sections, after="interviews")
        briefing.register_child_section("actions", briefing.actions_sections, after="sep")
        briefing.register_child_section("decisions", briefing.decisions_sections, after="actions")

        # What the Hub proposes for each type of meeting. Only MEP has several rules: what the hub
        # routed to it, then children at its levels, then repeat-missing alerts (a child proposed by
        # two rules is listed under the first).
        agenda.register_rule(
            "marmm-screening",
            agenda_rules.screened_for_marmm,
            meeting_types=("marmm",),
            labels={"marmm-screening": "Routed to MARMM by the hub's review"},
        )
        agenda.register_rule(
            "mep-screening",
            agenda_rules.screened_for_mep,
            meeting_types=("mep",),
            labels={"mep-screening": "Routed to MEP by the hub's review"},
        )
        agenda.register_rule(
            "mep-level",
            agenda_rules.at_mep_levels,
            meeting_types=("mep",),
            labels={"mep-level": "At groomed/targeted or exploited, not discussed lately"},
            after="mep-screening",
        )
        agenda.register_rule(
            "repeat-missing",
            agenda_rules.repeat_missing,
            meeting_types=("mep", "complex-strategy"),
            labels={"repeat-missing": "Repeat missing alerts"},
            after="mep-level",
        )
        agenda.register_rule(
            "sep",
            agenda_rules.monitored_by_sep,
            meeting_types=("sep",),
            labels={
                "sep-escalated": "Escalated to SEP since the last meeting",
                "sep-monitored": "Monitored by SEP",
            },
        )
        agenda.register_rule(
            "locality",
            agenda_rules.locality_schools,
            meeting_types=("locality-north", "locality-south"),
            labels={
                "locality-school": "Schools with concerns among their pupils",
                "locality-trends": "Trends",
            },
        )
        agenda.register_rule(
            "dci-risk",
            agenda_rules.police_priority,
            meeting_types=("dci-risk",),
            labels={"dci-high-risk-missing": "Police priority"},
        )
        agenda.register_rule(
            "nrm-panel",
            nrm_panel.decisions_due,
            meeting_types=(nrm_panel.NRM_PANEL,),
            labels=nrm_panel.LABELS,
        )
        agenda.register_rule(
            "youth-risk",
            agenda_rules.youth_violence,
            meeting_types=("youth-risk",),
            labels={"youth-risk": "Youth violence, gangs and county lines"},
        )
        agenda.register_rule(
            "cross-border",
            agenda_rules.placed_across_borders,
            meeting_types=("cross-border",),
            labels={"cross-border-missing": "Placed across borders"},
        )
