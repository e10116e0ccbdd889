"""Celery tasks of the monitoring app: thin, take IDs or dates, call one service, safe twice."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from communes.models import MembershipStatusChange


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def inactivity_check_task(as_of: str | None = None, dry_run: bool = False) -> dict:
    """R30: the quarterly inactivity check (scheduled in settings.CELERY_BEAT_SCHEDULE)."""
    from monitoring.services import inactivity_check_run

    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    run = inactivity_check_run(as_of=day, dry_run=dry_run)
    return {
        "as_of": day.isoformat(),
        "run": run.pk,
        "checked": run.communes_checked,
        "changed": run.status_changes,
    }


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def status_change_letters_task(change_id: int) -> dict:
    """R30: render the letter of one status change (French and English) and e-mail it once."""
    from monitoring.services import status_change_letters_create, status_change_letters_send

    change = MembershipStatusChange.objects.select_related(
        "commune", "commune__point_of_contact"
    ).get(pk=change_id)
    letters = status_change_letters_create(change=change)
    sent = status_change_letters_send(change=change)
    return {"change": change_id, "letters": len(letters), "sent": sent}


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def overdue_assessments_task(on: str | None = None) -> dict:
    """R26: open the assessments that became due, then e-mail each body its overdue ones once."""
    from monitoring.services import assessments_open_due, overdue_assessments_notify

    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    opened = assessments_open_due(on=day)
    sent = overdue_assessments_notify(on=day)
    return {"on": day.isoformat(), "opened": opened, "emails": sent}


@shared_task(time_limit=20 * 60, soft_time_limit=18 * 60)
def report_render_task(report_id: int) -> dict:
    """Render one report's PDF (progress visible on the Report row)."""
    from monitoring.models import Report
    from monitoring.services import report_render

    report = report_render(report=Report.objects.get(pk=report_id))
    return {"report": report.pk, "status": report.status}


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def status_letters_queue_missing_task() -> dict:
    """R30: letters for status changes made outside the check (R28 reactivation, staff)."""
    from monitoring.services import status_change_letters_queue_missing

    return {"queued": status_change_letters_queue_missing()}
