"""Endpoints of assessments: submitted ones are public; a body member submits its own (R26)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from action_plans.api.views import public_plans
from log_portal.api import object_pk
from monitoring import permissions as access
from monitoring import services
from monitoring.api.filters import AssessmentFilter
from monitoring.api.serializers import AssessmentSerializer, AssessmentSubmitSerializer
from monitoring.models import Assessment


def public_assessments() -> QuerySet[Assessment]:
    """R26, R32: submitted assessments of public plans."""
    return Assessment.objects.public().filter(plan__in=public_plans())


class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """R26: submitted assessments, read by anyone; submitted by a member of the body."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["updated_at", "due_on", "submitted_at"]

    def get_permissions(self):
        if self.action == "submit":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            public_assessments().select_related("body").prefetch_related("commitment_assessments")
        )

    @extend_schema(
        request=AssessmentSubmitSerializer, responses={200: AssessmentSerializer}, filters=False
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def submit(self, request, pk=None):
        """R26, R42: a member of the plan's monitoring body submits the assessment."""
        assessment = access.get_assessment_for_user_or_404(request.user, object_pk(pk))
        data = AssessmentSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = services.assessment_submit(
            assessment=assessment, by=request.user, note=data.validated_data["note"]
        )
        return Response(self.get_serializer(assessment).data)
