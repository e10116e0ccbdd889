"""Filters of the public commitment endpoints (R32): country, commune, status, policy area,
sector, OGP value, quarter, updated since, and full-text search of commitments."""

from django.contrib.postgres.search import SearchQuery
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters

from commitments.models import (
    Comment,
    Commitment,
    CompletionLevel,
    Evidence,
    Milestone,
    OgpValue,
    PolicyArea,
    PrimarySector,
    QuarterlyUpdate,
)
from log_portal.api import UpdatedSinceFilterSet

COUNTRY_HELP = _("ISO 3166-1 alpha-2 code of the plan's country, e.g. SN.")
COMMUNE_HELP = _("Id of a commune: its own commitments and the joint ones of its plans (R20).")


def commitments_of_commune(commune: int):
    """R20: ids of the commune's own commitments and of the joint ones of its plans."""
    return Commitment.objects.for_commune(commune).values("pk")


class CommitmentFilter(UpdatedSinceFilterSet):
    country = filters.ChoiceFilter(
        choices=list(countries),
        field_name="plan__coordinating_commune__country",
        help_text=COUNTRY_HELP,
    )
    commune = filters.NumberFilter(method="filter_commune", help_text=COMMUNE_HELP)
    plan = filters.NumberFilter(help_text=_("The plan's id."))
    status = filters.ChoiceFilter(
        choices=[c for c in Commitment.Status.choices if c[0] != Commitment.Status.DRAFT],
        help_text=_("The commitment's status."),
    )
    policy_area = filters.ChoiceFilter(
        choices=PolicyArea.choices,
        method="filter_contains",
        help_text=_("Commitments with this policy area (R16)."),
    )
    sector = filters.ChoiceFilter(
        choices=PrimarySector.choices,
        method="filter_contains",
        help_text=_("Commitments with this primary sector (R16)."),
    )
    ogp_value = filters.ChoiceFilter(
        choices=OgpValue.choices,
        method="filter_contains",
        help_text=_("Commitments relevant to this OGP value (R16)."),
    )
    search = filters.CharFilter(
        method="filter_search",
        help_text=_(
            "Full-text search of titles, problem, action, solution and goal, in French and "
            'English (web search syntax: words, "phrases", -excluded).'
        ),
    )

    ARRAY_FIELDS = {
        "policy_area": "policy_areas",
        "sector": "primary_sectors",
        "ogp_value": "ogp_values",
    }

    class Meta:
        model = Commitment
        fields = ["country", "commune", "plan", "status", "policy_area", "sector", "ogp_value"]

    def filter_commune(self, queryset, name, value):
        return queryset.filter(pk__in=commitments_of_commune(value))

    def filter_contains(self, queryset, name, value):
        return queryset.filter(**{f"{self.ARRAY_FIELDS[name]}__contains": [value]})

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        # The stored, indexed vectors (commitments/models.py): French and English wording.
        return queryset.filter(
            Q(search_fr=SearchQuery(value, config="french", search_type="websearch"))
            | Q(search_en=SearchQuery(value, config="english", search_type="websearch"))
        )


class _CommitmentChildFilter(UpdatedSinceFilterSet):
    """Filters of records that belong to a commitment (milestones, updates)."""

    commitment = filters.NumberFilter(help_text=_("The commitment's id."))
    country = filters.ChoiceFilter(
        choices=list(countries),
        field_name="commitment__plan__coordinating_commune__country",
        help_text=COUNTRY_HELP,
    )
    commune = filters.NumberFilter(method="filter_commune", help_text=COMMUNE_HELP)

    def filter_commune(self, queryset, name, value):
        return queryset.filter(commitment__in=commitments_of_commune(value))


class MilestoneFilter(_CommitmentChildFilter):
    status = filters.ChoiceFilter(
        choices=Milestone.Status.choices, help_text=_("The milestone's status (R17).")
    )

    class Meta:
        model = Milestone
        fields = ["commitment", "country", "commune", "status"]


class QuarterlyUpdateFilter(_CommitmentChildFilter):
    year = filters.NumberFilter(help_text=_("The year the update reports on."))
    quarter = filters.ChoiceFilter(
        choices=[(q, f"Q{q}") for q in range(1, 5)],
        help_text=_("The calendar quarter the update reports on: 1 (January to March) to 4."),
    )
    completion_level = filters.ChoiceFilter(
        choices=CompletionLevel.choices, help_text=_("The reported completion level.")
    )

    class Meta:
        model = QuarterlyUpdate
        fields = ["commitment", "country", "commune", "year", "quarter", "completion_level"]


class EvidenceFilter(UpdatedSinceFilterSet):
    commitment = filters.NumberFilter(
        method="filter_commitment",
        help_text=_("Evidence of this commitment, its milestones and its updates (R31 folder)."),
    )
    plan = filters.NumberFilter(
        method="filter_plan",
        help_text=_("Evidence of this plan's process and meetings (R31 process folder)."),
    )
    update = filters.NumberFilter(help_text=_("Evidence attached to this update."))
    kind = filters.ChoiceFilter(choices=Evidence.Kind.choices, help_text=_("Annex 5 type."))

    class Meta:
        model = Evidence
        fields = ["commitment", "plan", "update", "kind"]

    def filter_commitment(self, queryset, name, value):
        return queryset.filter(
            Q(commitment=value) | Q(milestone__commitment=value) | Q(update__commitment=value)
        )

    def filter_plan(self, queryset, name, value):
        return queryset.filter(Q(plan=value) | Q(meeting__plan=value))


class CommentFilter(UpdatedSinceFilterSet):
    update = filters.NumberFilter(help_text=_("The update's id."))
    commitment = filters.NumberFilter(
        field_name="update__commitment", help_text=_("The commitment's id.")
    )

    class Meta:
        model = Comment
        fields = ["update", "commitment"]
