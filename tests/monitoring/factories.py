"""Factories for monitoring bodies and assessments."""

import datetime as dt

import factory

from action_plans.models import ActionPlan
from commitments.models import CompletionLevel, QuarterlyUpdate
from log_portal.quarters import Quarter
from monitoring.models import MonitoredPlan, MonitoringBody
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)
from tests.commitments.factories import CommitmentFactory


class MonitoringBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringBody

    name = factory.Sequence(lambda n: f"Observatoire {n}")
    kind = MonitoringBody.Kind.CSO
    country = "SN"
    contact_email = factory.Sequence(lambda n: f"body{n}@example.org")


class MonitoredPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoredPlan

    plan = factory.SubFactory(ActionPlanFactory, submitted=True)
    body = factory.SubFactory(MonitoringBodyFactory)


# --- members for the inactivity check (R27-R29) ------------------------------------------------


def engaged_plan(**kwargs) -> ActionPlan:
    """R19, R29: a submitted plan (2025-2026, submitted 15 Jan 2025) with a co-creation meeting
    with non-governmental participants, an endorsement, and 2 implementation meetings a year."""
    plan = ActionPlanFactory(submitted=True, **kwargs)
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    for held_on in (dt.date(2025, 6, 1), dt.date(2025, 11, 1), dt.date(2026, 5, 1)):
        CoCreationMeetingFactory(plan=plan, held_on=held_on, phase="implementation")
    return plan


def ongoing_commitment(plan: ActionPlan, **kwargs):
    """A submitted commitment running through 2025 (R16: 12 months)."""
    return CommitmentFactory(
        plan=plan, status="ongoing", submitted_on=dt.date(2025, 1, 15), **kwargs
    )


def file_update(
    commitment, quarter: Quarter, *, on: dt.date | None = None, progress: bool = True
) -> QuarterlyUpdate:
    """R23: a submitted update for ``quarter`` filed ``on`` (default the quarter's last day)."""
    filed_on = on or quarter.end
    return QuarterlyUpdate.objects.create(
        commitment=commitment,
        year=quarter.year,
        quarter=quarter.number,
        status=QuarterlyUpdate.Status.SUBMITTED,
        progress="Work done.",
        completion_level=CompletionLevel.LIMITED if progress else "",
        previous_completion_level=CompletionLevel.NOT_STARTED if progress else "",
        submitted_at=dt.datetime.combine(filed_on, dt.time(10), tzinfo=dt.UTC),
    )
