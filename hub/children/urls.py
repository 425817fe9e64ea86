from django.urls import path

from hub.children import duplicate_views, views

app_name = "children"

urlpatterns = [
    path("", views.search, name="search"),
    path("new", views.create, name="create"),
    path("duplicates", duplicate_views.queue, name="duplicates"),
    path("<int:pk>", views.detail, name="detail"),
    path("<int:pk>/chronology", views.chronology, name="chronology"),
    path("<int:pk>/levels", views.levels, name="levels"),
    path("<int:pk>/identity", views.edit, name="edit"),
    path("<int:pk>/photo", views.photo, name="photo"),
    path("<int:pk>/photo/upload", views.photo_upload, name="photo_upload"),
    path("<int:pk>/names/new", views.add_alias, name="add_alias"),
    path("<int:pk>/addresses/new", views.add_address, name="add_address"),
    path("<int:pk>/schools/new", views.add_school, name="add_school"),
    path("<int:pk>/legal-status/new", views.add_legal_status, name="add_legal_status"),
    path("<int:pk>/agencies/new", views.add_involvement, name="add_involvement"),
    path("<int:pk>/allocation", views.allocate, name="allocate"),
    path("<int:pk>/duplicates/dismiss", views.dismiss_duplicate, name="dismiss_duplicate"),
]
