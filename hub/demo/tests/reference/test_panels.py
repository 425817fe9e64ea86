"""The demo year of panels and plans: MARMM discusses exactly the children the screening demo routed to it;
MEP the children at groomed/targeted or exploited, each with a plan of individual and contextual risks and
protective factors, reviewed within the clock; SEP monitors children MEP escalates, removes some and sees
three come back; every meeting held has its attendance, what was shared and decided, actions and minutes;
actions done on time, late, still open; the next MEP is planned for whoever tries the demo; the levels
the screening demo set are left as they were; loading twice changes nothing."""

from __future__ import annotations

import io
import itertools
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone

from hub.accounts.models import Authority, User
from hub.actions.models import Action, ActionStatus
from hub.audit.services import verify_chain
from hub.children.models import Child, LevelOfConcernChange
from hub.demo.panels import PANELS
from hub.demo.panels.planning import Planner
from hub.demo.panels.records import read_children
from hub.demo.screening import demo_year
from hub.missing.models import RepeatMissingAlert
from hub.panels.models import AgendaItem, Attendance, DecisionKind, ItemDecision, Meeting, Panel, SepPeriod
from hub.reference.models import LevelOfConcern, School
from hub.screening.models import Route, ScreeningReview

MEP_LEVELS = ("groomed-targeted", "exploited")
plans_installed = pytest.mark.skipif(
    not apps.is_installed("hub.plans"), reason="the plans app is not installed"
)


@dataclass
class LoadedDemo:
    authority: Authority
    now: datetime  # the moment the demo was built as of
    output: str

    def meetings(self, code: str | None = None):
        meetings = Meeting.objects.filter(panel__authority=self.authority)
        return meetings.filter(panel__meeting_type__code=code) if code else meetings

    def held(self, code: str | None = None):
        return self.meetings(code).filter(held_at__lt=self.now)


@pytest.fixture(scope="module")
def demo(reference_demo):
    """The reference day's demo, loaded once for the package (the meetings follow the screening and
    missing years). ``now`` is the moment the demo was built as of."""
    load = reference_demo
    return LoadedDemo(Authority.objects.get(ons_code="E06999001"), load.built_as_of, load.output)


@pytest.fixture
def loaded(demo, db):
    return demo


def level_on(child: Child, moment: datetime) -> str:
    code = ""
    for change in child.level_changes.select_related("level").order_by("decided_at", "pk"):
        if change.decided_at <= moment:
            code = change.level.code
    return code


def test_marmm_discussed_exactly_the_children_routed_to_it(loaded):
    reviews = ScreeningReview.objects.filter(screening__authority=loaded.authority, route=Route.MARMM)
    routed = set(reviews.values_list("screening__child", flat=True))
    items = AgendaItem.objects.filter(meeting__in=loaded.meetings("marmm"))
    assert len(routed) == 131
    assert set(items.values_list("child", flat=True)) == routed
    assert items.count() == reviews.count()
    marmms = list(loaded.meetings("marmm").order_by("held_at"))
    for review in reviews.select_related("screening"):
        reviewed_on = timezone.localtime(review.reviewed_at).date()
        first = next(m for m in marmms if timezone.localtime(m.held_at).date() > reviewed_on)
        assert first.items.filter(child=review.screening.child_id, rule="marmm-screening").exists()
    held = loaded.held("marmm")
    assert held.count() >= 40
    assert all(m.held_at.astimezone(timezone.get_current_timezone()).weekday() in (2, 3) for m in held)


def test_mep_discusses_children_from_when_they_reached_the_level(loaded):
    meps = list(loaded.held("mep").order_by("held_at"))
    assert 25 <= len(meps) <= 28
    assert all((b.held_at - a.held_at).days in (13, 14, 15) for a, b in itertools.pairwise(meps))
    at_level = Child.objects.filter(authority=loaded.authority, level__code__in=MEP_LEVELS)
    for child in at_level:
        reached = min(
            c.decided_at
            for c in child.level_changes.filter(level__code__in=MEP_LEVELS).order_by("decided_at")
        )
        items = (
            AgendaItem.objects.filter(meeting__in=meps, child=child)
            .exclude(rule="repeat-missing")  # alerts bring children at any level
            .order_by("meeting__held_at")
        )
        after = [m for m in meps if timezone.localtime(m.held_at).date() > timezone.localtime(reached).date()]
        if after:
            first = items.first()
            assert first is not None and first.meeting_id == after[0].pk
        dates = [item.meeting.held_at for item in items]
        assert all((b - a).days <= 84 for a, b in itertools.pairwise(dates))
    rules = Counter(AgendaItem.objects.filter(meeting__in=meps).values_list("rule", flat=True))
    assert rules["mep-plan-review"] > rules["mep-level"] > 0 and rules["repeat-missing"] > 0
    alerted = set(RepeatMissingAlert.objects.values_list("child", flat=True))
    missing_items = AgendaItem.objects.filter(meeting__in=meps, rule="repeat-missing")
    assert set(missing_items.values_list("child", flat=True)) <= alerted


@plans_installed
def test_every_child_at_groomed_or_exploited_has_an_active_plan(loaded):
    from hub.plans.models import FactorKind, Plan, PlanStatus

    today = timezone.localdate(loaded.now)
    at_level = Child.objects.filter(authority=loaded.authority, level__code__in=MEP_LEVELS)
    assert at_level.count() > 80
    for child in at_level:
        plan = Plan.objects.get(child=child, status=PlanStatus.ACTIVE)
        versions = list(plan.versions.order_by("number"))
        assert [v.number for v in versions] == list(range(1, plan.current_number + 1))
        assert plan.review_due == versions[-1].review_date
        latest = versions[-1]
        kinds = Counter(latest.factors.values_list("kind", flat=True))
        assert kinds[FactorKind.INDIVIDUAL_RISK] and kinds[FactorKind.CONTEXTUAL_RISK]
        assert kinds[FactorKind.PROTECTIVE]
        assert latest.child_views and latest.family_views and versions[0].summary
        for before, after in itertools.pairwise(versions):
            assert (after.agreed_on - before.agreed_on).days <= 84
            assert after.progress
            assert set(before.factors.values_list("thread", flat=True)) & set(
                after.factors.values_list("thread", flat=True)
            )
        assert all(v.review_date <= v.review_limit and v.agreed_on <= today for v in versions)
        assert plan.started_from.startswith(("MEP ", "Hub review, "))
    active = Plan.objects.filter(authority=loaded.authority, status=PlanStatus.ACTIVE)
    assert 5 <= active.filter(review_due__lt=today).count() <= 12  # some reviews overdue now
    assert active.filter(current_number__gte=3).count() > 30
    plan_actions = Action.objects.filter(source_type__model="plan")
    assert plan_actions.count() >= active.count()


def test_sep_monitors_children_escalated_by_mep_some_removed_three_back(loaded):
    periods = SepPeriod.objects.filter(child__authority=loaded.authority).select_related(
        "start_decision__item__meeting__panel__meeting_type",
        "end_decision__item__meeting__panel__meeting_type",
    )
    children = Counter(periods.values_list("child", flat=True))
    assert 15 <= len(children) <= 20
    assert sum(1 for n in children.values() if n > 1) == 3
    assert periods.filter(end__isnull=False).count() >= 5
    assert periods.filter(end__isnull=True).exists()
    for period in periods:
        start = period.start_decision
        assert start is not None
        assert start.kind == DecisionKind.ESCALATE_SEP and start.item.child_id == period.child_id
        assert start.item.meeting.panel.meeting_type.code == "mep"
        assert period.start == timezone.localtime(start.item.meeting.held_at).date()
        assert level_on(period.child, start.item.meeting.held_at) == "exploited"
        assert period.start_reason == start.detail
        if period.end:
            end = period.end_decision
            assert end is not None
            assert end.kind == DecisionKind.REMOVE_SEP and end.item.meeting.panel.meeting_type.code == "sep"
            assert period.end == timezone.localtime(end.item.meeting.held_at).date() and period.end_reason
    for child_id in (c for c, n in children.items() if n > 1):
        first, second = SepPeriod.objects.filter(child=child_id).order_by("start")
        assert first.end is not None and second.start >= first.end + timedelta(days=42)
    for meeting in loaded.held("sep"):
        day = timezone.localtime(meeting.held_at).date()
        monitored = {p.child_id for p in periods if p.start < day and (p.end is None or p.end >= day)}
        assert set(meeting.items.values_list("child", flat=True)) == monitored


def test_every_meeting_held_has_attendance_decisions_actions_and_minutes(loaded):
    held = loaded.held()
    assert held.count() > 100
    assert not held.exclude(status=Meeting.Status.MINUTES_ISSUED).exists()
    assert not Attendance.objects.filter(meeting__in=held, status=Attendance.Status.INVITED).exists()
    statuses = Counter(Attendance.objects.filter(meeting__in=held).values_list("status", flat=True))
    assert statuses["present"] > 8 * statuses["apologies"] > 0
    for meeting in held.prefetch_related("items", "attendances"):
        assert meeting.held_at < meeting.agenda_issued_at + timedelta(days=7)
        assert (
            meeting.agenda_issued_at
            < meeting.held_at
            < meeting.minutes_issued_at
            <= loaded.now + timedelta(minutes=30)
        )
        assert any(a.status == "present" and a.user_id == meeting.chair_id for a in meeting.attendances.all())
        agenda = list(meeting.items.all())
        assert agenda and [i.order for i in agenda] == list(range(1, len(agenda) + 1))
        assert all(i.discussed and i.information_shared for i in agenda)
    items = AgendaItem.objects.filter(meeting__in=held)
    assert not items.filter(decisions__isnull=True).exists()
    with_actions = set(
        AgendaItem.objects.filter(
            pk__in=Action.objects.filter(source_type__model="agendaitem").values("source_id")
        ).values_list("meeting", flat=True)
    )
    assert with_actions == set(held.values_list("pk", flat=True))
    texts = list(items.values_list("information_shared", flat=True))
    assert len(set(texts)) > 0.9 * len(texts)  # varied, not one sentence for all
    decisions = Counter(ItemDecision.objects.filter(item__in=items).values_list("kind", flat=True))
    assert decisions[DecisionKind.OTHER] > decisions[DecisionKind.PLAN_REVIEW] > 0
    assert decisions[DecisionKind.LEVEL] > 0 and decisions[DecisionKind.DISRUPTION] > 0


def test_each_panel_meets_as_often_as_it_should(loaded):
    held = Counter(loaded.held().values_list("panel__meeting_type__code", flat=True))
    assert set(held) >= {code for code in PANELS if code != "complex-strategy"}
    assert 9 <= held["sep"] <= 13 and 11 <= held["youth-risk"] <= 13 and 11 <= held["dci-risk"] <= 13
    assert all(4 <= held[code] <= 5 for code in ("cross-border", "locality-north", "locality-south"))
    requested = RepeatMissingAlert.objects.filter(
        child__authority=loaded.authority, strategy_discussion_requested=True, acknowledged_at__isnull=False
    )
    for meeting in loaded.held("complex-strategy"):
        (item,) = meeting.items.all()
        assert requested.filter(
            child=item.child_id, strategy_discussion_by__gte=meeting.held_at.date()
        ).exists()
    youth = AgendaItem.objects.filter(meeting__in=loaded.held("youth-risk"), kind="child")
    assert all(
        i.child is not None and level_on(i.child, i.meeting.held_at) in MEP_LEVELS
        for i in youth.select_related("child", "meeting")
    )
    dci = AgendaItem.objects.filter(meeting__in=loaded.held("dci-risk"), rule="dci-exploited")
    assert all(
        i.child is not None and level_on(i.child, i.meeting.held_at) == "exploited"
        for i in dci.select_related("child", "meeting")
    )
    placed = AgendaItem.objects.filter(meeting__in=loaded.held("cross-border"), kind="child")
    assert placed.exists() and all(
        i.child is not None
        and i.child.legal_statuses.filter(host_authority=loaded.authority).exclude(
            placing_authority=loaded.authority
        )
        for i in placed.select_related("child")
    )
    for code in ("locality-north", "locality-south"):
        items = AgendaItem.objects.filter(meeting__in=loaded.held(code))
        schools = School.objects.filter(pk__in=items.values("school"))
        assert schools.exists() and set(schools.values_list("locality", flat=True)) == {code.split("-")[1]}
        assert items.filter(kind="theme").count() == loaded.held(code).count()


def test_actions_done_on_time_late_open_and_cancelled(loaded):
    today = timezone.localdate(loaded.now)
    actions = Action.objects.filter(authority=loaded.authority)
    done = actions.filter(status=ActionStatus.DONE)
    on_time = done.filter(completed_at__date__lte=F("due")).count()
    late = done.filter(completed_at__date__gt=F("due")).count()
    unfinished = actions.exclude(status__in=[ActionStatus.DONE, ActionStatus.CANCELLED])
    overdue = unfinished.filter(due__lt=today).count()
    not_due = unfinished.filter(due__gte=today).count()
    cancelled = actions.filter(status=ActionStatus.CANCELLED)
    assert on_time > late > overdue > 0 and not_due > 0 and cancelled.exists()
    assert cancelled.filter(outcome__startswith="No longer needed").count() == cancelled.count()
    assert not done.filter(outcome="").exists()
    assert not actions.filter(completed_at__lt=F("created_at")).exists()
    assert not actions.filter(completed_at__gt=loaded.now + timedelta(minutes=30)).exists()
    assert unfinished.filter(status=ActionStatus.IN_PROGRESS).exists()
    owners = set(actions.exclude(owner_user=None).values_list("owner_user__username", flat=True))
    assert len(owners) >= 12 and actions.filter(owner_user=None).exists()
    items = AgendaItem.objects.filter(
        pk__in=actions.filter(source_type__model="agendaitem").values("source_id")
    )
    assert all(a.due >= timezone.localtime(a.created_at).date() for a in actions)
    assert items.count() > 1000


def test_the_next_mep_is_planned_with_no_agenda(loaded):
    upcoming = loaded.meetings().filter(held_at__gte=loaded.now)
    mep = upcoming.get(panel__meeting_type__code="mep")
    assert mep.status == Meeting.Status.PLANNED and not mep.items.exists()
    assert loaded.now < mep.held_at <= loaded.now + timedelta(days=7)
    panel = Panel.objects.get(authority=loaded.authority, meeting_type__code="mep")
    invited = set(mep.attendances.values_list("user", flat=True))
    assert invited == {panel.chair_id, *panel.members.values_list("pk", flat=True)}
    assert set(mep.attendances.values_list("status", flat=True)) == {Attendance.Status.INVITED}


# Someone trying the demo builds and runs an MEP: hub/demo/tests/test_days.py, on six reference days.


def test_the_levels_the_screening_demo_set_are_unchanged(loaded):
    reviews = ScreeningReview.objects.filter(screening__authority=loaded.authority)
    assert LevelOfConcernChange.objects.filter(child__authority=loaded.authority).count() == reviews.count()
    levels = {level.pk: level.code for level in LevelOfConcern.objects.all()}
    for decision in ItemDecision.objects.filter(kind=DecisionKind.LEVEL).select_related(
        "item__meeting", "item__child"
    ):
        assert decision.item.child is not None and decision.level_id is not None
        assert level_on(decision.item.child, decision.item.meeting.held_at) == levels[decision.level_id]


def test_planning_is_deterministic(loaded):
    """The same records, seed and moment plan the same year."""

    def plan():
        from hub.demo.panels import school_leads

        schools = list(School.objects.filter(authority=loaded.authority, active=True).order_by("urn"))
        panels = {code: (value[1], sorted(value[2])) for code, value in PANELS.items()}
        planner = Planner(
            random.Random(2019),
            children=read_children(loaded.authority),
            users={u.username: u for u in User.objects.all()},
            panels=panels,
            schools=schools,
            school_leads=school_leads(loaded.authority),
            now=loaded.now,
            first_day=demo_year(timezone.localdate(loaded.now))[0],
        )
        found = defaultdict(list)
        for code, meetings in planner.plan().items():
            for meeting in meetings:
                found[code].append(
                    (
                        meeting.held_at,
                        [
                            (
                                i.child.pk if i.child else i.subject_label,
                                i.information,
                                [d.detail for d in i.decisions],
                            )
                            for i in meeting.items
                        ],
                    )
                )
        return dict(found)

    assert plan() == plan()


def test_the_access_log_is_intact(loaded):
    checked, bad, problem = verify_chain()
    assert checked > 10_000 and bad is None, problem


def test_loading_again_changes_nothing(loaded):
    models = [Meeting, Attendance, AgendaItem, ItemDecision, SepPeriod, Action, User]
    if apps.is_installed("hub.plans"):
        from hub.plans.models import Plan, PlanFactor, PlanVersion

        models += [Plan, PlanVersion, PlanFactor]

    def counts():
        return [model._default_manager.count() for model in models]

    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "Demo meetings: already loaded" in out.getvalue()
    assert (
        "Demo meetings: " in loaded.output
        and "already loaded" not in loaded.output.split("Demo meetings: ")[1]
    )


def test_each_school_and_each_health_provider_is_its_own_organisation(loaded):
    """Issue 10, D5: one school's lead saw 215 actions about 85 children at 18 schools, because every
    school was one agency. Each school now has its organisation, each lead works for their own school's,
    health workers for distinct providers, and the school leads see only their own school's actions."""
    from hub.accounts import access
    from hub.accounts.models import Agency
    from hub.children.models import AgencyInvolvement, SchoolPeriod
    from hub.demo.people import SCHOOL_LEADS, lead_schools
    from hub.screening.models import Screening

    schools = School.objects.filter(authority=loaded.authority)
    assert Agency.objects.filter(school__in=schools, kind=Agency.Kind.EDUCATION).count() == schools.count()
    assert not Agency.objects.filter(kind=Agency.Kind.EDUCATION, school__isnull=True).exists()
    placed = lead_schools(loaded.authority)
    leads = {name: User.objects.select_related("agency").get(username=name) for name in SCHOOL_LEADS}
    assert {name: lead.agency.school_id if lead.agency else None for name, lead in leads.items()} == {
        name: school.pk for name, school in placed.items()
    }
    assert len({lead.agency_id for lead in leads.values()}) == 4
    health = User.objects.filter(username__in=["fquennell", "omensah", "lbrightwell"])
    assert {user.agency.kind if user.agency else None for user in health} == {Agency.Kind.HEALTH}
    assert len({user.agency_id for user in health}) == 3

    # An action for a school about a child is about one of its pupils; health actions go to a provider.
    school_actions = Action.objects.filter(authority=loaded.authority, owner_agency__school__isnull=False)
    assert school_actions.exists()
    pupils = set(SchoolPeriod.objects.values_list("child_id", "school_id"))
    for child_id, school_id in school_actions.filter(child__isnull=False).values_list(
        "child_id", "owner_agency__school_id"
    ):
        assert (child_id, school_id) in pupils
    health_actions = Action.objects.filter(owner_agency__kind=Agency.Kind.HEALTH)
    assert health_actions.values("owner_agency").distinct().count() >= 3

    for name, lead in leads.items():
        seen = access.visible(lead, Action.objects.all())
        children = set(seen.exclude(child=None).values_list("child_id", flat=True))
        # Far fewer than the 215 actions about 85 children at 18 schools a lead saw before.
        assert 0 < seen.count() < 60, name
        assert len(children) < 25, name
        theirs = Q(owner_user=lead) | Q(owner_agency=lead.agency) | Q(created_by=lead)
        assert not seen.exclude(theirs).exists()
        # Every child in them is a pupil of the lead's school, and no other school's action is among them.
        assert {child for child in children if (child, placed[name].pk) not in pupils} == set()
        assert not seen.filter(owner_agency__school__isnull=False).exclude(owner_agency=lead.agency).exists()
        # The screenings a lead referred made their school's organisation involved, not a shared one.
        referred = Screening.objects.filter(referrer=lead).exclude(child=None).values("child")
        involved = AgencyInvolvement.objects.filter(child__in=referred, agency__kind=Agency.Kind.EDUCATION)
        assert set(involved.values_list("agency_id", flat=True)) <= {lead.agency_id}
