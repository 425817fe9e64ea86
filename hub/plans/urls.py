from django.urls import path

from hub.plans import audit_views, correction_views, views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("contexts/new", views.start_context, name="start_context"),
    path("children/<int:pk>", views.child_plans, name="child_plans"),
    path("children/<int:pk>/new", views.start, name="start"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/review", views.review, name="review"),
    path("<int:pk>/versions/<int:number>", views.version, name="version"),
    path("<int:pk>/compare", views.compare, name="compare"),
    path("<int:pk>/actions/new", views.action_add, name="action_add"),
    path("<int:pk>/close", views.close, name="close"),
    path("<int:pk>/lead", correction_views.lead, name="lead"),
    path("<int:pk>/audit", audit_views.audit, name="audit"),
    path("audits/<int:pk>", audit_views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/actions/new", audit_views.audit_action_add, name="audit_action_add"),
]
