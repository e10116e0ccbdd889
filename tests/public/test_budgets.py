"""Budgets: query counts do not grow with rows; 304 answers when nothing changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import Comment
from tests.action_plans.factories import ActionPlanFactory, CoCreationMeetingFactory
from tests.commitments.factories import MilestoneFactory
from tests.communes.factories import CommuneFactory

from .world import comment, evidence, published_commitment, submitted_update

pytestmark = pytest.mark.django_db


def grow(world, n=4):
    """Adds rows of every kind the pages list."""
    for i in range(n):
        c = published_commitment(world.plan, title=f"Engagement {i}")
        MilestoneFactory.create_batch(3, commitment=c)
        u = submitted_update(c, year=2025, quarter=1)
        comment(u)
        comment(world.update)
        evidence(commitment=c, name=f"e{i}.pdf")
        evidence(update=world.update, name=f"u{i}.pdf")
        MilestoneFactory(commitment=world.commitment)
        submitted_update(world.commitment, year=2024, quarter=i + 1)
        CoCreationMeetingFactory(plan=world.plan)
        commune = CommuneFactory(member=True)
        plan = ActionPlanFactory(coordinating_commune=commune, submitted=True)
        published_commitment(plan)


def count_queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(queries)


def urls(world):
    return [
        reverse("public:home"),
        reverse("public:communes"),
        reverse("public:commune", args=[world.commune.slug]),
        reverse("public:plan", args=[world.plan.pk]),
        reverse("public:commitment", args=[world.commitment.pk]),
        reverse("public:commitments"),
        reverse("public:commitments") + "?q=budget&country=SN",
        reverse("public:data"),
        reverse("public:feed-updates"),
        reverse("public:feed-commune", args=[world.commune.slug]),
        reverse("public:feed-commitment", args=[world.commitment.pk]),
        reverse("public:datapackage"),
        reverse("public:data-download", args=["commitments", "csv"]),
        reverse("public:data-download", args=["plans", "json"]),
        reverse("public:data-download", args=["updates", "csv"]),
    ]


def test_no_page_or_export_issues_more_queries_with_more_rows(client, world):
    few = {url: count_queries(client, url) for url in urls(world)}

    grow(world)

    many = {url: count_queries(client, url) for url in urls(world)}
    assert many == few


def test_commitment_page_query_budget(client, world, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # the rendering itself, not the kept page
    url = reverse("public:commitment", args=[world.commitment.pk])
    grow(world)

    # etag, commitment, milestones, updates (+ milestone updates, comments, evidence),
    # evidence, actors, changes (+ approvers), status changes, assessments
    with django_assert_num_queries(count_queries(client, url)):
        client.get(url)


@pytest.mark.parametrize(
    "name",
    [
        "public:home",
        "public:communes",
        "public:commune",
        "public:plan",
        "public:commitment",
        "public:commitments",
        "public:data",
    ],
)
def test_an_unchanged_page_answers_304(client, world, name):
    args = {
        "public:commune": [world.commune.slug],
        "public:plan": [world.plan.pk],
        "public:commitment": [world.commitment.pk],
    }.get(name, [])
    url = reverse(name, args=args)
    first = client.get(url)
    etag = first["ETag"]

    again = client.get(url, headers={"if-none-match": etag})

    assert again.status_code == 304


def test_a_change_of_the_data_gives_a_new_page(client, world):
    url = reverse("public:commitment", args=[world.commitment.pk])
    etag = client.get(url)["ETag"]

    pending = Comment.objects.get(pk=world.pending.pk)
    pending.status = Comment.Status.APPROVED
    pending.save()

    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "COMMENTAIRE-EN-ATTENTE" in response.text


def test_another_language_gives_another_etag(client, world):
    url = reverse("public:plan", args=[world.plan.pk])
    etag = client.get(url, headers={"accept-language": "fr"})["ETag"]

    response = client.get(url, headers={"accept-language": "en", "if-none-match": etag})

    assert response.status_code == 200
