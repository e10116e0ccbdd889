"""Filters of the public commune endpoints (R32)."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters

from communes.models import Cohort, Commune
from log_portal.api import UpdatedSinceFilterSet


class CohortFilter(UpdatedSinceFilterSet):
    class Meta:
        model = Cohort
        fields: list[str] = []


class CommuneFilter(UpdatedSinceFilterSet):
    country = filters.ChoiceFilter(
        choices=list(countries), help_text=_("ISO 3166-1 alpha-2 country code, e.g. SN.")
    )
    membership_status = filters.ChoiceFilter(
        choices=Commune.MembershipStatus.choices, help_text=_("Current membership status (R10).")
    )
    slug = filters.CharFilter(help_text=_("The commune's slug."))

    class Meta:
        model = Commune
        fields = ["country", "membership_status", "slug"]
