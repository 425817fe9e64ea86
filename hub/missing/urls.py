from django.urls import path

from hub.missing import alert_views, correction_views, interview_views, views

app_name = "missing"

urlpatterns = [
    path("", views.missing_list, name="list"),
    path("report", views.report, name="report"),
    path("report/new-child", views.report_new_child, name="report_new_child"),
    path("<int:pk>", views.episode, name="episode"),
    path("<int:pk>/return", views.record_return, name="record_return"),
    path("<int:pk>/risk", views.risk_grade, name="risk_grade"),
    path("<int:pk>/correct", correction_views.episode_correct, name="episode_correct"),
    path("risk-grades/<int:pk>/correct", correction_views.risk_grade_correct, name="risk_grade_correct"),
    path("interviews", interview_views.interviews, name="interviews"),
    path("interviews/<int:pk>", interview_views.interview, name="interview"),
    path("interviews/<int:pk>/detail", interview_views.interview_detail, name="interview_detail"),
    path("interviews/<int:pk>/allocate", interview_views.allocate, name="allocate"),
    path("interviews/<int:pk>/screening", interview_views.interview_screening, name="interview_screening"),
    path("interviews/<int:pk>/correct", correction_views.interview_correct, name="interview_correct"),
    path("alerts", alert_views.alerts, name="alerts"),
    path("alerts/<int:pk>", alert_views.alert, name="alert"),
    path("alerts/<int:pk>/correct", correction_views.alert_correct, name="alert_correct"),
    path("children/<int:pk>", views.child_summary, name="child_summary"),
]
