"""Project-wide pages: the home page (until the public tracker replaces it)."""

from django.views.generic import TemplateView

from communes.models import Commune


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["communes"] = Commune.objects.members().order_by("country", "name")[:50]
        return context
