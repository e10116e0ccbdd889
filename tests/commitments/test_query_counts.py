"""Workspace pages run as many SQL queries for a plan of 2 commitments as for one of 8."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Commitment, QuarterlyUpdate
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import (
    CommentFactory,
    CommitmentActorFactory,
    CommitmentFactory,
    MilestoneFactory,
    QuarterlyUpdateFactory,
)
from tests.communes.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def _joint_plan(world):
    """R20: a submitted joint plan of the world's commune and another commune of its country."""
    partner = CommuneFactory(member=True, country=world.commune.country)
    return ActionPlanFactory(
        coordinating_commune=world.commune,
        communes=[world.commune, partner],
        start_date=world.plan.start_date,
        end_date=world.plan.end_date,
        submitted=True,
    )


def _add_commitments(world, count: int, *, plan=None) -> list[Commitment]:
    """Open commitments like the world's, each with two milestones, an actor and a past update."""
    model = world.commitment
    plan = plan or world.plan
    added = []
    for _ in range(count):
        commitment = CommitmentFactory(
            plan=plan,
            commune=world.commune if plan == world.plan else None,
            start_date=model.start_date,
            end_date=model.end_date,
            status=Commitment.Status.ONGOING,
            submitted_on=model.submitted_on,
        )
        for _m in range(2):
            MilestoneFactory(
                commitment=commitment, start_month=model.start_date, end_month=model.end_date
            )
        CommitmentActorFactory(commitment=commitment)
        past = world.quarter.previous().previous()
        update = QuarterlyUpdateFactory(
            commitment=commitment, year=past.year, quarter=past.number, status="submitted"
        )
        CommentFactory(update=update)
        added.append(commitment)
    return added


def _count(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    assert response.status_code in (200, 302), response.status_code
    return len(queries)


def _update_url(world) -> str:
    return reverse(
        "commitments:quarter-update",
        kwargs={
            "commune_pk": world.commune.pk,
            "year": world.quarter.year,
            "quarter": world.quarter.number,
        },
    )


def _update_post(world, token: str) -> dict[str, str]:
    """A draft of the world's commitment; every other commitment left untouched."""
    data = {"form_token": token, "save": "1"}
    for commitment in Commitment.objects.filter(status=Commitment.Status.ONGOING).prefetch_related(
        "milestones"
    ):
        prefix = f"c{commitment.pk}"
        data[f"{prefix}-version"] = "0"
        for milestone in commitment.milestones.all():
            data[f"{prefix}-milestone_{milestone.pk}"] = milestone.status
    data[f"c{world.commitment.pk}-progress"] = "Budget published online."
    return data


def _update_page_counts(client, world, token: str) -> tuple[int, int]:
    url = _update_url(world)
    get = _count(client, "get", url)
    post = _count(client, "post", url, _update_post(world, token))
    assert QuarterlyUpdate.objects.filter(commitment=world.commitment).count() == 1
    QuarterlyUpdate.objects.filter(commitment=world.commitment).delete()  # same state next time
    return get, post


@pytest.mark.parametrize("role", ["pc", "volunteer", "staff"])
@pytest.mark.parametrize("joint", [False, True], ids=["own", "joint"])
def test_r23_the_quarterly_update_form_runs_the_same_queries_for_2_and_8_commitments(
    client, world, role, joint
):
    # given: the user's commune with 2 open commitments (its own, or joint ones: R20)
    plan = _joint_plan(world) if joint else None
    _add_commitments(world, 1, plan=plan)
    client.force_login(getattr(world, role))
    few = _update_page_counts(client, world, "few")

    # when: 6 more commitments
    added = _add_commitments(world, 6, plan=plan)
    assert f'name="c{added[-1].pk}-progress"' in client.get(_update_url(world)).content.decode()
    many = _update_page_counts(client, world, "many")

    # then: the same queries, for the page and for a save
    assert many == few


@pytest.mark.parametrize("role", ["pc", "volunteer"])
def test_the_commune_dashboard_runs_the_same_queries_for_2_and_8_commitments(client, world, role):
    url = reverse("commitments:dashboard", kwargs={"commune_pk": world.commune.pk})
    joint = _joint_plan(world)
    _add_commitments(world, 1)
    client.force_login(getattr(world, role))
    few = _count(client, "get", url)

    _add_commitments(world, 3)
    _add_commitments(world, 3, plan=joint)

    assert _count(client, "get", url) == few


def test_the_plan_page_runs_the_same_queries_for_2_and_8_commitments(client, world):
    url = reverse("commitments:plan", kwargs={"pk": world.plan.pk})
    _add_commitments(world, 1)
    client.force_login(world.pc)
    few = _count(client, "get", url)

    added = _add_commitments(world, 6)

    body = client.get(url).content.decode()
    assert added[-1].title in body
    assert _count(client, "get", url) == few


def _draft_plan(world, *, joint: bool):
    """A draft plan of the world's commune (or a joint one, R20), co-created and endorsed."""
    from tests.action_plans.factories import CoCreationMeetingFactory, EndorsementFactory

    partner = CommuneFactory(member=True, country=world.commune.country) if joint else None
    plan = ActionPlanFactory(
        coordinating_commune=world.commune,
        communes=[world.commune, partner] if joint else [world.commune],
        start_date=world.plan.start_date,
        end_date=world.plan.end_date,
    )
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    return plan


def _add_drafts(world, plan, count: int) -> list[Commitment]:
    """Draft commitments, each with two milestones and a lead agency (R16, R17)."""
    model = world.commitment
    added = []
    for _ in range(count):
        commitment = CommitmentFactory(
            plan=plan,
            commune=None if plan.member_communes()[1:] else world.commune,
            start_date=model.start_date,
            end_date=model.end_date,
        )
        for _m in range(2):
            MilestoneFactory(
                commitment=commitment, start_month=model.start_date, end_month=model.end_date
            )
        CommitmentActorFactory(commitment=commitment)
        added.append(commitment)
    return added


@pytest.mark.parametrize("joint", [False, True], ids=["own", "joint"])
def test_r16_a_draft_plan_page_and_its_check_run_the_same_queries_for_2_and_8_drafts(
    client, world, joint
):
    from commitments.services import plan_submission_problems

    # given: a draft plan with 2 draft commitments
    plan = _draft_plan(world, joint=joint)
    _add_drafts(world, plan, 2)
    url = reverse("commitments:plan", kwargs={"pk": plan.pk})
    client.force_login(world.pc)
    page_few = _count(client, "get", url)
    with CaptureQueriesContext(connection) as check_few:
        problems_few = plan_submission_problems(plan)

    # when: 6 more drafts
    added = _add_drafts(world, plan, 6)

    # then: the same queries for the page and for the check, which still checks every draft
    body = client.get(url).content.decode()
    assert added[-1].title in body
    assert _count(client, "get", url) == page_few
    with CaptureQueriesContext(connection) as check_many:
        problems_many = plan_submission_problems(plan)
    assert len(check_many) == len(check_few)
    assert problems_few == []
    # R15: a one-commune plan holds at most 5 open commitments, a joint one of two 10
    assert problems_many == (
        [] if joint else ["The plan has 8 open commitments; the maximum is 5 (R15)."]
    )
