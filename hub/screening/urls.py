from django.urls import path

from hub.screening import views

app_name = "screening"

urlpatterns = [
    path("start", views.start, name="start"),
    path("queue", views.queue, name="queue"),
    path("referrals", views.referrals, name="referrals"),
    path("<int:pk>", views.task_list, name="task_list"),
    path("<int:pk>/check", views.check, name="check"),
    path("<int:pk>/submitted", views.confirmation, name="confirmation"),
    path("<int:pk>/outcome", views.detail, name="detail"),
    path("<int:pk>/review", views.review, name="review"),
    path("<int:pk>/<slug:section>", views.section, name="section"),
]
