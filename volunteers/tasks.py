"""Celery tasks of the selection: CSV import (dry run, import) and R8 erasure."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from volunteers import services
from volunteers.models import ApplicationImport


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def application_import_check_task(import_id: int) -> str:
    """R5: the dry run of an uploaded CSV file (progress on its ApplicationImport row)."""
    application_import = ApplicationImport.objects.get(pk=import_id)
    return services.application_import_check(application_import=application_import).status


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def application_import_run_task(import_id: int) -> str:
    """R5: the all-or-nothing import of a checked file."""
    application_import = ApplicationImport.objects.get(pk=import_id)
    return services.application_import_run(application_import=application_import).status


@shared_task(time_limit=30 * 60, soft_time_limit=25 * 60)
def applicant_data_erase_task(on: str | None = None) -> dict[str, int]:
    """R8: scheduled daily in beat; erases what APPLICANT_DATA_RETENTION_MONTHS allows."""
    import datetime as dt

    day = dt.date.fromisoformat(on) if on else timezone.localdate()
    return services.applicant_data_erase(on=day, months=settings.APPLICANT_DATA_RETENTION_MONTHS)
