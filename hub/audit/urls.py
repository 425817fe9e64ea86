from django.urls import path

from hub.audit import views

app_name = "audit"

urlpatterns = [
    path("log", views.log_search, name="log"),
    path("log/export.csv", views.log_export, name="log_export"),
]
