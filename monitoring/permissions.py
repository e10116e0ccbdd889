"""Who may see and write assessments (R42, R41): the one place object access is decided.

A monitoring body member works on the plans its body monitors; the commune's point of contact
sees a draft during its right of reply; anything else answers 404, as if it did not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from action_plans.models import ActionPlan
from monitoring.models import Assessment, MonitoredPlan, Report


def _is_authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def member_monitored_plans(user) -> QuerySet[MonitoredPlan]:
    """R42: the plans monitored by the bodies the user is a member of."""
    if not _is_authenticated(user):
        return MonitoredPlan.objects.none()
    return MonitoredPlan.objects.filter(body__members=user)


def member_assessments(user) -> QuerySet[Assessment]:
    """R42: the assessments of the bodies the user is a member of."""
    if not _is_authenticated(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(body__members=user)


def commune_assessments(user) -> QuerySet[Assessment]:
    """R41, R26: assessments of the user's communes' plans, once shared for reply or submitted."""
    if not _is_authenticated(user):
        return Assessment.objects.none()
    return Assessment.objects.filter(
        plan__communes__point_of_contact=user,
        status__in=[Assessment.Status.IN_REPLY, Assessment.Status.SUBMITTED],
    ).distinct()


def can_edit_assessment(user, assessment: Assessment) -> bool:
    """R26: a member of the assessment's body, while it is a draft or reopened."""
    return (
        assessment.status in Assessment.EDITABLE_STATUSES
        and member_assessments(user).filter(pk=assessment.pk).exists()
    )


def get_monitored_plan_for_user_or_404(user, plan_pk: int) -> MonitoredPlan:
    monitored = (
        member_monitored_plans(user).select_related("plan", "body").filter(plan_id=plan_pk).first()
    )
    if monitored is None:
        raise Http404
    return monitored


def get_assessment_for_user_or_404(user, pk: int) -> Assessment:
    """R42: an assessment of one of the user's bodies (404 for any other)."""
    assessment = (
        member_assessments(user).select_related("plan", "commitment", "body").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    return assessment


def get_assessment_for_commune_or_404(user, pk: int) -> Assessment:
    """R26: the commune's point of contact reads the shared draft and replies (404 otherwise)."""
    assessment = (
        commune_assessments(user).select_related("plan", "commitment", "body").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    return assessment


def can_see_report(user, report: Report) -> bool:
    """Plan progress and assessment reports are public (submitted plans and assessments);
    the programme report is for staff."""
    if report.kind == Report.Kind.PROGRAMME:
        return _is_authenticated(user) and user.is_staff
    if report.kind == Report.Kind.ASSESSMENT:
        return report.assessment.status == Assessment.Status.SUBMITTED
    return report.plan.status in ActionPlan.SUBMITTED_STATUSES


def get_report_for_user_or_404(user, pk: int) -> Report:
    report = Report.objects.select_related("plan", "assessment").filter(pk=pk).first()
    if report is None or not can_see_report(user, report):
        raise Http404
    return report
