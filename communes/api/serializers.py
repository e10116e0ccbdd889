"""Public serializers of cohorts and communes (R1, R10, R31, R32); no personal data (R8)."""

from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from communes.models import Cohort, Commune, MembershipStatusChange
from log_portal.api import DescribedModelSerializer


class CohortSerializer(DescribedModelSerializer):
    """R1: a LOG edition."""

    class Meta:
        model = Cohort
        fields = [
            "id",
            "name",
            "slug",
            "starts_on",
            "ends_on",
            "budget_amount",
            "budget_currency",
            "description",
            "updated_at",
        ]


class MembershipStatusChangeSerializer(DescribedModelSerializer):
    """R10: one change of the membership status, with its date and reason (who is not shown)."""

    class Meta:
        model = MembershipStatusChange
        fields = ["from_status", "to_status", "effective_on", "rule", "reason"]


class CommuneSerializer(DescribedModelSerializer):
    """R10, R12, R31: a commune, its current membership status and the history of it."""

    country = CountryField(help_text=_("ISO 3166-1 alpha-2 country code."))
    point_of_contact_name = serializers.SerializerMethodField(
        help_text=_("Name of the commune's point of contact (R12, R31).")
    )
    membership_history = MembershipStatusChangeSerializer(
        source="status_changes",
        many=True,
        read_only=True,
        help_text=_("Every change of the membership status, newest first (R10)."),
    )

    class Meta:
        model = Commune
        fields = [
            "id",
            "name",
            "slug",
            "country",
            "region",
            "population",
            "mayor_name",
            "website",
            "mandate_start",
            "mandate_end",
            "membership_status",
            "membership_status_since",
            "joined_on",
            "lead_agency",
            "lead_agency_contact",
            "lead_agency_email",
            "lead_agency_phone",
            "point_of_contact_name",
            "membership_history",
            "updated_at",
        ]

    def get_point_of_contact_name(self, commune: Commune) -> str:
        contact = commune.point_of_contact
        return contact.full_name if contact else ""
