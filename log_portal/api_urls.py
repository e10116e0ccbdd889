"""The REST API, version 1 (mounted at /api/v1/): open data (R32) and authenticated writes."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from log_portal.api_views import TokenView, not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's set-up script is served as a file (the split view), so script-src stays 'self';
    # its template has a <style> element and the UI sets style attributes: style-src relaxed here.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    path("tokens/", TokenView.as_view(), name="tokens"),
    path("", include("communes.api.urls")),
    path("", include("action_plans.api.urls")),
    path("", include("commitments.api.urls")),
    path("", include("monitoring.api.urls")),
    re_path(r"^.*$", not_found, name="not-found"),
]
