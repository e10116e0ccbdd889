"""R25: moderating and answering comments; R23: reminder e-mails, sent once."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

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
    _moderate(client, comment, action="reply", **{f"r{comment.pk}-reply": "Thank you."})
    comment.refresh_from_db()
    assert (comment.reply, comment.status, comment.replied_by) == (
        "Thank you.",
        Comment.Status.APPROVED,
        world.pc,
    )


def test_r25_an_empty_reply_is_refused(client, world, comment):
    client.force_login(world.pc)
    _moderate(client, comment, action="reply", **{f"r{comment.pk}-reply": "  "})
    comment.refresh_from_db()
    assert comment.reply == ""


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
