"""Commitment search: full text in French, English and Portuguese, filters, pagination."""

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan
from commitments.models import Milestone
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import MilestoneFactory
from tests.communes.factories import CommuneFactory

from .world import published_commitment

pytestmark = pytest.mark.django_db


def titles(client, query, language="fr"):
    response = client.get(
        reverse("public:commitments"), query, headers={"accept-language": language}
    )
    assert response.status_code == 200
    return sorted(c.title for c in response.context["page"].object_list)


@pytest.fixture
def two_countries(world):
    niger = CommuneFactory(name="Dan-Kassari", slug="dan-kassari", member=True, country="NE")
    plan = ActionPlanFactory(
        coordinating_commune=niger, status=ActionPlan.Status.SUBMITTED, title="Plan Niger"
    )
    water = published_commitment(
        plan,
        title="Accès à l'eau potable",
        title_en="Access to drinking water",
        action="Publier les contrats des forages",
        policy_areas=["open_contracting"],
        primary_sectors=["water_sanitation_hygiene"],
        ogp_values=["civic_participation"],
    )
    MilestoneFactory(commitment=water, status=Milestone.Status.BLOCKED)
    return world


def test_french_stemming_finds_plural_and_singular(client, two_countries):
    assert titles(client, {"q": "contrat"}) == ["Accès à l'eau potable"]


def test_english_stemming_in_english(client, two_countries):
    assert titles(client, {"q": "drinking"}, language="en") == ["Accès à l'eau potable"]


def test_portuguese_configuration_is_used_in_portuguese(client, two_countries):
    from django.utils import translation

    from log_portal.public.filters import search_config

    with translation.override("pt"):
        assert search_config() == "portuguese"
    assert titles(client, {"q": "participatif"}, language="pt") == ["Budget participatif"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "NE"}, ["Accès à l'eau potable"]),
        ({"commune": "rufisque"}, ["Budget participatif"]),
        ({"commune": "Dan-Kassari"}, ["Accès à l'eau potable"]),
        ({"policy_area": "open_contracting"}, ["Accès à l'eau potable"]),
        ({"sector": "public_services"}, ["Budget participatif"]),
        ({"ogp_value": "civic_participation"}, ["Accès à l'eau potable"]),
        ({"milestone_status": "blocked"}, ["Accès à l'eau potable"]),
        ({"milestone_status": "complete"}, ["Budget participatif"]),
        ({"plan_status": "implementation"}, ["Budget participatif"]),
        ({}, ["Accès à l'eau potable", "Budget participatif"]),
    ],
)
def test_filters(client, two_countries, query, expected):
    assert titles(client, query) == expected


def test_search_never_finds_drafts(client, world):
    assert titles(client, {"q": "ENGAGEMENT"}) == []


def test_results_paginate(client, world):
    for n in range(30):
        published_commitment(world.plan, title=f"Engagement numéro {n}")

    response = client.get(reverse("public:commitments"), {"page": 2})

    assert len(response.context["page"].object_list) == 6  # 31 results, 25 a page


def test_a_search_matching_more_than_the_cap_says_more_than(client, world, monkeypatch):
    from log_portal.public import views

    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 10)
    for n in range(12):
        published_commitment(world.plan, title=f"Engagement numéro {n}")

    response = client.get(reverse("public:commitments"), headers={"accept-language": "en"})

    assert "More than 10 commitments" in response.text
    paginator = response.context["page"].paginator
    assert paginator.count == 10  # the pages stop at the cap: no page with one stray result
    assert paginator.num_pages == 1


def test_under_the_cap_the_exact_number_is_shown(client, world):
    response = client.get(reverse("public:commitments"), headers={"accept-language": "en"})

    count = response.context["page"].paginator.count
    assert f"{count} commitment" in response.text
    assert "More than" not in response.text


def test_the_most_recent_commitments_come_first(client, world):
    import datetime as dt

    published_commitment(
        world.plan,
        title="Le plus récent",
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 12, 1),
    )

    response = client.get(reverse("public:commitments"))

    assert response.context["page"].object_list[0].title == "Le plus récent"
