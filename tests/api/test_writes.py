"""R23, R24, R26, R41-R43: authenticated writes through the same services as the web forms."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import Evidence, Milestone, QuarterlyUpdate
from log_portal.quarters import Quarter
from monitoring.models import Assessment
from tests.api.factories import PDF
from tests.communes.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def now_quarter() -> Quarter:
    return Quarter.containing(timezone.localdate())


def as_user(api, user):
    """Authenticate with the user's own API token, as an outside tool would."""
    token, _ = Token.objects.get_or_create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def draft_payload(world, period, **extra):
    return {
        "commitment": world.commitment.pk,
        "year": period.year,
        "quarter": period.number,
        "progress": "Budget published on the notice board.",
        "completion_level": "limited",
        "milestone_statuses": {str(world.milestone.pk): "in_progress"},
        **extra,
    }


def count_updates():
    return QuarterlyUpdate.objects.count()


# -- quarterly updates ---------------------------------------------------------------------------


def test_point_of_contact_saves_a_draft_that_stays_private(api, world, now_quarter):
    response = as_user(api, world.pc).post(
        reverse("api:update-list"), draft_payload(world, now_quarter), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["milestone_updates"] == [
        {
            "milestone": world.milestone.pk,
            "previous_status": "not_started",
            "new_status": "in_progress",
        }
    ]
    update = QuarterlyUpdate.objects.get(pk=body["id"])
    assert update.author == world.pc
    # the draft is not public
    public = APIClient().get(reverse("api:update-detail", args=[update.pk]))
    assert public.status_code == 404


def test_saving_again_changes_the_same_draft(api, world, now_quarter):
    client = as_user(api, world.pc)
    first = client.post(
        reverse("api:update-list"), draft_payload(world, now_quarter), format="json"
    )
    second = client.post(
        reverse("api:update-list"),
        draft_payload(world, now_quarter, progress="More", version=first.json()["version"]),
        format="json",
    )
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert QuarterlyUpdate.objects.get(pk=first.json()["id"]).progress == "More"


def test_a_stale_version_is_refused_on_the_version_field(api, world, now_quarter):
    client = as_user(api, world.pc)
    client.post(reverse("api:update-list"), draft_payload(world, now_quarter), format="json")
    response = client.post(
        reverse("api:update-list"),
        draft_payload(world, now_quarter, progress="Overwrite", version=0),
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["version"]
    assert (
        QuarterlyUpdate.objects.get(
            commitment=world.commitment, year=now_quarter.year, quarter=now_quarter.number
        ).progress
        == "Budget published on the notice board."
    )


def test_point_of_contact_submits_the_update_which_becomes_public(api, world, now_quarter):
    client = as_user(api, world.pc)
    draft = client.post(
        reverse("api:update-list"), draft_payload(world, now_quarter), format="json"
    ).json()
    response = client.post(reverse("api:update-submit", args=[draft["id"]]), {}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    world.milestone.refresh_from_db()
    assert world.milestone.status == Milestone.Status.IN_PROGRESS
    public = APIClient().get(reverse("api:update-detail", args=[draft["id"]]))
    assert public.status_code == 200


def test_submitting_without_progress_is_refused_with_the_reason(api, world, now_quarter):
    client = as_user(api, world.pc)
    draft = client.post(
        reverse("api:update-list"),
        draft_payload(world, now_quarter, progress="", completion_level=""),
        format="json",
    ).json()
    response = client.post(reverse("api:update-submit", args=[draft["id"]]), {}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "Before submitting the update" in body["fields"]["non_field_errors"][0]
    assert QuarterlyUpdate.objects.get(pk=draft["id"]).status == "draft"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"year": None}, "year"),
        ({"quarter": 5}, "quarter"),
        ({"completion_level": "half"}, "completion_level"),
        ({"milestone_statuses": {"abc": "complete"}}, "milestone_statuses"),
        ({"milestone_statuses": {"1": "flying"}}, "milestone_statuses.1"),
    ],
)
def test_invalid_input_is_refused_field_by_field(api, world, now_quarter, change, field):
    payload = {
        k: v for k, v in {**draft_payload(world, now_quarter), **change}.items() if v is not None
    }
    before = count_updates()
    response = as_user(api, world.pc).post(reverse("api:update-list"), payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert count_updates() == before


def test_a_quarter_outside_its_window_is_refused_with_the_reason(api, world, now_quarter):
    before = count_updates()
    future = now_quarter.next()
    response = as_user(api, world.pc).post(
        reverse("api:update-list"),
        draft_payload(world, now_quarter, year=future.year, quarter=future.number),
        format="json",
    )
    assert response.status_code == 400
    assert "(R23)" in response.json()["fields"]["non_field_errors"][0]
    assert count_updates() == before


@pytest.mark.parametrize(
    ("who", "draft_code", "submit_code"),
    [
        ("pc", 201, 200),
        ("volunteer", 201, 403),
        ("other_pc", 404, 404),
        ("stranger", 404, 404),
        ("anonymous", 401, 401),
        ("revoked", 401, 401),
    ],
)
def test_update_permission_matrix(api, world, now_quarter, who, draft_code, submit_code):
    # given a draft of the commune, filed by its point of contact
    existing = (
        as_user(APIClient(), world.pc)
        .post(
            reverse("api:update-list"),
            draft_payload(world, now_quarter),
            format="json",
        )
        .json()
    )
    client = APIClient()
    if who == "pc":
        as_user(client, world.pc)
    elif who == "volunteer":
        as_user(client, world.volunteer_user)
    elif who == "other_pc":
        as_user(client, world.other_pc)
    elif who == "stranger":
        as_user(client, UserFactory())
    elif who == "revoked":
        user = UserFactory()
        as_user(client, user)
        Token.objects.filter(user=user).delete()
    before = QuarterlyUpdate.objects.get(pk=existing["id"])
    # when the user saves the draft and submits it
    saved = client.post(
        reverse("api:update-list"),
        draft_payload(world, now_quarter, progress="Changed", version=before.version),
        format="json",
    )
    submitted = client.post(reverse("api:update-submit", args=[existing["id"]]), {}, format="json")
    # then
    assert saved.status_code == (200 if draft_code == 201 else draft_code)
    assert submitted.status_code == submit_code
    after = QuarterlyUpdate.objects.get(pk=existing["id"])
    if draft_code >= 400:
        assert after.progress == before.progress
    if submit_code >= 400:
        assert after.status == "draft"
    assert (
        set(saved.json()) >= {"id"}
        if saved.status_code < 400
        else set(saved.json())
        == {
            "status",
            "code",
            "detail",
            "fields",
        }
    )


def test_session_login_works_and_needs_the_csrf_token(world, now_quarter):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.pc)
    refused = client.post(
        reverse("api:update-list"), draft_payload(world, now_quarter), format="json"
    )
    assert refused.status_code == 403
    assert count_updates() == 2
    client.get(reverse("api:tokens"))
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        reverse("api:update-list"),
        draft_payload(world, now_quarter),
        format="json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert accepted.status_code == 201


# -- evidence ------------------------------------------------------------------------------------


def evidence_payload(world, **extra):
    return {
        "target_type": "commitment",
        "target_id": world.commitment.pk,
        "kind": "minutes",
        "title": "Minutes of the forum",
        "dated": "2025-03-10",
        "file": SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
        **extra,
    }


def test_point_of_contact_uploads_evidence(api, world):
    response = as_user(api, world.pc).post(
        reverse("api:evidence-list"), evidence_payload(world, is_public=False), format="multipart"
    )
    assert response.status_code == 201, response.json()
    evidence = Evidence.objects.get(pk=response.json()["id"])
    assert evidence.uploaded_by == world.pc
    assert evidence.content_type == "application/pdf"
    assert not evidence.is_public


def test_a_link_can_be_given_instead_of_a_file(api, world):
    payload = evidence_payload(world, target_type="milestone", target_id=world.milestone.pk)
    payload.pop("file")
    payload["url"] = "https://example.org/photos"
    response = as_user(api, world.pc).post(reverse("api:evidence-list"), payload, format="json")
    assert response.status_code == 201, response.json()
    assert Evidence.objects.get(pk=response.json()["id"]).milestone == world.milestone


def test_an_html_file_is_refused_on_the_file_field(api, world):
    before = Evidence.objects.count()
    payload = evidence_payload(
        world, file=SimpleUploadedFile("page.pdf", b"<html><script>x</script></html>")
    )
    response = as_user(api, world.pc).post(
        reverse("api:evidence-list"), payload, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()["fields"]
    assert Evidence.objects.count() == before


def test_a_file_and_a_link_together_are_refused(api, world):
    before = Evidence.objects.count()
    payload = evidence_payload(world, url="https://example.org/x")
    response = as_user(api, world.pc).post(
        reverse("api:evidence-list"), payload, format="multipart"
    )
    assert response.status_code == 400
    assert Evidence.objects.count() == before


@pytest.mark.parametrize(
    ("who", "code"),
    [("pc", 201), ("volunteer", 201), ("other_pc", 404), ("anonymous", 401), ("revoked", 401)],
)
def test_evidence_permission_matrix(api, world, who, code):
    if who in ("pc", "volunteer", "other_pc"):
        as_user(
            api,
            {"pc": world.pc, "volunteer": world.volunteer_user, "other_pc": world.other_pc}[who],
        )
    elif who == "revoked":
        user = world.pc
        as_user(api, user)
        Token.objects.filter(user=user).delete()
    before = Evidence.objects.count()
    response = api.post(reverse("api:evidence-list"), evidence_payload(world), format="multipart")
    assert response.status_code == code
    assert Evidence.objects.count() == before + (1 if code == 201 else 0)


def test_evidence_on_another_communes_update_is_not_found(api, world):
    response = as_user(api, world.other_pc).post(
        reverse("api:evidence-list"),
        evidence_payload(world, target_type="update", target_id=world.update.pk),
        format="multipart",
    )
    assert response.status_code == 404


# -- assessments ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "code"), [("member", 200), ("pc", 404), ("anonymous", 401), ("revoked", 401)]
)
def test_assessment_submission_permission_matrix(api, world, who, code):
    if who == "member":
        as_user(api, world.member)
    elif who == "pc":
        as_user(api, world.pc)
    elif who == "revoked":
        as_user(api, world.member)
        Token.objects.filter(user=world.member).delete()
    url = reverse("api:assessment-submit", args=[world.draft_assessment.pk])
    response = api.post(url, {"note": "Done"}, format="json")
    assert response.status_code == code, response.json()
    world.draft_assessment.refresh_from_db()
    expected = Assessment.Status.SUBMITTED if code == 200 else Assessment.Status.IN_REPLY
    assert world.draft_assessment.status == expected
    if code == 200:
        assert response.json()["status"] == "submitted"
        assert world.draft_assessment.submitted_by == world.member


def test_submitting_a_submitted_assessment_is_refused_with_the_reason(api, world):
    response = as_user(api, world.member).post(
        reverse("api:assessment-submit", args=[world.assessment.pk]), {}, format="json"
    )
    assert response.status_code == 400
    assert "cannot go from" in response.json()["fields"]["non_field_errors"][0]


# -- tokens --------------------------------------------------------------------------------------


def test_a_user_creates_and_revokes_their_token(client, world):
    client.force_login(world.pc)
    page = client.get(reverse("api:tokens"))
    assert page.status_code == 200
    assert "You have no API token." in page.content.decode()
    client.post(reverse("api:tokens"), {"action": "create"})
    token = Token.objects.get(user=world.pc)
    assert token.key in client.get(reverse("api:tokens")).content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    evidence = evidence_payload(world)
    assert api.post(reverse("api:evidence-list"), evidence, format="multipart").status_code == 201
    # when the user revokes it, the token no longer works
    client.post(reverse("api:tokens"), {"action": "revoke"})
    assert not Token.objects.filter(user=world.pc).exists()
    evidence = evidence_payload(world)
    assert api.post(reverse("api:evidence-list"), evidence, format="multipart").status_code == 401


def test_the_token_page_needs_a_login(client, db):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
