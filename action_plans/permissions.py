"""Who may see and change a commune's plans in the workspace (R41, R43, docs/roles.md).

Roles come from data, never from a flag typed by hand: the point of contact is
``Commune.point_of_contact``; a volunteer is a user whose ``Volunteer`` profile has a planned or
ongoing ``Mission`` in the commune; staff is ``is_staff``. ``volunteers.models`` is read here
(read-only): volunteers is a sibling of action_plans that depends only on communes, so the
dependency still points one way.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from action_plans.models import ActionPlan
from communes.models import Commune
from volunteers.models import Mission


def _is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def contact_communes(user) -> QuerySet[Commune]:
    """R41: the communes whose point of contact the user is."""
    if not _is_authenticated(user):
        return Commune.objects.none()
    return Commune.objects.filter(point_of_contact=user)


def mission_communes(user) -> QuerySet[Commune]:
    """R43: the communes where the user's volunteer profile has a planned or ongoing mission."""
    if not _is_authenticated(user):
        return Commune.objects.none()
    return Commune.objects.filter(
        pk__in=Mission.objects.active().filter(volunteer__user=user).values("commune")
    )


def workspace_communes(user) -> QuerySet[Commune]:
    """R41, R43: the communes whose workspace the user works in (all of them for staff)."""
    if not _is_authenticated(user):
        return Commune.objects.none()
    if user.is_staff:
        return Commune.objects.all()
    return Commune.objects.filter(
        Q(point_of_contact=user)
        | Q(pk__in=Mission.objects.active().filter(volunteer__user=user).values("commune"))
    )


def is_point_of_contact(user, commune: Commune | None) -> bool:
    """R41: the user is the commune's point of contact."""
    return (
        _is_authenticated(user) and commune is not None and commune.point_of_contact_id == user.pk
    )


def is_volunteer_in(user, commune: Commune | None) -> bool:
    """R43: the user is a volunteer with a planned or ongoing mission in the commune."""
    if not _is_authenticated(user) or commune is None:
        return False
    return Mission.objects.active().filter(volunteer__user=user, commune=commune).exists()


def can_view_commune(user, commune: Commune) -> bool:
    """R41, R43: staff, the point of contact and the volunteer in mission see the workspace."""
    if not _is_authenticated(user):
        return False
    return user.is_staff or is_point_of_contact(user, commune) or is_volunteer_in(user, commune)


def get_commune_for_user_or_404(user, pk: int) -> Commune:
    """A commune whose workspace the user may see, else 404."""
    try:
        return workspace_communes(user).get(pk=pk)
    except (Commune.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def plans_for_user(user) -> QuerySet[ActionPlan]:
    """R20, R41, R43: the plans of the user's communes, joint plans included, drafts included."""
    if not _is_authenticated(user):
        return ActionPlan.objects.none()
    if user.is_staff:
        return ActionPlan.objects.all()
    return ActionPlan.objects.filter(communes__in=workspace_communes(user)).distinct()


def get_plan_for_user_or_404(user, pk: int) -> ActionPlan:
    """A plan the user may see, else 404 (exactly like a missing one)."""
    try:
        return plans_for_user(user).get(pk=pk)
    except (ActionPlan.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def can_edit_plan(user, plan: ActionPlan) -> bool:
    """R41: staff and the point of contact of one of the plan's communes edit it (not a volunteer, R43)."""
    if not _is_authenticated(user):
        return False
    if user.is_staff:
        return True
    return plan.communes.filter(point_of_contact=user).exists()


def can_submit_plan(user, plan: ActionPlan) -> bool:
    """R20, R41, R43: the coordinating point of contact (or staff) submits; never a volunteer."""
    if not _is_authenticated(user):
        return False
    return user.is_staff or plan.coordinating_commune.point_of_contact_id == user.pk


def workspace_people(commune: Commune) -> list:
    """R41, R43: the active users who file the commune's updates: its point of contact and volunteers in mission."""
    users = []
    contact = commune.point_of_contact
    if contact is not None and contact.is_active:
        users.append(contact)
    for mission in (
        Mission.objects.active().filter(commune=commune).select_related("volunteer__user")
    ):
        user = mission.volunteer.user
        if user is not None and user.is_active and user not in users:
            users.append(user)
    return users
