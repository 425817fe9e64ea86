"""The NRM figures the demo reproduces, and the shapes around them.

The strategy's local profile: "Following referrals to the National Referral Mechanism (NRM - Modern
Slavery Act 2015) - 19 Reasonable Grounds (RG) and 2 Conclusive Grounds (CG) decisions were made for
children." The demo keeps them for the screening demo's year (``hub.demo.screening.demo_year``),
counting a decision in the year by its date: 19 RG decisions (some negative) and 2 CG decisions, each
CG decision after the 30-day recovery period from its RG decision. The other positive RG decisions wait
for their CG decision (the Single Competent Authority takes months). A few referrals of the last working
days wait for their RG decision, one of them past its five working days, so the queue's clocks show."""

from __future__ import annotations

from hub.core.roles import Role

RG_IN_YEAR = 19
CG_IN_YEAR = 2
RG_NEGATIVE = 3  # of the year's RG decisions
# Referrals waiting for their RG decision on the reference day: working days since the referral.
WAITING_RG = (1, 3, 8)  # the last one overdue (the target is 5 working days)
# Working days from referral to the RG decision: mostly within the target of five, some late.
RG_WORKING_DAYS = (2, 3, 3, 4, 4, 5, 5, 5, 7, 9)
# Days from the RG decision to the CG decision (on or after the 30-day recovery period).
CG_AFTER_RG = (38, 96)

# This loader's own staff: the hub's NRM lead, who enters the referrals and the decisions the Single
# Competent Authority sends (created here only, with no password; the referrals she recorded mark the
# NRM demo as loaded). username -> (first, last, agency key, role, job title)
PEOPLE = {
    "ekeswick": (
        "Elena",
        "Keswick",
        "hub",
        Role.HUB_COORDINATOR,
        "Modern slavery and NRM lead, Missing and Exploitation Hub",
    ),
}
RECORDER = "ekeswick"
# The first responders and who in them referred (the demo's practitioner and police officer).
FIRST_RESPONDERS = (("csc", "practitioner"), ("police", "officer"))
# The kinds of exploitation that lead to a referral, and what the referral says for each.
TYPES = ("county-lines", "cce", "cse", "trafficking")
SUMMARIES = {
    "county-lines": "{Name} was found in another town holding drugs for a county line; {he} said {he} "
    "owed a debt. Referred as a child criminally exploited through county lines.",
    "cce": "{Name} has been made to carry and sell drugs locally by older males who give {him} money, "
    "clothes and a phone. Referred as a child criminally exploited.",
    "cse": "{Name} has been taken to a hotel by an adult male and given alcohol; there are signs of "
    "sexual exploitation. Referred as a child sexually exploited.",
    "trafficking": "{Name} has been moved between towns by adults for exploitation. Referred as a child "
    "trafficked within the UK.",
}
