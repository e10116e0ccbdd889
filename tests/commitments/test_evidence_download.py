"""R24, R41, R43: evidence files in the workspace, restricted ones included, for the people of
the commitment's (or plan's) commune only, always as a download."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from commitments.models import QuarterlyUpdate
from tests.action_plans.factories import CoCreationMeetingFactory
from tests.api.factories import PDF, EvidenceFactory
from tests.commitments.factories import QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db


def _url(evidence) -> str:
    return reverse("commitments:evidence-file", kwargs={"pk": evidence.pk})


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def _restricted(**target):
    return EvidenceFactory(is_public=False, title="Budget draft", **target)


@pytest.mark.parametrize("role", ["pc", "volunteer", "staff"])
def test_r24_the_communes_people_download_its_restricted_evidence(client, world, role):
    # given restricted evidence on the commune's commitment
    evidence = _restricted(commitment=world.commitment)
    client.force_login(getattr(world, role))

    # when they open its file
    response = client.get(_url(evidence))

    # then it is a download, never rendered inline
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="minutes.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert _content(response) == PDF


@pytest.mark.parametrize("role", ["other_pc", "monitor"])
def test_r24_another_communes_people_get_404(client, world, role):
    # given restricted evidence of the commune, and someone who works elsewhere
    evidence = _restricted(commitment=world.commitment)
    client.force_login(getattr(world, role))

    # then it answers exactly like a missing one
    assert client.get(_url(evidence)).status_code == 404
    assert client.get(_url(evidence).replace(str(evidence.pk), "999999")).status_code == 404


def test_r24_anonymous_users_are_sent_to_the_login_page(client, world):
    evidence = _restricted(commitment=world.commitment)

    response = client.get(_url(evidence))

    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse(settings.LOGIN_URL)


@pytest.mark.parametrize("target", ["milestone", "update", "meeting", "plan"])
def test_r24_evidence_of_each_target_follows_its_commitment_or_plan(client, world, target):
    # given restricted evidence on a milestone, an update, a meeting or the plan of the commune
    targets = {
        "milestone": lambda: world.milestone,
        "update": lambda: QuarterlyUpdateFactory(
            commitment=world.commitment,
            year=world.quarter.year,
            quarter=world.quarter.number,
            author=world.pc,
        ),
        "meeting": lambda: CoCreationMeetingFactory(plan=world.plan),
        "plan": lambda: world.plan,
    }
    evidence = _restricted(commitment=None, **{target: targets[target]()})

    # then the commune's point of contact downloads it, the other commune's does not
    client.force_login(world.pc)
    assert client.get(_url(evidence)).status_code == 200
    client.force_login(world.other_pc)
    assert client.get(_url(evidence)).status_code == 404


def test_r24_a_link_has_no_file_to_download(client, world):
    evidence = EvidenceFactory(commitment=world.commitment, is_public=False, link=True)
    client.force_login(world.pc)

    assert client.get(_url(evidence)).status_code == 404


def test_r24_restricted_evidence_is_never_public(client, world):
    # given restricted evidence on a public commitment
    evidence = _restricted(commitment=world.commitment)
    public = EvidenceFactory(commitment=world.commitment)

    # then neither the public site nor the API serves it, while they serve the public one
    for name in ("public:evidence", "api:evidence-download"):
        assert client.get(reverse(name, kwargs={"pk": evidence.pk})).status_code == 404, name
        assert client.get(reverse(name, kwargs={"pk": public.pk})).status_code == 200, name
    # and the workspace route asks anonymous users to log in
    assert client.get(_url(evidence)).status_code == 302


def test_r24_the_quarterly_update_form_links_its_evidence_to_the_download(client, world):
    # given a draft update with a restricted file and a link
    update = QuarterlyUpdateFactory(
        commitment=world.commitment,
        year=world.quarter.year,
        quarter=world.quarter.number,
        author=world.pc,
        status=QuarterlyUpdate.Status.DRAFT,
    )
    file = _restricted(commitment=None, update=update)
    link = EvidenceFactory(
        commitment=None, update=update, link=True, title="Published minutes", is_public=True
    )
    client.force_login(world.pc)

    # when the point of contact opens the quarter's form
    response = client.get(
        reverse(
            "commitments:quarter-update",
            kwargs={
                "commune_pk": world.commune.pk,
                "year": world.quarter.year,
                "quarter": world.quarter.number,
            },
        )
    )

    # then the file links to the workspace download, the link to its address, never to /media/
    html = response.content.decode()
    assert f'href="{_url(file)}"' in html
    assert f'href="{link.url}"' in html
    assert settings.MEDIA_URL not in html
    assert "restricted" in html


def test_r24_the_plan_page_links_each_meetings_documents(client, world):
    meeting = CoCreationMeetingFactory(plan=world.plan, held_on=timezone.localdate())
    minutes = _restricted(commitment=None, meeting=meeting)
    client.force_login(world.volunteer)

    response = client.get(reverse("commitments:plan", kwargs={"pk": world.plan.pk}))

    html = response.content.decode()
    assert f'href="{_url(minutes)}"' in html
    assert settings.MEDIA_URL not in html


def test_r24_the_workspace_plan_page_lists_a_commitments_restricted_evidence(client, world):
    # given restricted evidence on the commune's commitment
    evidence = _restricted(commitment=world.commitment)
    client.force_login(world.pc)

    # when the point of contact opens the plan in the workspace
    page = client.get(reverse("commitments:plan", kwargs={"pk": world.commitment.plan_id}))

    # then it is listed, marked restricted, with its download link
    assert page.status_code == 200
    assert _url(evidence) in page.text
    assert "Budget draft" in page.text
