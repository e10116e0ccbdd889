"""Reads of the public site (R31, R44): only what docs/roles.md makes public, with progress.

Every list applies its select_related/prefetch_related here, so that a page's query count does
not grow with its rows. Progress is computed, never typed: a commitment's progress is the share
of its milestones that are complete; a plan's is the mean of its commitments'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone
from django.utils.formats import date_format

from action_plans.models import ActionPlan, CoCreationMeeting
from commitments.models import (
    Comment,
    Commitment,
    CommitmentChange,
    Evidence,
    Milestone,
    OgpValue,
    PolicyArea,
    PrimarySector,
    QuarterlyUpdate,
)
from communes.models import Commune
from log_portal.quarters import Quarter, last_ended_quarters
from monitoring.models import Assessment
from volunteers.models import Mission

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def today() -> dt.date:
    return timezone.localdate()


def last_ended_quarter(on: dt.date | None = None) -> Quarter:
    """The most recent calendar quarter that has ended (log_portal/quarters.py)."""
    return last_ended_quarters(on or today(), 1)[0]


# -- public querysets ---------------------------------------------------------------------------


def public_communes() -> QuerySet[Commune]:
    """R10: member communes (any status but *not a member*); their status is public."""
    return Commune.objects.members()


def public_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.public()


def public_commitments() -> QuerySet[Commitment]:
    return Commitment.objects.public()


def public_updates() -> QuerySet[QuarterlyUpdate]:
    """R23, R44: submitted updates of public commitments."""
    return QuarterlyUpdate.objects.filter(
        status=QuarterlyUpdate.Status.SUBMITTED,
        commitment__in=Commitment.objects.public().values("pk"),
    )


def public_milestones() -> QuerySet[Milestone]:
    return Milestone.objects.filter(commitment__in=Commitment.objects.public().values("pk"))


def public_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.public().filter(plan__status__in=ActionPlan.SUBMITTED_STATUSES)


def approved_comments() -> QuerySet[Comment]:
    """R25: approved comments only (the e-mail is never selected for display)."""
    return Comment.objects.filter(status=Comment.Status.APPROVED).defer("author_email", "ip_hash")


def public_evidence() -> QuerySet[Evidence]:
    """R24, R44: public evidence whose target is public."""
    return Evidence.objects.public()


# -- progress -----------------------------------------------------------------------------------


def with_progress(commitments: QuerySet[Commitment], *, on: dt.date | None = None):
    """Annotates milestone counts, late milestones and whether the last ended quarter was reported.

    ``not_updated``: an open commitment that had started by the end of the last ended quarter
    and has no submitted update for it.
    """
    on = on or today()
    quarter = last_ended_quarter(on)
    this_month = on.replace(day=1)
    reported = QuarterlyUpdate.objects.filter(
        commitment=OuterRef("pk"),
        status=QuarterlyUpdate.Status.SUBMITTED,
        year=quarter.year,
        quarter=quarter.number,
    )
    return commitments.annotate(
        milestones_total=Count("milestones", distinct=True),
        milestones_complete=Count(
            "milestones", filter=Q(milestones__status=Milestone.Status.COMPLETE), distinct=True
        ),
        milestones_late=Count(
            "milestones",
            filter=Q(milestones__end_month__lt=this_month)
            & ~Q(milestones__status=Milestone.Status.COMPLETE),
            distinct=True,
        ),
        reported_last_quarter=Exists(reported),
    )


def commitment_progress(commitment: Commitment) -> int | None:
    """Share of complete milestones, in percent (None without milestones)."""
    total = getattr(commitment, "milestones_total", None)
    if not total:
        return None
    return round(100 * commitment.milestones_complete / total)


def is_not_updated(commitment: Commitment, *, on: dt.date | None = None) -> bool:
    """No submitted update for the last ended quarter, while open and started by its end."""
    quarter = last_ended_quarter(on)
    if commitment.status in (Commitment.Status.COMPLETE, Commitment.Status.WITHDRAWN):
        return False
    if commitment.start_date > quarter.end:
        return False
    return not commitment.reported_last_quarter


def plan_progress(commitments: list[Commitment]) -> int | None:
    """A plan's progress is the mean of its commitments' progress (those with milestones)."""
    values = [p for p in (commitment_progress(c) for c in commitments) if p is not None]
    if not values:
        return None
    return round(sum(values) / len(values))


def decorate(commitments, *, on: dt.date | None = None) -> list[Commitment]:
    """Sets ``progress`` and ``not_updated`` on annotated commitments (no query)."""
    result = list(commitments)
    for c in result:
        c.progress = commitment_progress(c)
        c.not_updated = is_not_updated(c, on=on)
    return result


PROGRESS_FIELDS = (
    "milestones_total",
    "milestones_complete",
    "milestones_late",
    "reported_last_quarter",
)


def set_progress(commitments, *, on: dt.date | None = None) -> list[Commitment]:
    """Progress of one page of commitments in one query, then ``decorate``.

    For long lists: paginate first, then count the page's milestones, never those of every
    commitment the search matched.
    """
    result = list(commitments)
    rows = (
        with_progress(Commitment.objects.filter(pk__in=[c.pk for c in result]), on=on)
        .values("pk", *PROGRESS_FIELDS)
        .order_by()
    )
    by_pk = {row.pop("pk"): row for row in rows}
    for commitment in result:
        for name, value in by_pk[commitment.pk].items():
            setattr(commitment, name, value)
    return decorate(result, on=on)


def is_late(milestone: Milestone, *, on: dt.date | None = None) -> bool:
    """A milestone past its end month and not complete is late."""
    on = on or today()
    return milestone.status != Milestone.Status.COMPLETE and milestone.end_month < on.replace(day=1)


def public_plans_with_commitments(on: dt.date | None = None) -> QuerySet[ActionPlan]:
    """Public plans with their public commitments (annotated with progress) prefetched."""
    return public_plans().prefetch_related(
        Prefetch(
            "commitments",
            queryset=with_progress(public_commitments(), on=on).order_by("start_date", "pk"),
            to_attr="public_commitments",
        )
    )


def set_plan_progress(plans, *, on: dt.date | None = None) -> list[ActionPlan]:
    result = list(plans)
    for plan in result:
        plan.public_commitments = decorate(plan.public_commitments, on=on)
        plan.progress = plan_progress(plan.public_commitments)
    return result


# -- home -----------------------------------------------------------------------------------


@dataclass
class ProgrammeNumbers:
    countries: int
    communes: int
    open_commitments: int
    milestones_complete: int
    updates_this_quarter: int
    quarter: Quarter


def programme_numbers(on: dt.date | None = None) -> ProgrammeNumbers:
    """The home page's figures: five aggregate queries whatever the data size."""
    on = on or today()
    quarter = Quarter.containing(on)
    communes = public_communes().aggregate(
        communes=Count("pk"), countries=Count("country", distinct=True)
    )
    return ProgrammeNumbers(
        countries=communes["countries"],
        communes=communes["communes"],
        open_commitments=public_commitments().open().count(),
        milestones_complete=public_milestones().filter(status=Milestone.Status.COMPLETE).count(),
        updates_this_quarter=public_updates()
        .filter(year=quarter.year, quarter=quarter.number)
        .count(),
        quarter=quarter,
    )


def latest_updates(queryset: QuerySet[QuarterlyUpdate] | None = None, *, limit: int = 10):
    """The latest submitted updates, with their commitment, plan and commune in one query."""
    queryset = public_updates() if queryset is None else queryset
    return queryset.select_related(
        "commitment", "commitment__commune", "commitment__plan__coordinating_commune"
    ).order_by(F("submitted_at").desc(nulls_last=True), "-pk")[:limit]


# -- communes ---------------------------------------------------------------------------------


def commune_list(*, on: dt.date | None = None) -> QuerySet[Commune]:
    """R10: member communes with their public plans and progress (3 queries per page)."""
    return public_communes().prefetch_related(
        Prefetch(
            "action_plans",
            queryset=public_plans_with_commitments(on).order_by("-start_date"),
            to_attr="public_plans",
        )
    )


def commune_plans_progress(communes, *, on: dt.date | None = None) -> list[Commune]:
    result = list(communes)
    for commune in result:
        commune.public_plans = set_plan_progress(commune.public_plans, on=on)
        commune.current_plan = commune.public_plans[0] if commune.public_plans else None
    return result


@dataclass
class EvidenceFolder:
    """R31: one folder per commitment, and one for the process."""

    title: str
    commitment: Commitment | None
    items: list[Evidence] = field(default_factory=list)

    @property
    def last_updated(self) -> dt.datetime | None:
        return max((e.updated_at for e in self.items), default=None)


def commune_page(commune: Commune, *, on: dt.date | None = None) -> dict:
    """R31: everything the public page of a member shows, in a constant number of queries."""
    on = on or today()
    plans = set_plan_progress(
        public_plans_with_commitments(on).filter(communes=commune).order_by("-start_date"),
        on=on,
    )
    plan_ids = [p.pk for p in plans]
    commitments = [c for p in plans for c in p.public_commitments]
    # R20: in a joint plan, a commune follows its own and the joint commitments.
    commitments = [c for c in commitments if c.commune_id in (None, commune.pk)]
    commitment_ids = [c.pk for c in commitments]
    meetings = list(
        CoCreationMeeting.objects.filter(plan_id__in=plan_ids)
        .select_related("plan")
        .order_by("-held_on")
    )
    updates = list(latest_updates(public_updates().filter(commitment_id__in=commitment_ids)))
    comments = list(
        approved_comments()
        .filter(update__commitment_id__in=commitment_ids, update__status="submitted")
        .select_related("update__commitment")
        .order_by("-created_at")[:10]
    )
    # The plans and commitments are public already: only each piece's own flag is left to check.
    evidence = list(
        Evidence.objects.filter(is_public=True)
        .attached_to(commitment_ids=commitment_ids, plan_ids=plan_ids)
        .select_related("milestone", "update")
        .order_by("-dated", "-pk")
    )
    folders = {c.pk: EvidenceFolder(title=c.title, commitment=c) for c in commitments}
    process = EvidenceFolder(title="", commitment=None)
    for item in evidence:
        commitment_id = (
            item.commitment_id
            or (item.milestone.commitment_id if item.milestone_id else None)
            or (item.update.commitment_id if item.update_id else None)
        )
        folders.get(commitment_id, process).items.append(item)
    mission = (
        Mission.objects.active()
        .filter(commune=commune)
        .select_related("volunteer")
        .only(
            "pk",
            "commune_id",
            "starts_on",
            "ends_on",
            "status",
            "volunteer__display_name",
            "volunteer__photo",
            "volunteer__bio",
        )
        .order_by("-starts_on")
        .first()
    )
    return {
        "plans": plans,
        "commitments": commitments,
        "meetings": meetings,
        "opportunities": [m for m in meetings if m.is_public and m.held_on >= on],
        "updates": updates,
        "comments": comments,
        "folders": list(folders.values()),
        "process_folder": process,
        "status_changes": list(commune.status_changes.order_by("-effective_on", "-created_at")),
        "mission": mission,
        "point_of_contact": commune.point_of_contact,
    }


# -- plan -----------------------------------------------------------------------------------


def plan_page(plan: ActionPlan, *, on: dt.date | None = None) -> dict:
    from action_plans.rules import co_creation_requirements

    on = on or today()
    commitments = decorate(
        with_progress(plan.commitments.public(), on=on)
        .select_related("commune")
        .order_by("start_date", "pk"),
        on=on,
    )
    try:
        body = plan.monitoring.body
    except ObjectDoesNotExist:
        body = None
    try:
        vision = plan.vision
    except ObjectDoesNotExist:
        vision = None
    return {
        "commitments": commitments,
        "progress": plan_progress(commitments),
        "vision": vision,
        "vision_items": vision_items(vision),
        "meetings": list(plan.meetings.prefetch_related("organisations").order_by("-held_on")),
        "endorsements": list(plan.endorsements.select_related("organisation")),
        "monitoring_body": body,
        "assessments": list(
            public_assessments().filter(plan=plan).select_related("commitment").order_by("due_on")
        ),
        "requirements": co_creation_requirements(plan, on=on),
        "process_evidence": list(Evidence.objects.filter(is_public=True, plan=plan)),
    }


def vision_items(vision) -> list[tuple[str, object]]:
    """R22: the filled fields of the strategic vision, as (label, value), in model order."""
    if vision is None:
        return []
    items = []
    for model_field in vision._meta.concrete_fields:
        if model_field.name in ("id", "plan", "documents", "created_at", "updated_at"):
            continue
        value = getattr(vision, model_field.attname)
        if isinstance(value, dt.date):
            value = date_format(value, "DATE_FORMAT")
        if value not in (None, ""):
            items.append((model_field.verbose_name, value))
    return items


# -- commitment -------------------------------------------------------------------------------


def _labels(choices, values: list[str]) -> list[str]:
    labels = dict(choices.choices)
    return [labels.get(v, v) for v in values]


def commitment_page(commitment: Commitment, *, on: dt.date | None = None) -> dict:
    on = on or today()
    milestones = list(commitment.milestones.order_by("position", "start_month", "pk"))
    for m in milestones:
        m.late = is_late(m, on=on)
    updates = list(
        commitment.updates.filter(status=QuarterlyUpdate.Status.SUBMITTED)
        .prefetch_related(
            "milestone_updates__milestone",
            Prefetch(
                "comments",
                queryset=approved_comments().order_by("created_at"),
                to_attr="approved_comments",
            ),
            Prefetch(
                "evidence",
                queryset=Evidence.objects.filter(is_public=True),
                to_attr="public_evidence",
            ),
        )
        .order_by("-year", "-quarter")
    )
    # Evidence of the updates is shown with each update (prefetched above).
    evidence = list(
        Evidence.objects.filter(is_public=True)
        .attached_to(commitment_ids=[commitment.pk], with_updates=False)
        .select_related("milestone")
    )
    complete = sum(1 for m in milestones if m.status == Milestone.Status.COMPLETE)
    quarter = last_ended_quarter(on)
    commitment.milestones_total = len(milestones)
    commitment.milestones_complete = complete
    commitment.reported_last_quarter = any(
        (u.year, u.quarter) == (quarter.year, quarter.number) for u in updates
    )
    return {
        "policy_areas": _labels(PolicyArea, commitment.policy_areas),
        "primary_sectors": _labels(PrimarySector, commitment.primary_sectors),
        "ogp_values": _labels(OgpValue, commitment.ogp_values),
        "actors": list(commitment.actors.select_related("organisation")),
        "milestones": milestones,
        "progress": commitment_progress(commitment),
        "not_updated": is_not_updated(commitment, on=on),
        "updates": updates,
        "evidence": evidence,
        "changes": list(
            CommitmentChange.objects.filter(commitment=commitment)
            .prefetch_related("approved_by")
            .order_by("decided_on", "pk")
        ),
        "status_changes": list(commitment.status_changes.order_by("created_at")),
        "assessments": list(public_assessments().filter(commitment=commitment)),
    }
