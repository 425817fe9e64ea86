"""When each agenda item was added: sight of a child on an agenda starts then. Existing items take the
time their first history row was written."""

from datetime import datetime

from django.db import migrations, models

import hub.core.clock


def from_history(apps, schema_editor):
    AgendaItem = apps.get_model("panels", "AgendaItem")
    History = apps.get_model("panels", "HistoricalAgendaItem")
    first: dict[int, datetime] = {}
    for item_id, at in History.objects.filter(history_type="+").values_list("id", "history_date"):
        first[item_id] = min(at, first.get(item_id, at))
    for item in AgendaItem.objects.filter(pk__in=first).only("pk"):
        item.added_at = first[item.pk]
        item.save(update_fields=["added_at"])


class Migration(migrations.Migration):
    dependencies = [("panels", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="agendaitem",
            name="added_at",
            field=models.DateTimeField(default=hub.core.clock.now),
        ),
        migrations.AddField(
            model_name="historicalagendaitem",
            name="added_at",
            field=models.DateTimeField(default=hub.core.clock.now),
        ),
        migrations.RunPython(from_history, migrations.RunPython.noop),
    ]
