"""The API tests' data: one public world with everything that must and must not show."""

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation
from rest_framework.test import APIClient

from action_plans.models import ActionPlan
from commitments.models import Comment, Commitment, Milestone, QuarterlyUpdate
from monitoring.models import Assessment, MonitoredPlan
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
from tests.volunteers.factories import (
    MissionFactory,
    VolunteerApplicationFactory,
    VolunteerFactory,
)

# R8: values that must never leave the portal through the API.
PRIVATE = SimpleNamespace(
    volunteer_email="secret.volunteer@private.example",
    volunteer_phone="+221 77 123 45 67",
    volunteer_birth="1991-07-23",
    passport_expiry="2031-11-29",
    commenter_email="commenter@private.example",
    pc_email="contact.person@private.example",
    pc_phone="+221 70 999 88 77",
    draft_progress="DRAFT-PROGRESS-NOT-PUBLIC",
    draft_plan_title="DRAFT-PLAN-NOT-PUBLIC",
    draft_commitment_title="DRAFT-COMMITMENT-NOT-PUBLIC",
    restricted_title="RESTRICTED-EVIDENCE-NOT-PUBLIC",
    pending_comment="PENDING-COMMENT-NOT-PUBLIC",
    draft_assessment="DRAFT-ASSESSMENT-NOT-PUBLIC",
    interview_notes="INTERVIEW-NOTES-NOT-PUBLIC",
)


@pytest.fixture(autouse=True)
def _english(settings):
    """Messages are asserted in their English source (clients send no Accept-Language)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def api():
    return APIClient()


@dataclass
class World:
    pc: object
    other_pc: object
    volunteer_user: object
    member: object
    commune: object
    other_commune: object
    plan: ActionPlan
    commitment: Commitment
    milestone: Milestone
    update: QuarterlyUpdate
    draft_update: QuarterlyUpdate
    other_commitment: Commitment
    assessment: Assessment
    draft_assessment: Assessment
    evidence: object
    restricted_evidence: object
    comment: Comment
    draft_plan: ActionPlan


@pytest.fixture
def world(db) -> World:
    """Commune A (Senegal) with a public plan and every kind of public and private record."""
    pc = UserFactory(email=PRIVATE.pc_email, full_name="Aminata Sow", phone=PRIVATE.pc_phone)
    other_pc = UserFactory(full_name="Other Contact")
    commune = CommuneFactory(member=True, point_of_contact=pc, name="Rufisque", country="SN")
    MembershipStatusChangeFactory(commune=commune)
    other_commune = CommuneFactory(
        member=True, point_of_contact=other_pc, name="Labé", country="GN"
    )
    plan = ActionPlanFactory(submitted=True, coordinating_commune=commune)
    StrategicVisionFactory(plan=plan)
    commitment = CommitmentFactory(
        plan=plan,
        status=Commitment.Status.ONGOING,
        submitted_on=dt.date(2025, 1, 15),
        title="Budget participatif",
        policy_areas=["fiscal_openness"],
        primary_sectors=["public_services"],
        ogp_values=["civic_participation"],
    )
    CommitmentActorFactory(commitment=commitment)
    milestone = MilestoneFactory(commitment=commitment)
    update = QuarterlyUpdateFactory(
        commitment=commitment,
        year=2025,
        quarter=1,
        status=QuarterlyUpdate.Status.SUBMITTED,
        submitted_at=timezone.now(),
        author=pc,
        submitted_by=pc,
    )
    MilestoneUpdateFactory(update=update, milestone=milestone)
    draft_update = QuarterlyUpdateFactory(
        commitment=commitment, year=2025, quarter=2, progress=PRIVATE.draft_progress
    )
    evidence = EvidenceFactory(commitment=commitment, uploaded_by=pc)
    restricted = EvidenceFactory(
        commitment=commitment, is_public=False, title=PRIVATE.restricted_title
    )
    EvidenceFactory(update=draft_update, commitment=None, title=PRIVATE.restricted_title)
    comment = CommentFactory(
        update=update, status=Comment.Status.APPROVED, author_email=PRIVATE.commenter_email
    )
    CommentFactory(
        update=update, body=PRIVATE.pending_comment, author_email=PRIVATE.commenter_email
    )
    body = MonitoringBodyFactory()
    member = UserFactory(full_name="Body Member")
    body.members.add(member)
    MonitoredPlan.objects.create(plan=plan, body=body)
    assessment = AssessmentFactory(plan=plan, body=body, submitted=True)
    CommitmentAssessmentFactory(assessment=assessment, commitment=commitment)
    # Not yet submitted: the commune replied, so its body may now submit it (R26).
    draft_assessment = AssessmentFactory(
        plan=plan,
        body=body,
        kind=Assessment.Kind.FINAL_LEARNING,
        due_on=dt.date(2027, 2, 28),
        summary=PRIVATE.draft_assessment,
        status=Assessment.Status.IN_REPLY,
        commune_reply="Merci.",
        replied_at=timezone.now(),
    )
    draft_plan = ActionPlanFactory(coordinating_commune=commune, title=PRIVATE.draft_plan_title)
    CommitmentFactory(plan=draft_plan, title=PRIVATE.draft_commitment_title)
    CommitmentFactory(plan=plan, title=PRIVATE.draft_commitment_title)  # a draft commitment
    other_plan = ActionPlanFactory(submitted=True, coordinating_commune=other_commune)
    other_commitment = CommitmentFactory(
        plan=other_plan,
        status=Commitment.Status.ONGOING,
        submitted_on=dt.date(2025, 1, 15),
        title="Cadastre ouvert",
        policy_areas=["open_data"],
        primary_sectors=["land_use_planning"],
        ogp_values=["access_to_information"],
    )
    # A volunteer in mission in commune A, with R8 private data.
    volunteer_user = UserFactory(email=PRIVATE.volunteer_email, phone=PRIVATE.volunteer_phone)
    application = VolunteerApplicationFactory(
        email=PRIVATE.volunteer_email,
        phone=PRIVATE.volunteer_phone,
        date_of_birth=dt.date.fromisoformat(PRIVATE.volunteer_birth),
        passport_expires_on=dt.date.fromisoformat(PRIVATE.passport_expiry),
    )
    volunteer = VolunteerFactory(user=volunteer_user, application=application, nationality="GN")
    MissionFactory(volunteer=volunteer, commune=commune, cohort=CohortFactory())
    return World(
        pc=pc,
        other_pc=other_pc,
        volunteer_user=volunteer_user,
        member=member,
        commune=commune,
        other_commune=other_commune,
        plan=plan,
        commitment=commitment,
        milestone=milestone,
        update=update,
        draft_update=draft_update,
        other_commitment=other_commitment,
        assessment=assessment,
        draft_assessment=draft_assessment,
        evidence=evidence,
        restricted_evidence=restricted,
        comment=comment,
        draft_plan=draft_plan,
    )
