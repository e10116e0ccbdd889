"""Serializers of commitments, milestones, updates, evidence and comments (R16-R18, R23-R25).

Public output never holds drafts, restricted evidence, authors' accounts or commenters'
e-mails (R8, R25).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    CommitmentChange,
    CompletionLevel,
    Evidence,
    Milestone,
    MilestoneUpdate,
    QuarterlyUpdate,
)
from log_portal.api import DescribedModelSerializer, OptionalURLField


class CommitmentActorSerializer(DescribedModelSerializer):
    """R16, Annex 2 items 3-5: who implements the commitment, with official contact details."""

    name = serializers.CharField(
        source="display_name", read_only=True, help_text=_("Office, agency or organisation.")
    )

    class Meta:
        model = CommitmentActor
        fields = [
            "role",
            "name",
            "organisation",
            "branch",
            "contact_name",
            "contact_title",
            "email",
            "role_description",
        ]


class CommitmentChangeSerializer(DescribedModelSerializer):
    """R18: a recorded change of a submitted commitment (the full history is public)."""

    approved_by = serializers.SlugRelatedField(
        many=True,
        read_only=True,
        slug_field="name",
        help_text=_("Non-governmental stakeholders who approved the change (R18)."),
    )

    class Meta:
        model = CommitmentChange
        fields = ["kind", "description", "reason", "how_decided", "approved_by", "decided_on"]


class CommitmentSerializer(DescribedModelSerializer):
    """R16, handbook Annex 2: every public field of a commitment."""

    actors = CommitmentActorSerializer(
        many=True, read_only=True, help_text=_("Lead agencies and stakeholders (R16).")
    )
    changes = CommitmentChangeSerializer(
        many=True, read_only=True, help_text=_("Changes recorded after submission (R18).")
    )
    country = serializers.CharField(
        source="plan.coordinating_commune.country.code",
        read_only=True,
        help_text=_("ISO 3166-1 alpha-2 code of the plan's country."),
    )
    is_joint = serializers.BooleanField(
        read_only=True, help_text=_("A joint commitment of a joint plan (R20).")
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "plan",
            "commune",
            "country",
            "is_joint",
            "title",
            "title_en",
            "start_date",
            "end_date",
            "problem",
            "status_quo",
            "action",
            "action_en",
            "solution",
            "long_term_goal",
            "policy_areas",
            "primary_sectors",
            "ogp_values",
            "budget_amount",
            "budget_currency",
            "staff",
            "months",
            "other_resources",
            "resources_secured",
            "additional_information",
            "status",
            "submitted_on",
            "end_assessment_submitted_on",
            "actors",
            "changes",
            "updated_at",
        ]


class MilestoneSerializer(DescribedModelSerializer):
    """R17: a step of a commitment."""

    class Meta:
        model = Milestone
        fields = [
            "id",
            "commitment",
            "position",
            "description",
            "start_month",
            "end_month",
            "responsible_organisation",
            "contact",
            "status",
            "updated_at",
        ]


class MilestoneUpdateSerializer(DescribedModelSerializer):
    """R23: a milestone's status as reported in an update."""

    class Meta:
        model = MilestoneUpdate
        fields = ["milestone", "previous_status", "new_status"]


class QuarterlyUpdateSerializer(DescribedModelSerializer):
    """R23: the progress update of one commitment for one calendar quarter."""

    milestone_updates = MilestoneUpdateSerializer(
        many=True, read_only=True, help_text=_("Milestone statuses reported in this update.")
    )

    class Meta:
        model = QuarterlyUpdate
        fields = [
            "id",
            "commitment",
            "year",
            "quarter",
            "status",
            "progress",
            "delay_reasons",
            "next_steps",
            "completion_level",
            "previous_completion_level",
            "milestone_updates",
            "submitted_at",
            "version",
            "updated_at",
        ]
        extra_kwargs = {
            "version": {"help_text": _("Version of the update, for optimistic concurrency.")}
        }


class EvidenceSerializer(DescribedModelSerializer):
    """R24, Annex 5: metadata of a piece of evidence and where to get it."""

    link = OptionalURLField(
        source="url",
        read_only=True,
        allow_null=True,
        help_text=_("The evidence's link, when it is a link (null for a file)."),
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Where to download the file (as an attachment), when it is a file.")
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "title",
            "description",
            "dated",
            "commitment",
            "milestone",
            "update",
            "meeting",
            "plan",
            "link",
            "download_url",
            "file_size",
            "content_type",
            "updated_at",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, evidence: Evidence) -> str | None:
        if not evidence.file:
            return None
        path = reverse("api:evidence-download", kwargs={"pk": evidence.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CommentSerializer(DescribedModelSerializer):
    """R25: an approved public comment and the commune's reply; never the e-mail."""

    class Meta:
        model = Comment
        fields = [
            "id",
            "update",
            "author_name",
            "body",
            "reply",
            "replied_at",
            "created_at",
            "updated_at",
        ]


# -- writes (same services as the workspace forms) ----------------------------------------------


class UpdateDraftInputSerializer(serializers.Serializer):
    """R23: create or change the draft update of a commitment for a quarter."""

    commitment = serializers.IntegerField(help_text=_("The commitment's id."))
    year = serializers.IntegerField(
        min_value=2000, max_value=2100, help_text=_("The year the update reports on.")
    )
    quarter = serializers.IntegerField(
        min_value=1,
        max_value=4,
        help_text=_("The calendar quarter the update reports on: 1 (January to March) to 4."),
    )
    progress = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Progress this quarter.")
    )
    delay_reasons = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Reasons for delays.")
    )
    next_steps = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Next steps.")
    )
    completion_level = serializers.ChoiceField(
        choices=CompletionLevel.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("The commitment's completion level (required to submit)."),
    )
    milestone_statuses = serializers.DictField(
        child=serializers.ChoiceField(choices=Milestone.Status.choices),
        required=False,
        default=dict,
        help_text=_("New status of milestones of the commitment, by milestone id."),
    )
    version = serializers.IntegerField(
        required=False,
        min_value=0,
        allow_null=True,
        default=None,
        help_text=_(
            "The update's version you last read (0 when there was none): a stale one is refused."
        ),
    )

    def validate_milestone_statuses(self, value: dict) -> dict[int, str]:
        try:
            return {int(key): status for key, status in value.items()}
        except (TypeError, ValueError) as error:
            raise serializers.ValidationError(_("Milestones are named by their id.")) from error


class UpdateSubmitInputSerializer(serializers.Serializer):
    """R23: publish a draft update."""

    version = serializers.IntegerField(
        required=False,
        min_value=0,
        allow_null=True,
        default=None,
        help_text=_("The update's version you last read: a stale one is refused."),
    )


class EvidenceInputSerializer(serializers.Serializer):
    """R24: a file or a link attached to a commitment, one of its milestones or an update."""

    class Target(models.TextChoices):
        COMMITMENT = "commitment", _("Commitment")
        MILESTONE = "milestone", _("Milestone")
        UPDATE = "update", _("Quarterly update")

    target_type = serializers.ChoiceField(
        choices=Target.choices, help_text=_("What the evidence is attached to.")
    )
    target_id = serializers.IntegerField(help_text=_("The id of what it is attached to."))
    kind = serializers.ChoiceField(
        choices=Evidence.Kind.choices, help_text=_("Type of evidence (Annex 5).")
    )
    title = serializers.CharField(max_length=300, help_text=_("Title of the evidence."))
    description = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("Description.")
    )
    dated = serializers.DateField(help_text=_("Date of the evidence."))
    file = serializers.FileField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The file (10 MB at most; checked by content), or give a link."),
    )
    url = serializers.URLField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text=_("The link, or give a file."),
    )
    is_public = serializers.BooleanField(
        required=False,
        default=True,
        help_text=_("Restricted evidence is seen by staff and the monitoring body only."),
    )
