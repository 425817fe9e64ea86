"""Identifiers no longer unique (a second record is saved and queued, not refused with a message that
discloses the first); a possible duplicate is decided as the same child or different children."""

from django.db import migrations, models


def dismissed_were_different(apps, schema_editor):
    PossibleDuplicate = apps.get_model("children", "PossibleDuplicate")
    PossibleDuplicate.objects.filter(decided_at__isnull=False).update(decision="different")


class Migration(migrations.Migration):
    dependencies = [("children", "0002_care_episode_codes")]

    operations = [
        migrations.RemoveConstraint(model_name="child", name="child_local_id_unique_in_authority"),
        migrations.RemoveConstraint(model_name="child", name="child_upn_unique"),
        migrations.RemoveConstraint(model_name="child", name="child_nhs_unique"),
        migrations.AddIndex(model_name="child", index=models.Index(fields=["upn"], name="child_upn")),
        migrations.AddIndex(
            model_name="child", index=models.Index(fields=["nhs_number"], name="child_nhs_number")
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["authority", "local_child_id"], name="child_local_id"),
        ),
        migrations.RenameField(
            model_name="possibleduplicate", old_name="dismissed_by", new_name="decided_by"
        ),
        migrations.RenameField(
            model_name="possibleduplicate", old_name="dismissed_at", new_name="decided_at"
        ),
        migrations.AddField(
            model_name="possibleduplicate",
            name="decision",
            field=models.CharField(
                blank=True,
                choices=[("same", "The same child"), ("different", "Different children")],
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="possibleduplicate", name="decision_note", field=models.TextField(blank=True)
        ),
        migrations.RunPython(dismissed_were_different, migrations.RunPython.noop),
    ]
