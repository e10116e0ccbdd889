"""The REST API, version 1 (mounted at /api/v1/): open data (R32) and authenticated writes."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from log_portal.api_views import TokenView, not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("tokens/", TokenView.as_view(), name="tokens"),
    path("", include("communes.api.urls")),
    path("", include("action_plans.api.urls")),
    path("", include("commitments.api.urls")),
    path("", include("monitoring.api.urls")),
    re_path(r"^.*$", not_found, name="not-found"),
]
