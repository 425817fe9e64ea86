from django.urls import path

from hub.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>", views.detail, name="detail"),
]
