"""What referrers write in the tool and what the hub writes back: sentences filled in per child.

Every sentence is a template about an invented child; nothing here comes from a real case.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any, cast

from django.utils import timezone

from hub.children.models import LegalStatus
from hub.demo import names as demo_names
from hub.demo.screening.figures import EXPLOITED, GROOMED, NONE, VULNERABLE
from hub.demo.screening.planned import PlannedChild, PlannedScreening
from hub.screening.models import Route, SystemConsulted

SHORT = {
    "missing": "missing episodes",
    "older-controlling-adult": "an older, controlling adult",
    "unexplained-money": "money or goods they cannot explain",
    "cars-unknown-adults": "getting into cars with unknown adults",
    "hotels-taxis-takeaways": "links to hotels, taxis or takeaways",
    "found-out-of-area": "being found out of area",
    "school-absence": "school absence or exclusion",
    "sti-pregnancy": "sexual health concerns",
    "drugs-alcohol": "drug or alcohol use",
    "self-harm": "self-harm or low mood",
    "peers-exploited": "peers who are exploited",
    "unexplained-injuries": "unexplained injuries",
    "multiple-phones": "more than one phone",
    "weapons": "carrying a weapon or violence",
    "online-contact": "unknown adults online",
}
DETAILS = {
    "missing": [
        "{Name} has been missing overnight {n} times since {month}.",
        "{He} went missing for two days and was found in {far}.",
        "{He} stays out until the early hours most weekends and will not say where {he} has been.",
    ],
    "older-controlling-adult": [
        "{He} talks about {a_partner} of about 20 whom the family has never met.",
        "An older male collects {him} and decides where {he} goes and whom {he} sees.",
        "{He} says {he} owes money to an older lad and has to do what he says.",
    ],
    "unexplained-money": [
        "{He} has new designer clothes and cash that {he} cannot explain.",
        "Carers found about {money} pounds in {his} room.",
        "{He} has a new phone and trainers; the family cannot afford them.",
    ],
    "cars-unknown-adults": [
        "Seen getting into cars with adults the family does not know, near {place}.",
        "A neighbour saw {him} dropped off late at night by different cars.",
    ],
    "hotels-taxis-takeaways": [
        "{He} spends evenings at {place} and comes home in taxis someone else has paid for.",
        "Staff at a hotel on the ring road called police after {he} was seen there with adults.",
    ],
    "found-out-of-area": [
        "Found by police in {far} with train tickets {he} could not explain.",
        "Transport police stopped {him} on a train to {far} on a school day.",
    ],
    "school-absence": [
        "Attendance has fallen to {pct}% this term.",
        "{He} has had two fixed-term exclusions this year.",
        "{He} arrives at school late and leaves at lunchtime.",
    ],
    "sti-pregnancy": ["The sexual health service has been involved with {him} this term."],
    "drugs-alcohol": [
        "{He} has come home smelling of cannabis and alcohol.",
        "{He} was found with cannabis in {his} bag.",
    ],
    "self-harm": [
        "Staff have seen self-harm marks; {his} mood has dropped sharply.",
        "{He} has become withdrawn and tearful and told a friend {he} wants to disappear.",
    ],
    "peers-exploited": [
        "{His} close friends are already known to the hub for exploitation.",
        "{He} has started spending time with an older group known to police.",
    ],
    "unexplained-injuries": [
        "{He} has bruising and a cut to the hand that {he} will not explain.",
        "{He} came to school with a black eye and said {he} 'fell over'.",
    ],
    "multiple-phones": [
        "{He} has two phones and gets calls late at night that make {him} leave the house.",
        "{His} phone rings constantly and {he} becomes anxious if {he} misses a call.",
    ],
    "weapons": [
        "Peers say {he} has been carrying a knife.",
        "{He} was present at a fight at {place} in which a young person was hurt.",
    ],
    "online-contact": [
        "{He} talks to adults {he} met through an online game and has been asked to send images.",
        "{His} parent found messages from an adult stranger asking to meet.",
    ],
}
NOT_KNOWN_DETAILS = ["Not known to me.", "The family may know; I have not been able to ask.", ""]
MILD_WORRIES = [
    "{Name} stayed out past {his} curfew twice this month and {his} parent is worried about a new friendship "
    "group.",
    "{Name} has been quieter in class and spends a lot of time on {his} phone.",
    "{Name}'s parent found messages from someone {he} did not recognise; {he} says it was a friend's joke.",
    "{Name} was seen in town late one evening with older young people; {he} says they are cousins.",
]
OPENERS = [
    "I am worried about {Name}.",
    "{Name} came to our attention this week.",
    "I am referring {Name} after a conversation with {his} family.",
    "{Name} is known to our service and recent events worry me.",
]
CLOSINGS = {
    NONE: "I would like the hub's advice on whether anything more is needed.",
    VULNERABLE: "I think {he} could be a target and would like advice and support.",
    GROOMED: "I am worried {he} is being groomed or targeted.",
    EXPLOITED: "I believe {he} is being exploited and needs a multi-agency response.",
}
ACTIONS = {
    "education": "Spoke to {Name} and to {his} parent; recorded on the school's safeguarding system; "
    "informed the head of year.",
    "csc": "Discussed with my team manager; visited {Name} at home; updated the case record.",
    "police": "{Name} was returned home by officers; the episode and intelligence have been recorded.",
    "yot": "Raised with {Name} at supervision; discussed with the YOT manager.",
    "health": "Discussed with the named nurse for safeguarding; offered {Name} a follow-up appointment.",
    "youth": "Talked with {Name} at the youth club; told the service manager.",
    "voluntary": "Discussed with our safeguarding lead; {Name} is offered weekly sessions.",
    "hub": "Return interview held; shared with the hub coordinator.",
}
LAWFUL_BASES = {
    "education": ["dpa_sch1_18", "dpa_sch1_18", "consent"],
    "csc": ["public_task"],
    "police": ["dpa_part3", "dpa_sch1_18"],
    "yot": ["public_task"],
    "health": ["dpa_sch1_18", "consent"],
    "youth": ["consent", "dpa_sch1_18"],
    "voluntary": ["consent", "dpa_sch1_18"],
    "hub": ["public_task"],
}
NO_CONSENT_REASONS = [
    "Seeking consent could place the child at greater risk: the adults involved may be alerted.",
    "The parent could not be reached today and the concern cannot wait.",
    "The child asked us not to tell the family; the risk means we must share without consent.",
]
LEVEL_RATIONALE = {
    NONE: "No indicator of exploitation in any agency's records; the worry is explained by what the family "
    "and school told us. Advice to the referrer and universal services.",
    VULNERABLE: "Vulnerabilities that could make {Name} a target, but no evidence of grooming or of an "
    "exploiting adult.",
    GROOMED: "Evidence that {Name} is being targeted or groomed: the pattern across agencies goes beyond "
    "vulnerability.",
    EXPLOITED: "Evidence that {Name} is being exploited: the indicators and agency records together show "
    "control by others.",
}
RAISED_REASONS = [
    "Police intelligence links {Name} to adults of concern that the referrer could not know about.",
    "Missing reports and children's social care records show a pattern beyond the referrer's answers.",
    "Other agencies hold information about {his} associates that raises the concern.",
]
LOWERED_REASONS = [
    "Agency records explain several of the indicators (a family bereavement and a change of school); "
    "lowered after speaking with the referrer.",
    "The older person named is a relative known to children's social care and not a concern.",
    "School and the family confirm the absences were illness, with medical evidence.",
]


def fill(template: str, child: PlannedChild, rng: random.Random, extra: dict[str, Any] | None = None) -> str:
    """A template about the child, with their name and pronouns and invented places and numbers."""
    values = child.words() | {
        "n": rng.randint(2, 5),
        "far": rng.choice(demo_names.OUT_OF_AREA),
        "place": rng.choice(demo_names.LOCAL_PLACES),
        "pct": rng.randint(52, 84),
        "money": rng.choice([200, 300, 450, 600]),
    }
    return template.format(**(values | (extra or {})))


def concern_and_answers(
    screening: PlannedScreening, rng: random.Random
) -> tuple[str, dict[int, tuple[str, str]]]:
    """What the referrer writes: the concern, told through the indicators they answer yes, and the answer
    with its detail for each indicator answered yes or not known, by indicator id."""
    child = screening.child
    answers: dict[int, tuple[str, str]] = {}
    sentences = [fill(rng.choice(OPENERS), child, rng)]
    since = timezone.localtime(screening.submitted_at) - timedelta(days=rng.randint(35, 120))
    for indicator in screening.yes:
        detail = fill(rng.choice(DETAILS.get(indicator.code, ["Yes."])), child, rng, {"month": f"{since:%B}"})
        answers[indicator.pk] = ("yes", detail)
        if len(sentences) < 4:
            sentences.append(detail)
    if not screening.yes:
        sentences.append(fill(rng.choice(MILD_WORRIES), child, rng))
    sentences.append(fill(CLOSINGS.get(screening.suggested, CLOSINGS[VULNERABLE]), child, rng))
    for indicator in screening.not_known:
        answers[indicator.pk] = ("not_known", rng.choice(NOT_KNOWN_DETAILS))
    return " ".join(sentences), answers


def systems_consulted(level: str, rng: random.Random) -> list[str]:
    """The agencies' systems the hub checks: more of them the more serious the concern."""
    base: list[str] = [SystemConsulted.HUB, SystemConsulted.CSC, SystemConsulted.EDUCATION]
    if level == NONE:
        return base
    base += [SystemConsulted.POLICE, SystemConsulted.EARLY_HELP]
    if level in (GROOMED, EXPLOITED):
        base += [SystemConsulted.HEALTH, SystemConsulted.YOT, SystemConsulted.YOUTH_SERVICE]
    return [system for system in base if system == SystemConsulted.HUB or rng.random() < 0.9]


def findings(
    screening: PlannedScreening,
    earlier: list[PlannedScreening],
    level_names: dict[str, str],
    rng: random.Random,
) -> str:
    """What the hub found in the agencies' records, matching the level it decides; ``earlier`` are the
    child's screenings already reviewed, the last of which the hub mentions."""
    child = screening.child
    words = child.words()
    status = {
        LegalStatus.LOOKED_AFTER: "looked after"
        + (" (placed here by Harrowfield)" if child.placed_in else ""),
        LegalStatus.CHILD_PROTECTION: "subject to a child protection plan",
        LegalStatus.CHILD_IN_NEED: "open as a child in need",
        LegalStatus.EARLY_HELP: "open to early help",
    }.get(cast(LegalStatus, child.legal_status), "not open")
    police = {
        NONE: "no records.",
        VULNERABLE: rng.choice(
            ["no intelligence.", "one missing report this year.", "one stop and account."]
        ),
        GROOMED: f"{rng.randint(2, 4)} missing reports; seen with older young people of concern.",
        EXPLOITED: f"{rng.randint(3, 8)} missing reports; intelligence links {words['him']} to adults of "
        f"concern and to {rng.choice(demo_names.LOCAL_PLACES)}.",
    }[screening.level]
    parts = [f"Children's social care: {status}.", f"Police: {police}"]
    if child.school:
        parts.append(f"Education: {child.school.name}, attendance {rng.randint(55, 97)}%.")
    if earlier:
        last = earlier[-1]
        when = timezone.localtime(last.reviewed_at)
        parts.append(f"Hub: screened before on {when:%d %B %Y} ({level_names[last.level]}).")
    return " ".join(parts)


def feedback(screening: PlannedScreening, level_name: str) -> str:
    """What the referrer is told, by route; MARMM meets on Thursdays (the next one after the review)."""
    child = screening.child
    reviewed = timezone.localtime(screening.reviewed_at).date()
    thursday = reviewed + timedelta(days=(3 - reviewed.weekday()) % 7 or 7)
    return {
        Route.ADVICE: f"Thank you. The hub found no need for a multi-agency response for {child.first_name} "
        "now. Please keep offering support and refer again if anything changes.",
        Route.EARLY_HELP: f"The hub decided {level_name} and has asked early help to contact the family; "
        "you may be asked to join a team around the family meeting.",
        Route.MARMM: f"The hub decided {level_name}. {child.first_name} will be discussed at MARMM on "
        f"{thursday:%A %d %B}; please send any update before then.",
        Route.MEP: f"The hub decided {level_name}. A Missing and Exploitation Panel plan will be built with "
        "the allocated practitioner; you will be invited.",
        Route.STRATEGY: f"The hub decided {level_name}. A strategy discussion with children's social care "
        "and police was held today; the allocated social worker will contact you.",
    }[cast(Route, screening.route)]
