"""Reads for the commune workspace: what is due, what is late, what waits for a reply (R23, R25)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from commitments.models import Comment, Commitment, QuarterlyUpdate
from commitments.services import UPDATABLE_STATUSES
from communes.models import Commune
from log_portal.quarters import Quarter


def updatable_commitments(commune: Commune) -> QuerySet[Commitment]:
    """R23: the commune's commitments (joint ones included) that take quarterly updates."""
    return (
        Commitment.objects.for_commune(commune)
        .filter(status__in=UPDATABLE_STATUSES)
        .select_related("plan", "commune")
        .order_by("plan__start_date", "start_date", "pk")
    )


@dataclass
class QuarterDue:
    """R23: one quarter whose updates may still be filed, with each commitment's update."""

    quarter: Quarter
    deadline: dt.date
    on: dt.date
    rows: list[tuple[Commitment, QuarterlyUpdate | None]] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        """The quarter is over: only its grace period remains."""
        return self.quarter.end < self.on

    @property
    def missing(self) -> list[Commitment]:
        return [
            c for c, u in self.rows if u is None or u.status != QuarterlyUpdate.Status.SUBMITTED
        ]


def quarters_open_for_filing(on: dt.date) -> list[Quarter]:
    """R23: the quarter containing ``on`` and the previous one while its grace period lasts."""
    current = Quarter.containing(on)
    previous = current.previous()
    quarters = [current]
    if on <= previous.grace_end(settings.UPDATE_GRACE_DAYS):
        quarters.insert(0, previous)
    return quarters


def updates_due(commune: Commune, *, on: dt.date) -> list[QuarterDue]:
    """R23: for each quarter open for filing, every updatable commitment and its update (two queries)."""
    commitments = list(updatable_commitments(commune))
    quarters = quarters_open_for_filing(on)
    condition = Q()
    for quarter in quarters:
        condition |= Q(year=quarter.year, quarter=quarter.number)
    updates = {
        (u.commitment_id, u.year, u.quarter): u
        for u in QuarterlyUpdate.objects.filter(condition, commitment__in=commitments)
    }
    return [
        QuarterDue(
            quarter=quarter,
            deadline=quarter.grace_end(settings.UPDATE_GRACE_DAYS),
            on=on,
            rows=[(c, updates.get((c.pk, quarter.year, quarter.number))) for c in commitments],
        )
        for quarter in quarters
    ]


def missed_updates(commune: Commune, *, on: dt.date, count: int = 4) -> list[tuple[Quarter, int]]:
    """R23: the last closed quarters (grace period over) with commitments that got no submitted update."""
    commitments = list(
        updatable_commitments(commune)
        .select_related(None)
        .only("pk", "submitted_on", "start_date", "end_date")
    )
    if not commitments:
        return []
    quarter = quarters_open_for_filing(on)[0].previous()
    quarters = []
    while len(quarters) < count:
        quarters.append(quarter)
        quarter = quarter.previous()
    condition = Q()
    for q in quarters:
        condition |= Q(year=q.year, quarter=q.number)
    submitted = set(
        QuarterlyUpdate.objects.filter(
            condition, commitment__in=commitments, status=QuarterlyUpdate.Status.SUBMITTED
        ).values_list("commitment_id", "year", "quarter")
    )
    result = []
    for q in quarters:
        concerned = [
            c
            for c in commitments
            if c.submitted_on and c.submitted_on <= q.end and c.start_date <= q.end <= c.end_date
        ]
        missing = sum(1 for c in concerned if (c.pk, q.year, q.number) not in submitted)
        if missing:
            result.append((q, missing))
    return result


def comments_for_commune(commune: Commune) -> QuerySet[Comment]:
    """R25: comments on the updates of the commune's commitments (joint ones included)."""
    return Comment.objects.filter(
        Q(update__commitment__commune=commune)
        | Q(update__commitment__commune__isnull=True, update__commitment__plan__communes=commune)
    )


def comments_awaiting_reply(commune: Commune) -> QuerySet[Comment]:
    """R25: comments on the commune's updates, not rejected and without a reply, newest first."""
    return (
        comments_for_commune(commune)
        .exclude(status=Comment.Status.REJECTED)
        .filter(reply="")
        .select_related("update__commitment")
        .order_by("-created_at")
        .distinct()
    )


def plans_with_commitments(plans) -> list:
    """The plans with their commitments prefetched (one query more)."""
    return list(
        plans.prefetch_related(
            Prefetch("commitments", queryset=Commitment.objects.order_by("start_date", "pk"))
        )
    )
