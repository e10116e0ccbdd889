"""Who may see commitments and file their quarterly updates in the workspace (R23, R25, R41, R43).

The roles come from data (docs/roles.md), through ``action_plans.permissions``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from action_plans.permissions import (
    _is_authenticated,
    contact_communes,
    is_point_of_contact,
    is_volunteer_in,
    plans_for_user,
    workspace_communes,
)
from commitments.models import Comment, Commitment, Evidence, QuarterlyUpdate
from communes.models import Commune


def commitments_for_user(user) -> QuerySet[Commitment]:
    """R20, R41, R43: the commitments of the plans of the user's communes (all for staff)."""
    if not _is_authenticated(user):
        return Commitment.objects.none()
    if user.is_staff:
        return Commitment.objects.all()
    plan_ids = (
        Commitment.objects.filter(plan__communes__in=workspace_communes(user))
        .values("plan_id")
        .distinct()
    )
    return Commitment.objects.filter(plan_id__in=plan_ids)


def get_commitment_for_user_or_404(user, pk: int) -> Commitment:
    """A commitment the user may see, else 404 (exactly like a missing one)."""
    try:
        return commitments_for_user(user).select_related("plan", "commune").get(pk=pk)
    except (Commitment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def _concerned_communes(commitment: Commitment) -> list[Commune]:
    """R20: a commune's commitment concerns that commune; a joint one, every plan member."""
    if commitment.commune_id is not None:
        return [commitment.commune]
    return commitment.plan.member_communes()


def can_file_update(user, commitment: Commitment) -> bool:
    """R23, R24, R43: staff, the point of contact and the volunteer in mission draft updates and add evidence."""
    if not _is_authenticated(user):
        return False
    if user.is_staff:
        return True
    return any(
        is_point_of_contact(user, c) or is_volunteer_in(user, c)
        for c in _concerned_communes(commitment)
    )


def can_submit_update(user, commitment: Commitment) -> bool:
    """R23, R41, R43: staff and the point of contact submit (publish) an update; a volunteer only drafts."""
    if not _is_authenticated(user):
        return False
    if user.is_staff:
        return True
    return any(is_point_of_contact(user, c) for c in _concerned_communes(commitment))


def can_edit_commitment(user, commitment: Commitment) -> bool:
    """R16, R41: staff and the point of contact of the commitment's commune (any member for a joint one)."""
    return can_submit_update(user, commitment)


def updates_for_user(user) -> QuerySet[QuarterlyUpdate]:
    """The quarterly updates of the commitments the user may see."""
    return QuarterlyUpdate.objects.filter(commitment__in=commitments_for_user(user))


def get_update_for_user_or_404(user, pk: int) -> QuarterlyUpdate:
    """A quarterly update the user may see, else 404."""
    try:
        return updates_for_user(user).select_related("commitment__plan").get(pk=pk)
    except (QuarterlyUpdate.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def moderated_comments_for_user(user) -> QuerySet[Comment]:
    """R25: comments on the updates of the commitments whose commune the user is point of contact of."""
    if not _is_authenticated(user):
        return Comment.objects.none()
    if user.is_staff:
        return Comment.objects.all()
    communes = contact_communes(user)
    return Comment.objects.filter(
        Q(update__commitment__commune__in=communes)
        | Q(
            update__commitment__commune__isnull=True,
            update__commitment__plan__communes__in=communes,
        )
    ).distinct()


def get_comment_for_user_or_404(user, pk: int) -> Comment:
    """R25: a comment the user may moderate and reply to, else 404."""
    try:
        return moderated_comments_for_user(user).select_related("update__commitment").get(pk=pk)
    except (Comment.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def evidence_for_user(user) -> QuerySet[Evidence]:
    """R24, R41, R43: the evidence, restricted included, of the commitments and plans whose
    workspace the user may see (every piece for staff)."""
    commitments = commitments_for_user(user).values("pk")
    plans = plans_for_user(user).values("pk")
    return Evidence.objects.filter(
        Q(commitment__in=commitments)
        | Q(milestone__commitment__in=commitments)
        | Q(update__commitment__in=commitments)
        | Q(meeting__plan__in=plans)
        | Q(plan__in=plans)
    )
