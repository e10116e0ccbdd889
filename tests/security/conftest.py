"""A shared world for the security tests: two communes, A and B, with everything each role may or
may not see (R8, R40-R45, docs/roles.md).

Commune A has a point of contact, a volunteer in mission and a monitoring body X that monitors A's
plan; commune B has its own point of contact and body Y. Each side holds a public plan and a draft
plan, commitments (ongoing and draft), a milestone, a submitted and a draft quarterly update,
evidence (public and restricted), comments (approved and pending), a meeting, an endorsement, a
vision, assessments (submitted, shared for reply, draft), reports and a letter. Private texts carry
markers (``ZQB-DRAFT-PLAN``...) so that a test can assert a page never shows them. Beside them: the
open calls, an application import and a volunteer application with its CV (R8: staff only).

``security_world`` is built once per test module and rolled back after it: each test still runs
in its own transaction (a savepoint inside the module's), so tests may change data freely. A
module that uses it cannot also use ``transactional_db`` (or the Celery worker): call
``build_world()`` in such a test instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from action_plans.models import ActionPlan
from commitments.models import Comment, Commitment, Evidence, Milestone, QuarterlyUpdate
from communes.models import Call, Commune, MembershipStatusChange
from log_portal.quarters import Quarter
from monitoring.models import Assessment, Letter, MonitoredPlan, Report
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)
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
    QuarterlyUpdateFactory,
)
from tests.communes.factories import (
    CallFactory,
    CohortFactory,
    CommuneFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.monitoring.factories import MonitoringBodyFactory
from tests.volunteers.factories import (
    MissionFactory,
    VolunteerApplicationFactory,
    VolunteerFactory,
)
from volunteers.models import ApplicationImport, VolunteerApplication

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"

# Roles (docs/roles.md). "applicant" is a logged-in account with no role at all: applicants (R45)
# apply anonymously, so the worst case of an applicant is one who later got an account.
ANON = "anonymous"
APPLICANT = "applicant"
PC = "pc"  # R41: point of contact of commune A
VOLUNTEER = "volunteer"  # R43: volunteer in mission in commune A
MONITOR = "monitor"  # R42: member of body X, which monitors A's plan
STAFF = "staff"  # R40: is_staff and is_superuser, like the demo staff user
ROLES = (ANON, APPLICANT, PC, VOLUNTEER, MONITOR, STAFF)


@dataclass
class Side:
    """One commune and everything attached to it; ``key`` is "A" or "B"."""

    key: str
    commune: Commune
    pc: object
    body: object
    member: object
    plan: ActionPlan
    draft_plan: ActionPlan
    commitment: Commitment
    draft_commitment: Commitment
    draft_plan_commitment: Commitment
    milestone: Milestone
    update: QuarterlyUpdate
    draft_update: QuarterlyUpdate
    evidence: Evidence
    restricted_evidence: Evidence
    draft_update_evidence: Evidence
    meeting: object
    endorsement: object
    vision: object
    draft_vision: object
    approved_comment: Comment
    pending_comment: Comment
    assessment: Assessment  # submitted initial assessment (public)
    reply_assessment: Assessment  # final learning exercise shared for the commune's reply
    draft_assessment: Assessment  # end-of-commitment assessment, a draft
    plan_report: Report
    assessment_report: Report
    draft_plan_report: Report
    status_change: MembershipStatusChange
    letter: Letter

    def marker(self, what: str) -> str:
        return f"ZQ{self.key}-{what}"

    @property
    def private_markers(self) -> list[str]:
        """Texts that only the commune's people (and staff) may ever read (R8, R44)."""
        return [
            self.marker(what)
            for what in (
                "DRAFT-PLAN",
                "DRAFT-COMMITMENT",
                "DRAFT-PLAN-COMMITMENT",
                "DRAFT-UPDATE",
                "RESTRICTED-EVIDENCE",
                "DRAFT-UPDATE-EVIDENCE",
                "PENDING-COMMENT",
                "REPLY-ASSESSMENT",
                "DRAFT-ASSESSMENT",
                "DRAFT-VISION",
            )
        ] + [self.commenter_email]

    @property
    def all_markers(self) -> list[str]:
        """Every text naming this side: another commune's workspace never shows any of them."""
        return [*self.private_markers, self.marker("PLAN"), self.marker("COMMITMENT")]

    @property
    def commenter_email(self) -> str:
        return f"commenter.{self.key.lower()}@private.example"


@dataclass
class World:
    a: Side
    b: Side
    users: dict[str, object]  # role -> user (no entry for anonymous)
    quarter: Quarter
    non_member: Commune
    commune_call: Call
    volunteer_call: Call
    application_import: ApplicationImport
    volunteer_application: VolunteerApplication  # with a CV (R8: staff only)
    programme_report: Report
    organisation: object  # a stakeholder of Senegal that endorsed nothing yet

    def side(self, key: str) -> Side:
        return self.a if key == "A" else self.b


def _report(**kwargs) -> Report:
    report = Report(language="en", status=Report.Status.DONE, progress=100, **kwargs)
    report.file.save("report.pdf", ContentFile(PDF), save=False)
    report.save()
    return report


def _build_side(key: str, *, pc, today: dt.date, quarter: Quarter) -> Side:
    start = dt.date(today.year - 1, 1, 1)
    commune = CommuneFactory(
        member=True,
        point_of_contact=pc,
        mandate_end=dt.date(today.year + 4, 6, 30),
        name=f"Commune {key}",
        slug=f"commune-{key.lower()}",
    )
    status_change = MembershipStatusChangeFactory(commune=commune)
    letter = Letter.objects.create(status_change=status_change, language="en")
    letter.file.save("letter.pdf", ContentFile(PDF))

    def m(what: str) -> str:
        return f"ZQ{key}-{what}"

    plan = ActionPlanFactory(
        coordinating_commune=commune,
        title=m("PLAN"),
        start_date=start,
        end_date=dt.date(today.year + 2, 12, 31),
        status=ActionPlan.Status.IMPLEMENTATION,
        submitted_on=start,
    )
    vision = StrategicVisionFactory(plan=plan)
    vision.documents.save("vision.pdf", ContentFile(PDF))
    commitment = CommitmentFactory(
        plan=plan,
        title=m("COMMITMENT"),
        start_date=start,
        end_date=dt.date(today.year + 1, 12, 31),
        status=Commitment.Status.ONGOING,
        submitted_on=start,
    )
    CommitmentActorFactory(commitment=commitment)
    milestone = MilestoneFactory(
        commitment=commitment, start_month=start, end_month=dt.date(today.year + 1, 6, 1)
    )
    draft_commitment = CommitmentFactory(
        plan=plan,
        title=m("DRAFT-COMMITMENT"),
        start_date=dt.date(today.year + 1, 1, 1),
        end_date=dt.date(today.year + 1, 12, 31),
    )
    draft_plan = ActionPlanFactory(
        coordinating_commune=commune,
        title=m("DRAFT-PLAN"),
        start_date=dt.date(today.year + 3, 1, 1),
        end_date=dt.date(today.year + 4, 12, 31),
    )
    draft_vision = StrategicVisionFactory(plan=draft_plan, long_term_vision=m("DRAFT-VISION"))
    draft_vision.documents.save("draft-vision.pdf", ContentFile(PDF))
    draft_plan_commitment = CommitmentFactory(
        plan=draft_plan,
        title=m("DRAFT-PLAN-COMMITMENT"),
        start_date=dt.date(today.year + 3, 1, 1),
        end_date=dt.date(today.year + 3, 12, 31),
    )
    previous = quarter.previous()
    update = QuarterlyUpdateFactory(
        commitment=commitment,
        year=previous.year,
        quarter=previous.number,
        status=QuarterlyUpdate.Status.SUBMITTED,
        submitted_at=timezone.now(),
        progress=m("UPDATE"),
        author=pc,
        submitted_by=pc,
    )
    draft_update = QuarterlyUpdateFactory(
        commitment=commitment,
        year=quarter.year,
        quarter=quarter.number,
        progress=m("DRAFT-UPDATE"),
        completion_level="limited",  # complete enough to be submitted
        author=pc,
    )
    evidence = EvidenceFactory(commitment=commitment, title=m("EVIDENCE"), uploaded_by=pc)
    restricted = EvidenceFactory(
        commitment=commitment, is_public=False, title=m("RESTRICTED-EVIDENCE")
    )
    draft_update_evidence = EvidenceFactory(
        commitment=None, update=draft_update, title=m("DRAFT-UPDATE-EVIDENCE")
    )
    meeting = CoCreationMeetingFactory(plan=plan, title=m("MEETING"))
    endorsement = EndorsementFactory(plan=plan)
    approved = CommentFactory(
        update=update,
        status=Comment.Status.APPROVED,
        body=m("APPROVED-COMMENT"),
        author_email=f"commenter.{key.lower()}@private.example",
    )
    pending = CommentFactory(
        update=update,
        body=m("PENDING-COMMENT"),
        author_email=f"commenter.{key.lower()}@private.example",
    )
    body = MonitoringBodyFactory(name=f"Body {'X' if key == 'A' else 'Y'}")
    member = UserFactory(full_name=f"Member of body {'X' if key == 'A' else 'Y'}")
    body.members.add(member)
    MonitoredPlan.objects.create(plan=plan, body=body)
    assessment = AssessmentFactory(
        plan=plan, body=body, submitted=True, submitted_at=timezone.now(), summary=m("ASSESSMENT")
    )
    CommitmentAssessmentFactory(assessment=assessment, commitment=commitment)
    reply_assessment = AssessmentFactory(
        plan=plan,
        body=body,
        kind=Assessment.Kind.FINAL_LEARNING,
        due_on=dt.date(today.year + 3, 2, 28),
        summary=m("REPLY-ASSESSMENT"),
        status=Assessment.Status.IN_REPLY,
        reply_until=today + dt.timedelta(days=30),
        # The commune replied: its body may now submit it (R26).
        commune_reply="Merci.",
        replied_at=timezone.now(),
    )
    draft_assessment = AssessmentFactory(
        plan=plan,
        body=body,
        kind=Assessment.Kind.END_OF_COMMITMENT,
        commitment=commitment,
        due_on=dt.date(today.year + 2, 1, 31),
        summary=m("DRAFT-ASSESSMENT"),
    )
    return Side(
        key=key,
        commune=commune,
        pc=pc,
        body=body,
        member=member,
        plan=plan,
        draft_plan=draft_plan,
        commitment=commitment,
        draft_commitment=draft_commitment,
        draft_plan_commitment=draft_plan_commitment,
        milestone=milestone,
        update=update,
        draft_update=draft_update,
        evidence=evidence,
        restricted_evidence=restricted,
        draft_update_evidence=draft_update_evidence,
        meeting=meeting,
        endorsement=endorsement,
        vision=vision,
        draft_vision=draft_vision,
        approved_comment=approved,
        pending_comment=pending,
        assessment=assessment,
        reply_assessment=reply_assessment,
        draft_assessment=draft_assessment,
        plan_report=_report(kind=Report.Kind.PLAN_PROGRESS, plan=plan),
        assessment_report=_report(kind=Report.Kind.ASSESSMENT, assessment=assessment),
        draft_plan_report=_report(kind=Report.Kind.PLAN_PROGRESS, plan=draft_plan),
        status_change=status_change,
        letter=letter,
    )


def build_world() -> World:
    """Communes A and B, their people and objects (see the module docstring)."""
    today = timezone.localdate()
    quarter = Quarter.containing(today)
    pc_a = UserFactory(full_name="Contact of A")
    pc_b = UserFactory(full_name="Contact of B")
    a = _build_side("A", pc=pc_a, today=today, quarter=quarter)
    b = _build_side("B", pc=pc_b, today=today, quarter=quarter)
    volunteer = UserFactory(full_name="Volunteer in A")
    MissionFactory(
        volunteer=VolunteerFactory(user=volunteer, nationality="GN"),
        commune=a.commune,
        status="ongoing",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=150),
    )
    users = {
        APPLICANT: UserFactory(full_name="Applicant without a role"),
        PC: pc_a,
        VOLUNTEER: volunteer,
        MONITOR: a.member,
        STAFF: UserFactory(superuser=True, full_name="Staff"),
    }
    cohort = CohortFactory()
    open_from, open_to = today - dt.timedelta(days=5), today + dt.timedelta(days=30)
    commune_call = CallFactory(cohort=cohort, opens_at=open_from, closes_at=open_to)
    volunteer_call = CallFactory(
        cohort=cohort,
        volunteer=True,
        opens_at=open_from,
        closes_at=open_to,
        mission_start=today + dt.timedelta(days=90),
    )
    application_import = ApplicationImport.objects.create(
        call=volunteer_call,
        file=ContentFile(b"first_name\n", name="applications.csv"),
        created_by=users[STAFF],
    )
    volunteer_application = VolunteerApplicationFactory(
        call=volunteer_call, cv=ContentFile(PDF, name="cv.pdf")
    )
    Token.objects.create(user=pc_b)
    return World(
        a=a,
        b=b,
        users=users,
        quarter=quarter,
        non_member=CommuneFactory(name="Not a member", slug="not-a-member"),
        commune_call=commune_call,
        volunteer_call=volunteer_call,
        application_import=application_import,
        volunteer_application=volunteer_application,
        programme_report=_report(kind=Report.Kind.PROGRAMME),
        organisation=OrganisationFactory(),
    )


@pytest.fixture(scope="module")
def security_world(django_db_setup, django_db_blocker, media_dir):
    """The world, built once for the module inside a transaction rolled back at its end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_dir),
        transaction.atomic(),
    ):
        world = build_world()
        yield world
        transaction.set_rollback(True)
