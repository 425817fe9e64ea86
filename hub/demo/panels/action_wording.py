"""What the panels agree to do: the actions of each agency, by the subject (child, school, theme), what was
done once they are, why one was no longer needed, and which health provider does a health action.

Every sentence is a template (``wording.fill``) about an invented child, school or place; nothing here
comes from a real case."""

# Actions, by the agency that does them: (what is to be done, what was done once it is).
ACTIONS = {
    "csc": [
        (
            "Visit {Name} at {home} with {his} {carer} to agree a safety plan",
            "Visit held; safety plan agreed with {Name} and {his} {carer}, copy on the case file.",
        ),
        (
            "Hold a strategy discussion with police about the adults linked to {Name}",
            "Strategy discussion held; police enquiries under way and the plan updated.",
        ),
        (
            "Update {Name}'s case record and plan with today's decisions",
            "Case record and plan updated; the family has a copy.",
        ),
        (
            "See {Name} together with the youth worker",
            "Seen together; {Name} agreed to meet the youth worker weekly.",
        ),
    ],
    "police": [
        (
            "Share intelligence about the vehicle seen with {Name} with the exploitation team",
            "Intelligence submitted and shared with the exploitation team.",
        ),
        (
            "Update {Name}'s Grab Pack with the new addresses and associates",
            "Grab Pack updated and circulated to the response teams.",
        ),
        (
            "Check the addresses {Name} names against police systems",
            "Checked: two addresses linked to known adults; intelligence submitted.",
        ),
        (
            "Consider a Child Abduction Warning Notice for the adult linked to {Name}",
            "Considered with the exploitation team; the notice was served.",
        ),
    ],
    "education": [
        (
            "Send {Name}'s weekly attendance to the allocated worker",
            "Sent every week since the meeting.",
        ),
        ("Agree a trusted adult in school for {Name}", "Agreed with {Name}: the learning mentor."),
        (
            "Review {Name}'s timetable and transport with the family",
            "Reviewed with the family; a taxi to school agreed for the next half-term.",
        ),
    ],
    "health": [
        (
            "Offer {Name} a health appointment with the school nurse",
            "Appointment offered and attended.",
        ),
        ("Ask CAMHS about the referral made for {Name}", "CAMHS confirmed an assessment date."),
    ],
    "hub": [
        (
            "Screen {Name} again after the next return interview",
            "Screened after the return interview; the level stays as it is.",
        ),
        (
            "Check {Name}'s associates against the hub's records",
            "Checked; two associates already known to the hub, shared with police.",
        ),
        (
            "Send the return interview summaries for {Name} to the allocated worker",
            "Sent to the allocated worker.",
        ),
    ],
    "yot": [
        (
            "Discuss the debt {Name} describes at the next supervision",
            "Discussed; {Name} agreed to talk to the police about it.",
        )
    ],
    "youth": [
        (
            "Offer {Name} a place on the Thursday evening project",
            "{Name} has come to three sessions so far.",
        )
    ],
    "voluntary": [
        (
            "Offer {Name} weekly sessions with the exploitation project worker",
            "Sessions started; {Name} comes most weeks.",
        )
    ],
}
SUBJECT_ACTIONS = {
    "education": [
        (
            "Share the signs-of-exploitation briefing with staff at {subject}",
            "Shared at the staff briefing; the slides are on the school's safeguarding page.",
        ),
        (
            "Run the healthy relationships sessions with year 9 at {subject}",
            "Sessions run with all year 9 classes.",
        ),
    ],
    "police": [
        (
            "Patrol {subject} at home time on Fridays for six weeks",
            "Patrols done; no sightings of the older group after the third week.",
        ),
        (
            "Report back on intelligence about {subject}",
            "Reported back to the panel coordinator; nothing that changes the picture.",
        ),
    ],
    "hub": [
        (
            "Map the children linked to {subject} for the next meeting",
            "Map shared with the panel before the next meeting.",
        )
    ],
    "youth": [
        (
            "Run detached youth work sessions linked to {subject}",
            "Six sessions run; contact made with eleven young people.",
        )
    ],
}
CANCELLED = [
    "No longer needed: the MEP replaced it with a joint visit.",
    "No longer needed: already done before the meeting by another agency.",
    "No longer needed: the school's own plan covers it.",
    "No longer needed: superseded by the strategy discussion's actions.",
]

# Each health provider is an agency of its own: which provider does each health action (by its template).
# Any other health action is community health's (school nursing).
HEALTH_PROVIDERS = {
    "Ask CAMHS about the referral made for {Name}": "camhs",
    "Book {Name}'s sexual health and wellbeing check": "sexual-health",
}
