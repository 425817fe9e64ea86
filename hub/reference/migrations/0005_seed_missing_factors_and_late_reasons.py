"""Push and pull factors, and reasons a return interview was late, for the RFMI. Administrators
change them afterwards. Drawn from common practice in return-interview forms."""

from django.db import migrations

PUSH = [
    ("conflict-at-home", "Conflict or arguments at home"),
    ("abuse-or-neglect", "Abuse or neglect"),
    ("domestic-abuse", "Domestic abuse at home"),
    ("placement-unhappy", "Unhappy in placement"),
    ("school-problems", "Problems at school or exclusion"),
    ("bullying", "Bullying"),
    ("boundaries", "Rules or boundaries they dispute"),
    ("mental-health", "Their own emotional or mental health"),
]
PULL = [
    ("friends", "Friends or peers"),
    ("boyfriend-girlfriend", "A 'boyfriend' or 'girlfriend'"),
    ("older-adults", "Older adults"),
    ("parties", "Parties"),
    ("drugs-alcohol", "Drugs or alcohol"),
    ("family-elsewhere", "Family or a previous home elsewhere"),
    ("money-or-gifts", "Money, gifts or promises"),
    ("running-drugs", "Being sent to sell or carry drugs"),
]
LATE = [
    ("child-unavailable", "The child was not available (not at home, school or placement)"),
    ("child-missing-again", "The child went missing again"),
    ("late-notification", "The hub was notified late"),
    ("carer-refused-access", "A parent or carer refused access"),
    ("worker-capacity", "No worker was available in time"),
    ("child-out-of-area", "The child was placed or staying out of the area"),
    ("other", "Another reason (in the detail)"),
]


def seed(apps, schema_editor):
    Factor = apps.get_model("reference", "MissingFactor")
    Late = apps.get_model("reference", "LateInterviewReason")
    for order, (code, name) in enumerate(PUSH):
        Factor.objects.update_or_create(code=code, defaults={"name": name, "kind": "push", "order": order})
    for order, (code, name) in enumerate(PULL):
        Factor.objects.update_or_create(code=code, defaults={"name": name, "kind": "pull", "order": order})
    for order, (code, name) in enumerate(LATE):
        Late.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("reference", "0004_missing_factors_and_late_reasons")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
