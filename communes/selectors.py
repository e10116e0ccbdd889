"""Reads for the public call pages (R1, R2)."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from communes.models import Call


def call_list_open(*, on: dt.date | None = None) -> QuerySet[Call]:
    """R2: calls accepting applications today, grouped by cohort (newest cohort first)."""
    day = on or timezone.localdate()
    return (
        Call.objects.open_on(day)
        .select_related("cohort")
        .order_by("-cohort__starts_on", "cohort__name", "kind", "closes_at")
    )


def call_list_upcoming(*, on: dt.date | None = None) -> QuerySet[Call]:
    """R2: calls announced but not open yet."""
    day = on or timezone.localdate()
    return Call.objects.filter(opens_at__gt=day).select_related("cohort").order_by("opens_at")
