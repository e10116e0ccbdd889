"""Filters of the public action plan endpoints (R32)."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import rest_framework as filters

from action_plans.models import ActionPlan, StrategicVision
from log_portal.api import UpdatedSinceFilterSet

PlanCommunes = ActionPlan.communes.through


class ActionPlanFilter(UpdatedSinceFilterSet):
    country = filters.ChoiceFilter(
        choices=list(countries),
        method="filter_country",
        help_text=_("Plans of communes of this country (ISO 3166-1 alpha-2 code)."),
    )
    commune = filters.NumberFilter(
        method="filter_commune",
        help_text=_("Plans of this commune (id), joint plans included."),
    )
    status = filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in ActionPlan.SUBMITTED_STATUSES],
        help_text=_("The plan's status."),
    )

    class Meta:
        model = ActionPlan
        fields = ["country", "commune", "status"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(
            pk__in=PlanCommunes.objects.filter(commune__country=value).values("actionplan_id")
        )

    def filter_commune(self, queryset, name, value):
        return queryset.filter(
            pk__in=PlanCommunes.objects.filter(commune=value).values("actionplan_id")
        )


class StrategicVisionFilter(UpdatedSinceFilterSet):
    plan = filters.NumberFilter(help_text=_("The plan's id."))

    class Meta:
        model = StrategicVision
        fields = ["plan"]
