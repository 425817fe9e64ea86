from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hub.core.admin_site import AdministratorOnly, hub_admin
from hub.core.models import BankHoliday


@admin.register(BankHoliday, site=hub_admin)
class BankHolidayAdmin(AdministratorOnly, SimpleHistoryAdmin):
    list_display = ["date", "name"]
    date_hierarchy = "date"
