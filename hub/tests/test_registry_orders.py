"""What each app registers, and in what order: the orders people see (the navigation, the home page's
panels, the child's tabs and chronology, a briefing's sections, the agenda's reasons, the outcome
measures), pinned, so a new registration that moves one is a visible decision."""

from __future__ import annotations

from hub.accounts import access
from hub.children import chronology, record_tabs
from hub.core import measures, navigation, scheduler
from hub.core.registry import registries
from hub.intelligence import contexts as case_contexts
from hub.panels import agenda, agenda_rules, briefing, effects
from hub.panels.models import NRM_DECISIONS, DecisionKind
from hub.plans import contexts
from hub.plans.meetings import plans_due, start_plan


def test_every_registry_resolves():
    for registry in registries():
        assert registry.order(), registry.name


def test_the_navigation_in_order():
    assert navigation.NAV.order() == [
        "core:home",
        "screening:queue",
        "children:search",
        "missing:list",
        "missing:interviews",
        "screening:start",
        "panels:list",
        "plans:list",
        "intelligence:index",
        "actions:mine",
        "audit:log",
        "accounts:role_requests",
        "reference:index",
        "admin:index",
    ]


def test_the_home_panels_in_order():
    assert navigation.HOME_PANELS.order() == [
        "role-requests",
        "administration",
        "break-glass",
        "my-actions",
        "profile",
        "my-children",
        "linkage-queue",
        "emerging-contexts",
        "screening-review",
        "my-interviews",
        "plans-review",
        "missing-now",
        "my-referrals",
        "rfmi-allocation",
        "repeat-missing",
        "nrm-clocks",
        "disruption-expiry",
        "my-meetings",
        "meeting-changes",
        "agenda-additions",
        "my-operations",
        "role-grants",
        "account",
    ]


def test_the_childs_record_tabs_actions_and_chronology_in_order():
    assert [tab.key for tab in record_tabs.tabs()] == ["missing", "nrm", "plans", "intelligence"]
    assert record_tabs.ACTIONS.order() == ["report-missing", "refer-nrm", "start-plan"]
    assert chronology.PROVIDERS.order() == [
        "record",
        "level",
        "screening",
        "missing",
        "nrm",
        "action",
        "plan",
        "panel",
    ]
    # The filter lists the kinds by their labels.
    assert list(chronology.kinds()) == [
        "action",
        "level",
        "missing",
        "nrm",
        "panel",
        "plan",
        "record",
        "screening",
    ]


def test_a_childs_briefing_sections_in_order():
    assert briefing.CHILD_SECTIONS.order() == [
        "level",
        "missing",
        "interviews",
        "sep",
        "plan",
        "actions",
        "decisions",
    ]


def test_the_agenda_rules_of_each_meeting_type_in_order():
    """A child two rules propose is listed under the first: at MEP a child routed by screening under
    that reason, then one at MEP's levels, then a plan due for review, then a repeat-missing alert."""
    expected = {
        "marmm": [agenda_rules.screened_for_marmm],
        "mep": [
            agenda_rules.screened_for_mep,
            agenda_rules.at_mep_levels,
            plans_due,
            agenda_rules.repeat_missing,
        ],
        "complex-strategy": [agenda_rules.repeat_missing],
        "sep": [agenda_rules.monitored_by_sep],
        "locality-north": [agenda_rules.locality_schools],
        "locality-south": [agenda_rules.locality_schools],
        "dci-risk": [agenda_rules.police_priority],
        "youth-risk": [agenda_rules.youth_violence],
        "cross-border": [agenda_rules.placed_across_borders],
    }
    assert {code: agenda.rules_for(code) for code in expected} == expected
    assert agenda.rule_label("mep-plan-review") == "Plan review due"
    assert agenda.rule_label("repeat-missing") == "Repeat missing alerts"
    assert agenda.rule_label("carried-over") == "Carried over"


def test_the_outcome_measures_in_order():
    assert measures.FIGURES.order() == ["screenings", "panels", "missing", "plan-coverage"]


def test_the_other_registries():
    assert [job.name for job in scheduler.periodic_jobs()] == ["audit-checkpoint"]
    assert [kind.key for kind in contexts.kinds()] == ["case", "school"]
    assert effects.EFFECTS.order() == ["nrm_cg_no", "nrm_cg_yes", "nrm_rg_no", "nrm_rg_yes", "start-plan"]
    assert {e.kind for e in effects.EFFECTS} == {*NRM_DECISIONS, DecisionKind.PLAN_START}
    assert [e.effect for e in effects.EFFECTS][-1] == start_plan
    assert case_contexts.SECTIONS.order() == ["plan", "panels"]
    assert case_contexts.ACTIONS.order() == ["raise"]
    assert "children.child" in access.POLICIES and "plans.plan" in access.POLICIES
