"""Reads of the monitoring workspace: monitored plans with what is due (R26), overdue lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from action_plans.models import ActionPlan
from commitments.models import Commitment
from monitoring.models import Assessment, MonitoredPlan
from monitoring.permissions import member_monitored_plans


@dataclass(frozen=True)
class DueAssessment:
    """R26: one assessment a body owes for a plan, opened or not yet."""

    kind: str
    kind_label: str
    due_on: dt.date
    commitment: Commitment | None
    assessment: Assessment | None
    is_overdue: bool

    @property
    def status_label(self) -> str:
        return self.assessment.get_status_display() if self.assessment else ""


def monitored_plan_list(*, user) -> QuerySet[MonitoredPlan]:
    """R42: the user's bodies' plans, with their communes and assessments prefetched."""
    return (
        member_monitored_plans(user)
        .filter(plan__status__in=ActionPlan.SUBMITTED_STATUSES)
        .select_related("plan", "body")
        .prefetch_related(
            "plan__communes",
            "plan__commitments",
            Prefetch("plan__assessments", queryset=Assessment.objects.order_by("due_on")),
        )
        .order_by("plan__submitted_on", "pk")
    )


def plan_due_assessments(*, plan: ActionPlan, on: dt.date) -> list[DueAssessment]:
    """R26: the initial assessment, one per ended commitment and the final learning exercise."""
    Kind = Assessment.Kind
    existing = {(a.kind, a.commitment_id): a for a in plan.assessments.all()}
    items: list[DueAssessment] = []

    def add(kind: str, commitment: Commitment | None = None) -> None:
        due_on = Assessment.compute_due_on(kind=kind, plan=plan, commitment=commitment)
        if due_on is None:
            return
        assessment = existing.get((kind, commitment.pk if commitment else None))
        done = assessment is not None and assessment.status == Assessment.Status.SUBMITTED
        items.append(
            DueAssessment(
                kind=kind,
                kind_label=str(Kind(kind).label),
                due_on=due_on,
                commitment=commitment,
                assessment=assessment,
                is_overdue=not done and due_on < on,
            )
        )

    add(Kind.INITIAL)
    # Filtered in Python so that a prefetch of ``plan__commitments`` serves a whole page.
    commitments = sorted(
        (
            c
            for c in plan.commitments.all()
            if c.status not in (Commitment.Status.DRAFT, Commitment.Status.WITHDRAWN)
        ),
        key=lambda c: (c.end_date, c.pk),
    )
    for commitment in commitments:
        if commitment.end_date < on or (Kind.END_OF_COMMITMENT, commitment.pk) in existing:
            add(Kind.END_OF_COMMITMENT, commitment)
    if plan.end_date < on or (Kind.FINAL_LEARNING, None) in existing:
        add(Kind.FINAL_LEARNING)
    return items


def overdue_assessment_list(*, on: dt.date) -> QuerySet[Assessment]:
    """R26: opened assessments past their due date, for staff."""
    return (
        Assessment.objects.overdue(on)
        .select_related("plan", "commitment", "body")
        .order_by("due_on", "pk")
    )
