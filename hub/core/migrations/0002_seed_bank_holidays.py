"""England and Wales bank holidays 2015-2040, from the `holidays` package (GB, England subdivision;
Wales observes the same days). Administrators add one-off holidays as they are announced."""

import holidays
from django.db import migrations


def seed(apps, schema_editor):
    BankHoliday = apps.get_model("core", "BankHoliday")
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2041))
    existing = set(BankHoliday.objects.values_list("date", flat=True))
    BankHoliday.objects.bulk_create(
        [BankHoliday(date=day, name=name) for day, name in sorted(calendar.items()) if day not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
