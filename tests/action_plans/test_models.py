import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from action_plans.models import ActionPlan
from tests.action_plans.factories import ActionPlanFactory
from tests.communes.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_r13_plan_ending_less_than_2_months_before_mandate_end_is_refused():
    # given a commune whose mandate ends on 30 June 2027
    commune = CommuneFactory(mandate_end=dt.date(2027, 6, 30))
    plan = ActionPlan(
        coordinating_commune=commune,
        title="Plan",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2027, 5, 1),
    )
    # when / then
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "end_date" in error.value.message_dict
    assert "2027-04-30" in error.value.message_dict["end_date"][0]


def test_r13_plan_ending_2_months_before_mandate_end_is_accepted():
    commune = CommuneFactory(mandate_end=dt.date(2027, 6, 30))
    plan = ActionPlan(
        coordinating_commune=commune,
        title="Plan",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2027, 4, 30),
    )
    plan.full_clean()


@pytest.mark.parametrize(
    ("end_date", "valid"),
    [
        (dt.date(2025, 12, 30), False),  # less than a year
        (dt.date(2025, 12, 31), True),  # exactly one year
        (dt.date(2028, 12, 31), True),  # exactly four years
        (dt.date(2029, 1, 1), False),  # more than four years
    ],
)
def test_r13_without_elections_the_period_is_1_to_4_years(end_date, valid):
    commune = CommuneFactory(mandate_end=None)
    plan = ActionPlan(
        coordinating_commune=commune,
        title="Plan",
        start_date=dt.date(2025, 1, 1),
        end_date=end_date,
    )
    if valid:
        plan.full_clean()
    else:
        with pytest.raises(ValidationError, match="1 to 4 years"):
            plan.full_clean()


def test_r13_joint_plan_follows_the_longest_mandate():
    # given two communes with different mandates (handbook 3.4)
    short = CommuneFactory(mandate_end=dt.date(2026, 6, 30))
    long = CommuneFactory(mandate_end=dt.date(2027, 6, 30))
    plan = ActionPlan(
        coordinating_commune=short,
        title="Joint",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2027, 4, 30),
    )
    # when / then: fits the longest mandate
    plan.validate_period([short, long])
    plan.end_date = dt.date(2027, 5, 31)
    with pytest.raises(ValidationError):
        plan.validate_period([short, long])


def test_plan_must_end_after_it_starts():
    plan = ActionPlan(
        coordinating_commune=CommuneFactory(),
        title="Plan",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_r20_communes_of_different_countries_are_refused():
    senegal = CommuneFactory(country="SN")
    guinea = CommuneFactory(country="GN")
    plan = ActionPlan(coordinating_commune=senegal)
    with pytest.raises(ValidationError, match="same country"):
        plan.validate_communes([senegal, guinea])


def test_r20_five_communes_are_refused():
    communes = CommuneFactory.create_batch(5)
    plan = ActionPlan(coordinating_commune=communes[0])
    with pytest.raises(ValidationError, match="at most 4"):
        plan.validate_communes(communes)


def test_r20_coordinator_must_be_a_member():
    communes = CommuneFactory.create_batch(2)
    plan = ActionPlan(coordinating_commune=CommuneFactory())
    with pytest.raises(ValidationError, match="coordinating commune"):
        plan.validate_communes(communes)


@pytest.mark.parametrize(("count", "cap"), [(1, 5), (2, 10), (3, 12), (4, 12)])
def test_r15_commitment_cap_depends_on_the_number_of_communes(count, cap):
    communes = CommuneFactory.create_batch(count)
    plan = ActionPlanFactory(coordinating_commune=communes[0], communes=communes)
    assert plan.commitment_cap() == cap
    assert plan.is_joint is (count > 1)


def test_querysets_for_commune_submitted_and_current():
    # given a submitted plan and a draft plan of one commune, and another commune's plan
    commune = CommuneFactory()
    submitted = ActionPlanFactory(coordinating_commune=commune, submitted=True)
    ActionPlanFactory(coordinating_commune=commune)
    ActionPlanFactory(submitted=True)
    # then
    assert ActionPlan.objects.for_commune(commune).count() == 2
    assert list(ActionPlan.objects.for_commune(commune).submitted()) == [submitted]
    assert list(ActionPlan.objects.for_commune(commune).current(dt.date(2025, 6, 1))) == [submitted]
    assert not ActionPlan.objects.for_commune(commune).current(dt.date(2027, 1, 1)).exists()
