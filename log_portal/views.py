"""Project-wide pages: the home page (until the public tracker replaces it)."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from communes.models import Commune


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["communes"] = Commune.objects.members().order_by("country", "name")[:50]
        return context


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Health check for docker-compose and load balancers: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
