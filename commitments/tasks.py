"""Scheduled work of the commitments app: quarterly update reminders (R23)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def update_reminders_task(on: str | None = None) -> dict:
    """R23: send the update reminders due today (or on ``on``, ISO date); idempotent."""
    from commitments.reminders import update_reminders_send

    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return {"on": day.isoformat(), "sent": update_reminders_send(on=day)}
