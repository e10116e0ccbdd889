"""Report data (R26, R31; programme figures for staff and donors) and their fingerprints.

Each ``*_data`` function reads what its PDF shows with a fixed number of queries; each
``*_fingerprint`` summarises, with a few aggregate queries, whether that data changed since the
report was rendered (latest ``updated_at`` and row counts of every table the report reads).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from action_plans.models import ActionPlan
from commitments.models import Commitment, Milestone, QuarterlyUpdate
from communes.models import Commune
from log_portal.quarters import last_ended_quarters
from monitoring.models import Assessment, CommitmentAssessment

LAST_UPDATES = 4  # the plan progress report shows the last four quarterly updates


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def _stamp(queryset: QuerySet) -> tuple:
    summary = queryset.aggregate(n=Count("pk"), last=Max("updated_at"))
    return summary["n"], summary["last"]


# --- plan progress ------------------------------------------------------------------------------


def plan_progress_data(*, plan: ActionPlan) -> dict:
    """The plan, each commitment with its milestones and last four updates, and the assessments."""
    plan = (
        ActionPlan.objects.prefetch_related("communes")
        .select_related("coordinating_commune")
        .get(pk=plan.pk)
    )
    commitments = list(
        plan.commitments.exclude(status=Commitment.Status.DRAFT)
        .select_related("commune")
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "start_month")),
            Prefetch(
                "updates",
                queryset=QuarterlyUpdate.objects.filter(
                    status=QuarterlyUpdate.Status.SUBMITTED
                ).order_by("-year", "-quarter"),
            ),
        )
        .order_by("start_date", "pk")
    )
    rows = []
    for commitment in commitments:
        milestones = list(commitment.milestones.all())
        rows.append(
            {
                "commitment": commitment,
                "milestones": milestones,
                "milestones_complete": sum(
                    1 for m in milestones if m.status == Milestone.Status.COMPLETE
                ),
                "updates": list(commitment.updates.all())[:LAST_UPDATES],
            }
        )
    assessments = list(
        plan.assessments.filter(status=Assessment.Status.SUBMITTED)
        .select_related("commitment", "body")
        .order_by("due_on", "pk")
    )
    return {"plan": plan, "rows": rows, "assessments": assessments, "generated_at": timezone.now()}


def plan_progress_fingerprint(*, plan: ActionPlan) -> str:
    plan = ActionPlan.objects.get(pk=plan.pk)
    return _digest(
        "plan",
        plan.updated_at,
        _stamp(Commitment.objects.filter(plan=plan)),
        _stamp(Milestone.objects.filter(commitment__plan=plan)),
        _stamp(QuarterlyUpdate.objects.filter(commitment__plan=plan)),
        _stamp(Assessment.objects.filter(plan=plan)),
    )


# --- assessment --------------------------------------------------------------------------------


def assessment_data(*, assessment: Assessment) -> dict:
    assessment = (
        Assessment.objects.select_related("plan", "commitment", "body")
        .prefetch_related(
            Prefetch(
                "commitment_assessments",
                queryset=CommitmentAssessment.objects.select_related("commitment"),
            )
        )
        .get(pk=assessment.pk)
    )
    return {
        "assessment": assessment,
        "communes": list(assessment.plan.communes.all()),
        "generated_at": timezone.now(),
    }


def assessment_fingerprint(*, assessment: Assessment) -> str:
    assessment = Assessment.objects.get(pk=assessment.pk)
    return _digest(
        "assessment",
        assessment.updated_at,
        _stamp(CommitmentAssessment.objects.filter(assessment=assessment)),
    )


# --- programme ---------------------------------------------------------------------------------


def _member_communes(country: str) -> QuerySet[Commune]:
    communes = Commune.objects.members()
    return communes.filter(country=country) if country else communes


def _per_commune(
    queryset: QuerySet, to_commitment: str, ids: list[int], *fields: str, **aggregates
) -> list[tuple]:
    """R20: rows of ``queryset`` (commitments, or rows reached through ``to_commitment``) counted
    per commune: its own commitments, plus its joint plans' shared ones (no commune of their
    own), which count for every commune of the plan. Two queries, whatever the communes."""
    aggregates = aggregates or {"n": Count("pk")}
    own = queryset.filter(**{f"{to_commitment}commune_id__in": ids}).values_list(
        f"{to_commitment}commune_id", *fields
    )
    joint = queryset.filter(
        **{f"{to_commitment}commune__isnull": True, f"{to_commitment}plan__communes__in": ids}
    ).values_list(f"{to_commitment}plan__communes", *fields)
    return [*own.annotate(**aggregates), *joint.annotate(**aggregates)]


def programme_data(*, country: str = "", on=None) -> dict:
    """Per country and commune: membership status, commitments by status, milestones complete,
    updates filed per quarter (last four), overdue assessments. Aggregates: no query per row."""
    day = on or timezone.localdate()
    quarters = list(reversed(last_ended_quarters(day, count=4)))
    communes = list(_member_communes(country).order_by("country", "name"))
    ids = [c.pk for c in communes]
    by_status: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for commune_id, status, n in _per_commune(Commitment.objects.all(), "", ids, "status"):
        by_status[commune_id][status] += n
    milestones: dict[int, int] = defaultdict(int)
    milestones_total: dict[int, int] = defaultdict(int)
    for commune_id, total, complete in _per_commune(
        Milestone.objects.all(),
        "commitment__",
        ids,
        total=Count("pk"),
        complete=Count("pk", filter=Q(status=Milestone.Status.COMPLETE)),
    ):
        milestones[commune_id] += complete
        milestones_total[commune_id] += total
    quarter_filter = Q()
    for quarter in quarters:
        quarter_filter |= Q(year=quarter.year, quarter=quarter.number)
    updates: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for commune_id, year, number, n in _per_commune(
        QuarterlyUpdate.objects.filter(quarter_filter, status=QuarterlyUpdate.Status.SUBMITTED),
        "commitment__",
        ids,
        "year",
        "quarter",
    ):
        updates[commune_id][f"{year}-Q{number}"] += n
    overdue = dict(
        Assessment.objects.overdue(day)
        .filter(plan__communes__in=ids)
        .values_list("plan__communes")
        .annotate(n=Count("pk", distinct=True))
    )
    rows_by_country: dict[str, list[dict]] = defaultdict(list)
    for commune in communes:
        rows_by_country[commune.country.code].append(
            {
                "commune": commune,
                "commitments": dict(by_status.get(commune.pk, {})),
                "commitments_total": sum(by_status.get(commune.pk, {}).values()),
                "milestones_complete": milestones.get(commune.pk, 0),
                "milestones_total": milestones_total.get(commune.pk, 0),
                "updates": [updates[commune.pk].get(str(q), 0) for q in quarters],
                "overdue": overdue.get(commune.pk, 0),
            }
        )
    countries = [
        {"code": code, "name": rows[0]["commune"].country.name, "rows": rows}
        for code, rows in sorted(rows_by_country.items())
    ]
    return {
        "countries": countries,
        "quarters": [str(q) for q in quarters],
        "statuses": Commitment.Status.choices,
        "country": country,
        "on": day,
        "generated_at": timezone.now(),
    }


def _of_communes(to_commitment: str, communes: QuerySet[Commune]) -> Q:
    """R20: a commune's own commitments and its joint plans' shared ones (as in _per_commune)."""
    return Q(**{f"{to_commitment}commune__in": communes}) | Q(
        **{f"{to_commitment}commune__isnull": True, f"{to_commitment}plan__communes__in": communes}
    )


def programme_fingerprint(*, country: str = "", on=None) -> str:
    day = on or timezone.localdate()
    communes = _member_communes(country)
    return _digest(
        "programme",
        day,
        _stamp(communes),
        _stamp(Commitment.objects.filter(_of_communes("", communes))),
        _stamp(Milestone.objects.filter(_of_communes("commitment__", communes))),
        _stamp(QuarterlyUpdate.objects.filter(_of_communes("commitment__", communes))),
        _stamp(Assessment.objects.filter(plan__communes__in=communes)),
    )
