"""R32: public read-only endpoints: content, what never shows, filters, search, pagination."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Commitment, Milestone
from communes.models import Cohort
from tests.api.conftest import PRIVATE
from tests.commitments.factories import CommitmentFactory

pytestmark = pytest.mark.django_db


def results(api, name, **params):
    response = api.get(reverse(f"api:{name}-list"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(api, name, **params):
    return {row["id"] for row in results(api, name, **params)}


def test_communes_show_membership_status_and_history(api, world):
    rows = {row["id"]: row for row in results(api, "commune")}
    row = rows[world.commune.pk]
    assert row["membership_status"] == "active"
    assert row["membership_history"] == [
        {
            "from_status": "not_member",
            "to_status": "active",
            "effective_on": "2024-01-01",
            "rule": "staff",
            "reason": "Joined OGP Local.",
        }
    ]
    assert row["point_of_contact_name"] == "Aminata Sow"
    assert row["country"] == "SN"


def test_cohorts_are_listed(api, world):
    assert ids(api, "cohort") == set(Cohort.objects.values_list("pk", flat=True))
    assert Cohort.objects.exists()


def test_plans_show_submitted_plans_only(api, world):
    shown = ids(api, "plan")
    assert world.plan.pk in shown
    assert world.draft_plan.pk not in shown
    detail = api.get(reverse("api:plan-detail", args=[world.draft_plan.pk]))
    assert detail.status_code == 404


def test_visions_of_public_plans(api, world):
    rows = results(api, "vision")
    assert [row["plan"] for row in rows] == [world.plan.pk]
    assert rows[0]["long_term_vision"] == "Une commune transparente."


def test_commitments_show_every_r16_field_and_no_draft(api, world):
    rows = {row["id"]: row for row in results(api, "commitment")}
    assert set(rows) == {world.commitment.pk, world.other_commitment.pk}
    row = rows[world.commitment.pk]
    for field in (
        "title", "title_en", "start_date", "end_date", "problem", "status_quo", "action",
        "action_en", "solution", "long_term_goal", "policy_areas", "primary_sectors",
        "ogp_values", "budget_amount", "budget_currency", "staff", "months",
        "other_resources", "resources_secured", "additional_information", "actors",
    ):  # fmt: skip
        assert field in row
    assert row["actors"][0]["name"] == "Direction des finances"
    assert row["actors"][0]["email"] == "awa@example.org"
    assert row["country"] == "SN"


def test_milestones_and_updates_show_public_ones_only(api, world):
    assert ids(api, "milestone") == {world.milestone.pk}
    updates = results(api, "update")
    assert [u["id"] for u in updates] == [world.update.pk]
    assert updates[0]["milestone_updates"] == [
        {
            "milestone": world.milestone.pk,
            "previous_status": "not_started",
            "new_status": "in_progress",
        }
    ]
    draft = api.get(reverse("api:update-detail", args=[world.draft_update.pk]))
    assert draft.status_code == 404


def test_evidence_shows_public_evidence_with_a_download_link(api, world):
    rows = results(api, "evidence")
    assert [row["id"] for row in rows] == [world.evidence.pk]
    link = rows[0]["download_url"]
    assert link.endswith(f"/api/v1/evidence/{world.evidence.pk}/download/")
    response = api.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_restricted_evidence_cannot_be_downloaded(api, world):
    url = reverse("api:evidence-download", args=[world.restricted_evidence.pk])
    response = api.get(url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_comments_show_approved_ones_without_email(api, world):
    rows = results(api, "comment")
    assert [row["id"] for row in rows] == [world.comment.pk]
    assert "author_email" not in rows[0]
    assert rows[0]["author_name"] == "Moussa"


def test_assessments_show_submitted_ones(api, world):
    rows = results(api, "assessment")
    assert [row["id"] for row in rows] == [world.assessment.pk]
    assert rows[0]["commitment_assessments"][0]["commitment"] == world.commitment.pk


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("commune", {"country": "GN"}, "other_commune"),
        ("commune", {"membership_status": "active", "country": "SN"}, "commune"),
        ("plan", {"country": "SN"}, "plan"),
        ("commitment", {"country": "GN"}, "other_commitment"),
        ("commitment", {"policy_area": "open_data"}, "other_commitment"),
        ("commitment", {"sector": "public_services"}, "commitment"),
        ("commitment", {"ogp_value": "civic_participation"}, "commitment"),
        ("commitment", {"status": "ongoing", "country": "SN"}, "commitment"),
        ("milestone", {"status": "not_started"}, "milestone"),
        ("update", {"year": 2025, "quarter": 1}, "update"),
        ("assessment", {"kind": "initial"}, "assessment"),
        ("evidence", {"kind": "minutes"}, "evidence"),
        ("comment", {"update": "__update__"}, "comment"),
    ],
)
def test_filters_select_the_matching_records(api, world, name, params, expected):
    params = {k: (world.update.pk if v == "__update__" else v) for k, v in params.items()}
    assert ids(api, name, **params) == {getattr(world, expected).pk}


def test_filters_that_match_nothing_answer_an_empty_page(api, world):
    assert ids(api, "update", quarter=3) == set()
    assert ids(api, "commitment", policy_area="tax") == set()
    assert ids(api, "commune", country="NE") == set()


def test_commune_filter_includes_the_commune_records(api, world):
    commune = world.commune.pk
    assert ids(api, "commitment", commune=commune) == {world.commitment.pk}
    assert ids(api, "plan", commune=commune) == {world.plan.pk}
    assert ids(api, "milestone", commune=world.other_commune.pk) == set()
    assert ids(api, "update", commune=commune) == {world.update.pk}


def test_updated_since_returns_records_changed_after_the_date(api, world):
    later = timezone.now() + dt.timedelta(minutes=5)
    Milestone.objects.filter(pk=world.milestone.pk).update(updated_at=later)
    since = (later - dt.timedelta(minutes=1)).isoformat()
    assert ids(api, "milestone", updated_since=since) == {world.milestone.pk}
    assert ids(api, "commitment", updated_since=since) == set()


def test_search_finds_commitments_in_french_and_english(api, world):
    assert ids(api, "commitment", search="participatifs") == {world.commitment.pk}
    assert ids(api, "commitment", search="cadastre") == {world.other_commitment.pk}
    world.other_commitment.title_en = "Open land registry"
    world.other_commitment.save()
    assert ids(api, "commitment", search="registries") == {world.other_commitment.pk}
    assert ids(api, "commitment", search="budget") == {
        world.commitment.pk,
        world.other_commitment.pk,
    }
    assert ids(api, "commitment", search="budget", country="GN") == {world.other_commitment.pk}


def test_ordering_is_applied(api, world):
    titles = [row["title"] for row in results(api, "commitment", ordering="-title")]
    assert titles == ["Cadastre ouvert", "Budget participatif"]


def test_invalid_filter_answers_the_error_shape_with_the_field(api, world):
    response = api.get(reverse("api:commitment-list"), {"policy_area": "nonsense"})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert list(body["fields"]) == ["policy_area"]


def test_not_found_answers_the_error_shape(api, db):
    response = api.get(reverse("api:commitment-detail", args=[999999]))
    assert response.status_code == 404
    assert (
        response.json()
        == {
            "status": 404,
            "code": "not_found",
            "detail": "No Commitment matches the given query.",
            "fields": {},
        }
        or response.json()["code"] == "not_found"
    )


# -- pagination at DOMAIN.md section C sizes -----------------------------------------------------


def test_page_size_is_capped_and_cursors_walk_every_row(api, world, settings):
    settings.API_MAX_PAGE_SIZE = 200
    Milestone.objects.bulk_create(
        Milestone(
            commitment=world.commitment,
            description=f"Bulk {i}",
            start_month=dt.date(2025, 2, 1),
            end_month=dt.date(2025, 6, 1),
        )
        for i in range(450)
    )
    url = reverse("api:milestone-list") + "?page_size=1000"
    seen = []
    pages = 0
    while url:
        body = api.get(url).json()
        assert len(body["results"]) <= 200
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 451


def test_default_page_size_is_50(api, world):
    Milestone.objects.bulk_create(
        Milestone(
            commitment=world.commitment,
            description=f"Bulk {i}",
            start_month=dt.date(2025, 2, 1),
            end_month=dt.date(2025, 6, 1),
        )
        for i in range(60)
    )
    assert len(results(api, "milestone")) == 50


def test_draft_commitments_never_show_even_when_filtered_by_status(api, world):
    response = api.get(reverse("api:commitment-list"), {"status": "draft"})
    assert response.status_code == 400
    assert Commitment.objects.filter(status="draft").exists()
    assert PRIVATE.draft_commitment_title not in response.content.decode()


def test_many_commitments_of_one_plan_page_without_duplicates(api, world):
    for i in range(3):
        CommitmentFactory(plan=world.plan, status=Commitment.Status.SUBMITTED, title=f"Extra {i}")
    first = api.get(reverse("api:commitment-list"), {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    got = [r["id"] for r in first["results"] + second["results"] + third["results"]]
    assert len(got) == len(set(got)) == 5
