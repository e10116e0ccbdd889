"""R23: reminder e-mails for quarterly updates, sent once per person per reminder.

Two weeks before a quarter ends, everyone who files updates for a commune (point of contact,
volunteer in mission) is reminded; on the last day of the grace period, only those of communes
with a commitment still lacking its submitted update. A ``SentReminder`` row (unique per person,
kind and quarter) is written in the same transaction as the e-mail is sent: never twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from action_plans.permissions import workspace_people
from commitments.models import QuarterlyUpdate, SentReminder
from commitments.selectors import updatable_commitments
from communes.models import Commune
from log_portal.quarters import Quarter

# R23: the first reminder goes out this many days before the quarter's last day.
REMINDER_DAYS_BEFORE_END = 14


def reminders_due(on: dt.date) -> list[tuple[str, Quarter]]:
    """R23: the reminders that go out on ``on`` (a missed day is caught up until the quarter ends)."""
    due = []
    current = Quarter.containing(on)
    if current.end - dt.timedelta(days=REMINDER_DAYS_BEFORE_END) <= on <= current.end:
        due.append((SentReminder.Kind.BEFORE_END, current))
    previous = current.previous()
    if on == previous.grace_end(settings.UPDATE_GRACE_DAYS):
        due.append((SentReminder.Kind.GRACE_LAST_DAY, previous))
    return due


def _recipients(kind: str, quarter: Quarter) -> dict:
    """Each person to remind, with the communes concerned."""
    people: dict = defaultdict(list)
    communes = Commune.objects.members().select_related("point_of_contact")
    for commune in communes:
        commitments = list(updatable_commitments(commune))
        if not commitments:
            continue
        if kind == SentReminder.Kind.GRACE_LAST_DAY:
            filed = set(
                QuarterlyUpdate.objects.filter(
                    commitment__in=commitments,
                    year=quarter.year,
                    quarter=quarter.number,
                    status=QuarterlyUpdate.Status.SUBMITTED,
                ).values_list("commitment_id", flat=True)
            )
            if all(c.pk in filed for c in commitments):
                continue
        users = workspace_people(commune)
        for user in users:
            if commune not in people[user]:
                people[user].append(commune)
    return people


def _send_one(*, user, kind: str, quarter: Quarter, communes: list[Commune]) -> bool:
    try:
        with transaction.atomic():
            reminder, created = SentReminder.objects.get_or_create(
                user=user, kind=kind, year=quarter.year, quarter=quarter.number
            )
            if not created:
                return False
            reminder.communes.set(communes)
            language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
            with translation.override(language):
                context = {
                    "user": user,
                    "kind": kind,
                    "quarter": quarter,
                    "deadline": quarter.grace_end(settings.UPDATE_GRACE_DAYS),
                    "communes": communes,
                    "links": [
                        reverse(
                            "commitments:quarter-update",
                            kwargs={
                                "commune_pk": c.pk,
                                "year": quarter.year,
                                "quarter": quarter.number,
                            },
                        )
                        for c in communes
                    ],
                    "site_url": getattr(settings, "SITE_URL", ""),
                }
                subject = render_to_string("workspace/email/reminder_subject.txt", context)
                body = render_to_string("workspace/email/reminder.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
    except IntegrityError:
        # Another run sent it at the same moment.
        return False
    return True


def update_reminders_send(*, on: dt.date) -> int:
    """R23: send the reminders due on ``on``; returns how many e-mails were sent (0 when run again)."""
    sent = 0
    for kind, quarter in reminders_due(on):
        for user, communes in _recipients(kind, quarter).items():
            if _send_one(user=user, kind=kind, quarter=quarter, communes=communes):
                sent += 1
    return sent
