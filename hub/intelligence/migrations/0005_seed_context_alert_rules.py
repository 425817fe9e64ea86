"""The emerging-context rules of issue 12, as the partnership starts with them (an administrator may
change them): three or more children from two or more schools linked to one place in 30 days; two
children found together at one place on one day; a phone number first linked to children in the last
30 days and shared by two or more of them."""

from django.db import migrations

RULES = [
    ("place-several-schools", "Children from several schools at one place", "place", 3, 2, 30),
    ("found-together", "Children found together", "found_together", 2, 0, 30),
    ("shared-phone", "A new phone shared by children", "shared_phone", 2, 0, 30),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("intelligence", "ContextAlertRule")
    for order, (code, name, pattern, children, schools, days) in enumerate(RULES, start=1):
        Rule.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "pattern": pattern,
                "children": children,
                "schools": schools,
                "days": days,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("intelligence", "ContextAlertRule").objects.filter(
        code__in=[rule[0] for rule in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0004_context_alert_rules")]

    operations = [migrations.RunPython(seed, unseed)]
