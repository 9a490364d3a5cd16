from django.urls import include, path, re_path

from config.api import api, unknown_path

# A request Django refuses to read (a body too large, too many fields) is a Chinese page, or
# the JSON error of the API, with 413 or 400.
handler400 = "govoa.web.errors.bad_request"

urlpatterns = [
    path("", include("govoa.web.urls")),
    path("accounts/", include("govoa.accounts.urls")),
    path("org/", include("govoa.org.urls")),
    path("audit/", include("govoa.audit.urls")),
    path("notifications/", include("govoa.notify.urls")),
    path("integration/", include("govoa.integration.urls")),
    path("oidc/", include("govoa.integration.oidc_urls")),  # single sign-on (no namespace)
    path("flow/", include("govoa.flow.urls")),
    path("incoming/", include("govoa.incoming.urls")),
    path("outgoing/", include("govoa.outgoing.urls")),
    path("supplies/", include("govoa.supplies.urls")),
    path("seals/", include("govoa.seals.urls")),
    path("handbook/", include("govoa.handbook.urls")),
    path("equipment/", include("govoa.equipment.urls")),
    path("meetings/", include("govoa.meetings.urls")),
    path("documents/", include("govoa.documents.urls")),
    path("archives/", include("govoa.archives.urls")),
    path("supervision/", include("govoa.supervision.urls")),
    path("search/", include("govoa.search.urls")),
    path("reports/", include("govoa.reports.urls")),
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_path),  # after the API: its 404 in its format
]
