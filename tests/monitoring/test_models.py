import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.models import Commitment
from commitments.services import commitment_create
from log_portal.errors import ApplicationError
from monitoring.models import Assessment, AssessmentStatusChange
from monitoring.services import (
    assessment_create,
    assessment_open_reply,
    assessment_reopen,
    assessment_submit,
)
from tests.commitments.factories import CommitmentFactory
from tests.communes.factories import UserFactory
from tests.monitoring.factories import MonitoredPlanFactory

pytestmark = pytest.mark.django_db


def past_reply(assessment: Assessment) -> Assessment:
    """R26: share the draft with the commune and let its reply period end."""
    assessment_open_reply(assessment=assessment, by=None)
    Assessment.objects.filter(pk=assessment.pk).update(reply_until=dt.date(2000, 1, 1))
    assessment.refresh_from_db()
    return assessment


Kind = Assessment.Kind


def test_r26_due_dates():
    monitored = MonitoredPlanFactory()  # submitted 15 Jan 2025, ends 31 Dec 2026
    plan = monitored.plan
    commitment = CommitmentFactory(plan=plan)  # ends 31 Dec 2025
    assert assessment_create(plan=plan, kind=Kind.INITIAL).due_on == dt.date(2025, 3, 15)
    assert assessment_create(
        plan=plan, kind=Kind.END_OF_COMMITMENT, commitment=commitment
    ).due_on == dt.date(2026, 1, 31)
    assert assessment_create(plan=plan, kind=Kind.FINAL_LEARNING).due_on == dt.date(2027, 2, 28)
    assert {a.body for a in Assessment.objects.all()} == {monitored.body}


def test_r12_assessment_needs_a_monitoring_body():
    commitment = CommitmentFactory()
    with pytest.raises(ApplicationError, match="monitoring body"):
        assessment_create(plan=commitment.plan, kind=Kind.INITIAL)
    assert not Assessment.objects.exists()


def test_r26_end_of_commitment_names_its_commitment_in_the_database():
    monitored = MonitoredPlanFactory()
    with (
        pytest.raises(IntegrityError, match="assessment_commitment_iff_end_of_commitment"),
        transaction.atomic(),
    ):
        Assessment.objects.create(
            plan=monitored.plan,
            body=monitored.body,
            kind=Kind.END_OF_COMMITMENT,
            due_on=dt.date(2026, 1, 1),
        )


def test_r26_one_initial_assessment_per_plan():
    monitored = MonitoredPlanFactory()
    assessment_create(plan=monitored.plan, kind=Kind.INITIAL)
    with pytest.raises(ApplicationError, match="already has this assessment"):
        assessment_create(plan=monitored.plan, kind=Kind.INITIAL)
    assert Assessment.objects.count() == 1


def test_r26_one_end_of_commitment_assessment_per_commitment():
    monitored = MonitoredPlanFactory()
    commitment = CommitmentFactory(plan=monitored.plan)
    assessment_create(plan=monitored.plan, kind=Kind.END_OF_COMMITMENT, commitment=commitment)
    with pytest.raises(ApplicationError, match="already has its end-of-commitment"):
        assessment_create(plan=monitored.plan, kind=Kind.END_OF_COMMITMENT, commitment=commitment)


def test_r26_commitment_of_another_plan_is_refused():
    monitored = MonitoredPlanFactory()
    with pytest.raises(ValidationError, match="another plan"):
        Assessment(
            plan=monitored.plan,
            body=monitored.body,
            kind=Kind.END_OF_COMMITMENT,
            commitment=CommitmentFactory(),
            due_on=dt.date(2026, 1, 1),
        ).full_clean()


def test_r26_overdue():
    monitored = MonitoredPlanFactory()
    initial = assessment_create(plan=monitored.plan, kind=Kind.INITIAL)  # due 15 Mar 2025
    assert list(Assessment.objects.overdue(dt.date(2025, 3, 15))) == []
    assert list(Assessment.objects.overdue(dt.date(2025, 3, 16))) == [initial]
    initial.summary = "Done."
    initial.save()
    assessment_submit(assessment=past_reply(initial), by=UserFactory())
    assert list(Assessment.objects.overdue(dt.date(2025, 3, 16))) == []


def test_r15_submitting_the_end_assessment_frees_a_place_in_the_plan():
    # given a full single plan whose first commitment is complete
    monitored = MonitoredPlanFactory()
    plan = monitored.plan
    done = CommitmentFactory(plan=plan, status=Commitment.Status.COMPLETE)
    CommitmentFactory.create_batch(4, plan=plan)
    assessment = assessment_create(plan=plan, kind=Kind.END_OF_COMMITMENT, commitment=done)
    # when the body submits the end-of-commitment assessment
    Assessment.objects.filter(pk=assessment.pk).update(summary="Done.")
    assessment_submit(assessment=past_reply(assessment), by=UserFactory())
    # then the commitment stops counting and a sixth can be created
    done.refresh_from_db()
    assert done.end_assessment_submitted_on is not None
    commitment_create(
        plan=plan,
        commune=plan.coordinating_commune,
        title="Next",
        start_date=dt.date(2025, 6, 1),
        end_date=dt.date(2026, 6, 30),
        ogp_values=["public_accountability"],
    )
    assert plan.commitments.open().count() == 5


def test_reopening_needs_a_reason_and_counts_the_commitment_again():
    monitored = MonitoredPlanFactory()
    done = CommitmentFactory(plan=monitored.plan, status=Commitment.Status.COMPLETE)
    assessment = assessment_create(
        plan=monitored.plan, kind=Kind.END_OF_COMMITMENT, commitment=done
    )
    Assessment.objects.filter(pk=assessment.pk).update(summary="Done.")
    assessment_submit(assessment=past_reply(assessment), by=None)
    with pytest.raises(ApplicationError):
        assessment_reopen(assessment=assessment, by=None, reason=" ")
    assessment_reopen(assessment=assessment, by=None, reason="Evidence missing")
    done.refresh_from_db()
    assert done.end_assessment_submitted_on is None
    assert list(AssessmentStatusChange.objects.values_list("to_status", flat=True)) == [
        "in_reply",
        "submitted",
        "reopened",
    ]
