"""Celery tasks of the monitoring app."""

import datetime as dt

from celery import shared_task


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def inactivity_check_task(as_of: str | None = None) -> dict:
    """R30: the quarterly inactivity check (scheduled in settings.CELERY_BEAT_SCHEDULE).

    Placeholder until the rules of R27-R29 land: it only reports the date it would check.
    """
    day = dt.date.fromisoformat(as_of) if as_of else dt.datetime.now(dt.UTC).date()
    return {"as_of": day.isoformat(), "changed": 0}
