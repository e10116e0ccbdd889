"""Public read-only endpoints of cohorts and communes (R1, R10, R31, R32)."""

from django.db.models import Prefetch
from rest_framework import permissions, viewsets

from communes.api.filters import CohortFilter, CommuneFilter
from communes.api.serializers import CohortSerializer, CommuneSerializer
from communes.models import Cohort, Commune, MembershipStatusChange


class CohortViewSet(viewsets.ReadOnlyModelViewSet):
    """R1: LOG editions."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CohortSerializer
    filterset_class = CohortFilter
    ordering_fields = ["updated_at", "starts_on", "name"]
    queryset = Cohort.objects.all()


class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    """R10, R31: member communes with their current membership status and its history.

    A commune that is not a member is not published, as on the public site (a guessed id
    answers 404).
    """

    permission_classes = [permissions.AllowAny]
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    ordering_fields = ["updated_at", "name", "country"]
    queryset = (
        Commune.objects.members()
        .select_related("point_of_contact")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=MembershipStatusChange.objects.order_by("-effective_on", "-created_at"),
            )
        )
    )
