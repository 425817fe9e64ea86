"""The disruption activity of the year against the persons, the groups and the places, from the Home
Office toolkit's tactics (``reference.DisruptionTactic``): some orders in force, two of them expiring
within the 28-day warning of the reference day (so the reminder shows), one applied for, and some ended
with their outcome. Each is recorded through ``disruption_record`` on the day it was issued or applied
for, and moved on through ``disruption_update`` on the day it ended, each as of that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from hub.accounts.models import Agency, User
from hub.core import clock
from hub.core.calendar import LONDON
from hub.demo.intelligence import figures
from hub.intelligence import disruption_services as services
from hub.intelligence.models import DisruptionStatus, Entity
from hub.reference.models import DisruptionTactic


@dataclass(frozen=True)
class Planned:
    target: str  # an entity's key (``figures``)
    tactic: str  # a DisruptionTactic code
    started: int  # days before the reference day
    expires: int | None  # days after the reference day (negative: before it)
    status: str  # where it stood when recorded
    conditions: str = ""
    notes: str = ""
    # How it ended: (days before the reference day, status, note), or None while it runs.
    ended: tuple[int, str, str] | None = None


PLANNED = [
    Planned(
        "controller",
        "cawn",
        165,
        19,
        DisruptionStatus.IN_FORCE,
        conditions="No contact with the two named children; not to be in their company or let them into a "
        "vehicle or address he controls.",
        notes="Served in person at Brackenmoor custody suite.",
    ),
    Planned(
        "trap-house",
        "closure-order",
        76,
        14,
        DisruptionStatus.IN_FORCE,
        conditions="Nobody but the tenant and her support workers to enter the flat for three months.",
        notes="Closure notice served first; order made at Wenmoor Magistrates' Court. Housing supports the "
        "tenant.",
    ),
    Planned(
        "hotel",
        "hotel-information-request",
        120,
        245,
        DisruptionStatus.IN_FORCE,
        notes="Notice served on the manager; guest registers checked monthly.",
    ),
    Planned(
        "ocg",
        "gang-injunction",
        300,
        430,
        DisruptionStatus.IN_FORCE,
        conditions="Named members not to enter the Kestrel House estate or Wenmoor bus station.",
    ),
    Planned(
        "boyfriend",
        "stro",
        9,
        None,
        DisruptionStatus.APPLIED_FOR,
        notes="Application to the magistrates' court; hearing listed next month.",
    ),
    Planned(
        "park",
        "dispersal",
        212,
        -210,
        DisruptionStatus.IN_FORCE,
        notes="Group of nine dispersed from the pavilion.",
        ended=(210, DisruptionStatus.EXPIRED, "Nine dispersed; three children taken home by officers."),
    ),
    Planned(
        "takeaway",
        "cpn",
        250,
        -70,
        DisruptionStatus.IN_FORCE,
        conditions="No free food or phone credit to under-18s; CCTV kept for 30 days and given to police.",
        ended=(
            110,
            DisruptionStatus.DISCHARGED,
            "Owner signed the partnership's memorandum of understanding and installed CCTV; discharged.",
        ),
    ),
    Planned(
        "runner",
        "cawn",
        280,
        -95,
        DisruptionStatus.IN_FORCE,
        conditions="No contact with the named child.",
        ended=(130, DisruptionStatus.BREACHED, "Breached: found with the child at Kestrel House; arrested."),
    ),
]


def _moment(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def write(entities: dict[str, Entity], by: User, police: Agency, today: date) -> int:
    tactics = {tactic.code: tactic for tactic in DisruptionTactic.objects.all()}
    written = 0
    for plan in PLANNED:
        started = today - timedelta(days=plan.started)
        with clock.history(_moment(started, 16), reason=figures.REASON):
            disruption = services.disruption_record(
                by=by,
                target=entities[plan.target],
                tactic=tactics[plan.tactic],
                started_on=started,
                status=plan.status,
                agency=police,
                expires_on=None if plan.expires is None else today + timedelta(days=plan.expires),
                conditions=plan.conditions,
                notes=plan.notes,
            )
        if plan.ended is not None:
            days, status, note = plan.ended
            with clock.history(_moment(today - timedelta(days=days), 12), reason=figures.REASON):
                services.disruption_update(
                    by=by, disruption=disruption, version=disruption.version, status=status, note=note
                )
        written += 1
    return written
