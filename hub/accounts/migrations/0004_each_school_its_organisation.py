"""Each school becomes an organisation of its own for access (issue 10, D5).

Every school already in the Hub gets its organisation: an education agency tied to the school, named
after it, serving the school's authority. Nothing else moves: an existing shared education agency (for
example "Schools") stays, with its people, its actions and its involvements, so nobody loses sight of
anything on upgrade. An administrator then moves each school's staff into their school's organisation
(the person's Agency in the administration pages) and, once nobody is left in it, stops using the shared
agency for new actions. docs/architecture.md ("Each school and each health provider is an organisation")
says so too.
"""

from django.db import migrations


def _name(Agency, school) -> str:
    if not Agency.objects.filter(name=school.name).exists():
        return school.name
    return f"{school.name} (URN {school.urn})"


def forwards(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    School = apps.get_model("reference", "School")
    for school in School.objects.filter(organisation__isnull=True).order_by("urn"):
        agency = Agency.objects.create(name=_name(Agency, school), kind="education", school=school)
        agency.authorities.set([school.authority_id])


def backwards(apps, schema_editor):
    Agency = apps.get_model("accounts", "Agency")
    # Refused by the database (PROTECT) if anyone or anything already belongs to one: moving back would
    # then lose who holds what, so it must be undone by hand.
    for agency in Agency.objects.filter(school__isnull=False):
        agency.authorities.clear()
        agency.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_school_organisations"),
        ("reference", "0003_school"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
