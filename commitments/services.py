"""Writes on commitments: creation under the cap (R15), status transitions, changes (R18)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans import services as plan_services
from action_plans.models import ActionPlan
from commitments.models import Commitment, CommitmentChange, CommitmentStatusChange
from communes.models import Commune, Organisation
from log_portal.errors import ApplicationError


def _as_application_error(error: ValidationError) -> ApplicationError:
    return ApplicationError(" ".join(error.messages))


def check_commitment_cap(*, plan: ActionPlan, exclude: Commitment | None = None) -> None:
    """R15: at most 5 open commitments for one commune, 10 for two, 12 for three or four.

    The cap is the plan's: the communes of a joint plan share it as they agree.
    """
    open_commitments = Commitment.objects.filter(plan=plan).open()
    if exclude is not None and exclude.pk:
        open_commitments = open_commitments.exclude(pk=exclude.pk)
    cap = plan.commitment_cap()
    if open_commitments.count() >= cap:
        raise ApplicationError(
            _(
                "This plan already has %(cap)d open commitments, its maximum (R15). A commitment "
                "stops counting once it is complete and its end-of-commitment assessment is "
                "submitted."
            )
            % {"cap": cap}
        )


@transaction.atomic
def commitment_create(
    *,
    plan: ActionPlan,
    commune: Commune | None,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    ogp_values: list[str],
    **fields: Any,
) -> Commitment:
    """R15, R16, R20: add a draft commitment to a plan that has room for it."""
    # Lock the plan so two concurrent creations cannot both pass the cap.
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    check_commitment_cap(plan=plan)
    commitment = Commitment(
        plan=plan,
        commune=commune,
        title=title,
        start_date=start_date,
        end_date=end_date,
        ogp_values=ogp_values,
        **fields,
    )
    try:
        commitment.full_clean()
    except ValidationError as error:
        raise _as_application_error(error) from error
    commitment.save()
    return commitment


def _transition(*, commitment: Commitment, to: str, by, note: str = "") -> Commitment:
    if to not in Commitment.ALLOWED_TRANSITIONS[commitment.status]:
        raise ApplicationError(
            _("A commitment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": commitment.get_status_display(), "to": Commitment.Status(to).label}
        )
    previous = commitment.status
    commitment.status = to
    commitment.version += 1
    update_fields = ["status", "version", "updated_at"]
    if to == Commitment.Status.SUBMITTED:
        commitment.submitted_on = timezone.localdate()
        update_fields.append("submitted_on")
    commitment.save(update_fields=update_fields)
    CommitmentStatusChange.objects.create(
        commitment=commitment, from_status=previous, to_status=to, changed_by=by, note=note
    )
    return commitment


@transaction.atomic
def commitment_submit(*, commitment: Commitment, by, note: str = "") -> Commitment:
    """R21: a commitment is submitted with its English title and action."""
    if commitment.missing_english():
        raise ApplicationError(
            _("The commitment needs its English title and action before submission (R21).")
        )
    return _transition(commitment=commitment, to=Commitment.Status.SUBMITTED, by=by, note=note)


@transaction.atomic
def commitment_start(*, commitment: Commitment, by, note: str = "") -> Commitment:
    return _transition(commitment=commitment, to=Commitment.Status.ONGOING, by=by, note=note)


@transaction.atomic
def commitment_complete(*, commitment: Commitment, by, note: str = "") -> Commitment:
    return _transition(commitment=commitment, to=Commitment.Status.COMPLETE, by=by, note=note)


@transaction.atomic
def commitment_withdraw(*, commitment: Commitment, by, note: str = "") -> Commitment:
    return _transition(commitment=commitment, to=Commitment.Status.WITHDRAWN, by=by, note=note)


@transaction.atomic
def plan_submit(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """R19, R21: submit the plan and its draft commitments, all with their English texts."""
    drafts = list(plan.commitments.filter(status=Commitment.Status.DRAFT))
    lacking = [c.title for c in drafts if c.missing_english()]
    if lacking:
        raise ApplicationError(
            _("These commitments need their English title and action (R21): %(titles)s.")
            % {"titles": "; ".join(lacking)}
        )
    plan = plan_services.plan_submit(plan=plan, by=by, note=note)
    for commitment in drafts:
        _transition(commitment=commitment, to=Commitment.Status.SUBMITTED, by=by, note=note)
    return plan


@transaction.atomic
def commitment_change_record(
    *,
    commitment: Commitment,
    kind: str,
    description: str,
    reason: str,
    how_decided: str,
    approved_by: Iterable[Organisation],
    decided_on: dt.date,
    by,
) -> CommitmentChange:
    """R18: record a change with its reason, decision and approvers, within 6 months of submission."""
    approved_by = list(approved_by)
    if not approved_by:
        raise ApplicationError(
            _("Name the non-governmental stakeholders who approved the change (R18)."),
            field="approved_by",
        )
    change = CommitmentChange(
        commitment=commitment,
        kind=kind,
        description=description,
        reason=reason,
        how_decided=how_decided,
        decided_on=decided_on,
        recorded_by=by,
    )
    try:
        change.full_clean()
    except ValidationError as error:
        raise _as_application_error(error) from error
    change.save()
    change.approved_by.set(approved_by)
    if kind == CommitmentChange.Kind.WITHDRAWAL:
        _transition(commitment=commitment, to=Commitment.Status.WITHDRAWN, by=by, note=reason)
    return change
