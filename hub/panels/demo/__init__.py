"""The demo area's panels: the strategy's meetings (MARMM, MEP, SEP, Youth Risk, Cross Border, Locality
north and south, DCI Risk, complex strategy), each with its chair, members and agencies.

Idempotent: panels are found by name in the demo authority and created only when absent; their members
are added, never removed, so what someone trying the demo changes is kept. Every person here is one of
the demo's invented staff (``hub/accounts/demo.py``)."""

from __future__ import annotations

from django.db import transaction

from hub.core.demo import DemoContext
from hub.panels.models import Panel
from hub.reference.models import MeetingType

# meeting type code: (name, chair's username, member usernames, agency keys, usual days between meetings)
PANELS = {
    "marmm": (
        "MARMM",
        "coordinator",
        ["analyst", "practitioner", "officer", "interviewer"],
        ["hub", "csc", "police", "yot", "health"],
        7,
    ),
    "mep": (
        "MEP",
        "chair",
        ["coordinator", "practitioner", "officer", "interviewer"],
        ["hub", "csc", "police", "yot", "youth", "education", "health"],
        14,
    ),
    "sep": (
        "SEP",
        "chair",
        ["coordinator", "officer"],
        ["hub", "csc", "police", "yot", "health", "partnership"],
        28,
    ),
    "youth-risk": (
        "Youth Risk Meeting",
        "officer",
        ["coordinator", "practitioner"],
        ["police", "yot", "youth", "csc"],
        28,
    ),
    "cross-border": (
        "Cross Border Group",
        "coordinator",
        ["officer", "chair"],
        ["hub", "police", "neighbour"],
        91,
    ),
    "locality-north": (
        "Locality meeting (north)",
        "coordinator",
        ["schoollead", "officer"],
        ["hub", "education", "police"],
        91,
    ),
    "locality-south": (
        "Locality meeting (south)",
        "coordinator",
        ["schoollead", "officer"],
        ["hub", "education", "police"],
        91,
    ),
    "dci-risk": (
        "DCI Risk Meeting",
        "officer",
        ["coordinator", "practitioner"],
        ["police", "csc", "yot"],
        28,
    ),
    "complex-strategy": (
        "Complex strategy meeting",
        "chair",
        ["coordinator", "officer", "practitioner"],
        ["csc", "police", "health", "hub"],
        0,
    ),
}


def load_panels(ctx: DemoContext) -> None:
    users, agencies = ctx.users or {}, ctx.agencies or {}
    created = 0
    with transaction.atomic():
        for code, (name, chair, members, agency_keys, days) in PANELS.items():
            panel, made = Panel.objects.get_or_create(
                authority=ctx.authority,
                name=name,
                defaults={
                    "meeting_type": MeetingType.objects.get(code=code),
                    "chair": users.get(chair),
                    "frequency_days": days or 28,
                },
            )
            created += made
            panel.members.add(*[users[key] for key in members if key in users])
            panel.member_agencies.add(*[agencies[key] for key in agency_keys if key in agencies])
    ctx.out(f"Demo panels: {created} created, {len(PANELS) - created} already there.")
