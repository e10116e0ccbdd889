import datetime as dt

import pytest

from commitments.models import Commitment, CommitmentChange, CommitmentStatusChange
from commitments.services import (
    commitment_change_record,
    commitment_create,
    commitment_submit,
    plan_submit,
)
from log_portal.errors import ApplicationError
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)
from tests.commitments.factories import CommitmentFactory, ready_commitment
from tests.communes.factories import CommuneFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _create(plan, commune):
    return commitment_create(
        plan=plan,
        commune=commune,
        title="New commitment",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
        ogp_values=["civic_participation"],
    )


def test_r15_sixth_open_commitment_of_one_commune_is_refused():
    # given a single plan with 5 open commitments
    plan = ActionPlanFactory()
    CommitmentFactory.create_batch(5, plan=plan)
    # when / then
    with pytest.raises(ApplicationError, match="5 open commitments"):
        _create(plan, plan.coordinating_commune)
    assert plan.commitments.count() == 5


def test_r15_eleventh_open_commitment_of_two_communes_is_refused():
    communes = CommuneFactory.create_batch(2, mandate_end=dt.date(2027, 6, 30))
    plan = ActionPlanFactory(coordinating_commune=communes[0], communes=communes)
    CommitmentFactory.create_batch(6, plan=plan, commune=communes[0])
    CommitmentFactory.create_batch(3, plan=plan, commune=communes[1])
    _create(plan, None)  # the 10th, joint
    with pytest.raises(ApplicationError, match="10 open commitments"):
        _create(plan, communes[1])
    assert plan.commitments.count() == 10


def test_r15_complete_and_assessed_commitment_stops_counting():
    plan = ActionPlanFactory()
    CommitmentFactory.create_batch(4, plan=plan)
    done = CommitmentFactory(plan=plan, status=Commitment.Status.COMPLETE)
    # complete but not yet assessed: still counts
    with pytest.raises(ApplicationError):
        _create(plan, plan.coordinating_commune)
    # once assessed, a new one fits
    done.end_assessment_submitted_on = dt.date(2025, 6, 1)
    done.save()
    created = _create(plan, plan.coordinating_commune)
    assert created.pk is not None


def test_r15_withdrawn_commitments_do_not_count():
    plan = ActionPlanFactory()
    CommitmentFactory.create_batch(5, plan=plan, status=Commitment.Status.WITHDRAWN)
    assert _create(plan, plan.coordinating_commune).status == Commitment.Status.DRAFT


def test_r16_commitment_create_refuses_a_short_commitment():
    plan = ActionPlanFactory()
    with pytest.raises(ApplicationError, match="12 months"):
        commitment_create(
            plan=plan,
            commune=plan.coordinating_commune,
            title="Short",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025, 6, 30),
            ogp_values=["civic_participation"],
        )
    assert not Commitment.objects.exists()


def _record(commitment, decided_on, approved_by):
    return commitment_change_record(
        commitment=commitment,
        kind=CommitmentChange.Kind.DATES,
        description="End moved to December",
        reason="Rainy season",
        how_decided="Forum meeting of 3 June",
        approved_by=approved_by,
        decided_on=decided_on,
        by=UserFactory(),
    )


def test_r18_change_within_6_months_is_recorded():
    commitment = CommitmentFactory(
        status=Commitment.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
    )
    organisation = OrganisationFactory()
    change = _record(commitment, dt.date(2025, 7, 15), [organisation])
    assert list(change.approved_by.all()) == [organisation]


def test_r18_change_after_6_months_is_refused():
    commitment = CommitmentFactory(
        status=Commitment.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
    )
    with pytest.raises(ApplicationError, match="within 6 months"):
        _record(commitment, dt.date(2025, 7, 16), [OrganisationFactory()])
    assert not CommitmentChange.objects.exists()


def test_r18_change_of_a_draft_is_refused():
    commitment = CommitmentFactory()
    with pytest.raises(ApplicationError, match="Only a submitted commitment"):
        _record(commitment, dt.date(2025, 2, 1), [OrganisationFactory()])
    assert not CommitmentChange.objects.exists()


def test_r18_change_needs_approving_stakeholders():
    commitment = CommitmentFactory(
        status=Commitment.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
    )
    with pytest.raises(ApplicationError, match="approved"):
        _record(commitment, dt.date(2025, 2, 1), [])
    assert not CommitmentChange.objects.exists()


def test_r18_withdrawal_withdraws_the_commitment():
    commitment = CommitmentFactory(
        status=Commitment.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
    )
    commitment_change_record(
        commitment=commitment,
        kind=CommitmentChange.Kind.WITHDRAWAL,
        description="Withdrawn",
        reason="Merged into commitment 2",
        how_decided="Forum vote",
        approved_by=[OrganisationFactory()],
        decided_on=dt.date(2025, 3, 1),
        by=None,
    )
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.WITHDRAWN
    assert CommitmentStatusChange.objects.get().to_status == Commitment.Status.WITHDRAWN


def test_r21_commitment_submit_needs_english():
    commitment = CommitmentFactory(action_en="")
    with pytest.raises(ApplicationError, match="R21"):
        commitment_submit(commitment=commitment, by=None)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.DRAFT


def test_r21_plan_submit_refuses_commitments_without_english():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    CommitmentFactory(plan=plan, title_en="")
    with pytest.raises(ApplicationError, match="R21"):
        plan_submit(plan=plan, by=None)
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_plan_submit_submits_its_draft_commitments():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    commitment = ready_commitment(plan=plan)
    plan_submit(plan=plan, by=None)
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.SUBMITTED
    assert commitment.submitted_on is not None
