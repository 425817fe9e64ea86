"""What the panels hear, decide and agree: sentences filled in per child, school or theme from what the
demo's records say about them (their level, exploitation types, missing episodes and return interviews).

Every sentence is a template about an invented child, school or place; nothing here comes from a real
case."""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from django.utils import timezone

from hub.demo import names as demo_names
from hub.demo.panels.records import EpisodeFact, KnownChild

LEVEL_NAMES = {
    "no-current-concern": "no current concern",
    "vulnerable": "vulnerable",
    "groomed-targeted": "groomed/targeted",
    "exploited": "exploited",
}
RELATIVES = ["grandmother", "aunt", "older sister", "uncle", "older brother", "foster carer"]
INTERESTS = ["football", "boxing", "music production", "dance", "basketball", "drama", "cooking"]
COURSES = ["motor mechanics", "hair and beauty", "sport", "construction", "childcare", "catering"]

# What agencies share about a child, by the exploitation types the screenings named ("" for any).
SHARED = {
    "cse": [
        "School: attendance {pct}% this half-term; {Name} has been collected at the gates by older males "
        "in a car.",
        "Health: the school nurse has seen {Name} twice; {he} talks about {a_partner} and will not give a "
        "name.",
        "Police: intelligence links {him} to an adult male who hangs around {place}.",
        "Social worker: {Name} has a new phone and new clothes {he} cannot explain.",
    ],
    "online": [
        "Police: the online team has identified the account that contacted {him}; enquiries continue.",
        "School: {Name} told a teacher that an adult online asked for images; the school acted the same day.",
        "Parent: found messages on a second account; the phone is now checked together each evening.",
    ],
    "cce": [
        "Police: stopped in {far} with cash and two phones; released with no further action.",
        "YOT: {Name} says {he} 'owes' older lads money and has to 'work it off'.",
        "Youth service: detached workers saw {him} at {place} late on two evenings with older males.",
        "School: {Name} has been on a reduced timetable since a fixed-term exclusion.",
    ],
    "county-lines": [
        "Police: found in a flat in {far} with adults linked to drug supply; treated as a victim.",
        "Transport police stopped {him} on a train on a school day with a ticket bought by someone else.",
        "YOT: the debt {Name} described at supervision matches intelligence about a line running from "
        "{place}.",
    ],
    "serious-youth-violence": [
        "Police: {Name} was present at a fight at {place} in which a young person was hurt.",
        "Youth service: peers say {Name} has been carrying a knife 'for protection'.",
        "Health: seen at the emergency department with a cut to the hand {he} would not explain.",
    ],
    "": [
        "Social worker: {Name} says {home} is 'fine' but {he} is often out until the early hours.",
        "Parent/carer: feels {Name} is safer since the curfew was agreed, but the calls at night continue.",
        "School: attendance {pct}%; {he} engages well with the learning mentor when {he} is in.",
        "Exploitation project worker: {Name} has met the worker {n} times and is starting to talk about "
        "the older group.",
        "Health: an appointment was offered and attended; no new concerns.",
    ],
}
HUB_OPENERS = [
    "Hub: {level} since {since}.",
    "Hub: level of concern {level}, decided on {since}.",
    "Hub: {Name} has been {level} since {since}.",
]

# MARMM: what the meeting decides about a child the hub routed to it.
MARMM_OUTCOMES = {
    "low": [
        "Agreed: early help to offer the family support; school to monitor attendance weekly and refer again "
        "if {Name} goes missing.",
        "Agreed: no multi-agency plan needed now. The school's safeguarding lead to check in with {Name} "
        "weekly; the hub to review after half-term.",
        "Agreed: universal services with advice to the family about online safety; the hub to check back in "
        "six weeks.",
        "Agreed: the youth service to offer {Name} a place on a group session; the social worker to share "
        "the outcome with the hub.",
    ],
    "high": [
        "Refer to MEP for a plan: the pattern across agencies shows {him} being targeted by older males.",
        "Agreed: MEP to build a plan with the allocated worker; police to submit intelligence about the "
        "adults named.",
        "Agreed: a strategy discussion with children's social care and police this week; MEP to follow.",
        "Agreed: the exploitation project to offer {Name} weekly sessions; MEP to plan at its next meeting.",
    ],
}
LEVEL_AGREED = [
    "{panel} agrees the hub's change of level to {level} on {since}: the information shared today supports "
    "it.",
    "Level of concern {level} confirmed by the panel (changed by the hub on {since}); partners' information "
    "agrees.",
]
DISRUPTION = [
    "Police to consider a Child Abduction Warning Notice against the adult seen with {Name} at {place}.",
    "Consider disruption at {place}: police and the council's licensing team to visit the premises.",
    "Police to consider a hotel information request for the hotel on the ring road where {Name} was found.",
    "Consider a Community Protection Notice for the address {Name} is taken to.",
]
NRM = [
    "Refer {Name} to the NRM: indicators of criminal exploitation across areas; police to refer as first "
    "responder.",
    "Refer {Name} to the NRM as a child trafficked for criminal exploitation; the social worker to refer.",
]
MEP_ALERT_OUTCOMES = [
    "Repeat missing noted: the safety plan is updated with {carer}; police to share the Grab Pack with the "
    "neighbouring force.",
    "The missing pattern follows contact with older peers at weekends: a curfew and check-in calls agreed "
    "with {carer}.",
    "Return interviews point to {place}: detached youth workers to cover it on Friday evenings.",
    "Agreed: the hub to screen {Name} again after the next return interview; police to review the risk "
    "grading on report.",
    "Missing noted; the allocated worker and the return interviewer to meet {Name} together this week.",
]
PLAN_START = [
    "Start a plan for {Name}, led by {lead}: individual and contextual risks to be set out with {carer}; "
    "review at MEP within 12 weeks.",
    "Plan agreed today with {lead} as lead: focus on the missing pattern and the older group; review "
    "within 12 weeks.",
]
PLAN_REVIEW = [
    "Plan reviewed (version {number}): {trend}. Next review {review}.",
    "Plan reviewed with {lead} (version {number}): {trend}; factors updated. Review by {review}.",
]
ESCALATE = [
    "Escalate to SEP: {n} missing episodes in the last three months despite the plan; strategic disruption "
    "needed around {place}.",
    "Escalate to SEP monitoring: new intelligence that {Name} is being moved to {far}; the plan alone is not "
    "reducing the risk.",
    "Escalate to SEP: {Name} was found with adults linked to a county line; partners need SEP to unblock a "
    "specialist placement and disruption.",
]
RE_ESCALATE = [
    "Escalate to SEP again: missing has restarted since SEP removed {Name} ({n} episodes); the plan needs "
    "SEP's help with disruption.",
    "Back to SEP: new intelligence links {Name} to the same older group; the risk has returned since "
    "removal.",
]
REMOVE = [
    "Remove from SEP monitoring: no missing episodes for {weeks} weeks and {Name} is engaging with the "
    "project worker; the MEP plan continues.",
    "Remove from SEP: disruption at {place} has held and {Name} is back in education; MEP keeps the plan "
    "under review.",
    "Remove from SEP monitoring: risks are reducing and the barriers SEP was asked to remove are resolved; "
    "MEP oversees the plan.",
]
SEP_OUTCOMES = [
    "Barrier: CAMHS waiting list. The health lead to escalate for an assessment within four weeks.",
    "Police to seek a closure order on the address {Name} is taken to; housing to support.",
    "A specialist placement panel to consider a move closer to family; SEP to review next month.",
    "Education: a place at the pupil referral unit agreed from next week; transport arranged.",
    "Continue SEP monitoring: the disruption plan around {place} is in place; review next month.",
    "Police to consider a Slavery and Trafficking Risk Order against the adult who controls {Name}.",
]
NEW_TO_SEP = [
    "SEP accepts {Name} for monitoring: partners to report on disruption and education at the next SEP.",
    "New to SEP: the chair to write to the agencies holding the barriers named today; review next month.",
]
OTHER_CHILD = {
    "youth-risk": [
        "Agreed: {Name}'s associates mapped with police intelligence; detached youth work at {place}.",
        "Agreed: the youth service and YOT to offer {Name} a mentor; police to monitor the group's "
        "movements.",
        "No new intelligence; keep on the list. The violent crime taskforce to share anything new.",
    ],
    "dci-risk": [
        "Police to prioritise enquiries into the adults linked to {Name}; a named officer allocated.",
        "Agreed: extra patrols at {place} on Friday and Saturday evenings; children's social care to visit.",
        "A named detective to lead the investigation; YOT to support {Name} as a victim, not a suspect.",
    ],
    "cross-border": [
        "The placing authority to review the placement's safety plan and share it with the host area.",
        "Harrowfield and the host area's police to share intelligence about the adults {Name} meets.",
        "Agreed: notification sent to the placing authority; return interviews to be shared within 72 hours.",
    ],
    "complex-strategy": [
        "Section 47 enquiries to start; a joint visit by police and children's social care today.",
        "Strategy agreed: a safety plan with {carer}, a Grab Pack for police, and an MEP plan review "
        "within a week.",
        "Agreed: threshold for a strategy discussion met; the social worker to lead a child protection "
        "enquiry.",
    ],
}
SCHOOL_SHARED = [
    "School: {screenings} and {episodes} among its pupils since {since}; staff report older young people "
    "waiting at the gates at home time.",
    "School: {screenings} and {episodes} since {since}; a group of year 9 pupils has been seen at {place} "
    "after school.",
    "School: {screenings} and {episodes} since {since}; concerns about pupils being contacted on social "
    "media by people they have not met.",
]
SCHOOL_OUTCOMES = [
    "The school to run its healthy relationships sessions with year 9 this term; police community support "
    "officers to walk past the gates at home time on Fridays.",
    "The safeguarding lead to share the hub's signs-of-exploitation briefing with all staff; the hub to "
    "attend a staff meeting.",
    "The school to refer any new concern by screening the same day; the hub to feed back at the next "
    "locality meeting.",
    "Online safety session for parents at the school, with the police online team.",
]
THEMES = {
    "locality": "Trends and places of concern in the locality",
    "youth-risk": [
        "County lines activity around Wenmoor bus station",
        "Knife carrying among young people at the skate park on Pinfold Road",
        "Older males recruiting at the takeaways on Station Road",
        "Tension between groups from Eastbrook and Holloway Green",
    ],
    "cross-border": [
        "Children placed here going missing to Harrowfield at weekends",
        "Placements out of area: notifications arriving late from placing authorities",
    ],
}
THEME_SHARED = [
    "Police: reports of young people gathering at {place} after school; two children from the area found "
    "in {far}.",
    "Youth service: detached workers see the same older group at {place} most evenings; new faces each week.",
    "Hub: {count} screenings this quarter name {place}; most about older males offering lifts and cannabis.",
    "Police: intelligence about a vehicle seen near {place} picking up children; enquiries under way.",
]
THEME_OUTCOMES = [
    "Consider a Public Spaces Protection Order for {place}; the council's community safety team to lead.",
    "Police and the youth service to run joint patrols at {place} for six weeks and report back.",
    "The hub to map the children linked to {place} and bring the map to the next meeting.",
    "Licensing to visit the businesses near {place} with police; information about the signs left with "
    "staff.",
]


def day_text(moment: datetime | Any) -> str:
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment).date()
    return f"{moment:%-d %B %Y}"


def fill(
    template: str, child: KnownChild | None, rng: random.Random, extra: dict[str, Any] | None = None
) -> str:
    """A template about ``child`` (or a school or theme), with invented places and numbers."""
    values: dict[str, Any] = {
        "place": rng.choice(demo_names.LOCAL_PLACES),
        "far": rng.choice(demo_names.OUT_OF_AREA),
        "pct": rng.randint(52, 88),
        "n": rng.randint(2, 6),
        "relative": rng.choice(RELATIVES),
        "interest": rng.choice(INTERESTS),
        "course": rng.choice(COURSES),
    }
    if child is not None:
        values |= child.words()
        values["a_partner"] = "a 'boyfriend'" if child.sex == "2" else "an older 'mate'"
    text = template.format(**(values | (extra or {})))
    return text[0].upper() + text[1:]


def missing_sentence(episodes: list[EpisodeFact], since: datetime) -> str:
    """What police and the return interviews say about the child's missing since ``since``."""
    if not episodes:
        return f"No missing episodes since {day_text(since)}."
    last = episodes[-1]
    sentence = f"Missing {len(episodes)} time{'s' if len(episodes) != 1 else ''} since {day_text(since)}."
    if last.last_seen_where:
        sentence += f" Last seen: {_lower_first(last.last_seen_where.rstrip('.'))}"
        if last.returned_where:
            sentence += f"; found: {_lower_first(last.returned_where.rstrip('.'))}"
        sentence += "."
    high = sum(1 for e in episodes if e.risk_grade == "high")
    if high:
        sentence += f" {high} graded high risk."
    heard = next((e for e in reversed(episodes) if e.where_went), None)
    if heard is not None:
        sentence += f" Return interview: {heard.where_went}"
        if not sentence.endswith((".", "'", '"')):
            sentence += "."
    return sentence


def _lower_first(text: str) -> str:
    """ "The bus station" in the middle of a sentence, but "Millbrook retail park" as it is."""
    first = text.split(" ", 1)[0].rstrip(",")
    if first in ("A", "An", "The", "Her", "His", "Their", "Home", "Leaving", "Getting", "Outside", "Walking"):
        return text[:1].lower() + text[1:]
    return text


def shared_about(
    child: KnownChild, rng: random.Random, *, at: datetime, since: datetime, extra: list[str] | None = None
) -> str:
    """The information shared about a child at a meeting at ``at``: the hub's summary, the missing since
    ``since``, and what two or three agencies add, by the exploitation types named."""
    level = child.level_on(at)
    parts = []
    if level:
        decided = max((d for d, code in child.levels if d <= at), default=at)
        opener = rng.choice(HUB_OPENERS)
        parts.append(fill(opener, child, rng, {"level": LEVEL_NAMES[level], "since": day_text(decided)}))
    parts.append(missing_sentence(child.episodes_between(since, at), since))
    in_school = child.school_on(timezone.localtime(at).date()) is not None
    pools = [
        [t for t in SHARED[code] if in_school or not t.startswith("School:")]
        for code in [*sorted(child.types_on(at)), ""]
        if code in SHARED
    ]
    pools = [pool for pool in pools if pool]
    chosen: list[str] = []
    for _ in range(rng.randint(2, 3)):
        pool = rng.choice(pools)
        template = rng.choice(pool)
        if template not in chosen:
            chosen.append(template)
    parts += [fill(template, child, rng) for template in chosen]
    parts += extra or []
    return " ".join(parts)
