"""The tactics and orders of the Home Office Child Exploitation Disruption Toolkit (2019) that the Hub
records against people, groups and places, and the clock that warns of an order's expiry (28 days)."""

from django.db import migrations

P, G, L = "person", "group", "location"

# code, name, legal basis, what it is used against, description
TACTICS = [
    (
        "cawn",
        "Child Abduction Warning Notice",
        "s.2 Child Abduction Act 1984; s.49 Children Act 1989",
        {P},
        "Tells a person they have no permission to associate with a named child.",
    ),
    (
        "recovery-order",
        "Recovery order",
        "s.50 Children Act 1989",
        {P},
        "Requires a person to produce a child in care who has been taken away or is kept away.",
    ),
    (
        "stpo",
        "Slavery and Trafficking Prevention Order",
        "ss.14-15 Modern Slavery Act 2015",
        {P},
        "On conviction or application: prohibits what the person may do, to prevent slavery or trafficking.",
    ),
    (
        "stro",
        "Slavery and Trafficking Risk Order",
        "s.23 Modern Slavery Act 2015",
        {P},
        "Without a conviction: prohibits what a person may do where there is a risk they will traffic.",
    ),
    (
        "sexual-risk-order",
        "Sexual Risk Order",
        "s.122A Sexual Offences Act 2003 (inserted by the Anti-social Behaviour, Crime and Policing Act 2014)",
        {P},
        "Without a conviction: prohibits what a person who poses a risk of sexual harm may do.",
    ),
    (
        "gang-injunction",
        "Gang injunction",
        "Part 4 Policing and Crime Act 2009",
        {P, G},
        "Prohibits or requires conduct of a person involved in gang-related violence or drug dealing.",
    ),
    (
        "civil-injunction",
        "Civil injunction",
        "Part 1 Anti-social Behaviour, Crime and Policing Act 2014",
        {P},
        "Prohibits or requires conduct of a person who has engaged in anti-social behaviour.",
    ),
    (
        "cbo",
        "Criminal Behaviour Order",
        "Part 2 Anti-social Behaviour, Crime and Policing Act 2014",
        {P},
        "On conviction: prohibits or requires conduct of a person to stop anti-social behaviour.",
    ),
    (
        "cpn",
        "Community Protection Notice",
        "Part 4 Chapter 1 Anti-social Behaviour, Crime and Policing Act 2014",
        {P, L},
        "Requires a person or business to stop conduct affecting the community's quality of life.",
    ),
    (
        "pspo",
        "Public Spaces Protection Order",
        "Part 4 Chapter 2 Anti-social Behaviour, Crime and Policing Act 2014",
        {L},
        "Prohibits or requires activities in a public place, made by the council.",
    ),
    (
        "dispersal",
        "Dispersal direction",
        "Part 3 Anti-social Behaviour, Crime and Policing Act 2014",
        {P, G, L},
        "Directs a person or group to leave a place and not return for up to 48 hours.",
    ),
    (
        "closure-notice",
        "Closure notice",
        "s.76 Anti-social Behaviour, Crime and Policing Act 2014",
        {L},
        "Closes premises for up to 48 hours, by police or the council, before a closure order.",
    ),
    (
        "closure-order",
        "Closure order",
        "s.80 Anti-social Behaviour, Crime and Policing Act 2014",
        {L},
        "A magistrates' court closes premises for up to three months (extendable to six).",
    ),
    (
        "hotel-information-request",
        "Hotel information request",
        "s.116 Anti-social Behaviour, Crime and Policing Act 2014",
        {L},
        "Requires a hotel or guest house to give police its guests' names and addresses.",
    ),
]


def seed(apps, schema_editor):
    Tactic = apps.get_model("reference", "DisruptionTactic")
    for order, (code, name, basis, targets, description) in enumerate(TACTICS, start=10):
        Tactic.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_basis": basis,
                "for_persons": P in targets,
                "for_groups": G in targets,
                "for_locations": L in targets,
                "description": description,
                "order": order,
            },
        )
    Clock = apps.get_model("reference", "Clock")
    Clock.objects.update_or_create(
        code="disruption-expiry-warning",
        defaults={
            "name": "Disruption order expiry warning",
            "amount": 28,
            "unit": "days",
            "description": "An order or notice expiring within this many days is shown to the "
            "intelligence roles, so a renewal can be sought in time.",
            "order": 110,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reference", "0007_disruption_tactic")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
