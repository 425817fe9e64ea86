"""Contexts as cases in the demo area: the bus station's peer group (recorded by the intelligence loader)
is assessed by the hub's analyst, has an agreed plan led by the hub coordinator, and is on the agenda of
the Youth Risk Meeting's next meeting, raised by the police; the Ringway Lodge Hotel is assessed too; and
the police's Operation Harrier groups the Dex line, its phone, the bus station and the peer group.
Everything through the services, as of moments before the reference day (``clock.history``).

Already loaded? The marker is the peer group's assessment."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from hub.accounts.models import User
from hub.core import clock
from hub.core.calendar import LONDON
from hub.demo.area import DemoContext, known
from hub.demo.intelligence import figures
from hub.intelligence import context_services, operation_services
from hub.intelligence.models import ContextAssessment, Entity
from hub.intelligence.operation_models import Operation
from hub.panels import cases as panel_cases
from hub.panels import services as panel_services
from hub.panels.models import Meeting, Panel
from hub.plans import services as plan_services
from hub.plans.services import FactorInput

PEER_GROUP_ASSESSMENT: dict[str, Any] = {
    "what_happens": (
        "Five young people from three schools go missing together on Friday evenings and are found at the "
        "bus station or on the coach to the city. Older males from the Dex line meet them off the coach; "
        "two of the group carry phones the line pays for."
    ),
    "who": "Five young people aged 13 to 15; two adults known to the police as the Dex line's runners.",
    "when": "Friday and Saturday evenings; more in the school holidays.",
    "risks": (
        "Criminal exploitation (running drugs on the Dex line); older members recruiting younger ones; "
        "debts used to keep them in."
    ),
    "protective": (
        "The youth club on Mill Road, which three of them attend; the bus station's security staff, who "
        "know them and call the police; two parents who are engaged."
    ),
    "recommendation": (
        "A plan for the group at the Youth Risk Meeting: guardianship at the bus station, detached youth "
        "work on Friday evenings, disruption of the Dex line's runners."
    ),
}

HOTEL_ASSESSMENT: dict[str, Any] = {
    "what_happens": (
        "Children are brought to rooms booked in cash by adults; staff have seen girls arrive late at night "
        "with older men."
    ),
    "who": "Girls aged 14 to 16; men in their twenties not known to staff.",
    "when": "Late evenings, weekends.",
    "risks": "Sexual exploitation; rooms booked under false names; no check of guests' ages.",
    "protective": "The night manager is willing to share bookings and call the police.",
    "recommendation": "Hotel watch training for staff; a closure notice if it continues.",
}


def _factor(n: int, kind: str, text: str, rating: str = "", category: str = "") -> FactorInput:
    # Each factor's thread is the demo's own, so the same reference day gives the same rows.
    thread = uuid.uuid5(uuid.NAMESPACE_URL, f"hub-demo:peer-group-plan:{n}")
    return FactorInput(kind=kind, text=text, rating=rating, category=category, thread=thread)


FACTORS = [
    _factor(1, "contextual", "Meets older males from the Dex line at the bus station", "high", "places"),
    _factor(2, "contextual", "Older members recruit younger ones", "medium", "peers"),
    _factor(3, "protective", "Three attend the Mill Road youth club"),
    _factor(4, "protective", "Bus station security staff know the group and call the police"),
]


def loaded(ctx: DemoContext) -> bool:
    return ContextAssessment.objects.filter(
        entity__authority=ctx.authority, entity__name=figures.PEER_GROUP_NAME
    ).exists()


def _next_youth_risk(ctx: DemoContext, coordinator: User) -> Meeting:
    """The Youth Risk Meeting's next meeting after the reference day (planned now, a fortnight on, when
    the demo's year has none ahead)."""
    panel = Panel.objects.get(authority=ctx.authority, meeting_type__code="youth-risk")
    upcoming = panel.meetings.filter(held_at__gt=clock.now()).order_by("held_at").first()
    if upcoming is not None:
        return upcoming
    day = clock.today() + timedelta(days=14)
    while day.weekday() != 3:  # a Thursday, as the panel's meetings are
        day += timedelta(days=1)
    return panel_services.meeting_schedule(
        panel=panel,
        by=coordinator,
        held_at=datetime.combine(day, time(14, 0), tzinfo=LONDON),
        place="Police HQ",
    )


def load_cases(ctx: DemoContext) -> None:
    if loaded(ctx):
        ctx.out("Demo cases: already loaded.")
        return
    users = known(ctx.users, "people")
    analyst, coordinator, officer = users["analyst"], users["coordinator"], users["officer"]
    group = Entity.objects.get(authority=ctx.authority, name=figures.PEER_GROUP_NAME)
    hotel = Entity.objects.get(authority=ctx.authority, kind="location", location_type="hotel")
    now = clock.now()
    with clock.history(now - timedelta(days=6, hours=15), reason="Demo area", by=analyst):
        context_services.assessment_record(
            by=analyst, entity=hotel, assessed_on=clock.today(), **HOTEL_ASSESSMENT
        )
    with clock.history(now - timedelta(days=5, hours=14), reason="Demo area", by=analyst):
        context_services.assessment_record(
            by=analyst, entity=group, assessed_on=clock.today(), **PEER_GROUP_ASSESSMENT
        )
    with clock.history(now - timedelta(days=4, hours=13), reason="Demo area", by=coordinator):
        plan = plan_services.plan_start_for_context(
            context=group, by=coordinator, source_label="Peer-group assessment"
        )
        plan_services.plan_agree(
            plan=plan,
            by=coordinator,
            version=plan.version,
            agreed_on=clock.today(),
            agreed_by="Hub coordinator, youth service, police violent crime taskforce",
            review_date=clock.today() + timedelta(days=56),
            factors=FACTORS,
            summary="Make the bus station safer on Friday evenings; draw the group away from the Dex line.",
        )
    # The panel's next meeting after the reference day: the group is raised for it the evening before.
    meeting = _next_youth_risk(ctx, coordinator)
    with clock.history(now - timedelta(hours=14), reason="Demo area", by=officer):
        panel_cases.case_raise(
            by=officer,
            entity=group,
            meeting=meeting,
            reason="Peer-group assessment done and a plan agreed: the panel to review it and the "
            "disruption of the Dex line's runners.",
        )
    operation = _operation(ctx, group)
    ctx.out(
        f"Demo cases: the bus station's peer group assessed, planned for and on {meeting.label}; "
        f"{operation.name} against the Dex line."
    )


def _operation(ctx: DemoContext, group: Entity) -> Operation:
    """Operation Harrier: the police's operation against the Dex line, led by the area's missing persons
    coordinator, with the hub's analyst and the peer group's social worker as members; the line, its
    phone, the bus station, the group and the orders against the line's people."""
    users = known(ctx.users, "people")
    officer, analyst, practitioner = users["officer"], users["analyst"], users["practitioner"]
    started = clock.now() - timedelta(days=40)
    with clock.history(started, reason="Demo area", by=officer):
        operation = operation_services.operation_create(
            by=officer,
            authority=ctx.authority,
            name="Operation Harrier",
            kind="police",
            started_on=clock.today(),
            summary="Disrupt the Dex line's recruitment of Wenmoor children at the bus station.",
        )
        for name in ("Dex line", "Wenmoor bus station"):
            entity = Entity.objects.get(authority=ctx.authority, name=name)
            operation_services.operation_entity_add(by=officer, operation=operation, entity=entity)
        phone = Entity.objects.filter(authority=ctx.authority, kind="phone", name="07700 900562").first()
        if phone is not None:
            operation_services.operation_entity_add(by=officer, operation=operation, entity=phone)
        operation_services.operation_entity_add(by=officer, operation=operation, entity=group)
        operation_services.operation_member_add(by=officer, operation=operation, user=analyst)
        operation_services.operation_member_add(by=officer, operation=operation, user=practitioner)
    return operation
