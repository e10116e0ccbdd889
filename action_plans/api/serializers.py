"""Public serializers of action plans and strategic visions (R13, R20, R22, R32)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from action_plans.models import ActionPlan, StrategicVision
from log_portal.api import DescribedModelSerializer


class ActionPlanSerializer(DescribedModelSerializer):
    """An action plan that reached OGP (submitted, in implementation or ended)."""

    communes = serializers.PrimaryKeyRelatedField(
        many=True,
        read_only=True,
        help_text=_("Ids of the plan's communes: one, or 2 to 4 for a joint plan (R20)."),
    )
    is_joint = serializers.BooleanField(
        read_only=True, help_text=_("Whether this is a joint plan of 2 to 4 communes (R20).")
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "title",
            "title_en",
            "vision_summary",
            "vision_summary_en",
            "start_date",
            "end_date",
            "status",
            "submitted_on",
            "coordinating_commune",
            "communes",
            "is_joint",
            "updated_at",
        ]


class StrategicVisionSerializer(DescribedModelSerializer):
    """R22, handbook Annex 1: the plan's strategic vision."""

    documents = serializers.SerializerMethodField(
        help_text=_("Where to download the strategy or other documents (an attachment), or null.")
    )

    class Meta:
        model = StrategicVision
        fields = [
            "id",
            "plan",
            "mandate_end",
            "plan_end",
            "foreword",
            "long_term_vision",
            "achievements",
            "challenges",
            "medium_term_goals",
            "contribution",
            "policy_alignment",
            "lead_institutions",
            "coordination",
            "co_creation_spaces",
            "diversity_measures",
            "participants",
            "number_of_groups",
            "number_of_meetings",
            "continued_collaboration",
            "monitoring_body",
            "monitoring_body_contacts",
            "progress_discussion",
            "progress_follow_up",
            "progress_publication",
            "endorsing_stakeholders",
            "documents",
            "online_consultation_url",
            "updated_at",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_documents(self, vision: StrategicVision) -> str | None:
        """R24: the permission-checked download, never a /media/ address."""
        if not vision.documents:
            return None
        path = reverse("action_plans:vision-document", kwargs={"pk": vision.plan_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
