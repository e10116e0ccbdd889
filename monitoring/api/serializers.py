"""Serializers of submitted assessments (R26, R32)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from log_portal.api import DescribedModelSerializer
from monitoring.models import Assessment, CommitmentAssessment


class CommitmentAssessmentSerializer(DescribedModelSerializer):
    """R26: the initial assessment's judgement of one commitment's design."""

    class Meta:
        model = CommitmentAssessment
        fields = [
            "commitment",
            "is_relevant",
            "relevance_notes",
            "is_verifiable",
            "potential_impact",
            "notes",
        ]


class AssessmentSerializer(DescribedModelSerializer):
    """R26: a submitted assessment of the plan's monitoring body."""

    body = serializers.SlugRelatedField(
        slug_field="name", read_only=True, help_text=_("Name of the monitoring body (R12).")
    )
    commitment_assessments = CommitmentAssessmentSerializer(
        many=True,
        read_only=True,
        help_text=_("Design of each commitment (initial assessment only)."),
    )
    co_creation_findings = serializers.JSONField(
        read_only=True,
        help_text=_(
            "For each R19 requirement (forum, regularity, multi_stakeholder, endorsement): "
            "met and notes."
        ),
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "kind",
            "plan",
            "commitment",
            "body",
            "status",
            "due_on",
            "summary",
            "co_creation_findings",
            "recommended_practices",
            "commitment_assessments",
            "completion_level",
            "early_results",
            "lessons",
            "commune_reply",
            "submitted_at",
            "updated_at",
        ]


class AssessmentSubmitSerializer(serializers.Serializer):
    """Input of an assessment's submission."""

    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text=_("An optional note kept in the assessment's history."),
    )
