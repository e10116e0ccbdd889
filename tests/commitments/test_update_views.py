"""R23, R24: the quarterly update form in the workspace (no JavaScript needed)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Evidence, Milestone, QuarterlyUpdate
from tests.commitments.workspace import PDF

pytestmark = pytest.mark.django_db


def _url(w, quarter=None):
    quarter = quarter or w.quarter
    return reverse(
        "commitments:quarter-update",
        kwargs={"commune_pk": w.commune.pk, "year": quarter.year, "quarter": quarter.number},
    )


def _data(w, form_token="t1", version=0, **extra):  # noqa: S107 - a form token, not a password
    prefix = f"c{w.commitment.pk}"
    data = {
        "form_token": form_token,
        f"{prefix}-version": str(version),
        f"{prefix}-progress": "Budget published online.",
        f"{prefix}-delay_reasons": "",
        f"{prefix}-next_steps": "Hold a public meeting.",
        f"{prefix}-completion_level": "limited",
        f"{prefix}-milestone_{w.milestone.pk}": Milestone.Status.IN_PROGRESS,
        f"e{w.commitment.pk}-kind": Evidence.Kind.OTHER,
        f"e{w.commitment.pk}-is_public": "on",
    }
    data.update(extra)
    return data


def test_login_lands_a_point_of_contact_on_the_dashboard(client, world):
    response = client.post(
        reverse("login"), {"username": world.pc.email, "password": "pw"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(
        "commitments:dashboard", kwargs={"commune_pk": world.commune.pk}
    )
    assert str(world.quarter) in response.content.decode()


def test_dashboard_shows_what_is_due_and_by_when(client, world):
    client.force_login(world.pc)
    response = client.get(reverse("commitments:dashboard", kwargs={"commune_pk": world.commune.pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert world.commitment.title in body
    assert _url(world) in body
    assert world.other_commitment.title not in body


def test_r23_the_form_covers_each_open_commitment(client, world):
    client.force_login(world.pc)
    response = client.get(_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'name="c{world.commitment.pk}-progress"' in body
    assert f'name="c{world.commitment.pk}-milestone_{world.milestone.pk}"' in body
    assert 'name="submit"' in body


def test_r23_save_draft_then_finish_later(client, world):
    client.force_login(world.pc)
    response = client.post(_url(world), _data(world) | {"save": "1"})
    assert response.status_code == 302
    update = QuarterlyUpdate.objects.get()
    assert update.status == QuarterlyUpdate.Status.DRAFT
    assert update.progress == "Budget published online."
    # later: the form shows the draft and its version
    page = client.get(_url(world)).content.decode()
    assert "Budget published online." in page
    assert f'name="c{world.commitment.pk}-version" value="{update.version}"' in page


def test_the_same_post_twice_creates_one_update(client, world):
    client.force_login(world.pc)
    data = _data(world) | {"save": "1"}
    client.post(_url(world), data)
    retry = client.post(_url(world), data)
    assert retry.status_code == 302
    assert QuarterlyUpdate.objects.count() == 1
    assert QuarterlyUpdate.objects.get().version == 1


def test_r23_submit_publishes_the_update(client, world):
    client.force_login(world.pc)
    response = client.post(_url(world), _data(world) | {"submit": "1"})
    assert response.status_code == 302
    update = QuarterlyUpdate.objects.get()
    assert update.status == QuarterlyUpdate.Status.SUBMITTED
    assert update.submitted_by == world.pc
    world.milestone.refresh_from_db()
    assert world.milestone.status == Milestone.Status.IN_PROGRESS


def test_submitting_the_same_post_twice_publishes_once(client, world):
    client.force_login(world.pc)
    data = _data(world) | {"submit": "1"}
    client.post(_url(world), data)
    client.post(_url(world), data)
    assert QuarterlyUpdate.objects.filter(status="submitted").count() == 1
    assert QuarterlyUpdate.objects.get().milestone_updates.count() == 1


def test_a_stale_save_is_refused_with_a_message_and_the_input_kept(client, world):
    # given someone else saved the update since this form was opened (at version 0)
    client.force_login(world.pc)
    client.post(_url(world), _data(world, form_token="a") | {"save": "1"})
    # when this second person saves their own text with the stale version
    response = client.post(
        _url(world),
        _data(world, form_token="b", **{f"c{world.commitment.pk}-progress": "My other text"})
        | {"save": "1"},
    )
    # then it is refused, their text is shown again, the first save is kept
    assert response.status_code == 400
    body = response.content.decode()
    assert "Someone else saved this form" in body
    assert "My other text" in body
    assert QuarterlyUpdate.objects.get().progress == "Budget published online."


def test_r24_an_upload_is_saved_with_the_update(client, world):
    client.force_login(world.pc)
    data = _data(world) | {
        "save": "1",
        f"e{world.commitment.pk}-file": SimpleUploadedFile("minutes.pdf", PDF),
        f"e{world.commitment.pk}-title": "Minutes",
        f"e{world.commitment.pk}-dated": "2025-01-10",
    }
    response = client.post(_url(world), data)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.update == QuarterlyUpdate.objects.get()


def test_r24_a_failed_upload_keeps_the_rest_of_the_form(client, world):
    client.force_login(world.pc)
    data = _data(world) | {
        "save": "1",
        f"e{world.commitment.pk}-file": SimpleUploadedFile("page.pdf", b"<html><svg></svg>"),
        f"e{world.commitment.pk}-title": "Bad file",
        f"e{world.commitment.pk}-dated": "2025-01-10",
    }
    response = client.post(_url(world), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "not accepted as evidence" in body
    assert "Bad file" in body
    assert not Evidence.objects.exists()
    # the text of the update is saved
    update = QuarterlyUpdate.objects.get()
    assert update.progress == "Budget published online."
    # and the form carries the new version, so the next save is not refused as stale
    assert f'name="c{world.commitment.pk}-version" value="{update.version}"' in body


def test_r23_a_quarter_outside_the_window_is_refused_with_the_reason(client, world):
    client.force_login(world.pc)
    old = world.quarter.previous().previous()
    response = client.post(_url(world, old), _data(world) | {"save": "1"})
    assert response.status_code == 400
    assert "can no longer be filed" in response.content.decode()
    assert not QuarterlyUpdate.objects.exists()


def test_r43_a_volunteer_saves_a_draft(client, world):
    client.force_login(world.volunteer)
    response = client.post(_url(world), _data(world) | {"save": "1"})
    assert response.status_code == 302
    assert QuarterlyUpdate.objects.get().author == world.volunteer


def test_r43_a_volunteer_cannot_submit(client, world):
    client.force_login(world.volunteer)
    page = client.get(_url(world)).content.decode()
    assert 'name="submit"' not in page
    response = client.post(_url(world), _data(world) | {"submit": "1"})
    assert response.status_code == 403
    assert not QuarterlyUpdate.objects.exists()


def test_r23_an_untouched_commitment_gets_no_empty_draft(client, world):
    from tests.commitments.factories import CommitmentFactory

    second = CommitmentFactory(
        plan=world.plan,
        commune=world.commune,
        start_date=world.commitment.start_date,
        end_date=world.commitment.end_date,
        status="ongoing",
        submitted_on=world.commitment.submitted_on,
    )
    client.force_login(world.pc)
    data = _data(world) | {f"c{second.pk}-version": "0", "submit": "1"}
    response = client.post(_url(world), data)
    assert response.status_code == 302, response.content.decode()
    assert list(QuarterlyUpdate.objects.values_list("commitment_id", "status")) == [
        (world.commitment.pk, "submitted")
    ]


def test_dashboard_query_count_does_not_grow_with_commitments(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.commitments.factories import CommitmentFactory

    client.force_login(world.pc)
    url = reverse("commitments:dashboard", kwargs={"commune_pk": world.commune.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        CommitmentFactory(
            plan=world.plan,
            commune=world.commune,
            start_date=world.commitment.start_date,
            end_date=world.commitment.end_date,
            status="ongoing",
            submitted_on=world.commitment.submitted_on,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_a_forgotten_password_is_reset_by_e_mail(client, world):
    import re

    from django.core import mail

    response = client.post(reverse("password_reset"), {"email": world.pc.email}, follow=True)
    assert response.status_code == 200
    (message,) = mail.outbox
    link = re.search(r"https?://[^/]+(/\S+)", message.body).group(1)
    form = client.get(link, follow=True)
    assert 'name="new_password1"' in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "A-long-new-pass-2026", "new_password2": "A-long-new-pass-2026"},
    )
    assert done.status_code == 302
    world.pc.refresh_from_db()
    assert world.pc.check_password("A-long-new-pass-2026")
