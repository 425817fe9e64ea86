"""What the children's plans say: the factors (individual, contextual, protective), the summaries, the
child's and the family's views, the progress and changes at review, and the plans' actions.

Every sentence is a template (``wording.fill``) about an invented child, school or place; nothing here
comes from a real case."""

INDIVIDUAL = {
    "cse": [
        "Talks about {a_partner} of about 20 whom {his} {carer} has never met.",
        "Sexual health concerns; {he} does not see the risk in the relationships {he} describes.",
    ],
    "online": ["Shares images online with people {he} has not met; has been asked to meet."],
    "cce": [
        "Owes money to older young people and says {he} has to 'work it off'.",
        "Carries more than one phone; calls late at night make {him} leave the house.",
    ],
    "county-lines": ["Has been found out of area in flats used to sell drugs."],
    "serious-youth-violence": ["Has been found carrying a knife; says it is for protection."],
    "financial": ["Has money and clothes {he} cannot explain; a bank account in {his} name is being used."],
    "trafficking": ["Moved between towns by adults; does not know the addresses {he} stays at."],
    "": [
        "Uses cannabis most days and has been found with alcohol.",
        "Low mood and self-harm; waiting for a CAMHS assessment.",
        "Goes missing often, usually overnight at weekends.",
    ],
}
CONTEXTUAL = {
    "peers": [
        "Spends time with an older group known to police for drug supply.",
        "Close friends are also known to the hub for exploitation.",
    ],
    "places": [
        "Seen at {place} late in the evening, where older males gather.",
        "Found in {far} more than once, with no explanation of how {he} got there.",
    ],
    "school": [
        "Attendance at {school} has fallen to {pct}%; often leaves at lunchtime.",
        "Not in full-time education since an exclusion; unstructured days.",
    ],
    "online": [
        "Contact through a gaming platform with an adult who asked for images.",
        "Social media accounts followed by adults linked to drug supply.",
    ],
    "family": ["Goes missing to see family {he} is not allowed to stay with."],
}
PROTECTIVE = [
    "A good relationship with {his} {relative}, whom {he} talks to.",
    "Enjoys {interest} and goes to sessions when {he} is at {home}.",
    "Engages with the exploitation project worker most weeks.",
    "Wants to go to college to study {course}.",
    "{His} {carer} works well with professionals and reports missing quickly.",
    "Has a trusted adult at school and goes to see them when worried.",
]
SUMMARIES = [
    "To reduce {Name}'s missing and the control older people have over {him}; to keep {him} in education; "
    "to build on what keeps {him} safe.",
    "To keep {Name} safe from the adults exploiting {him}, disrupt the places {he} is taken, and support "
    "{him} back into education.",
    "To help {Name} recognise exploitation, reduce the time {he} spends with the older group, and strengthen "
    "{his} relationships at {home}.",
]
CHILD_VIEWS = [
    "{Name} says the worry is 'over the top' but agrees to keep {his} phone on and charged.",
    "{Name} says {he} wants the calls to stop but is scared of what happens if {he} ignores them.",
    "{Name} would like to see {his} {relative} more and to get back into {interest}.",
    "{Name} did not want to take part; {his} views come from the return interviews.",
    "{Name} says {he} feels safer since the curfew, though {he} does not like it.",
]
FAMILY_VIEWS = [
    "{His} {carer} is frightened for {him} and wants the older males kept away.",
    "{His} {carer} feels supported but wants a quicker police response when {he} goes missing.",
    "{His} {carer} thinks school is the biggest problem and wants a different timetable.",
    "{His} {carer} agrees with the plan and will keep a diary of when {he} goes out and comes back.",
]
PROGRESS = {
    "fewer": "{missing} since the last review, fewer than before; {Name} is engaging with {worker}",
    "none": "no missing episodes since the last review; {Name} is attending school more often",
    "more": "{missing} since the last review, more than before; the older group still has a hold",
    "same": "{missing} since the last review; little change, and the plan's actions continue",
}
CHANGES = {
    "fewer": "Risk from {place} lowered: no sightings since the disruption.",
    "none": "Missing risk lowered; the protective factors are holding.",
    "more": "Missing risk raised; a new contextual risk added.",
    "same": "No change to the ratings; actions renewed.",
}
PLAN_ACTIONS = {
    "csc": [
        (
            "Review the safety plan with {Name} and {his} {carer}",
            "Reviewed at a home visit; {Name} added the people {he} can call.",
        ),
        ("Refer {Name} to the exploitation project", "Referred; the project worker has met {Name} twice."),
    ],
    "police": [
        ("Update {Name}'s Grab Pack", "Grab Pack updated with the new photo and addresses."),
        (
            "Visit the addresses linked to {Name} with the family's consent",
            "Addresses visited; one is now the subject of a closure notice.",
        ),
    ],
    "education": [
        (
            "Agree a part-time timetable that builds back to full time for {Name}",
            "Timetable agreed; {Name} is in school four days a week.",
        )
    ],
    "health": [
        (
            "Book {Name}'s sexual health and wellbeing check",
            "Check done at the sexual health service; follow-up booked.",
        )
    ],
    "youth": [
        (
            "Introduce {Name} to a youth worker at the {interest} project",
            "Introduced; {Name} goes on Tuesdays.",
        )
    ],
    "hub": [
        (
            "Bring the return interview themes for {Name} to the next review",
            "Themes summarised for the review.",
        )
    ],
}
