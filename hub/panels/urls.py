from django.urls import path

from hub.panels import case_views, correction_views, views

app_name = "panels"

urlpatterns = [
    path("", views.panel_list, name="list"),
    path("sep", views.sep, name="sep"),
    path("<int:pk>", views.panel, name="panel"),
    path("meetings/<int:pk>", views.meeting, name="meeting"),
    path("meetings/<int:pk>/agenda", views.agenda_page, name="agenda"),
    path("meetings/<int:pk>/briefing", views.briefing_page, name="briefing"),
    path("meetings/<int:pk>/attendance", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes", views.issue_minutes, name="issue_minutes"),
    path("meetings/<int:pk>/cancel", correction_views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/move", correction_views.meeting_move, name="meeting_move"),
    path("meetings/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("items/<int:pk>", views.item, name="item"),
    path("raise/<int:pk>", case_views.raise_case, name="raise_case"),
]
