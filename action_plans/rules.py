"""R19: the four co-creation requirements of handbook 3.3.1, computed from recorded data."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from action_plans.models import ActionPlan, CoCreationMeeting

FORUM = "forum"
REGULARITY = "regularity"
MULTI_STAKEHOLDER = "multi_stakeholder"
ENDORSEMENT = "endorsement"
# R19: meetings with non-governmental stakeholders required in each year of implementation.
IMPLEMENTATION_MEETINGS_PER_YEAR = 2


def implementation_years_met(
    meeting_dates: list[dt.date], *, start: dt.date, end: dt.date, on: dt.date
) -> bool:
    """R19 regularity: at least 2 such meetings in every full year of implementation ended by ``on``."""
    year_start = start
    last_day = min(on, end)
    while year_start + relativedelta(years=1) - dt.timedelta(1) <= last_day:
        year_end = year_start + relativedelta(years=1)
        held = sum(1 for d in meeting_dates if year_start <= d < year_end)
        if held < IMPLEMENTATION_MEETINGS_PER_YEAR:
            return False
        year_start = year_end
    return True


def co_creation_requirements(plan: ActionPlan, *, on: dt.date | None = None) -> dict[str, bool]:
    """R19: forum, regularity, multi-stakeholder and endorsement requirements, met or not.

    - forum: a meeting held in the plan's participation space is recorded;
    - regularity: at least 1 co-creation meeting with non-governmental participants, and at
      least 2 such meetings in each full year of implementation (counted from the plan's start)
      ended by ``on``;
    - multi_stakeholder: a meeting had both government and non-government participants;
    - endorsement: at least one non-governmental stakeholder endorsed the plan.

    Two queries whatever the number of meetings.
    """
    on = on or timezone.localdate()
    meetings = list(
        plan.meetings.values_list(
            "held_on", "phase", "is_forum", "government_participants", "non_government_participants"
        )
    )
    with_ngo = [(held_on, phase) for held_on, phase, _f, _g, ngo in meetings if ngo > 0]
    co_creation_ok = any(phase == CoCreationMeeting.Phase.CO_CREATION for _d, phase in with_ngo)
    implementation_dates = [
        held_on for held_on, phase in with_ngo if phase == CoCreationMeeting.Phase.IMPLEMENTATION
    ]
    return {
        FORUM: any(is_forum for _d, _p, is_forum, _g, _n in meetings),
        REGULARITY: co_creation_ok
        and implementation_years_met(
            implementation_dates, start=plan.start_date, end=plan.end_date, on=on
        ),
        MULTI_STAKEHOLDER: any(gov > 0 and ngo > 0 for _d, _p, _f, gov, ngo in meetings),
        ENDORSEMENT: plan.endorsements.exists(),
    }


def submission_engagement_met(plan: ActionPlan) -> bool:
    """R19: a plan is submitted only with a co-creation meeting with NGOs and an endorsement."""
    has_meeting = plan.meetings.filter(
        phase=CoCreationMeeting.Phase.CO_CREATION, non_government_participants__gt=0
    ).exists()
    return has_meeting and plan.endorsements.exists()
