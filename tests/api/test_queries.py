"""DOMAIN.md C: list endpoints run the same number of queries for few and for many rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.models import Comment, Commitment, QuarterlyUpdate
from monitoring.models import MonitoredPlan
from tests.action_plans.factories import ActionPlanFactory
from tests.api.factories import (
    AssessmentFactory,
    CommitmentAssessmentFactory,
    EvidenceFactory,
    MembershipStatusChangeFactory,
    StrategicVisionFactory,
)
from tests.commitments.factories import (
    CommentFactory,
    CommitmentActorFactory,
    CommitmentFactory,
    MilestoneFactory,
    MilestoneUpdateFactory,
    QuarterlyUpdateFactory,
)
from tests.communes.factories import CohortFactory, CommuneFactory, UserFactory
from tests.monitoring.factories import MonitoringBodyFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "cohort",
    "commune",
    "plan",
    "vision",
    "commitment",
    "milestone",
    "update",
    "evidence",
    "comment",
    "assessment",
]


def add_public_records(count: int) -> None:
    """``count`` more communes, each with a public plan and every kind of public record."""
    for _ in range(count):
        CohortFactory()
        commune = CommuneFactory(member=True, point_of_contact=UserFactory())
        MembershipStatusChangeFactory(commune=commune)
        MembershipStatusChangeFactory(commune=commune, from_status="active", to_status="inactive")
        plan = ActionPlanFactory(submitted=True, coordinating_commune=commune)
        StrategicVisionFactory(plan=plan)
        body = MonitoringBodyFactory()
        MonitoredPlan.objects.create(plan=plan, body=body)
        assessment = AssessmentFactory(plan=plan, body=body, submitted=True)
        for _ in range(2):
            commitment = CommitmentFactory(plan=plan, status=Commitment.Status.ONGOING)
            CommitmentActorFactory(commitment=commitment)
            CommitmentActorFactory(commitment=commitment, role="non_government_lead")
            CommitmentAssessmentFactory(assessment=assessment, commitment=commitment)
            milestone = MilestoneFactory(commitment=commitment)
            update = QuarterlyUpdateFactory(
                commitment=commitment,
                status=QuarterlyUpdate.Status.SUBMITTED,
                submitted_at=timezone.now(),
            )
            MilestoneUpdateFactory(update=update, milestone=milestone)
            EvidenceFactory(commitment=commitment)
            EvidenceFactory(update=update, commitment=None, link=True)
            CommentFactory(update=update, status=Comment.Status.APPROVED)


def count_queries(api, name: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = api.get(reverse(f"api:{name}-list"))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ENDPOINTS)
def test_list_query_count_does_not_grow_with_rows(api, name, django_assert_num_queries):
    # given one of each record, then many more
    add_public_records(1)
    few = count_queries(api, name)
    add_public_records(6)
    # then the list of many rows costs the same queries as the list of one
    with django_assert_num_queries(few):
        response = api.get(reverse(f"api:{name}-list"))
    assert len(response.json()["results"]) > 1
