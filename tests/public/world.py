"""A small published world: what the public sees, next to drafts and restricted data it must not.

Shared by tests/public and the browser journey in tests/e2e/test_public.py.
"""

import datetime as dt
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from action_plans.models import ActionPlan
from commitments.models import Comment, Commitment, Evidence, Milestone, QuarterlyUpdate
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneFactory,
    QuarterlyUpdateFactory,
)
from tests.communes.factories import CommuneFactory


def published_commitment(plan, **kwargs):
    return CommitmentFactory(
        plan=plan, status=Commitment.Status.ONGOING, submitted_on=dt.date(2025, 1, 10), **kwargs
    )


def submitted_update(commitment, **kwargs):
    kwargs.setdefault("submitted_at", timezone.now())
    return QuarterlyUpdateFactory(
        commitment=commitment, status=QuarterlyUpdate.Status.SUBMITTED, **kwargs
    )


def comment(update, status=Comment.Status.APPROVED, **kwargs):
    kwargs.setdefault("author_name", "Awa")
    kwargs.setdefault("author_email", "awa.secret@example.org")
    kwargs.setdefault("body", "Merci pour le budget.")
    return Comment.objects.create(update=update, status=status, **kwargs)


def evidence(*, is_public=True, name="minutes.pdf", **target):
    item = Evidence(
        kind=Evidence.Kind.MINUTES,
        title=f"Evidence {name}",
        dated=dt.date(2025, 3, 1),
        is_public=is_public,
        **target,
    )
    item.file.save(name, ContentFile(b"%PDF-1.4 minutes"), save=False)
    item.save()
    return item


def build_world() -> SimpleNamespace:
    """Rufisque (active, SN) with a plan in implementation; drafts and restricted data beside."""
    commune = CommuneFactory(
        name="Rufisque",
        slug="rufisque",
        member=True,
        lead_agency="Mairie de Rufisque",
        lead_agency_email="mairie@rufisque.example.org",
    )
    plan = ActionPlanFactory(
        coordinating_commune=commune,
        title="Plan Rufisque ouvert",
        status=ActionPlan.Status.IMPLEMENTATION,
        submitted_on=dt.date(2025, 1, 15),
    )
    CoCreationMeetingFactory(plan=plan, title="Forum citoyen", is_forum=True)
    EndorsementFactory(plan=plan, organisation__name="Jeunesse Rufisque")
    budget = published_commitment(
        plan, title="Budget participatif", problem="Le budget est opaque."
    )
    done = MilestoneFactory(
        commitment=budget, description="Publier le budget", status=Milestone.Status.COMPLETE
    )
    late = MilestoneFactory(
        commitment=budget,
        description="Former les élus",
        status=Milestone.Status.IN_PROGRESS,
        start_month=dt.date(2025, 3, 1),
        end_month=dt.date(2025, 9, 1),
    )
    update = submitted_update(budget, year=2025, quarter=1, progress="Budget publié en ligne.")
    draft_update = QuarterlyUpdateFactory(
        commitment=budget, year=2025, quarter=2, progress="BROUILLON-MAJ"
    )
    draft_commitment = CommitmentFactory(plan=plan, title="ENGAGEMENT-BROUILLON")
    draft_plan = ActionPlanFactory(
        coordinating_commune=commune,
        title="PLAN-BROUILLON",
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 4, 30),
    )
    hidden = CommitmentFactory(
        plan=draft_plan,
        title="ENGAGEMENT-PLAN-BROUILLON",
        status=Commitment.Status.SUBMITTED,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2027, 4, 30),
    )
    return SimpleNamespace(
        commune=commune,
        plan=plan,
        commitment=budget,
        milestone_done=done,
        milestone_late=late,
        update=update,
        draft_update=draft_update,
        draft_commitment=draft_commitment,
        draft_plan=draft_plan,
        hidden_commitment=hidden,
        approved=comment(update, body="Bravo <script>alert(1)</script>", reply="Merci, la mairie."),
        pending=comment(update, status=Comment.Status.PENDING, body="COMMENTAIRE-EN-ATTENTE"),
        rejected=comment(update, status=Comment.Status.REJECTED, body="COMMENTAIRE-REJETE"),
        public_evidence=evidence(commitment=budget, name="public.pdf"),
        restricted_evidence=evidence(commitment=budget, is_public=False, name="secret.pdf"),
    )
