"""Records for the authorization matrix test: for each record kind a matrix row names, a builder
that makes one in the given authority, and a function that relates a user to it.

Apps add their kinds here as they add routes about one record.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image

from hub.accounts.models import Agency, Authority, BreakGlassGrant, LawfulBasis, RoleGrantRequest, Share, User
from hub.accounts.services import role_grant_request, user_create_for_demo_and_tests
from hub.actions import services as action_services
from hub.actions.models import Action
from hub.children.models import AgencyInvolvement, Allocation, Child
from hub.children.services import child_create
from hub.core.roles import Role
from hub.intelligence import context_services, disruption_services, operation_services
from hub.intelligence import services as intelligence_services
from hub.intelligence.models import (
    ContextAssessment,
    ContextCase,
    Disruption,
    Entity,
    Operation,
    OperationMember,
)
from hub.missing import interview_services
from hub.missing import services as missing_services
from hub.missing.models import MissingEpisode, RepeatMissingAlert, ReturnInterview
from hub.nrm import services as nrm_services
from hub.nrm.models import NrmReferral
from hub.panels import cases as panel_cases
from hub.panels import services as panel_services
from hub.panels.models import AgendaItem, Attendance, Meeting, Panel
from hub.plans import audit_services as plan_audit_services
from hub.plans import services as plan_services
from hub.plans.models import AuditForm, Plan, PlanAudit
from hub.reference.models import (
    DisruptionTactic,
    ExploitationType,
    MeetingType,
    RepeatMissingRule,
    ScreeningIndicator,
)
from hub.screening import services as screening_services
from hub.screening.models import Screening

Builder = Callable[[Authority], Any]
Relater = Callable[[Any, User, str], None]

BUILDERS: dict[str, Builder] = {}
RELATERS: dict[str, Relater] = {}


# --- children (hub/children) -------------------------------------------------------------------

MATRIX_PHOTO = "photos/authorization-matrix.jpg"


def build_child(authority: Authority) -> Child:
    # Recorded by someone with no agency, so the record starts with no relationship to anyone.
    recorder, _ = User.objects.get_or_create(username="matrix-recorder")
    return child_create(
        authority=authority,
        by=recorder,
        first_name="Matrix",
        last_name="Child",
        date_of_birth=date(2010, 5, 3),
    )


def hub_writer(authority: Authority) -> User:
    """A hub coordinator of a team of their own, who writes the records the services let only someone
    allowed write (a report, a meeting, a plan started). Hub staff reach every record of the area by
    their role, not through the record, so nobody the test relates is related through them."""
    agency, _ = Agency.objects.get_or_create(name="Matrix hub writers", defaults={"kind": Agency.Kind.HUB})
    agency.authorities.add(authority)
    return User.objects.filter(username="matrix-hub-writer").first() or user_create_for_demo_and_tests(
        username="matrix-hub-writer",
        first_name="Matrix",
        last_name="Writer",
        agency=agency,
        roles={Role.HUB_COORDINATOR},
        password=None,
    )


def build_child_with_photo(authority: Authority) -> Child:
    child = build_child(authority)
    if not default_storage.exists(MATRIX_PHOTO):
        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "grey").save(buffer, format="JPEG")
        default_storage.save(MATRIX_PHOTO, ContentFile(buffer.getvalue()))
    Child.objects.filter(pk=child.pk).update(photo=MATRIX_PHOTO)
    child.photo = MATRIX_PHOTO
    return child


def relate_child(child: Child | None, user: User, relationship: str) -> None:
    assert child is not None, "the record names a child"
    today = timezone.localdate()
    if relationship == "allocated":
        Allocation.objects.create(child=child, worker=user, recorded_by=user, start=today)
    elif relationship == "agency_involved":
        # A fresh agency of the same kind: colleagues of the user's kind tested later stay unrelated.
        assert user.agency is not None
        agency = Agency.objects.create(name=f"Involved agency of {user.username}", kind=user.agency.kind)
        agency.authorities.set(user.agency.authorities.all())
        user.agency = agency
        user.save(update_fields=["agency"])
        AgencyInvolvement.objects.create(child=child, agency=agency, recorded_by=user, start=today)
    elif relationship == "share":
        assert user.agency is not None
        Share.objects.create(
            content_type=ContentType.objects.get_for_model(Child),
            object_id=child.pk,
            shared_with_agency=user.agency,
            shared_with_user=user,
            what="the whole record",
            purpose="authorization matrix",
            lawful_basis=LawfulBasis.PUBLIC_TASK,
            decided_by=user,
        )
    elif relationship == "break_glass":
        BreakGlassGrant.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(Child),
            object_id=child.pk,
            reason="authorization matrix",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    else:
        raise ValueError(f"relate_child does not know the relationship {relationship!r}")


BUILDERS["child"] = build_child
BUILDERS["child_with_photo"] = build_child_with_photo
RELATERS["child"] = relate_child
RELATERS["child_with_photo"] = relate_child


# --- screenings (hub/screening) ----------------------------------------------------------------


def build_screening(authority: Authority) -> Screening:
    """A screening submitted about a child's record, waiting for the hub's review. Its referrer is in
    an agency of its own, so nobody the matrix makes is related to it until a relater says so."""
    child = build_child(authority)
    agency = Agency.objects.create(name="Matrix referrer's school", kind=Agency.Kind.EDUCATION)
    agency.authorities.set([authority])
    referrer = user_create_for_demo_and_tests(
        username="matrix-referrer",
        first_name="Matrix",
        last_name="Referrer",
        agency=agency,
        roles={Role.SCHOOL_LEAD},
        password=None,
    )
    screening = screening_services.screening_start(by=referrer, child=child)
    screening = screening_services.screening_save_section(
        screening=screening,
        by=referrer,
        version=screening.version,
        concern="Seen getting into cars with older men after school.",
        immediate_risk=False,
        exploitation_types=list(ExploitationType.objects.filter(code="cse")),
        lawful_basis=LawfulBasis.PUBLIC_TASK,
    )
    screening_services.screening_save_answers(
        screening=screening,
        by=referrer,
        answers={indicator.pk: ("no", "") for indicator in ScreeningIndicator.objects.filter(active=True)},
    )
    return screening_services.screening_submit(screening=screening, by=referrer)


def relate_screening(screening: Screening, user: User, relationship: str) -> None:
    """``referrer``: the user made the referral. Other relationships are to the screening's child."""
    if relationship == "referrer":
        Screening.objects.filter(pk=screening.pk).update(referrer=user, referrer_agency=user.agency)
    elif relationship == "break_glass":
        BreakGlassGrant.objects.create(
            user=user,
            content_type=ContentType.objects.get_for_model(Screening),
            object_id=screening.pk,
            reason="authorization matrix",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    else:
        relate_child(screening.child, user, relationship)


BUILDERS["screening"] = build_screening
RELATERS["screening"] = relate_screening


# --- role requests (hub/accounts) -----------------------------------------------------------------


def build_role_grant_request(authority: Authority) -> RoleGrantRequest:
    """A request, waiting, to make someone a hub coordinator, asked for by an administrator of an agency of
    their own (so the administrator the matrix makes is a second administrator who may decide it)."""
    agency, _ = Agency.objects.get_or_create(
        name="Matrix accounts team", defaults={"kind": Agency.Kind.PARTNERSHIP}
    )
    asker = user_create_for_demo_and_tests(
        username="matrix-asker",
        first_name="Matrix",
        last_name="Asker",
        agency=agency,
        roles={Role.ADMINISTRATOR},
        password=None,
    )
    newcomer = user_create_for_demo_and_tests(
        username="matrix-newcomer",
        first_name="Matrix",
        last_name="Newcomer",
        agency=agency,
        roles=set(),
        password=None,
    )
    return role_grant_request(
        user=newcomer, role=Role.HUB_COORDINATOR, reason="Starts as a hub coordinator on Monday.", by=asker
    )


BUILDERS["role_grant_request"] = build_role_grant_request


# --- missing episodes and return interviews (hub/missing) ---------------------------------------


def build_episode(authority: Authority) -> MissingEpisode:
    """An open missing episode, reported by a hub coordinator of a team of their own (so nobody is
    related to it: a police officer's report would involve their agency)."""
    child = build_child(authority)
    recorder = hub_writer(authority)
    now = timezone.now()
    return missing_services.episode_report(
        child=child,
        by=recorder,
        reported_at=now - timedelta(hours=5),
        reported_by_kind="carer",
        last_seen_at=now - timedelta(hours=6),
        risk_grade="medium",
    )


def build_interview(authority: Authority) -> ReturnInterview:
    """A return interview waiting to be allocated: the child has returned and the hub was told."""
    episode = build_episode(authority)
    at = timezone.now() - timedelta(hours=1)
    return missing_services.episode_record_return(
        episode=episode, by=episode.recorded_by, version=episode.version, returned_at=at, hub_notified_at=at
    )


def _break_glass(model: type, pk: int, user: User) -> None:
    BreakGlassGrant.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(model),
        object_id=pk,
        reason="authorization matrix",
        expires_at=timezone.now() + timedelta(hours=1),
    )


def relate_episode(episode: MissingEpisode, user: User, relationship: str) -> None:
    """Relationships are to the episode's child, except break glass (to the episode itself)."""
    if relationship == "break_glass":
        _break_glass(MissingEpisode, episode.pk, user)
    else:
        relate_child(episode.child, user, relationship)


def relate_interview(interview: ReturnInterview, user: User, relationship: str) -> None:
    """``interviewer``: the interview is allocated to the user. Others are to the child."""
    if relationship == "interviewer":
        ReturnInterview.objects.filter(pk=interview.pk).update(
            allocated_to=user, status=ReturnInterview.Status.ALLOCATED
        )
    elif relationship == "break_glass":
        _break_glass(ReturnInterview, interview.pk, user)
    else:
        relate_child(interview.episode.child, user, relationship)


def build_alert(authority: Authority) -> RepeatMissingAlert:
    """A repeat-missing alert waiting for the hub's decision."""
    episode = build_episode(authority)
    rule = RepeatMissingRule.objects.filter(active=True).first()
    assert rule is not None
    return RepeatMissingAlert.objects.create(
        child=episode.child,
        rule=rule,
        episode=episode,
        episodes_in_window=3,
        window_start=episode.last_seen_at - timedelta(days=20),
        raised_at=episode.reported_at,
    )


def relate_alert(alert: RepeatMissingAlert, user: User, relationship: str) -> None:
    relate_episode(alert.episode, user, relationship)


def build_held_interview(authority: Authority) -> ReturnInterview:
    """A return interview recorded as held, as a correction finds it."""
    interview = build_interview(authority)
    # Recorded by a hub coordinator of a team of their own (the reporting officer does not hold
    # interviews), so nobody the test relates has a relationship through recording it.
    agency, _ = Agency.objects.get_or_create(name="Matrix interview team", defaults={"kind": Agency.Kind.HUB})
    agency.authorities.add(authority)
    recorder = User.objects.filter(
        username="matrix-interview-recorder"
    ).first() or user_create_for_demo_and_tests(
        username="matrix-interview-recorder",
        first_name="Matrix",
        last_name="Interviewer",
        agency=agency,
        roles={Role.HUB_COORDINATOR},
        password=None,
    )
    return interview_services.interview_record(
        interview=interview,
        by=recorder,
        version=interview.version,
        interview_at=timezone.now() - timedelta(minutes=30),
        face_to_face=True,
        child_words="I stayed at a friend's.",
    )


def build_decided_alert(authority: Authority) -> RepeatMissingAlert:
    alert = build_alert(authority)
    return missing_services.alert_decide(
        alert=alert,
        by=alert.episode.recorded_by,
        version=alert.version,
        strategy_discussion=False,
        note="The child's plan covers it.",
    )


def relate_held_interview(interview: ReturnInterview, user: User, relationship: str) -> None:
    """``interviewer``: the user held it. Others as for any interview."""
    if relationship == "interviewer":
        ReturnInterview.objects.filter(pk=interview.pk).update(allocated_to=user)
    else:
        relate_interview(interview, user, relationship)


BUILDERS["alert"] = build_alert
RELATERS["alert"] = relate_alert
BUILDERS["decided_alert"] = build_decided_alert
RELATERS["decided_alert"] = relate_alert
BUILDERS["risk_change"] = lambda authority: build_episode(authority).risk_changes.get()
RELATERS["risk_change"] = lambda change, user, how: relate_episode(change.episode, user, how)
BUILDERS["episode"] = build_episode
BUILDERS["interview"] = build_interview
RELATERS["episode"] = relate_episode
RELATERS["interview"] = relate_interview
BUILDERS["held_interview"] = build_held_interview
RELATERS["held_interview"] = relate_held_interview


# --- actions (hub/actions) ------------------------------------------------------------------------


def build_action(authority: Authority) -> Action:
    """An action about a child, owned by an agency nobody in the test belongs to."""
    child = build_child(authority)
    owner, _ = Agency.objects.get_or_create(
        name="Matrix owner agency", defaults={"kind": Agency.Kind.VOLUNTARY}
    )
    owner.authorities.add(authority)  # an action's owner serves its area (action_create's rule)
    return action_services.action_create(
        by=User.objects.get(username="matrix-recorder"),
        authority=authority,
        child=child,
        title="Visit the child at school",
        due=timezone.localdate() + timedelta(days=7),
        owner_agency=owner,
    )


def relate_action(action: Action, user: User, relationship: str) -> None:
    """``own``: the action is the user's. Others are to the child."""
    if relationship == "own":
        Action.objects.filter(pk=action.pk).update(owner_user=user)
    else:
        relate_child(action.child, user, relationship)


BUILDERS["action"] = build_action
RELATERS["action"] = relate_action


# --- panels (hub/panels) --------------------------------------------------------------------------


def build_panel(authority: Authority) -> Panel:
    """A MEP with no chair and no members, so nobody is related to it until a relater says so."""
    return Panel.objects.create(
        authority=authority, meeting_type=MeetingType.objects.get(code="mep"), name="Matrix MEP"
    )


def build_meeting(authority: Authority) -> Meeting:
    """A meeting next week with a child on its agenda, the agenda issued; its chair has no agency."""
    recorder = User.objects.get_or_create(username="matrix-recorder")[0]
    writer = hub_writer(authority)
    meeting = panel_services.meeting_schedule(
        panel=build_panel(authority), by=writer, held_at=timezone.now() + timedelta(days=7), chair=recorder
    )
    panel_services.item_add(
        meeting=meeting,
        by=writer,
        kind="child",
        child=build_child(authority),
        reason="Discussed at the panel.",
    )
    return panel_services.agenda_issue(meeting=meeting, by=writer)


def build_issued_meeting(authority: Authority) -> Meeting:
    meeting = build_meeting(authority)
    Meeting.objects.filter(pk=meeting.pk).update(held_at=timezone.now() - timedelta(days=1))
    meeting.refresh_from_db()
    return panel_services.minutes_issue(meeting=meeting, by=hub_writer(authority), version=meeting.version)


def build_item(authority: Authority) -> AgendaItem:
    return build_meeting(authority).items.get()


def relate_meeting(meeting: Meeting, user: User, relationship: str) -> None:
    """``panel_member``: invited to the meeting. ``own``: its chair (and so invited). Others are to
    the child on its agenda, which says nothing about the meeting."""
    if relationship not in {"own", "panel_member"}:
        relate_child(meeting.items.get().child, user, relationship)
        return
    if relationship == "own":
        Meeting.objects.filter(pk=meeting.pk).update(chair=user)
    assert user.agency is not None
    Attendance.objects.get_or_create(meeting=meeting, user=user, defaults={"agency": user.agency})


def relate_panel(panel: Panel, user: User, relationship: str) -> None:
    if relationship == "own":
        Panel.objects.filter(pk=panel.pk).update(chair=user)
    elif relationship == "panel_member":
        panel.members.add(user)
    else:
        raise ValueError(f"relate_panel does not know the relationship {relationship!r}")


BUILDERS["panel"] = build_panel
BUILDERS["meeting"] = build_meeting
BUILDERS["issued_meeting"] = build_issued_meeting
BUILDERS["item"] = build_item
RELATERS["panel"] = relate_panel
RELATERS["meeting"] = relate_meeting
RELATERS["issued_meeting"] = relate_meeting
RELATERS["item"] = lambda item, user, relationship: relate_meeting(item.meeting, user, relationship)


# --- plans (hub/plans) ----------------------------------------------------------------------------


def build_plan(authority: Authority) -> Plan:
    """An agreed plan (version 1) for a child, led by a practitioner in an agency of their own, so
    nobody the matrix makes is related to it until a relater says so."""
    child = build_child(authority)
    agency, _ = Agency.objects.get_or_create(
        name="Matrix plan lead's team", defaults={"kind": Agency.Kind.CHILDRENS_SOCIAL_CARE}
    )
    agency.authorities.add(authority)
    lead = User.objects.filter(username="matrix-plan-lead").first() or user_create_for_demo_and_tests(
        username="matrix-plan-lead",
        first_name="Matrix",
        last_name="Lead",
        agency=agency,
        roles={Role.PRACTITIONER},
        password=None,
    )
    plan = plan_services.plan_start(child=child, by=hub_writer(authority), lead=lead)
    today = timezone.localdate()
    plan_services.plan_agree(
        plan=plan,
        by=lead,
        version=plan.version,
        agreed_on=today,
        agreed_by="Matrix MEP",
        review_date=today + timedelta(days=28),
        factors=[
            plan_services.FactorInput("individual", "Goes missing at weekends", "high"),
            plan_services.FactorInput("contextual", "Older peers at the park", "medium", "peers"),
            plan_services.FactorInput("protective", "A trusted teacher"),
        ],
    )
    plan.refresh_from_db()
    return plan


def build_plan_audit(authority: Authority) -> PlanAudit:
    """An audit of such a plan by a hub coordinator of an agency of their own."""
    plan = build_plan(authority)
    agency, _ = Agency.objects.get_or_create(name="Matrix audit team", defaults={"kind": Agency.Kind.HUB})
    agency.authorities.add(authority)  # an auditor reads the plans of an area their agency serves
    auditor = User.objects.filter(username="matrix-plan-auditor").first() or user_create_for_demo_and_tests(
        username="matrix-plan-auditor",
        first_name="Matrix",
        last_name="Auditor",
        agency=agency,
        roles={Role.HUB_COORDINATOR},
        password=None,
    )
    form = AuditForm.objects.get(code="multi-agency-plan")
    return plan_audit_services.plan_audit_record(
        plan=plan,
        by=auditor,
        form=form,
        answers={question.pk: ("met", "") for question in form.questions.filter(active=True)},
        grade="good",
        findings="Clear and multi-agency.",
    )


def relate_plan(plan: Plan, user: User, relationship: str) -> None:
    """``own``: the user leads the plan. ``break_glass``: a grant for the plan itself. Others are to
    the child."""
    if relationship == "own":
        Plan.objects.filter(pk=plan.pk).update(lead=user)
    elif relationship == "break_glass":
        _break_glass(Plan, plan.pk, user)
    else:
        relate_child(plan.child, user, relationship)


BUILDERS["plan"] = build_plan
BUILDERS["plan_audit"] = build_plan_audit
RELATERS["plan"] = relate_plan
RELATERS["plan_audit"] = lambda audit, user, relationship: relate_plan(audit.plan, user, relationship)


# --- NRM referrals (hub/nrm) --------------------------------------------------------------------------


def build_nrm_referral(authority: Authority) -> NrmReferral:
    """A referral waiting for its reasonable grounds decision, recorded by a hub coordinator of a team of
    their own (hub staff reach it by their role), so nobody the matrix makes is related to it."""
    child = build_child(authority)
    writer = hub_writer(authority)
    assert writer.agency is not None
    return nrm_services.nrm_refer(
        by=writer,
        child=child,
        first_responder=writer.agency,
        referrer_name="Matrix Referrer",
        referred_on=timezone.localdate(),
        exploitation_types=list(ExploitationType.objects.filter(code="cce")),
        summary="Found far from home with drugs and cash.",
    )


def relate_nrm_referral(referral: NrmReferral, user: User, relationship: str) -> None:
    """``break_glass``: a grant for the referral itself. Others are to the child."""
    if relationship == "break_glass":
        _break_glass(NrmReferral, referral.pk, user)
    else:
        relate_child(referral.child, user, relationship)


BUILDERS["nrm_referral"] = build_nrm_referral
RELATERS["nrm_referral"] = relate_nrm_referral


# --- Intelligence (hub/intelligence) -----------------------------------------------------------------


def build_entity(authority: Authority) -> Entity:
    """A person of concern recorded by a hub analyst of a team of their own: intelligence is reached by
    the reader's role and area, so nobody the matrix makes is related to it otherwise."""
    agency, _ = Agency.objects.get_or_create(name="Matrix intelligence", defaults={"kind": Agency.Kind.HUB})
    agency.authorities.add(authority)
    analyst = User.objects.filter(username="matrix-analyst-writer").first() or user_create_for_demo_and_tests(
        username="matrix-analyst-writer",
        first_name="Matrix",
        last_name="Analyst",
        agency=agency,
        roles={Role.HUB_ANALYST},
        password=None,
    )
    return intelligence_services.entity_create(
        by=analyst, authority=authority, kind="person", name="Matrix Person of Concern"
    )


BUILDERS["entity"] = build_entity


def build_disruption(authority: Authority) -> Disruption:
    """A Child Abduction Warning Notice in force against the matrix's person of concern, recorded by the
    analyst who recorded the person (disruption is reached as its target is)."""
    target = build_entity(authority)
    return disruption_services.disruption_record(
        by=target.created_by,
        target=target,
        tactic=DisruptionTactic.objects.get(code="cawn"),
        started_on=timezone.localdate() - timedelta(days=10),
        expires_on=timezone.localdate() + timedelta(days=180),
        status="in_force",
    )


BUILDERS["disruption"] = build_disruption


# --- Contexts as cases (hub/intelligence/contexts.py, hub/panels/cases.py) ---------------------------


def build_case(authority: Authority) -> ContextCase:
    """A place raised by the matrix's analyst for a SEP meeting next week; nobody the matrix makes
    attends it until a relater says so (``panel_member``: invited to that meeting)."""
    analyst = build_entity(authority).created_by
    place = intelligence_services.entity_create(
        by=analyst, authority=authority, kind="location", name="Matrix Hotel", location_type="hotel"
    )
    panel = Panel.objects.create(
        authority=authority, meeting_type=MeetingType.objects.get(code="sep"), name="Matrix SEP"
    )
    recorder = User.objects.get_or_create(username="matrix-recorder")[0]
    meeting = panel_services.meeting_schedule(
        panel=panel, by=hub_writer(authority), held_at=timezone.now() + timedelta(days=7), chair=recorder
    )
    panel_cases.case_raise(by=analyst, entity=place, meeting=meeting, reason="Children seen there at night.")
    return ContextCase.objects.get(pk=place.pk)


def relate_case(case: ContextCase, user: User, relationship: str) -> None:
    if relationship != "panel_member":
        raise ValueError(f"relate_case does not know the relationship {relationship!r}")
    item = AgendaItem.objects.get(context_id=case.pk, context_type=ContentType.objects.get_for_model(Entity))
    assert user.agency is not None
    Attendance.objects.get_or_create(meeting=item.meeting, user=user, defaults={"agency": user.agency})


def build_assessment(authority: Authority) -> ContextAssessment:
    case = build_case(authority)
    return context_services.assessment_record(
        by=case.created_by,
        entity=case,
        assessed_on=timezone.localdate() - timedelta(days=2),
        what_happens="Children are brought to rooms at night.",
        risks="Adults not known to staff book rooms for children.",
        recommendation="Work with the manager; consider a closure notice.",
    )


BUILDERS["case"] = build_case
BUILDERS["assessment"] = build_assessment
RELATERS["case"] = relate_case
RELATERS["assessment"] = lambda assessment, user, relationship: relate_case(
    ContextCase.objects.get(pk=assessment.entity_id), user, relationship
)


# --- Operations (hub/intelligence/operations.py) ----------------------------------------------------


def build_operation(authority: Authority) -> Operation:
    """Operation Matrix, started and led by the matrix's analyst (of a team of their own), holding the
    matrix's person of concern; nobody the matrix makes leads it or is a member until a relater says so."""
    person = build_entity(authority)
    operation = operation_services.operation_create(
        by=person.created_by,
        authority=authority,
        name="Operation Matrix",
        kind="police",
        started_on=timezone.localdate() - timedelta(days=10),
    )
    operation_services.operation_entity_add(by=person.created_by, operation=operation, entity=person)
    return operation


def relate_operation(operation: Operation, user: User, relationship: str) -> None:
    """``own``: the user leads it. ``operation_member``: a current member."""
    if relationship == "own":
        Operation.objects.filter(pk=operation.pk).update(lead=user)
    elif relationship == "operation_member":
        OperationMember.objects.create(operation=operation, user=user, added_by=user, added_at=timezone.now())
    else:
        raise ValueError(f"relate_operation does not know the relationship {relationship!r}")


BUILDERS["operation"] = build_operation
RELATERS["operation"] = relate_operation
