"""R41-R44: every workspace view against another commune's objects, for each role.

A point of contact, a volunteer in mission and a monitoring member get 404 on another commune's
objects (exactly like missing ones); staff see them; anonymous users are sent to log in. A forged
POST changes nothing.
"""

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement, StrategicVision
from commitments.models import Comment, Commitment, CommitmentChange, Evidence, QuarterlyUpdate
from tests.action_plans.factories import CoCreationMeetingFactory
from tests.commitments.factories import CommentFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db


def _urls(w, *, mine: bool):
    commune = w.commune if mine else w.other_commune
    plan = w.plan if mine else w.other_plan
    commitment = w.commitment if mine else w.other_commitment
    meeting = CoCreationMeetingFactory(plan=plan)
    q = w.quarter
    return [
        reverse("commitments:dashboard", kwargs={"commune_pk": commune.pk}),
        reverse(
            "commitments:quarter-update",
            kwargs={"commune_pk": commune.pk, "year": q.year, "quarter": q.number},
        ),
        reverse("commitments:plan", kwargs={"pk": plan.pk}),
        reverse("commitments:change", kwargs={"pk": commitment.pk}),
        reverse("commitments:evidence-add", kwargs={"target": "commitment", "pk": commitment.pk}),
        reverse("commitments:evidence-add", kwargs={"target": "meeting", "pk": meeting.pk}),
        reverse("action_plans:vision", kwargs={"pk": plan.pk}),
    ]


def _editor_urls(w, *, mine: bool):
    """Pages only a point of contact (or staff) opens."""
    commune = w.commune if mine else w.other_commune
    plan = w.plan if mine else w.other_plan
    return [
        reverse("commitments:comments", kwargs={"commune_pk": commune.pk}),
        reverse("commitments:create", kwargs={"plan_pk": plan.pk}),
        reverse("action_plans:create", kwargs={"commune_pk": commune.pk}),
        reverse("action_plans:edit", kwargs={"pk": plan.pk}),
        reverse("action_plans:meeting-create", kwargs={"pk": plan.pk}),
        reverse("action_plans:endorsement-create", kwargs={"pk": plan.pk}),
    ]


@pytest.mark.parametrize("role", ["pc", "volunteer", "monitor"])
def test_another_communes_pages_answer_404(client, world, role):
    client.force_login(getattr(world, role))
    for url in _urls(world, mine=False) + _editor_urls(world, mine=False):
        assert client.get(url).status_code == 404, url


def test_the_point_of_contact_opens_their_own_pages(client, world):
    client.force_login(world.pc)
    for url in _urls(world, mine=True) + _editor_urls(world, mine=True):
        assert client.get(url).status_code == 200, url


def test_the_volunteer_opens_their_mission_communes_pages_but_not_the_editors(client, world):
    client.force_login(world.volunteer)
    for url in _urls(world, mine=True):
        assert client.get(url).status_code == 200, url
    for url in _editor_urls(world, mine=True):
        assert client.get(url).status_code in (403, 404), url


def test_staff_open_every_communes_pages(client, world):
    client.force_login(world.staff)
    for url in _urls(world, mine=False) + _editor_urls(world, mine=False):
        assert client.get(url).status_code == 200, url


def test_anonymous_users_are_sent_to_log_in(client, world):
    for url in _urls(world, mine=False) + _editor_urls(world, mine=False):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def _counts():
    return [
        m.objects.count()
        for m in (
            QuarterlyUpdate,
            Evidence,
            StrategicVision,
            CoCreationMeeting,
            Endorsement,
            ActionPlan,
            Commitment,
            CommitmentChange,
        )
    ]


@pytest.mark.parametrize("role", ["pc", "volunteer", "monitor", None])
def test_forged_posts_on_another_commune_change_nothing(client, world, role):
    if role:
        client.force_login(getattr(world, role))
    other = world.other_commitment
    update = QuarterlyUpdateFactory(commitment=other, status="submitted")
    comment = CommentFactory(update=update)
    q = world.quarter
    before = _counts()
    prefix = f"c{other.pk}"
    posts = [
        (
            reverse(
                "commitments:quarter-update",
                kwargs={"commune_pk": world.other_commune.pk, "year": q.year, "quarter": q.number},
            ),
            {prefix + "-version": "0", prefix + "-progress": "forged", "submit": "1"},
        ),
        (
            reverse("commitments:plan-submit", kwargs={"pk": world.other_plan.pk}),
            {"form_token": "f"},
        ),
        (
            reverse("commitments:change", kwargs={"pk": other.pk}),
            {"kind": "dates", "description": "x", "reason": "x", "how_decided": "x"},
        ),
        (
            reverse("commitments:evidence-add", kwargs={"target": "commitment", "pk": other.pk}),
            {"url": "https://example.org", "title": "x", "dated": "2025-01-01", "kind": "other"},
        ),
        (
            reverse(
                "action_plans:vision-section",
                kwargs={"pk": world.other_plan.pk, "section": "foreword"},
            ),
            {"foreword": "forged"},
        ),
        (
            reverse("action_plans:meeting-create", kwargs={"pk": world.other_plan.pk}),
            {"title": "x", "held_on": "2025-01-01", "phase": "co_creation", "kind": "forum"},
        ),
        (reverse("action_plans:edit", kwargs={"pk": world.other_plan.pk}), {"title": "forged"}),
        (
            reverse("action_plans:endorsement-create", kwargs={"pk": world.other_plan.pk}),
            {"endorsed_on": "2025-01-01"},
        ),
        (
            reverse("action_plans:create", kwargs={"commune_pk": world.other_commune.pk}),
            {"title": "forged", "start_date": "2027-01-01", "end_date": "2028-12-31"},
        ),
        (
            reverse("commitments:create", kwargs={"plan_pk": world.other_plan.pk}),
            {"c-title": "forged", "c-start_date": "2025-01-01", "c-end_date": "2026-01-31"},
        ),
        (reverse("commitments:edit", kwargs={"pk": other.pk}), {"c-title": "forged"}),
        (reverse("commitments:comment-moderate", kwargs={"pk": comment.pk}), {"action": "approve"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 403, 404), url
        if role:
            assert response.status_code == 404, url
    assert _counts() == before
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    world.other_plan.refresh_from_db()
    assert world.other_plan.title != "forged"
