import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments.models import Commitment, CompletionLevel, Milestone
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import (
    CommitmentFactory,
    MilestoneUpdateFactory,
    QuarterlyUpdateFactory,
)
from tests.communes.factories import CommuneFactory

pytestmark = pytest.mark.django_db
S = Milestone.Status


def _commitment(**fields):
    plan = fields.pop("plan", None) or ActionPlanFactory()
    values = {
        "plan": plan,
        "commune": plan.coordinating_commune,
        "title": "Publish the budget",
        "start_date": dt.date(2025, 1, 1),
        "end_date": dt.date(2025, 12, 31),
        "ogp_values": ["access_to_information"],
    } | fields
    return Commitment(**values)


def test_a_valid_commitment_passes():
    _commitment().full_clean()


def test_r16_a_commitment_shorter_than_12_months_is_refused():
    with pytest.raises(ValidationError) as error:
        _commitment(end_date=dt.date(2025, 12, 30)).full_clean()
    assert "at least 12 months (R16)" in error.value.message_dict["end_date"][0]


def test_r16_a_commitment_outside_the_plan_is_refused():
    # plan runs 2025-01-01 to 2026-12-31
    with pytest.raises(ValidationError, match="within the plan period"):
        _commitment(start_date=dt.date(2026, 1, 1), end_date=dt.date(2027, 1, 31)).full_clean()


def test_r16_three_policy_areas_are_refused_by_the_model():
    commitment = _commitment(policy_areas=["open_data", "tax", "inclusion"])
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert error.value.message_dict["policy_areas"] == ["Choose at most 2 policy areas (R16)."]


def test_r16_three_policy_areas_are_refused_by_the_database():
    commitment = CommitmentFactory()
    with (
        pytest.raises(IntegrityError, match="commitment_at_most_2_policy_areas"),
        transaction.atomic(),
    ):
        Commitment.objects.filter(pk=commitment.pk).update(
            policy_areas=["open_data", "tax", "inclusion"]
        )
    commitment.refresh_from_db()
    assert commitment.policy_areas == ["fiscal_openness"]


def test_r16_three_sectors_are_refused_by_the_database():
    commitment = CommitmentFactory()
    with (
        pytest.raises(IntegrityError, match="commitment_at_most_2_primary_sectors"),
        transaction.atomic(),
    ):
        Commitment.objects.filter(pk=commitment.pk).update(
            primary_sectors=["education", "justice", "other"]
        )


def test_r16_no_ogp_value_is_refused_by_the_model():
    with pytest.raises(ValidationError) as error:
        _commitment(ogp_values=[]).full_clean()
    assert error.value.message_dict["ogp_values"] == ["Choose at least one OGP value (R16)."]


def test_r16_no_ogp_value_is_refused_by_the_database():
    commitment = CommitmentFactory()
    with (
        pytest.raises(IntegrityError, match="commitment_at_least_one_ogp_value"),
        transaction.atomic(),
    ):
        Commitment.objects.filter(pk=commitment.pk).update(ogp_values=[])


def test_r16_unknown_policy_area_is_refused():
    with pytest.raises(ValidationError) as error:
        _commitment(policy_areas=["astrology"]).full_clean()
    assert "policy_areas" in error.value.message_dict


def test_r20_commune_must_belong_to_the_plan():
    with pytest.raises(ValidationError) as error:
        _commitment(commune=CommuneFactory()).full_clean()
    assert "commune" in error.value.message_dict


def test_r20_joint_commitment_only_in_a_joint_plan():
    with pytest.raises(ValidationError, match="Only a joint plan"):
        _commitment(commune=None).full_clean()
    communes = CommuneFactory.create_batch(2, mandate_end=dt.date(2027, 6, 30))
    joint = ActionPlanFactory(coordinating_commune=communes[0], communes=communes)
    _commitment(plan=joint, commune=None).full_clean()


def test_r13_a_commune_commitment_ends_2_months_before_its_mandate():
    # given a joint plan whose second commune's mandate ends on 31 Dec 2025
    first = CommuneFactory(mandate_end=dt.date(2027, 6, 30))
    second = CommuneFactory(mandate_end=dt.date(2026, 2, 28))
    plan = ActionPlanFactory(coordinating_commune=first, communes=[first, second])
    # then
    _commitment(plan=plan, commune=first, end_date=dt.date(2026, 6, 30)).full_clean()
    with pytest.raises(ValidationError, match="R13"):
        _commitment(plan=plan, commune=second, end_date=dt.date(2026, 6, 30)).full_clean()


def test_commitment_querysets_open_and_for_commune():
    communes = CommuneFactory.create_batch(2, mandate_end=dt.date(2027, 6, 30))
    plan = ActionPlanFactory(coordinating_commune=communes[0], communes=communes)
    own = CommitmentFactory(plan=plan, commune=communes[0])
    joint = CommitmentFactory(plan=plan, commune=None)
    other = CommitmentFactory(plan=plan, commune=communes[1])
    CommitmentFactory(plan=plan, commune=communes[0], status=Commitment.Status.WITHDRAWN)
    CommitmentFactory(
        plan=plan,
        commune=communes[0],
        status=Commitment.Status.COMPLETE,
        end_assessment_submitted_on=dt.date(2026, 1, 15),
    )
    complete_unassessed = CommitmentFactory(
        plan=plan, commune=communes[0], status=Commitment.Status.COMPLETE
    )
    assert set(Commitment.objects.open()) == {own, joint, other, complete_unassessed}
    assert set(Commitment.objects.open().for_commune(communes[1])) == {joint, other}


# -- R17 milestones ---------------------------------------------------------------------------


def test_r17_milestone_outside_its_commitment_is_refused():
    commitment = CommitmentFactory()  # January to December 2025
    milestone = Milestone(
        commitment=commitment,
        description="Train staff",
        start_month=dt.date(2025, 11, 1),
        end_month=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="within its commitment"):
        milestone.full_clean()


def test_r17_milestone_ending_before_it_starts_is_refused():
    milestone = Milestone(
        commitment=CommitmentFactory(),
        description="Train staff",
        start_month=dt.date(2025, 6, 1),
        end_month=dt.date(2025, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        milestone.full_clean()
    assert "end_month" in error.value.message_dict


def test_r17_months_are_stored_as_their_first_day():
    milestone = Milestone(
        commitment=CommitmentFactory(),
        description="Train staff",
        start_month=dt.date(2025, 3, 17),
        end_month=dt.date(2025, 12, 31),
    )
    milestone.full_clean()
    assert (milestone.start_month, milestone.end_month) == (
        dt.date(2025, 3, 1),
        dt.date(2025, 12, 1),
    )


# -- R27 made_progress ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "new", "progress"),
    [
        (S.NOT_STARTED, S.IN_PROGRESS, True),
        (S.IN_PROGRESS, S.COMPLETE, True),
        (S.NOT_STARTED, S.COMPLETE, True),
        (S.IN_PROGRESS, S.IN_PROGRESS, False),
        (S.IN_PROGRESS, S.BLOCKED, False),
        (S.NOT_STARTED, S.BLOCKED, False),
        (S.IN_PROGRESS, S.INCOMPLETE, False),
        (S.COMPLETE, S.IN_PROGRESS, False),
    ],
)
def test_r27_made_progress_by_milestone(previous, new, progress):
    milestone_update = MilestoneUpdateFactory(previous_status=previous, new_status=new)
    assert milestone_update.update.made_progress() is progress


@pytest.mark.parametrize(
    ("previous", "new", "progress"),
    [
        ("", CompletionLevel.LIMITED, True),
        (CompletionLevel.LIMITED, CompletionLevel.SUBSTANTIAL, True),
        (CompletionLevel.SUBSTANTIAL, CompletionLevel.SUBSTANTIAL, False),
        (CompletionLevel.SUBSTANTIAL, CompletionLevel.LIMITED, False),
        ("", CompletionLevel.NOT_STARTED, False),
        ("", "", False),
    ],
)
def test_r27_made_progress_by_completion_level(previous, new, progress):
    update = QuarterlyUpdateFactory(previous_completion_level=previous, completion_level=new)
    assert update.made_progress() is progress


def test_r27_one_forward_milestone_among_blocked_ones_is_progress():
    update = QuarterlyUpdateFactory()
    MilestoneUpdateFactory(update=update, previous_status=S.IN_PROGRESS, new_status=S.BLOCKED)
    MilestoneUpdateFactory(update=update, previous_status=S.IN_PROGRESS, new_status=S.COMPLETE)
    assert update.made_progress() is True


def test_r23_quarter_is_1_to_4_in_the_database():
    update = QuarterlyUpdateFactory()
    with pytest.raises(IntegrityError, match="update_quarter_1_to_4"), transaction.atomic():
        type(update).objects.filter(pk=update.pk).update(quarter=5)


def test_r23_one_update_per_commitment_and_quarter():
    update = QuarterlyUpdateFactory()
    duplicate = QuarterlyUpdateFactory.build(
        commitment=update.commitment, year=update.year, quarter=update.quarter
    )
    with pytest.raises(ValidationError, match="already has an update"):
        duplicate.full_clean()
