"""Shared set-up of the workspace tests: two communes, their people and an open commitment each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from commitments.models import Commitment
from log_portal.quarters import Quarter
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory
from tests.communes.factories import CommuneFactory, UserFactory
from tests.monitoring.factories import MonitoringBodyFactory
from tests.volunteers.factories import MissionFactory, VolunteerFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@dataclass
class World:
    commune: object
    other_commune: object
    pc: object
    other_pc: object
    volunteer: object
    monitor: object
    staff: object
    plan: object
    other_plan: object
    commitment: Commitment
    other_commitment: Commitment
    milestone: object
    quarter: Quarter


def _open_commitment(commune):
    today = timezone.localdate()
    start = dt.date(today.year - 1, 1, 1)
    plan = ActionPlanFactory(
        coordinating_commune=commune,
        start_date=start,
        end_date=dt.date(today.year + 2, 12, 31),
        submitted=True,
    )
    commitment = CommitmentFactory(
        plan=plan,
        commune=commune,
        start_date=start,
        end_date=dt.date(today.year + 1, 12, 31),
        status=Commitment.Status.ONGOING,
        submitted_on=start,
    )
    milestone = MilestoneFactory(
        commitment=commitment,
        start_month=start,
        end_month=dt.date(today.year + 1, 6, 1),
    )
    return plan, commitment, milestone


@pytest.fixture
def world(db) -> World:
    mandate_end = dt.date(timezone.localdate().year + 4, 6, 30)
    pc, other_pc = UserFactory(), UserFactory()
    commune = CommuneFactory(member=True, point_of_contact=pc, mandate_end=mandate_end)
    other = CommuneFactory(member=True, point_of_contact=other_pc, mandate_end=mandate_end)
    volunteer_user = UserFactory()
    MissionFactory(
        volunteer=VolunteerFactory(user=volunteer_user, nationality="GN"),
        commune=commune,
        status="ongoing",
    )
    monitor = UserFactory()
    MonitoringBodyFactory().members.add(monitor)
    plan, commitment, milestone = _open_commitment(commune)
    other_plan, other_commitment, _m = _open_commitment(other)
    return World(
        commune=commune,
        other_commune=other,
        pc=pc,
        other_pc=other_pc,
        volunteer=volunteer_user,
        monitor=monitor,
        staff=UserFactory(staff=True),
        plan=plan,
        other_plan=other_plan,
        commitment=commitment,
        other_commitment=other_commitment,
        milestone=milestone,
        quarter=Quarter.containing(timezone.localdate()),
    )
