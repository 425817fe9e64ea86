from django.urls import path

from hub.nrm import views

app_name = "nrm"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("child/<int:pk>", views.child_nrm, name="child"),
    path("child/<int:pk>/refer", views.refer, name="refer"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/reasonable-grounds", views.reasonable_grounds, name="reasonable_grounds"),
    path("<int:pk>/conclusive-grounds", views.conclusive_grounds, name="conclusive_grounds"),
    path("<int:pk>/withdraw", views.withdraw, name="withdraw"),
    path("<int:pk>/correct", views.correct, name="correct"),
]
