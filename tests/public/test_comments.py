"""R25: anonymous comments on published updates: moderation, honeypot, rate limit, escaping."""

import pytest
from django.urls import reverse

from commitments import services
from commitments.models import Comment
from log_portal.errors import ApplicationError

pytestmark = pytest.mark.django_db


def post(client, update, **overrides):
    prefix = f"c{update.pk}-"
    data = {
        "author_name": "Moussa",
        "author_email": "moussa.private@example.org",
        "body": "Où en est la formation des élus ?",
        "website": "",
    }
    data.update(overrides)
    return client.post(
        reverse("public:comment-create", args=[update.pk]),
        {prefix + k: v for k, v in data.items()},
    )


def test_a_comment_waits_for_moderation_and_its_email_is_never_shown(client, world):
    # when
    response = post(client, world.update)

    # then: stored as pending, not shown yet
    assert response.status_code == 302
    comment = Comment.objects.get(author_name="Moussa")
    assert comment.status == Comment.Status.PENDING
    assert comment.ip_hash
    assert "127.0.0.1" not in comment.ip_hash
    page = client.get(response["Location"])
    assert "Où en est la formation" not in page.text
    assert "moderated" in page.text or "modér" in page.text

    # when: approved by the commune
    comment.status = Comment.Status.APPROVED
    comment.save()

    # then: shown, without the e-mail
    page = client.get(reverse("public:commitment", args=[world.commitment.pk]))
    assert "Où en est la formation des élus ?" in page.text
    assert "moussa.private@example.org" not in page.text


def test_markup_in_a_comment_is_escaped(client, world):
    page = client.get(reverse("public:commitment", args=[world.commitment.pk]))

    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_commune_reply_is_shown_under_the_comment(client, world):
    page = client.get(reverse("public:commitment", args=[world.commitment.pk]))

    assert page.text.index("Bravo") < page.text.index("Merci, la mairie.")


def test_the_honeypot_stores_nothing(client, world):
    before = Comment.objects.count()

    response = post(client, world.update, website="http://spam.example")

    assert response.status_code == 302
    assert Comment.objects.count() == before


def test_an_invalid_comment_keeps_what_was_typed_and_stores_nothing(client, world):
    before = Comment.objects.count()

    response = post(client, world.update, author_email="not-an-email")

    assert response.status_code == 400
    assert Comment.objects.count() == before
    assert "Où en est la formation des élus ?" in response.text
    assert 'class="field-errors"' in response.text


def test_the_rate_limit_refuses_a_sixth_comment_in_an_hour(client, world):
    for n in range(services.COMMENT_RATE_LIMIT):
        assert post(client, world.update, body=f"Question {n}").status_code == 302
    before = Comment.objects.count()

    response = post(client, world.update, body="Encore une")

    assert response.status_code == 400
    assert Comment.objects.count() == before


def test_a_draft_update_cannot_be_commented(client, world):
    before = Comment.objects.count()

    response = post(client, world.draft_update)

    assert response.status_code == 404
    assert Comment.objects.count() == before


def test_comment_post_refuses_a_draft_update(world):
    with pytest.raises(ApplicationError):
        services.comment_post(
            update=world.draft_update,
            author_name="A",
            author_email="a@example.org",
            body="x",
            ip="10.0.0.1",
        )
    assert not Comment.objects.filter(update=world.draft_update).exists()


def test_comment_rate_limited_counts_per_address(db):
    for _ in range(services.COMMENT_RATE_LIMIT):
        assert services.comment_rate_limited(ip="10.0.0.1") is False

    assert services.comment_rate_limited(ip="10.0.0.1") is True
    assert services.comment_rate_limited(ip="10.0.0.2") is False


def test_a_get_on_the_comment_url_is_refused(client, world):
    response = client.get(reverse("public:comment-create", args=[world.update.pk]))

    assert response.status_code == 405
