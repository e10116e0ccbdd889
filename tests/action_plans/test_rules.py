import datetime as dt

import pytest

from action_plans.models import CoCreationMeeting
from action_plans.rules import co_creation_requirements
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)

pytestmark = pytest.mark.django_db
IMPLEMENTATION = CoCreationMeeting.Phase.IMPLEMENTATION


def test_r19_nothing_recorded_meets_nothing():
    plan = ActionPlanFactory()
    assert co_creation_requirements(plan, on=dt.date(2025, 3, 1)) == {
        "forum": False,
        "regularity": False,
        "multi_stakeholder": False,
        "endorsement": False,
    }


def test_r19_all_requirements_met():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan, is_forum=True)
    CoCreationMeetingFactory(plan=plan, phase=IMPLEMENTATION, held_on=dt.date(2025, 3, 1))
    CoCreationMeetingFactory(plan=plan, phase=IMPLEMENTATION, held_on=dt.date(2025, 9, 1))
    EndorsementFactory(plan=plan)
    assert all(co_creation_requirements(plan, on=dt.date(2026, 2, 1)).values())


def test_r19_regularity_needs_two_implementation_meetings_a_year():
    # given a co-creation meeting and a single implementation meeting in 2025
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan)
    CoCreationMeetingFactory(plan=plan, phase=IMPLEMENTATION, held_on=dt.date(2025, 3, 1))
    # then: not judged before a full year of implementation, failed after it
    assert co_creation_requirements(plan, on=dt.date(2025, 12, 30))["regularity"] is True
    assert co_creation_requirements(plan, on=dt.date(2026, 1, 1))["regularity"] is False


def test_r19_meetings_without_ngos_do_not_count():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan, non_government_participants=0, is_forum=True)
    result = co_creation_requirements(plan, on=dt.date(2025, 3, 1))
    assert result["forum"] is True
    assert result["regularity"] is False
    assert result["multi_stakeholder"] is False


def test_r19_computation_takes_two_queries(django_assert_num_queries):
    plan = ActionPlanFactory()
    CoCreationMeetingFactory.create_batch(5, plan=plan)
    with django_assert_num_queries(2):
        co_creation_requirements(plan, on=dt.date(2025, 3, 1))
