"""Writes on action plans: creation, members (R20), status transitions (R19, R21)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import (
    ActionPlan,
    CoCreationMeeting,
    Endorsement,
    PlanStatusChange,
    StrategicVision,
)
from action_plans.rules import submission_engagement_met
from communes import services as commune_services
from communes.models import Commune, Organisation
from log_portal.errors import ApplicationError


@transaction.atomic
def plan_create(
    *,
    communes: Iterable[Commune],
    coordinating_commune: Commune,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    **fields: Any,
) -> ActionPlan:
    """R13, R20: create a draft plan for one commune or a joint plan of 2 to 4 communes."""
    plan = ActionPlan(
        coordinating_commune=coordinating_commune,
        title=title,
        start_date=start_date,
        end_date=end_date,
        **fields,
    )
    communes = list(communes)
    try:
        plan.validate_communes(communes)
        plan.full_clean()
        plan.validate_period(communes)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    plan.save()
    plan.communes.set(communes)
    return plan


@transaction.atomic
def plan_set_communes(
    *, plan: ActionPlan, communes: Iterable[Commune], coordinating_commune: Commune
) -> ActionPlan:
    """R20: a joint plan has 2 to 4 communes of one country and one coordinating commune; R13."""
    communes = list(communes)
    plan.coordinating_commune = coordinating_commune
    try:
        plan.validate_communes(communes)
        plan.validate_period(communes)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    plan.save(update_fields=["coordinating_commune", "updated_at"])
    plan.communes.set(communes)
    return plan


def _transition(*, plan: ActionPlan, to: str, by, note: str = "") -> ActionPlan:
    if to not in ActionPlan.ALLOWED_TRANSITIONS[plan.status]:
        raise ApplicationError(
            _("A plan cannot go from “%(from)s” to “%(to)s”.")
            % {"from": plan.get_status_display(), "to": ActionPlan.Status(to).label}
        )
    previous = plan.status
    plan.status = to
    update_fields = ["status", "updated_at"]
    if to == ActionPlan.Status.SUBMITTED:
        plan.submitted_on = timezone.localdate()
        update_fields.append("submitted_on")
    plan.save(update_fields=update_fields)
    PlanStatusChange.objects.create(
        plan=plan, from_status=previous, to_status=to, changed_by=by, note=note
    )
    return plan


@transaction.atomic
def plan_submit(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """R19, R21: submit a plan that has its English texts, an NGO co-creation meeting and an endorsement.

    The commitments' English texts (R21) are checked by ``commitments.services`` which
    calls this service (a lower app never reads a higher one).
    """
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.missing_english():
        raise ApplicationError(
            _("The plan needs its English title and vision summary before submission (R21).")
        )
    if not submission_engagement_met(plan):
        raise ApplicationError(
            _(
                "A plan is submitted only after a co-creation meeting with non-governmental "
                "participants and at least one endorsement (R19)."
            )
        )
    return _transition(plan=plan, to=ActionPlan.Status.SUBMITTED, by=by, note=note)


@transaction.atomic
def plan_return_to_draft(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """Send a submitted plan back to its point of contact for changes."""
    return _transition(plan=plan, to=ActionPlan.Status.DRAFT, by=by, note=note)


@transaction.atomic
def plan_start_implementation(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """A submitted plan enters implementation."""
    return _transition(plan=plan, to=ActionPlan.Status.IMPLEMENTATION, by=by, note=note)


@transaction.atomic
def plan_end(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """A plan in implementation reaches its end (R14 counts from its end date)."""
    return _transition(plan=plan, to=ActionPlan.Status.ENDED, by=by, note=note)


@transaction.atomic
def plan_withdraw(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """Withdraw a plan that has not ended."""
    return _transition(plan=plan, to=ActionPlan.Status.WITHDRAWN, by=by, note=note)


def _check_draft(plan: ActionPlan) -> None:
    if plan.status != ActionPlan.Status.DRAFT:
        raise ApplicationError(
            _("The plan is submitted: its commitments change only through a change record (R18).")
        )


@transaction.atomic
def plan_edit(*, plan: ActionPlan, by, **fields: Any) -> ActionPlan:
    """R13, R21: change a draft plan's title, summary (and English versions) and period."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _check_draft(plan)
    for name, value in fields.items():
        setattr(plan, name, value)
    try:
        plan.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    plan.save()
    return plan


@transaction.atomic
def vision_save(*, plan: ActionPlan, by, **fields: Any) -> StrategicVision:
    """R22: save some sections of the strategic vision; the others may stay blank."""
    vision, _created = StrategicVision.objects.select_for_update().get_or_create(plan=plan)
    for name, value in fields.items():
        setattr(vision, name, value)
    try:
        vision.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    vision.save()
    return vision


@transaction.atomic
def meeting_record(
    *,
    plan: ActionPlan,
    organisations: Iterable[Organisation] = (),
    by,
    on: dt.date | None = None,
    **fields: Any,
) -> CoCreationMeeting:
    """R19: record a meeting with its participants; R28: co-creating a new plan reactivates an inactive member."""
    meeting = CoCreationMeeting(plan=plan, **fields)
    try:
        meeting.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    meeting.save()
    meeting.organisations.set(list(organisations))
    if (
        plan.status == ActionPlan.Status.DRAFT
        and meeting.phase == CoCreationMeeting.Phase.CO_CREATION
    ):
        for commune in plan.communes.all():
            if commune.membership_status == Commune.MembershipStatus.INACTIVE:
                commune_services.membership_status_change(
                    commune=commune,
                    to_status=Commune.MembershipStatus.ACTIVE,
                    on=on or timezone.localdate(),
                    rule="R28",
                    reason=_("Co-creation meeting “%(title)s” recorded for a new plan.")
                    % {"title": meeting.title},
                    by=by,
                )
    return meeting


@transaction.atomic
def endorsement_add(
    *,
    plan: ActionPlan,
    organisation: Organisation,
    endorsed_on: dt.date,
    person_name: str = "",
    person_title: str = "",
    by,
) -> Endorsement:
    """R19: a named non-governmental stakeholder endorses the plan (once per organisation)."""
    endorsement = Endorsement(
        plan=plan,
        organisation=organisation,
        endorsed_on=endorsed_on,
        person_name=person_name,
        person_title=person_title,
    )
    try:
        endorsement.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error, field="organisation") from error
    endorsement.save()
    return endorsement
