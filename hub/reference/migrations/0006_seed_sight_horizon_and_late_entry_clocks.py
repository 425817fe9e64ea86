"""Three clocks that bound what the Hub accepts and grants: how long sight of a child lasts after the
meeting that discussed them, how far ahead a meeting or due date may be, and how long after an event
its entry counts as late (the person is asked why)."""

from django.db import migrations

CLOCKS = [
    (
        "panel-sight",
        "Sight of a child after a meeting",
        30,
        "days",
        "Members see a child on a meeting's agenda "
        "from when the child is added until this long after the meeting.",
    ),
    (
        "planning-horizon",
        "Planning horizon",
        366,
        "days",
        "Meetings and due dates may be set this far ahead.",
    ),
    (
        "late-entry",
        "Late entry",
        30,
        "days",
        "An event entered longer than this after it happened needs the reason it is late.",
    ),
]


def seed(apps, schema_editor):
    Clock = apps.get_model("reference", "Clock")
    for order, (code, name, amount, unit, description) in enumerate(CLOCKS, start=100):
        Clock.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "amount": amount,
                "unit": unit,
                "description": description,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reference", "0005_seed_missing_factors_and_late_reasons")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
