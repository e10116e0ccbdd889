import datetime as dt

import pytest

from action_plans.models import ActionPlan, PlanStatusChange
from action_plans.services import plan_create, plan_set_communes, plan_submit, plan_withdraw
from log_portal.errors import ApplicationError
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)
from tests.communes.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_plan_create_joint_plan_of_two_communes():
    communes = CommuneFactory.create_batch(2, mandate_end=dt.date(2028, 1, 1))
    plan = plan_create(
        communes=communes,
        coordinating_commune=communes[0],
        title="Joint plan",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2027, 10, 31),
    )
    assert set(plan.communes.all()) == set(communes)
    assert plan.is_joint


def test_r20_plan_create_with_communes_of_two_countries_is_refused():
    senegal = CommuneFactory(country="SN")
    niger = CommuneFactory(country="NE")
    with pytest.raises(ApplicationError, match="same country"):
        plan_create(
            communes=[senegal, niger],
            coordinating_commune=senegal,
            title="Joint plan",
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2026, 12, 31),
        )
    assert not ActionPlan.objects.exists()


def test_r20_plan_set_communes_refuses_five_communes_and_changes_nothing():
    # given a single plan
    plan = ActionPlanFactory()
    before = list(plan.communes.all())
    communes = [plan.coordinating_commune, *CommuneFactory.create_batch(4)]
    # when / then
    with pytest.raises(ApplicationError, match="at most 4"):
        plan_set_communes(plan=plan, communes=communes, coordinating_commune=communes[0])
    assert list(plan.communes.all()) == before


def test_r20_plan_set_communes_refuses_different_countries():
    plan = ActionPlanFactory()
    other = CommuneFactory(country="GW")
    with pytest.raises(ApplicationError, match="same country"):
        plan_set_communes(
            plan=plan, communes=[plan.coordinating_commune, other], coordinating_commune=other
        )
    assert plan.communes.count() == 1


def test_r13_plan_set_communes_refuses_a_commune_whose_mandate_ends_too_soon():
    plan = ActionPlanFactory()  # ends 31 Dec 2026, coordinator's mandate ends 30 June 2027
    plan.coordinating_commune.mandate_end = dt.date(2026, 12, 31)
    plan.coordinating_commune.save()
    other = CommuneFactory(mandate_end=dt.date(2026, 12, 31))
    with pytest.raises(ApplicationError, match="R13"):
        plan_set_communes(
            plan=plan,
            communes=[plan.coordinating_commune, other],
            coordinating_commune=plan.coordinating_commune,
        )
    assert plan.communes.count() == 1


def test_r19_plan_submit_needs_an_ngo_meeting_and_an_endorsement():
    plan = ActionPlanFactory()
    user = UserFactory()
    with pytest.raises(ApplicationError, match="R19"):
        plan_submit(plan=plan, by=user)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT
    assert not PlanStatusChange.objects.exists()


def test_r21_plan_submit_needs_english_texts():
    plan = ActionPlanFactory(title_en="")
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    with pytest.raises(ApplicationError, match="R21"):
        plan_submit(plan=plan, by=UserFactory())
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_plan_submit_records_the_change():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    user = UserFactory()
    plan_submit(plan=plan, by=user, note="ready")
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED
    assert plan.submitted_on is not None
    change = PlanStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "submitted", user)


def test_a_withdrawn_plan_cannot_be_withdrawn_again():
    plan = ActionPlanFactory(status=ActionPlan.Status.WITHDRAWN)
    with pytest.raises(ApplicationError):
        plan_withdraw(plan=plan, by=None)
    assert not PlanStatusChange.objects.exists()
