"""Atom feeds (all updates, per commune, per commitment) and sitemap.xml."""

import pytest
from django.urls import reverse

from .world import published_commitment, submitted_update

pytestmark = pytest.mark.django_db


def test_the_updates_feed_is_atom_with_published_updates_only(client, world):
    response = client.get(reverse("public:feed-updates"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Budget publié en ligne." in response.text
    assert "BROUILLON-MAJ" not in response.text


def test_the_commune_feed_has_its_updates_only(client, world):
    from tests.action_plans.factories import ActionPlanFactory
    from tests.communes.factories import CommuneFactory

    other = CommuneFactory(member=True, slug="labe")
    plan = ActionPlanFactory(coordinating_commune=other, submitted=True)
    submitted_update(published_commitment(plan), progress="MAJ-LABE")

    rufisque = client.get(reverse("public:feed-commune", args=["rufisque"])).text
    labe = client.get(reverse("public:feed-commune", args=["labe"])).text

    assert "Budget publié en ligne." in rufisque
    assert "MAJ-LABE" not in rufisque
    assert "MAJ-LABE" in labe
    assert "Budget publié en ligne." not in labe


def test_the_commitment_feed(client, world):
    response = client.get(reverse("public:feed-commitment", args=[world.commitment.pk]))

    assert "Budget publié en ligne." in response.text
    assert (
        client.get(reverse("public:feed-commitment", args=[world.draft_commitment.pk])).status_code
        == 404
    )


def test_sitemap_lists_public_pages_only(client, world):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    text = "".join(
        client.get(reverse("public:sitemap-section", args=[s])).text
        for s in ("pages", "communes", "plans", "commitments")
    )

    assert f"/commitments/{world.commitment.pk}/" in text
    assert f"/plans/{world.plan.pk}/" in text
    assert "/communes/rufisque/" in text
    assert f"/commitments/{world.draft_commitment.pk}/" not in text
    assert f"/plans/{world.draft_plan.pk}/" not in text
