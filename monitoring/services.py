"""Writes on monitoring: body assignment (R12), assessments and their transitions (R26, R15)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from commitments.models import Commitment
from log_portal.errors import ApplicationError
from monitoring.models import Assessment, AssessmentStatusChange, MonitoredPlan, MonitoringBody


@transaction.atomic
def plan_assign_body(
    *, plan: ActionPlan, body: MonitoringBody, appointed_on: dt.date | None = None
) -> MonitoredPlan:
    """R12, R20: a plan has one monitoring body; assigning again replaces it."""
    monitored, _created = MonitoredPlan.objects.update_or_create(
        plan=plan, defaults={"body": body, "appointed_on": appointed_on}
    )
    return monitored


@transaction.atomic
def assessment_create(
    *, plan: ActionPlan, kind: str, commitment: Commitment | None = None
) -> Assessment:
    """R26: open an assessment for the plan's body, due on the date the rule sets."""
    monitored = MonitoredPlan.objects.select_related("body").filter(plan=plan).first()
    if monitored is None:
        raise ApplicationError(_("Assign a monitoring body to the plan first (R12)."))
    due_on = Assessment.compute_due_on(kind=kind, plan=plan, commitment=commitment)
    if due_on is None:
        raise ApplicationError(_("The initial assessment is due once the plan is submitted (R26)."))
    assessment = Assessment(
        plan=plan, body=monitored.body, kind=kind, commitment=commitment, due_on=due_on
    )
    try:
        assessment.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    assessment.save()
    return assessment


def _transition(*, assessment: Assessment, to: str, by, note: str = "") -> Assessment:
    if to not in Assessment.ALLOWED_TRANSITIONS[assessment.status]:
        raise ApplicationError(
            _("An assessment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": assessment.get_status_display(), "to": Assessment.Status(to).label}
        )
    previous = assessment.status
    assessment.status = to
    update_fields = ["status", "updated_at"]
    if to == Assessment.Status.SUBMITTED:
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = by
        update_fields += ["submitted_at", "submitted_by"]
    if to == Assessment.Status.REOPENED:
        assessment.reopened_reason = note
        update_fields.append("reopened_reason")
    assessment.save(update_fields=update_fields)
    AssessmentStatusChange.objects.create(
        assessment=assessment, from_status=previous, to_status=to, changed_by=by, note=note
    )
    return assessment


@transaction.atomic
def assessment_open_reply(*, assessment: Assessment, by, note: str = "") -> Assessment:
    """R26: the commune may reply to the draft before it is submitted."""
    return _transition(assessment=assessment, to=Assessment.Status.IN_REPLY, by=by, note=note)


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by, note: str = "") -> Assessment:
    """R26; R15: a complete commitment whose end assessment is submitted stops counting."""
    assessment = _transition(
        assessment=assessment, to=Assessment.Status.SUBMITTED, by=by, note=note
    )
    if assessment.kind == Assessment.Kind.END_OF_COMMITMENT:
        Commitment.objects.filter(pk=assessment.commitment_id).update(
            end_assessment_submitted_on=timezone.localdate(), updated_at=timezone.now()
        )
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    """Staff reopen a submitted assessment, with a reason."""
    if not reason.strip():
        raise ApplicationError(_("Give the reason for reopening."), field="reopened_reason")
    assessment = _transition(
        assessment=assessment, to=Assessment.Status.REOPENED, by=by, note=reason
    )
    if assessment.kind == Assessment.Kind.END_OF_COMMITMENT:
        Commitment.objects.filter(pk=assessment.commitment_id).update(
            end_assessment_submitted_on=None, updated_at=timezone.now()
        )
    return assessment
