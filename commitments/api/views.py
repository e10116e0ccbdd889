"""Endpoints of commitments, milestones, quarterly updates, evidence and comments.

Reading is public (R32): only what the public site shows. Writes (quarterly updates and
evidence by a commune's point of contact) call the same services as the web forms.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, parsers, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from commitments import permissions as access
from commitments import services
from commitments.api.filters import (
    CommentFilter,
    CommitmentFilter,
    EvidenceFilter,
    MilestoneFilter,
    QuarterlyUpdateFilter,
)
from commitments.api.serializers import (
    CommentSerializer,
    CommitmentSerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
    MilestoneSerializer,
    QuarterlyUpdateSerializer,
    UpdateDraftInputSerializer,
    UpdateSubmitInputSerializer,
)
from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    CommitmentChange,
    Evidence,
    Milestone,
    QuarterlyUpdate,
)
from log_portal.api import object_pk
from log_portal.uploads import attachment_response


def public_commitments() -> QuerySet[Commitment]:
    """R32: commitments of public plans, drafts excepted (withdrawn ones stay: R18 history)."""
    return Commitment.objects.public()


def public_updates() -> QuerySet[QuarterlyUpdate]:
    """R23: submitted updates of public commitments."""
    return QuarterlyUpdate.objects.filter(
        status=QuarterlyUpdate.Status.SUBMITTED, commitment__in=public_commitments()
    )


def public_evidence() -> QuerySet[Evidence]:
    """R24: public evidence whose commitment, milestone, update, meeting or plan is public."""
    return Evidence.objects.public()


def public_comments() -> QuerySet[Comment]:
    """R25: approved comments on public updates."""
    return Comment.objects.filter(status=Comment.Status.APPROVED, update__in=public_updates())


class CommitmentViewSet(viewsets.ReadOnlyModelViewSet):
    """R16: commitments of public plans, with their actors and recorded changes."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    ordering_fields = ["updated_at", "start_date", "end_date", "title"]

    def get_queryset(self) -> QuerySet[Commitment]:
        return (
            public_commitments()
            .select_related("plan__coordinating_commune")
            .prefetch_related(
                Prefetch("actors", queryset=CommitmentActor.objects.select_related("organisation")),
                Prefetch(
                    "changes", queryset=CommitmentChange.objects.prefetch_related("approved_by")
                ),
            )
        )


class MilestoneViewSet(viewsets.ReadOnlyModelViewSet):
    """R17: milestones of public commitments."""

    permission_classes = [permissions.AllowAny]
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter
    ordering_fields = ["updated_at", "start_month", "end_month", "position"]

    def get_queryset(self) -> QuerySet[Milestone]:
        return Milestone.objects.filter(commitment__in=public_commitments())


class _PublicReadAuthenticatedWrite:
    """Reading is public (AllowAny); every other action needs a token or a session."""

    def get_permissions(self):
        if self.action in ("list", "retrieve", "download"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]


def _refuse_unless(allowed: bool, message: str) -> None:
    """A user who sees the commitment but may not do this gets 403 with the reason."""
    if not allowed:
        raise exceptions.PermissionDenied(message)


class QuarterlyUpdateViewSet(_PublicReadAuthenticatedWrite, viewsets.ReadOnlyModelViewSet):
    """R23: submitted quarterly updates of public commitments; points of contact file them."""

    serializer_class = QuarterlyUpdateSerializer
    filterset_class = QuarterlyUpdateFilter
    ordering_fields = ["updated_at", "year", "quarter", "submitted_at"]

    def get_queryset(self) -> QuerySet[QuarterlyUpdate]:
        return public_updates().prefetch_related("milestone_updates")

    def _output(self, update: QuarterlyUpdate, code: int) -> Response:
        update = QuarterlyUpdate.objects.prefetch_related("milestone_updates").get(pk=update.pk)
        return Response(self.get_serializer(update).data, status=code)

    @extend_schema(
        request=UpdateDraftInputSerializer,
        responses={201: QuarterlyUpdateSerializer, 200: QuarterlyUpdateSerializer},
    )
    def create(self, request, *args, **kwargs):
        """R23, R41, R43: create or change the draft update of a commitment for a quarter."""
        data = UpdateDraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        commitment = access.get_commitment_for_user_or_404(request.user, values.pop("commitment"))
        _refuse_unless(
            access.can_file_update(request.user, commitment),
            _("You may not file updates for this commitment."),
        )
        existed = QuarterlyUpdate.objects.filter(
            commitment=commitment, year=values["year"], quarter=values["quarter"]
        ).exists()
        update = services.update_save_draft(
            commitment=commitment,
            year=values["year"],
            quarter=values["quarter"],
            progress=values["progress"],
            delay_reasons=values["delay_reasons"],
            next_steps=values["next_steps"],
            completion_level=values["completion_level"],
            milestone_statuses=values["milestone_statuses"],
            expected_version=values["version"],
            by=request.user,
        )
        return self._output(update, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        request=UpdateSubmitInputSerializer,
        responses={200: QuarterlyUpdateSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def submit(self, request, pk=None):
        """R23, R41: the point of contact publishes a draft update (a volunteer only drafts)."""
        data = UpdateSubmitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = access.get_update_for_user_or_404(request.user, object_pk(pk))
        _refuse_unless(
            access.can_submit_update(request.user, update.commitment),
            _("Only the point of contact submits the update; you may save it as a draft."),
        )
        update = services.update_submit(
            update=update, by=request.user, expected_version=data.validated_data["version"]
        )
        return self._output(update, status.HTTP_200_OK)


class EvidenceViewSet(_PublicReadAuthenticatedWrite, viewsets.ReadOnlyModelViewSet):
    """R24: public evidence metadata, with a download link for files; points of contact add it."""

    serializer_class = EvidenceSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    filterset_class = EvidenceFilter
    ordering_fields = ["updated_at", "dated"]

    def get_queryset(self) -> QuerySet[Evidence]:
        return public_evidence()

    def _target(self, user, target_type: str, target_id: int):
        """The commitment, milestone or update the user may see, with its commitment; else 404."""
        if target_type == EvidenceInputSerializer.Target.COMMITMENT:
            commitment = access.get_commitment_for_user_or_404(user, target_id)
            return commitment, commitment
        if target_type == EvidenceInputSerializer.Target.MILESTONE:
            milestone = get_object_or_404(
                Milestone.objects.select_related("commitment__plan"),
                pk=target_id,
                commitment__in=access.commitments_for_user(user),
            )
            return milestone, milestone.commitment
        update = access.get_update_for_user_or_404(user, target_id)
        return update, update.commitment

    @extend_schema(
        request={
            "multipart/form-data": EvidenceInputSerializer,
            "application/json": EvidenceInputSerializer,
        },
        responses={201: EvidenceSerializer},
    )
    def create(self, request, *args, **kwargs):
        """R24, R41, R43: attach a file or a link to a commitment, a milestone or an update."""
        data = EvidenceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        target, commitment = self._target(
            request.user, values.pop("target_type"), values.pop("target_id")
        )
        _refuse_unless(
            access.can_file_update(request.user, commitment),
            _("You may not add evidence to this commitment."),
        )
        evidence = services.evidence_add(target=target, by=request.user, **values)
        return Response(self.get_serializer(evidence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        filters=False,
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment (R24)."
            )
        },
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def download(self, request, pk=None):
        """R24: the file of a public piece of evidence, served for download, never inline."""
        evidence = get_object_or_404(public_evidence(), pk=object_pk(pk))
        if not evidence.file:
            raise Http404
        return attachment_response(
            evidence.file, content_type=evidence.content_type or "application/octet-stream"
        )


class CommentViewSet(viewsets.ReadOnlyModelViewSet):
    """R25: approved comments on public updates, with the commune's reply."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CommentSerializer
    filterset_class = CommentFilter
    ordering_fields = ["updated_at", "created_at"]

    def get_queryset(self) -> QuerySet[Comment]:
        return public_comments()
