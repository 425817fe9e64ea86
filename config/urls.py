from django.urls import include, path

from hub.core import views as core_views

urlpatterns = [
    path("", include("hub.core.urls")),
    path("account/", include("hub.accounts.urls")),
    path("audit/", include("hub.audit.urls")),
    path("reference/", include("hub.reference.urls")),
    path("children/", include("hub.children.urls")),
    path("screening/", include("hub.screening.urls")),
    path("missing/", include("hub.missing.urls")),
    path("nrm/", include("hub.nrm.urls")),
    path("actions/", include("hub.actions.urls")),
    path("intelligence/", include("hub.intelligence.urls")),
    path("plans/", include("hub.plans.urls")),
    path("panels/", include("hub.panels.urls")),
    path("api/", include("config.api_urls")),
    path("admin/", core_views.admin_site.urls),
]

handler400 = "hub.core.views.bad_request"
handler403 = "hub.core.views.permission_denied"
handler404 = "hub.core.views.page_not_found"
handler500 = "hub.core.views.server_error"
