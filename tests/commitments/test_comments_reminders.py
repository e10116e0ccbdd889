"""R25: moderating and answering comments; R23: reminder e-mails, sent once."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from commitments.models import Comment, QuarterlyUpdate, SentReminder
from commitments.reminders import reminders_due, update_reminders_send
from commitments.tasks import update_reminders_task
from log_portal.quarters import Quarter
from tests.commitments.factories import CommentFactory, QuarterlyUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(world):
    update = QuarterlyUpdateFactory(commitment=world.commitment, status="submitted")
    return CommentFactory(update=update)


def _moderate(client, comment, **data):
    return client.post(reverse("commitments:comment-moderate", kwargs={"pk": comment.pk}), data)


def test_r25_the_point_of_contact_approves_a_comment(client, world, comment):
    client.force_login(world.pc)
    _moderate(client, comment, action="approve")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == world.pc


def test_r25_the_point_of_contact_rejects_a_comment(client, world, comment):
    client.force_login(world.pc)
    _moderate(client, comment, action="reject")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED


def test_r25_a_reply_is_published_and_approves_the_comment(client, world, comment):
    client.force_login(world.pc)
    page = reverse("commitments:comments", kwargs={"commune_pk": world.commune.pk})
    response = _moderate(
        client, comment, action="reply", next=page, **{f"r{comment.pk}-reply": "Thank you."}
    )
    assert (response.status_code, response["Location"]) == (302, page)
    comment.refresh_from_db()
    assert (comment.reply, comment.status, comment.replied_by) == (
        "Thank you.",
        Comment.Status.APPROVED,
        world.pc,
    )


def _comments_url(world, **query) -> str:
    url = reverse("commitments:comments", kwargs={"commune_pk": world.commune.pk})
    return f"{url}?{urlencode(query)}" if query else url


def test_r25_an_empty_reply_shows_the_page_again_with_the_error_beside_the_field(
    client, world, comment
):
    # given: the point of contact on the comments page
    client.force_login(world.pc)
    page = _comments_url(world)
    # when: they publish a blank reply
    response = _moderate(
        client, comment, action="reply", next=page, **{f"r{comment.pk}-reply": "  \n "}
    )
    # then: the same page, the error in the comment's reply field, what was typed kept
    assert response.status_code == 400
    html = response.content.decode()
    assert comment.body in html
    field = html.index(f'id="id_r{comment.pk}-reply"')
    errors = html.index(f'id="id_r{comment.pk}-reply_errors"')
    assert 0 < field < errors < html.index('value="reply"', field)
    assert "This field is required." in html[errors:]
    assert f'id="id_r{comment.pk}-reply">\n  \n </textarea>' in html
    assert 'class="message' not in html  # beside the field, not at the top
    # the next post goes back to the comments page, not to this address
    assert f'name="next" value="{page}"' in html
    # and nothing is saved
    comment.refresh_from_db()
    assert (comment.reply, comment.status, comment.replied_by) == ("", Comment.Status.PENDING, None)


def test_r25_an_empty_reply_on_a_later_page_shows_that_page_again(client, world, comment):
    # given: 20 newer comments push the comment to page 2
    CommentFactory.create_batch(20, update=comment.update)
    client.force_login(world.pc)
    # when
    response = _moderate(
        client,
        comment,
        action="reply",
        next=_comments_url(world, page=2),
        **{f"r{comment.pk}-reply": ""},
    )
    # then
    assert response.status_code == 400
    assert f'id="id_r{comment.pk}-reply_errors"' in response.content.decode()
    assert response.context["page_obj"].number == 2


def test_r25_an_empty_reply_sent_from_elsewhere_is_a_message(client, world, comment):
    """Another page (or one no longer showing the comment) cannot show the field: a message."""
    client.force_login(world.pc)
    dashboard = reverse("commitments:dashboard", kwargs={"commune_pk": world.commune.pk})
    response = _moderate(
        client, comment, action="reply", next=dashboard, **{f"r{comment.pk}-reply": " "}
    )
    assert response.status_code == 302
    assert response["Location"] == dashboard
    shown = client.get(dashboard).content.decode()
    assert "message-error" in shown
    assert "This field is required." in shown
    comment.refresh_from_db()
    assert comment.reply == ""


def test_r25_a_reply_to_a_rejected_comment_is_refused_with_a_message(client, world, comment):
    client.force_login(world.pc)
    _moderate(client, comment, action="reject")
    page = _comments_url(world)
    response = _moderate(
        client, comment, action="reply", next=page, **{f"r{comment.pk}-reply": "Thanks."}
    )
    assert response.status_code == 302
    assert "approve it first" in client.get(page).content.decode()
    comment.refresh_from_db()
    assert (comment.reply, comment.status) == ("", Comment.Status.REJECTED)


def test_r25_the_moderation_address_opened_leads_back_to_the_comments(client, world, comment):
    """The language switch of a page showing a refused reply comes back to this address."""
    client.force_login(world.pc)
    url = reverse("commitments:comment-moderate", kwargs={"pk": comment.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == _comments_url(world)
    client.force_login(world.other_pc)
    assert client.get(url).status_code == 404


def test_r25_another_communes_point_of_contact_gets_404(client, world, comment):
    client.force_login(world.other_pc)
    assert _moderate(client, comment, action="approve").status_code == 404
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_r25_a_volunteer_does_not_moderate(client, world, comment):
    client.force_login(world.volunteer)
    assert _moderate(client, comment, action="approve").status_code == 404
    url = reverse("commitments:comments", kwargs={"commune_pk": world.commune.pk})
    assert client.get(url).status_code == 404


def test_r25_comment_list_and_dashboard_show_comments_awaiting_a_reply(client, world, comment):
    client.force_login(world.pc)
    page = client.get(reverse("commitments:comments", kwargs={"commune_pk": world.commune.pk}))
    assert comment.body in page.content.decode()
    dashboard = client.get(
        reverse("commitments:dashboard", kwargs={"commune_pk": world.commune.pk})
    )
    assert comment.author_name in dashboard.content.decode()
    assert comment.author_email not in dashboard.content.decode()


def test_comment_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    update = QuarterlyUpdateFactory(commitment=world.commitment, status="submitted")
    CommentFactory(update=update)
    client.force_login(world.pc)
    url = reverse("commitments:comments", kwargs={"commune_pk": world.commune.pk})
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    CommentFactory.create_batch(15, update=update)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# -- reminders (R23) ------------------------------------------------------------------------------


def test_r23_reminders_due_two_weeks_before_the_end_and_on_the_grace_last_day(settings):
    settings.UPDATE_GRACE_DAYS = 15
    assert reminders_due(dt.date(2025, 3, 17)) == [("before_end", Quarter(2025, 1))]
    assert reminders_due(dt.date(2025, 3, 16)) == []
    assert reminders_due(dt.date(2025, 4, 15)) == [("grace_last_day", Quarter(2025, 1))]
    assert reminders_due(dt.date(2025, 4, 14)) == []


def test_r23_before_end_reminder_goes_once_to_the_point_of_contact_and_the_volunteer(world):
    quarter = Quarter(2025, 1)
    sent = update_reminders_send(on=dt.date(2025, 3, 17))
    assert sent >= 2
    recipients = {m.to[0] for m in mail.outbox}
    assert {world.pc.email, world.volunteer.email} <= recipients
    # run again (same day, next day): nothing more
    assert update_reminders_send(on=dt.date(2025, 3, 17)) == 0
    assert update_reminders_send(on=dt.date(2025, 3, 18)) == 0
    assert SentReminder.objects.filter(user=world.pc, year=quarter.year, quarter=1).count() == 1
    assert sum(1 for m in mail.outbox if m.to == [world.pc.email]) == 1


def test_r23_grace_reminder_only_when_nothing_was_filed(world, settings):
    settings.UPDATE_GRACE_DAYS = 15
    QuarterlyUpdateFactory(
        commitment=world.commitment, year=2025, quarter=1, status=QuarterlyUpdate.Status.SUBMITTED
    )
    update_reminders_send(on=dt.date(2025, 4, 15))
    recipients = {m.to[0] for m in mail.outbox}
    assert world.pc.email not in recipients
    assert world.other_pc.email in recipients


def test_r23_reminder_task_runs_for_a_date(world):
    result = update_reminders_task.run(on="2025-03-20")
    assert result["sent"] >= 2
    assert update_reminders_task.run(on="2025-03-20")["sent"] == 0
