"""The defaults of domain.md: levels of concern, exploitation types, screening indicators and weights,
meeting types, clocks and repeat-missing rules. Administrators change them afterwards."""

from django.db import migrations

LEVELS = [
    (
        "no-current-concern",
        "No current concern",
        0,
        0,
        "grey",
        "No indicators of exploitation at present. Advice or universal services.",
    ),
    (
        "vulnerable",
        "Vulnerable (at risk)",
        1,
        1,
        "yellow",
        "Vulnerabilities that could make the child a target; no evidence of grooming yet.",
    ),
    (
        "groomed-targeted",
        "Groomed / targeted",
        2,
        8,
        "orange",
        "Evidence the child is being groomed or targeted for exploitation.",
    ),
    (
        "exploited",
        "Exploited",
        3,
        15,
        "red",
        "Evidence the child is being exploited. Multi-agency plan and strategy discussion.",
    ),
]

TYPES = [
    (
        "cse",
        "Child sexual exploitation (CSE)",
        "11A",
        "DfE 2017 definition: sexual abuse where a child is coerced, manipulated or deceived into sexual activity.",
    ),
    (
        "cce",
        "Child criminal exploitation (CCE)",
        "24A",
        "Home Office 2018: a child coerced, controlled or deceived into criminal activity.",
    ),
    (
        "county-lines",
        "County lines (CDL)",
        "24A",
        "Exploitation of children to move and store drugs and money across areas, using dedicated phone lines.",
    ),
    ("trafficking", "Trafficking and modern slavery", "12A", "Modern Slavery Act 2015."),
    ("online", "Online exploitation", "", "Grooming, coercion or abuse through online spaces."),
    (
        "financial",
        "Financial exploitation",
        "",
        "Use of a child's bank account, identity or money by others.",
    ),
    (
        "serious-youth-violence",
        "Serious youth violence and gang association",
        "13A",
        "Association with gangs or groups involved in violence.",
    ),
]

# (code, question, weight, exploitation type codes)
INDICATORS = [
    (
        "missing",
        "Has the child gone missing or been absent from home, care or school?",
        3,
        ["cse", "cce", "county-lines"],
    ),
    (
        "older-controlling-adult",
        "Is there an older 'boyfriend' or 'girlfriend', or a controlling adult?",
        3,
        ["cse", "cce"],
    ),
    (
        "unexplained-money",
        "Does the child have money, clothes, phones or other goods they cannot account for?",
        3,
        ["cse", "cce", "county-lines", "financial"],
    ),
    (
        "cars-unknown-adults",
        "Has the child been seen getting into cars with unknown adults?",
        3,
        ["cse", "cce"],
    ),
    ("hotels-taxis-takeaways", "Are there links to hotels, taxis or takeaways?", 2, ["cse", "cce"]),
    (
        "found-out-of-area",
        "Has the child been found out of area, or with train or coach tickets they cannot explain?",
        3,
        ["county-lines", "cce"],
    ),
    (
        "school-absence",
        "Is the child absent from school, excluded, or attending a pupil referral unit?",
        1,
        ["cse", "cce"],
    ),
    ("sti-pregnancy", "Is there a sexually transmitted infection, pregnancy or termination?", 3, ["cse"]),
    (
        "drugs-alcohol",
        "Is the child using drugs or alcohol, or found in possession of drugs?",
        2,
        ["cse", "cce", "county-lines"],
    ),
    (
        "self-harm",
        "Is the child self-harming, or has their emotional wellbeing changed markedly?",
        2,
        ["cse", "cce"],
    ),
    (
        "peers-exploited",
        "Are the child's friends or peers known to be exploited?",
        2,
        ["cse", "cce", "serious-youth-violence"],
    ),
    (
        "unexplained-injuries",
        "Does the child have injuries they cannot or will not explain?",
        3,
        ["cse", "cce", "serious-youth-violence"],
    ),
    (
        "multiple-phones",
        "Does the child have more than one phone, or get many calls or messages at odd hours?",
        2,
        ["cce", "county-lines"],
    ),
    (
        "weapons",
        "Has the child carried a weapon, or been involved in violence?",
        3,
        ["serious-youth-violence", "cce"],
    ),
    (
        "online-contact",
        "Is the child in contact with unknown adults online, or sharing sexual images?",
        2,
        ["cse", "online"],
    ),
]

MEETINGS = [
    (
        "marmm",
        "Multi-Agency Risk Management Meeting (MARMM)",
        "Discusses children raised through screening and agrees the multi-agency response.",
        "weekly",
        "Hub",
    ),
    (
        "mep",
        "Missing and Exploitation Panel (MEP)",
        "Develops and implements plans with the allocated practitioner; overseen by SEP.",
        "fortnightly",
        "Hub manager",
    ),
    (
        "sep",
        "Strategic Exploitation Panel (SEP)",
        "Monitors children with significant concerns, removes barriers, targets places, people, groups and organisations.",
        "monthly",
        "Strategic lead",
    ),
    (
        "youth-risk",
        "Youth Risk Meeting",
        "Youth violence, gang and anti-social groups, county lines networks.",
        "monthly",
        "Police violent crime taskforce",
    ),
    (
        "cross-border",
        "Cross Border Group",
        "Individual and shared concerns where exploitation crosses authority boundaries.",
        "quarterly",
        "Rotating",
    ),
    (
        "locality-north",
        "Locality meeting (north)",
        "School safeguarding leads and partners: early concerns, trends, potential perpetrators, local areas of concern.",
        "quarterly",
        "Hub",
    ),
    (
        "locality-south",
        "Locality meeting (south)",
        "School safeguarding leads and partners: early concerns, trends, potential perpetrators, local areas of concern.",
        "quarterly",
        "Hub",
    ),
    (
        "dci-risk",
        "DCI Risk Meeting",
        "Children where police actively reduce violence, exploitation and missing; extra resources.",
        "monthly",
        "Police DCI",
    ),
    (
        "complex-strategy",
        "Complex strategy meeting",
        "Strategy discussion where several children or a context are at immediate risk.",
        "as needed",
        "Children's social care",
    ),
]

# (code, name, amount, unit, description)
CLOCKS = [
    (
        "hub-review",
        "Hub review of a screening tool",
        1,
        "working_days",
        "Reviewed by the end of the next working day.",
    ),
    (
        "rfmi-response",
        "Return interview: first response",
        72,
        "hours",
        "From the notification that the child has returned.",
    ),
    (
        "rfmi-interview",
        "Return interview: interview held",
        72,
        "hours",
        "From the notification that the child has returned.",
    ),
    ("nrm-reasonable-grounds", "NRM reasonable grounds decision", 5, "working_days", "Target from referral."),
    ("nrm-recovery-period", "NRM recovery period", 30, "days", "Conclusive grounds not before its end."),
    ("plan-review", "Plan review", 84, "days", "At most every 12 weeks."),
    ("premises-compliance", "Approved premises compliance check", 90, "days", "Between compliance checks."),
]

REPEAT_RULES = [
    ("repeat-missing", "Repeat missing", 3, 30, False),
    ("repeat-missing-high-risk", "Repeat missing (high exploitation risk)", 3, 90, True),
]


def seed(apps, schema_editor):
    Level = apps.get_model("reference", "LevelOfConcern")
    Type = apps.get_model("reference", "ExploitationType")
    Indicator = apps.get_model("reference", "ScreeningIndicator")
    Meeting = apps.get_model("reference", "MeetingType")
    Clock = apps.get_model("reference", "Clock")
    Rule = apps.get_model("reference", "RepeatMissingRule")
    for order, (code, name, rank, min_score, colour, description) in enumerate(LEVELS):
        Level.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                rank=rank,
                min_score=min_score,
                tag_colour=colour,
                description=description,
                order=order,
            ),
        )
    types = {}
    for order, (code, name, factor, description) in enumerate(TYPES):
        types[code], _ = Type.objects.update_or_create(
            code=code, defaults=dict(name=name, cin_factor=factor, description=description, order=order)
        )
    for order, (code, question, weight, type_codes) in enumerate(INDICATORS):
        indicator, _ = Indicator.objects.update_or_create(
            code=code, defaults=dict(name=question[:200], question=question, weight=weight, order=order)
        )
        indicator.exploitation_types.set([types[c] for c in type_codes])
    for order, (code, name, purpose, frequency, chair) in enumerate(MEETINGS):
        Meeting.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name, purpose=purpose, usual_frequency=frequency, chaired_by=chair, order=order
            ),
        )
    for order, (code, name, amount, unit, description) in enumerate(CLOCKS):
        Clock.objects.update_or_create(
            code=code,
            defaults=dict(name=name, amount=amount, unit=unit, description=description, order=order),
        )
    for order, (code, name, episodes, days, high_only) in enumerate(REPEAT_RULES):
        Rule.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name, episodes=episodes, days=days, high_exploitation_risk_only=high_only, order=order
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
