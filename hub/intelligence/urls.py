from django.urls import path

from hub.intelligence import (
    chain_views,
    context_views,
    disruption_views,
    mention_views,
    network_views,
    operation_views,
    places_views,
    views,
)

app_name = "intelligence"

urlpatterns = [
    path("", views.index, name="index"),
    path("reviews", views.reviews, name="reviews"),
    path("suggested-links", mention_views.suggestions, name="suggestions"),
    path("emerging", views.emerging, name="emerging"),
    path("places", places_views.places_page, name="places"),
    path("operations", operation_views.operations, name="operations"),
    path("operations/new", operation_views.operation_new, name="operation_new"),
    path("operations/<int:pk>", operation_views.operation, name="operation"),
    path("new/<str:kind>", views.entity_new, name="entity_new"),
    path("<int:pk>", views.entity, name="entity"),
    path("<int:pk>/link", views.link_new, name="link_new"),
    path("<int:pk>/case", context_views.case, name="case"),
    path("assessment/<int:pk>", context_views.assessment, name="assessment"),
    path("<int:pk>/network", network_views.network_page, name="network"),
    path("<int:pk>/chain", chain_views.chain, name="chain"),
    path("<int:pk>/network.csv", network_views.network_csv, name="network_csv"),
    path("disruption/<int:pk>", disruption_views.disruption, name="disruption"),
    path("child/<int:pk>", views.child, name="child"),
    path("child/<int:pk>/places", views.child_places, name="child_places"),
]
