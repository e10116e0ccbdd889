"""Filters of the public lists (django-filter): communes (R10) and commitment search."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from action_plans.models import ActionPlan
from commitments.models import Milestone, OgpValue, PolicyArea, PrimarySector
from communes.models import Commune

# Full-text configurations of PostgreSQL for the interface languages.
SEARCH_CONFIGS = {"fr": "french", "en": "english", "pt": "portuguese"}
# The stored, indexed vector of each configuration (commitments/models.py).
SEARCH_COLUMNS = {"french": "search_fr", "english": "search_en", "portuguese": "search_pt"}
PUBLIC_PLAN_STATUSES = [
    (status, label)
    for status, label in ActionPlan.Status.choices
    if status in ActionPlan.SUBMITTED_STATUSES
]
MEMBER_STATUSES = [
    (status, label)
    for status, label in Commune.MembershipStatus.choices
    if status != Commune.MembershipStatus.NOT_MEMBER
]


def search_config() -> str:
    """The text search configuration of the active language (French by default)."""
    return SEARCH_CONFIGS.get((get_language() or "fr")[:2], "french")


def country_choices():
    return [(code, name) for code, name in countries if code in COUNTRY_CODES]


# Countries a commune can be in on this portal: those with a configured time zone.
COUNTRY_CODES = {"SN", "GN", "GW", "NE", "ML", "BF", "CI", "BJ", "TG", "CM", "TD", "MR", "GM", "CV"}


class CommuneFilter(django_filters.FilterSet):
    """R10: filter member communes by country and membership status."""

    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, empty_label=_("All countries")
    )
    status = django_filters.ChoiceFilter(
        field_name="membership_status",
        label=_("Membership status"),
        choices=MEMBER_STATUSES,
        empty_label=_("All statuses"),
    )

    class Meta:
        model = Commune
        fields: list[str] = []


class CommitmentFilter(django_filters.FilterSet):
    """Commitment search: full text in the active language, and the R16 facets."""

    q = django_filters.CharFilter(label=_("Words"), method="filter_text")
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=country_choices,
        empty_label=_("All countries"),
        method="filter_country",
    )
    commune = django_filters.CharFilter(label=_("Commune"), method="filter_commune")
    policy_area = django_filters.ChoiceFilter(
        label=_("Policy area"),
        choices=PolicyArea.choices,
        empty_label=_("All policy areas"),
        method="filter_array",
    )
    sector = django_filters.ChoiceFilter(
        label=_("Primary sector"),
        choices=PrimarySector.choices,
        empty_label=_("All sectors"),
        method="filter_array",
    )
    ogp_value = django_filters.ChoiceFilter(
        label=_("OGP value"),
        choices=OgpValue.choices,
        empty_label=_("All OGP values"),
        method="filter_array",
    )
    milestone_status = django_filters.ChoiceFilter(
        label=_("Has a milestone"),
        choices=Milestone.Status.choices,
        empty_label=_("Any milestone status"),
        method="filter_milestone_status",
    )
    plan_status = django_filters.ChoiceFilter(
        field_name="plan__status",
        label=_("Plan status"),
        choices=PUBLIC_PLAN_STATUSES,
        empty_label=_("All plan statuses"),
    )

    ARRAY_FIELDS = {
        "policy_area": "policy_areas",
        "sector": "primary_sectors",
        "ogp_value": "ogp_values",
    }

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        config = search_config()
        query = SearchQuery(value, config=config, search_type="websearch")
        return queryset.filter(**{SEARCH_COLUMNS[config]: query})

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(plan__coordinating_commune__country=value)

    def filter_commune(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """R20: a commune's own commitments and the joint ones of its plans (name or slug)."""
        value = value.strip()
        communes = Commune.objects.filter(Q(slug=value) | Q(name__iexact=value)).values("pk")
        return queryset.filter(
            Q(commune__in=communes)
            | Q(commune__isnull=True, plan__in=ActionPlan.objects.filter(communes__in=communes))
        )

    def filter_array(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{f"{self.ARRAY_FIELDS[name]}__contains": [value]})

    def filter_milestone_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            Exists(Milestone.objects.filter(commitment=OuterRef("pk"), status=value))
        )
