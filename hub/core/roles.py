"""The roles of domain.md. A user may hold several (``accounts.RoleAssignment``); what each may do is decided
in ``hub/accounts/access.py`` and each app's ``access.py``.

The roles are the vocabulary every layer speaks (the admin site is for administrators, the access log
for auditors, small counts are shown to the roles that work cases), so they live at the bottom, in
core, with no database and no behaviour; who holds which role is the accounts app's."""

from django.db import models


class Role(models.TextChoices):
    HUB_COORDINATOR = "hub_coordinator", "Hub coordinator"
    HUB_ANALYST = "hub_analyst", "Hub analyst"
    PRACTITIONER = "practitioner", "Case-holding practitioner"
    RETURN_INTERVIEWER = "return_interviewer", "Return interviewer"
    POLICE_OFFICER = "police_officer", "Police officer"
    PANEL_CHAIR = "panel_chair", "Panel chair"
    SCHOOL_LEAD = "school_lead", "School safeguarding lead"
    PARTNERSHIP_LEAD = "partnership_lead", "Partnership lead"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


# Every group of roles the Hub names is defined here, once; an app never lists roles it could name.

# Hub staff work every child in the authorities their agency serves (the hub's purpose is to see
# what every agency holds); other roles see a child through a relationship to that child.
HUB_STAFF_ROLES = frozenset({Role.HUB_COORDINATOR, Role.HUB_ANALYST})

# The case roles outside the hub: they see a child only through a relationship to that child
# (allocated, agency involved, on a panel with, owner of an open action; hub/children/relationships.py).
RELATED_CASE_ROLES = frozenset(
    {Role.PRACTITIONER, Role.POLICE_OFFICER, Role.RETURN_INTERVIEWER, Role.PANEL_CHAIR}
)

# Roles that may refer a concern (submit a screening tool): anyone working with children.
REFERRER_ROLES = frozenset(
    {
        Role.SCHOOL_LEAD,
        Role.PRACTITIONER,
        Role.POLICE_OFFICER,
        Role.RETURN_INTERVIEWER,
        Role.PANEL_CHAIR,
        Role.HUB_COORDINATOR,
        Role.HUB_ANALYST,
    }
)

# Roles that only ever see aggregates, never a single child's record.
AGGREGATE_ONLY_ROLES = frozenset({Role.PARTNERSHIP_LEAD})

# Roles that work children's cases and see the children themselves, so see small counts as they are.
# Everyone else (school safeguarding leads, partnership leads, auditors, administrators) sees counts
# suppressed below HUB_SUPPRESSION_THRESHOLD (hub/core/suppression.py).
CASE_ROLES = HUB_STAFF_ROLES | RELATED_CASE_ROLES

# Roles that may ask to break glass: those whose duty can require sight of a child they do not hold.
BREAK_GLASS_ROLES = CASE_ROLES

# Everyone who works with children: the case roles and school safeguarding leads. They take part in
# meetings and own actions.
WORKER_ROLES = CASE_ROLES | frozenset({Role.SCHOOL_LEAD})

# Who oversees the area's lists across children: hub staff and panel chairs (the plans due for review,
# the children under SEP monitoring).
OVERSIGHT_ROLES = HUB_STAFF_ROLES | frozenset({Role.PANEL_CHAIR})

# Who works intelligence (persons of concern, groups, places and the links between them and children):
# hub staff, who link it, and the police, who grade and pursue it. Everyone else sees, about a child
# they hold, only that a concern exists and what to do (hub/intelligence/access.py).
INTELLIGENCE_ROLES = HUB_STAFF_ROLES | frozenset({Role.POLICE_OFFICER})

# Who sees a link that casts a child as exploiting others (recruiting, holding a line): the analysts
# who link intelligence and the police who act on it. A child drawn in is a child first; the
# strategy asks partners to "challenge systems and practices that ... blame children".
CHILD_AS_EXPLOITER_ROLES = frozenset({Role.HUB_ANALYST, Role.POLICE_OFFICER})

# Who sees the area's missing children: hub staff and the police (who report and grade them).
MISSING_LIST_ROLES = HUB_STAFF_ROLES | frozenset({Role.POLICE_OFFICER})

# Roles that read records across agencies: hub staff see every child in their authorities whatever
# agency holds them (the HUB_STAFF relationship of every access policy; a test keeps this list and the
# policies in step), and the auditor reads everyone's access log, searches included. Granting one is
# the moment one person could come to read everything, so it needs a second administrator (below).
CROSS_AGENCY_ROLES = HUB_STAFF_ROLES | frozenset({Role.AUDITOR})

# Roles an administrator cannot give alone: one asks, another (neither the asker nor the person)
# approves, and existing hub coordinators are told. The administrator role is here too, or one
# administrator could make a second account an administrator and approve their own requests with it.
APPROVAL_ROLES = CROSS_AGENCY_ROLES | frozenset({Role.ADMINISTRATOR})

# What each such role would let the person see, in the words the request pages use.
APPROVAL_ROLE_REACH: dict[str, str] = {
    Role.HUB_COORDINATOR: "Sees and works every child's record in the authorities their agency serves.",
    Role.HUB_ANALYST: "Sees every child's record and intelligence in the authorities their agency serves.",
    Role.AUDITOR: "Reads the whole access log: who looked at which record, across every agency.",
    Role.ADMINISTRATOR: "Manages accounts and reference data, and decides other administrators' requests.",
}
