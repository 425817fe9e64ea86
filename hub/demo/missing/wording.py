"""What police, carers, the hub and the return interviewers write about an episode besides its story
(``stories``): regradings, why an interview was late, not face to face or declined, the actions agreed,
placements; and the invented places the sentences name. Every sentence is a template about an invented
child; nothing here comes from a real case.
"""

from __future__ import annotations

import random

from hub.demo import names as demo_names

AREAS = ["Eastbrook", "Holloway Green", "Old Wenmoor", "Wenmoor Vale", "Stanbridge", "Pelham Park"]
CITIES = ["Brackenmoor", "Harrowfield"]
HOMES = ["Larkspur House", "Heron Lodge", "The Granary", "Kiln Cottage", "Orchard View", "Sedge House"]

REGRADE_UP = [
    "No contact for 24 hours and phone switched off.",
    "Intelligence that the child is with an adult male of concern.",
    "Not at any of the usual addresses; friends have not seen them.",
    "Seen getting into a car with older males; vehicle linked to drug supply.",
]
REGRADE_DOWN = [
    "Spoke to the child by phone: safe and well, refuses to say where.",
    "Sighted by a family member; confirmed safe.",
    "Location known: at a relative's address; carers in contact.",
]
NOT_FACE_TO_FACE = [
    "By phone: {Name} would only talk on the phone.",
    "By video call: {Name} was staying with family out of the area that week.",
    "By phone: {Name} agreed to talk but not to meet, after two visits were refused.",
    "Through {his} carer, with {Name} adding to what was said over the phone.",
]
DECLINED = [
    "Says nothing happened and {he} just wanted space; does not want 'another worker'.",
    "Does not want to talk about it: 'I've already told the police everything.'",
    "Refused to come downstairs for the visit; later texted that {he} is fine.",
    "Says {he} is tired of professionals and will talk to {his} social worker if {he} wants to.",
    "Walked out of the room when the interviewer arrived; said 'leave me alone'.",
]
LATE_DETAIL = {
    "child-unavailable": [
        "Three visits arranged; {Name} was not at home for any of them.",
        "{Name} was out each time the interviewer called; seen on the fourth day at school.",
    ],
    "child-missing-again": [
        "{Name} went missing again before the interview; held after the next return.",
    ],
    "late-notification": [
        "The return was notified late in the evening before a bank holiday weekend.",
        "Police notified the return only after the weekend; the visit was booked as soon as it came in.",
    ],
    "carer-refused-access": [
        "{His} mum cancelled two visits, saying {Name} was 'not up to it'.",
        "Carers asked for the visit to wait until after a family contact.",
    ],
    "worker-capacity": [
        "Several returns over the weekend; no interviewer free until the fourth day.",
        "Interviewer off sick; reallocated on day three.",
    ],
    "child-out-of-area": [
        "{Name} was staying with family out of the area for the week.",
        "{Name} was moved to an emergency placement out of the area for a few days.",
    ],
    "other": [
        "{Name} asked to wait until after exams.",
        "The interview was rearranged twice at {his} request.",
    ],
}
ACTIONS = {
    "home": [
        "Safety plan reviewed with {Name} and {his} family: keep the phone charged and text if running late.",
        "Agreed to meet again next week; {Name} will ring if {he} wants to talk sooner.",
        "Agreed with {his} parents to set a curfew together and to ring police after an hour.",
        "Information shared with the school's safeguarding lead.",
    ],
    "placement": [
        "Safety plan reviewed with {Name} and {his} carers: keep the phone charged and text if running late.",
        "Agreed to meet again next week; {Name} will ring if {he} wants to talk sooner.",
        "Information shared with the allocated social worker and the placing authority.",
        "Carers and {Name} agreed a later curfew at weekends in return for texting where {he} is.",
    ],
    "exploitation": [
        "Intelligence shared with police about the address, vehicles and names mentioned.",
        "Discussed with the hub coordinator; screening tool to be completed.",
        "Allocated social worker and police informed the same day; strategy discussion requested.",
        "Grab Pack updated with a recent photo and the places {Name} goes.",
    ],
}
PLACEMENTS = {
    "foster": "Foster placement: {address}",
    "home": "Children's home ({home}): {address}",
    "semi": "Semi-independent accommodation: {address}",
}


def places(rng: random.Random) -> dict[str, str]:
    """The invented places one episode's story mentions, drawn once so every part of it names the same."""
    return {
        "area": rng.choice(AREAS),
        "city": rng.choice(CITIES),
        "far": rng.choice(demo_names.OUT_OF_AREA),
        "place": rng.choice(demo_names.LOCAL_PLACES),
    }


def fill(template: str, words: dict[str, str], rng: random.Random) -> str:
    """A template about the child, with their name and pronouns, and the places in ``words`` (or any)."""
    text = template.format(**(places(rng) | words))
    return text[0].upper() + text[1:]


def pick(options: list[str], words: dict[str, str], rng: random.Random) -> str:
    return fill(rng.choice(options), words, rng) if options else ""
