"""The devolved child NRM decision panel as a type of meeting: in an area of the Home Office's devolved
child decision-making programme, a local multi-agency panel (children's social care, police and health
present, chaired by someone who is not the child's lead social worker) makes the Reasonable Grounds and
Conclusive Grounds decisions for children more than 100 days from their 18th birthday."""

from django.db import migrations

CODE = "nrm-panel"


def seed(apps, schema_editor):
    MeetingType = apps.get_model("reference", "MeetingType")
    MeetingType.objects.update_or_create(
        code=CODE,
        defaults=dict(
            name="Devolved NRM child decision panel",
            purpose=(
                "Makes the National Referral Mechanism's Reasonable Grounds and Conclusive Grounds decisions "
                "for the area's children, in place of the Single Competent Authority (devolved child "
                "decision-making programme). Children's social care, police and health are present."
            ),
            usual_frequency="fortnightly",
            chaired_by="An independent chair, never the child's lead social worker",
            order=20,
        ),
    )


def unseed(apps, schema_editor):
    apps.get_model("reference", "MeetingType").objects.filter(code=CODE).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0009_postcode")]
    operations = [migrations.RunPython(seed, unseed)]
