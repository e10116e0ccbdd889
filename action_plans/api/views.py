"""Public read-only endpoints of action plans and strategic visions (R22, R32)."""

from django.db.models import QuerySet
from rest_framework import permissions, viewsets

from action_plans.api.filters import ActionPlanFilter, StrategicVisionFilter
from action_plans.api.serializers import ActionPlanSerializer, StrategicVisionSerializer
from action_plans.models import ActionPlan, StrategicVision


def public_plans() -> QuerySet[ActionPlan]:
    """R32: a plan is public once submitted (submitted, in implementation or ended)."""
    return ActionPlan.objects.public()


class ActionPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Action plans that reached OGP; drafts and withdrawn plans are never shown."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilter
    ordering_fields = ["updated_at", "start_date", "end_date", "title"]

    def get_queryset(self) -> QuerySet[ActionPlan]:
        return public_plans().prefetch_related("communes")


class StrategicVisionViewSet(viewsets.ReadOnlyModelViewSet):
    """R22: strategic visions of public plans."""

    permission_classes = [permissions.AllowAny]
    serializer_class = StrategicVisionSerializer
    filterset_class = StrategicVisionFilter
    ordering_fields = ["updated_at"]

    def get_queryset(self) -> QuerySet[StrategicVision]:
        return StrategicVision.objects.filter(plan__in=public_plans())
