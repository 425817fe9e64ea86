"""The default multi-agency plan audit form. Administrators change its questions afterwards (retiring a
question rather than deleting it: audits keep the wording they answered)."""

from django.db import migrations

FORM = (
    "multi-agency-plan",
    "Multi-agency plan audit",
    "Checks that a child's exploitation plan meets the partnership's standard (domain.md, outcome measures).",
)

QUESTIONS = [
    (
        "Does the plan address individual risk factors?",
        "Each risk to the child in their own life is named and rated.",
    ),
    (
        "Does the plan address contextual risk factors?",
        "Peers, places, school, online and family: where the harm happens, not only the child's choices.",
    ),
    (
        "Does the plan strengthen protective factors?",
        "Trusted adults, activities, education and the child's own strengths, with actions that build them.",
    ),
    ("Are the child's views recorded?", "In the child's own words, or the reason they have not been asked."),
    ("Are the family's views recorded?", ""),
    (
        "Are actions SMART, with owners and dates?",
        "Specific, measurable, achievable, relevant and time-bound; each with a person or agency and a due date.",
    ),
    ("Is the plan reviewed within 12 weeks?", "The review date is set and reviews have happened on time."),
    (
        "Is multi-agency involvement evident?",
        "Actions and views from the agencies that know the child: social care, police, school, health, youth services.",
    ),
]


def seed(apps, schema_editor):
    AuditForm = apps.get_model("plans", "AuditForm")
    AuditQuestion = apps.get_model("plans", "AuditQuestion")
    code, name, description = FORM
    form, _ = AuditForm.objects.update_or_create(
        code=code, defaults={"name": name, "description": description}
    )
    for order, (text, guidance) in enumerate(QUESTIONS, start=1):
        AuditQuestion.objects.update_or_create(
            form=form, text=text, defaults={"order": order, "guidance": guidance}
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
