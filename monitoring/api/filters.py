"""Filters of the public assessment endpoint (R32)."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters

from log_portal.api import UpdatedSinceFilterSet
from monitoring.models import Assessment


class AssessmentFilter(UpdatedSinceFilterSet):
    plan = filters.NumberFilter(help_text=_("The plan's id."))
    commitment = filters.NumberFilter(help_text=_("The commitment's id."))
    kind = filters.ChoiceFilter(choices=Assessment.Kind.choices, help_text=_("Kind (R26)."))
    country = filters.ChoiceFilter(
        choices=list(countries),
        field_name="plan__coordinating_commune__country",
        help_text=_("ISO 3166-1 alpha-2 code of the plan's country."),
    )

    class Meta:
        model = Assessment
        fields = ["plan", "commitment", "kind", "country"]
