"""R27-R29 as plain functions over facts loaded in bulk, deterministic for a check date.

``load_member_facts`` reads a batch of members with a fixed number of queries (whatever the
batch size); every other function is pure Python over those facts, so that the check of
10,000 members is a handful of queries per batch and each rule can be read and tested alone.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement
from commitments.models import (
    COMPLETION_RANK,
    Commitment,
    CompletionLevel,
    MilestoneUpdate,
    QuarterlyUpdate,
    milestone_moved_forward,
)
from communes.models import COUNTRY_TIMEZONES, Commune, MembershipGrant
from log_portal.quarters import Quarter, last_ended_quarters

Status = Commune.MembershipStatus

# Members the check looks at: a revoked member stays revoked until staff readmit it (R29).
CHECKED_STATUSES = (Status.ACTIVE, Status.INACTIVE, Status.PROBATION)

NEXT_PLAN_MONTHS = 4  # R14, R27(b)
PROBATION_AFTER_INACTIVE_MONTHS = 6  # R29
PROBATION_MONTHS = 4  # R29
IMPLEMENTATION_YEAR_MONTHS = 12  # R29: "after a year or more of implementation"
MIN_MEETINGS_PER_YEAR = 2  # R19 regularity, R29

# Rule codes written on MembershipStatusChange.rule (max 20 characters).
RULE_FIRST_PLAN = "R27a"
RULE_NEXT_PLAN = "R27b"
RULE_NO_PROGRESS = "R27c"
RULE_NO_UPDATE = "R27d"
RULE_RECOVERED = "R28"  # an inactive member no R27 clause applies to any more
RULE_PROBATION_INACTIVE = "R29 inactive"
RULE_PROBATION_ENGAGEMENT = "R29 engagement"
RULE_REMEDIED = "R29 remedied"
RULE_REVOKED = "R29 revoked"

COMMITMENT_STATUSES_JUDGED = (
    Commitment.Status.SUBMITTED,
    Commitment.Status.ONGOING,
    Commitment.Status.COMPLETE,
)


# --- facts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommitmentFacts:
    pk: int
    plan_id: int
    commune_id: int | None  # None: a joint commitment (R20)
    status: str
    start_date: dt.date
    end_date: dt.date
    end_assessment_submitted_on: dt.date | None


@dataclass
class UpdateFacts:
    """A submitted quarterly update, as the check reads it."""

    pk: int
    commitment_id: int
    year: int
    quarter: int
    submitted_at: dt.datetime | None
    completion_level: str
    previous_completion_level: str
    milestone_moves: list[tuple[str, str]] = field(default_factory=list)
    status: str = QuarterlyUpdate.Status.SUBMITTED

    @property
    def for_quarter(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    def made_progress(self) -> bool:
        """R27: as QuarterlyUpdate.made_progress (same helpers), over the loaded rows."""
        if self.completion_level and COMPLETION_RANK[self.completion_level] > COMPLETION_RANK.get(
            self.previous_completion_level or CompletionLevel.NOT_STARTED, 0
        ):
            return True
        return any(milestone_moved_forward(old, new) for old, new in self.milestone_moves)


@dataclass
class PlanFacts:
    pk: int
    title: str
    start_date: dt.date
    end_date: dt.date
    submitted_on: dt.date
    commitments: list[CommitmentFacts] = field(default_factory=list)
    # R19: dates of meetings with non-governmental participants, and of co-creation ones.
    ngo_meeting_dates: list[dt.date] = field(default_factory=list)
    co_creation_ngo_meeting_dates: list[dt.date] = field(default_factory=list)
    endorsement_dates: list[dt.date] = field(default_factory=list)


@dataclass
class MemberFacts:
    """What the check needs to know about one member on the check date."""

    commune: Commune
    plans: list[PlanFacts] = field(default_factory=list)
    voluntary_inactivity: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    # Submitted updates of the judged quarters, per commitment pk and quarter.
    updates: dict[tuple[int, Quarter], UpdateFacts] = field(default_factory=dict)
    # judged_quarters per (date, grace days): (c) and (d) read the same quarters.
    judged_cache: dict[tuple[dt.date, int], list] = field(default_factory=dict, repr=False)

    @property
    def status(self) -> str:
        return self.commune.membership_status

    @property
    def timezone(self) -> ZoneInfo:
        return ZoneInfo(COUNTRY_TIMEZONES.get(self.commune.country.code, "UTC"))


@dataclass(frozen=True)
class Finding:
    """A rule that fired, with the reason in words (English, stored on the status change)."""

    rule: str
    reason: str


@dataclass(frozen=True)
class Decision:
    """The status a member moves to on the check date, and why."""

    to_status: str
    rule: str
    reason: str


def load_member_facts(communes: Iterable[Commune], *, as_of: dt.date) -> list[MemberFacts]:
    """Load everything R27-R29 need for ``communes`` with a fixed number of queries."""
    communes = list(communes)
    by_pk = {c.pk: MemberFacts(commune=c) for c in communes}
    if not by_pk:
        return []
    ids = list(by_pk)
    # 1. Voluntary inactivity periods (R27, R29).
    for grant in MembershipGrant.objects.voluntary_inactivity().filter(
        commune_id__in=ids, starts_on__lte=as_of
    ):
        by_pk[grant.commune_id].voluntary_inactivity.append((grant.starts_on, grant.ends_on))
    # 2. Submitted plans of each member, submitted on or before the check date.
    links = (
        ActionPlan.communes.through.objects.filter(
            commune_id__in=ids,
            actionplan__status__in=ActionPlan.SUBMITTED_STATUSES,
            actionplan__submitted_on__lte=as_of,
        )
        .select_related("actionplan")
        .order_by("actionplan__submitted_on", "actionplan_id")
    )
    plans: dict[int, PlanFacts] = {}
    plan_members: dict[int, list[int]] = defaultdict(list)
    for link in links:
        plan = link.actionplan
        plans.setdefault(
            plan.pk,
            PlanFacts(
                pk=plan.pk,
                title=plan.title,
                start_date=plan.start_date,
                end_date=plan.end_date,
                submitted_on=plan.submitted_on,
            ),
        )
        plan_members[plan.pk].append(link.commune_id)
    if not plans:
        return list(by_pk.values())
    plan_ids = list(plans)
    # 3. Their commitments; 4-5. updates of the two judged quarters and their milestone moves.
    # Plain rows (values_list), not model instances: the check reads 10,000 members.
    quarters = last_ended_quarters(as_of)
    commitments: dict[int, CommitmentFacts] = {}
    for row in Commitment.objects.filter(
        plan_id__in=plan_ids, status__in=COMMITMENT_STATUSES_JUDGED
    ).values_list(
        "pk",
        "plan_id",
        "commune_id",
        "status",
        "start_date",
        "end_date",
        "end_assessment_submitted_on",
    ):
        commitment = CommitmentFacts(*row)
        commitments[commitment.pk] = commitment
        plans[commitment.plan_id].commitments.append(commitment)
    judged_updates = Q(
        commitment__plan_id__in=plan_ids, status=QuarterlyUpdate.Status.SUBMITTED
    ) & _quarters_q(quarters)
    updates: dict[int, UpdateFacts] = {}
    for row in QuarterlyUpdate.objects.filter(judged_updates).values_list(
        "pk",
        "commitment_id",
        "year",
        "quarter",
        "submitted_at",
        "completion_level",
        "previous_completion_level",
    ):
        update = UpdateFacts(*row)
        updates[update.pk] = update
    for update_id, previous, new in MilestoneUpdate.objects.filter(
        update__in=QuarterlyUpdate.objects.filter(judged_updates)
    ).values_list("update_id", "previous_status", "new_status"):
        updates[update_id].milestone_moves.append((previous, new))
    updates_by_commitment: dict[int, list[UpdateFacts]] = defaultdict(list)
    for update in updates.values():
        updates_by_commitment[update.commitment_id].append(update)
    # 6. Meetings with non-governmental participants; 7. endorsements (R19, R29).
    for plan_id, held_on, phase in CoCreationMeeting.objects.filter(
        plan_id__in=plan_ids, non_government_participants__gt=0, held_on__lte=as_of
    ).values_list("plan_id", "held_on", "phase"):
        plans[plan_id].ngo_meeting_dates.append(held_on)
        if phase == CoCreationMeeting.Phase.CO_CREATION:
            plans[plan_id].co_creation_ngo_meeting_dates.append(held_on)
    for plan_id, endorsed_on in Endorsement.objects.filter(
        plan_id__in=plan_ids, endorsed_on__lte=as_of
    ).values_list("plan_id", "endorsed_on"):
        plans[plan_id].endorsement_dates.append(endorsed_on)
    # Spread plans over their members; a member sees its own and the joint commitments (R20).
    for plan_id, member_ids in plan_members.items():
        plan = plans[plan_id]
        for member_id in member_ids:
            member = by_pk[member_id]
            own = [c for c in plan.commitments if c.commune_id in (None, member_id)]
            member.plans.append(
                PlanFacts(
                    pk=plan.pk,
                    title=plan.title,
                    start_date=plan.start_date,
                    end_date=plan.end_date,
                    submitted_on=plan.submitted_on,
                    commitments=own,
                    ngo_meeting_dates=plan.ngo_meeting_dates,
                    co_creation_ngo_meeting_dates=plan.co_creation_ngo_meeting_dates,
                    endorsement_dates=plan.endorsement_dates,
                )
            )
            for commitment in own:
                for update in updates_by_commitment.get(commitment.pk, ()):
                    member.updates[(commitment.pk, update.for_quarter)] = update
    return list(by_pk.values())


def _quarters_q(quarters: list[Quarter]) -> Q:
    condition = Q()
    for quarter in quarters:
        condition |= Q(year=quarter.year, quarter=quarter.number)
    return condition


# --- R27 --------------------------------------------------------------------------------------


def in_voluntary_inactivity(facts: MemberFacts, day: dt.date) -> bool:
    """R27: a member in granted voluntary inactivity on ``day`` is never made inactive."""
    return any(start <= day <= end for start, end in facts.voluntary_inactivity)


def first_plan_overdue(facts: MemberFacts, as_of: dt.date) -> Finding | None:
    """R27(a): a new member without a submitted plan after its (possibly extended) deadline."""
    deadline = facts.commune.first_plan_deadline
    if deadline is None or facts.plans or as_of <= deadline:
        return None
    return Finding(
        RULE_FIRST_PLAN,
        f"No action plan submitted by the first plan deadline of {deadline.isoformat()}.",
    )


def next_plan_overdue(facts: MemberFacts, as_of: dt.date) -> Finding | None:
    """R27(b): no new plan submitted within 4 months after the previous plan ended."""
    if not facts.plans:
        return None
    latest = max(facts.plans, key=lambda p: (p.end_date, p.submitted_on))
    due = latest.end_date + relativedelta(months=NEXT_PLAN_MONTHS)
    if as_of <= due:
        return None
    return Finding(
        RULE_NEXT_PLAN,
        f"The plan “{latest.title}” ended on {latest.end_date.isoformat()} and no new plan "
        f"was submitted by {due.isoformat()}.",
    )


def commitment_open_in(commitment: CommitmentFacts, quarter: Quarter) -> bool:
    """R15, R27: a submitted commitment running during the quarter, not closed before it began."""
    if commitment.start_date > quarter.end or commitment.end_date < quarter.start:
        return False
    closed_on = commitment.end_assessment_submitted_on
    return not (
        commitment.status == Commitment.Status.COMPLETE
        and closed_on is not None
        and closed_on < quarter.start
    )


def update_counts_for(
    update: UpdateFacts, quarter: Quarter, *, as_of: dt.date, tz: ZoneInfo, grace_days: int
) -> bool:
    """R23, R27: filed during the quarter or within the grace period, and by the check date."""
    if update.status != QuarterlyUpdate.Status.SUBMITTED or update.submitted_at is None:
        return False
    filed_on = update.submitted_at.astimezone(tz).date()
    return filed_on <= as_of and quarter.accepts_filing_on(filed_on, grace_days)


@dataclass(frozen=True)
class JudgedQuarter:
    quarter: Quarter
    updates_filed: int
    commitments_with_progress: int


def judged_quarters(
    facts: MemberFacts, as_of: dt.date, *, grace_days: int | None = None
) -> list[JudgedQuarter]:
    """R27: of the last two ended quarters, those within a submitted plan, outside voluntary
    inactivity, with at least one open commitment; with what was filed and what progressed."""
    grace = settings.UPDATE_GRACE_DAYS if grace_days is None else grace_days
    cached = facts.judged_cache.get((as_of, grace))
    if cached is not None:
        return cached
    judged = []
    for quarter in last_ended_quarters(as_of):
        if any(
            start <= quarter.end and end >= quarter.start
            for start, end in facts.voluntary_inactivity
        ):
            continue
        plans = [
            p for p in facts.plans if p.submitted_on <= quarter.start and quarter.end <= p.end_date
        ]
        open_commitments = [
            c for p in plans for c in p.commitments if commitment_open_in(c, quarter)
        ]
        if not open_commitments:
            continue
        filed = progressed = 0
        for commitment in open_commitments:
            update = facts.updates.get((commitment.pk, quarter))
            if update is None or not update_counts_for(
                update, quarter, as_of=as_of, tz=facts.timezone, grace_days=grace
            ):
                continue
            filed += 1
            if update.made_progress():
                progressed += 1
        judged.append(JudgedQuarter(quarter, filed, progressed))
    facts.judged_cache[(as_of, grace)] = judged
    return judged


def no_update_in_last_two_quarters(
    facts: MemberFacts, as_of: dt.date, *, grace_days: int | None = None
) -> Finding | None:
    """R27(d): no quarterly update counts for either of the last two (judged) quarters."""
    judged = judged_quarters(facts, as_of, grace_days=grace_days)
    if len(judged) < 2 or any(j.updates_filed for j in judged):
        return None
    names = " and ".join(str(j.quarter) for j in reversed(judged))
    return Finding(RULE_NO_UPDATE, f"No quarterly update was filed for {names}.")


def no_progress_in_last_two_quarters(
    facts: MemberFacts, as_of: dt.date, *, grace_days: int | None = None
) -> Finding | None:
    """R27(c): none of the open commitments made progress in either of the last two quarters."""
    judged = judged_quarters(facts, as_of, grace_days=grace_days)
    if len(judged) < 2 or any(j.commitments_with_progress for j in judged):
        return None
    names = " and ".join(str(j.quarter) for j in reversed(judged))
    return Finding(RULE_NO_PROGRESS, f"No open commitment made progress in {names}.")


def inactivity_findings(
    facts: MemberFacts, as_of: dt.date, *, grace_days: int | None = None
) -> list[Finding]:
    """R27: every clause that fires, (d) before (c) since no update implies no progress."""
    findings = [
        first_plan_overdue(facts, as_of),
        next_plan_overdue(facts, as_of),
        no_update_in_last_two_quarters(facts, as_of, grace_days=grace_days),
        no_progress_in_last_two_quarters(facts, as_of, grace_days=grace_days),
    ]
    return [f for f in findings if f is not None]


# --- R29 --------------------------------------------------------------------------------------


def current_plan(facts: MemberFacts, as_of: dt.date) -> PlanFacts | None:
    """The submitted plan whose period contains the check date (the latest one if several)."""
    running = [p for p in facts.plans if p.start_date <= as_of <= p.end_date]
    return max(running, key=lambda p: p.submitted_on) if running else None


def engagement_findings(facts: MemberFacts, as_of: dt.date) -> list[Finding]:
    """R29 with R19: the current plan lacks a co-creation meeting with non-governmental
    participants or an endorsement, or, after a year of implementation, fewer than 2 meetings
    with non-governmental participants were held in the last 12 months."""
    plan = current_plan(facts, as_of)
    if plan is None:
        return []
    findings = []
    if not plan.co_creation_ngo_meeting_dates:
        findings.append(
            Finding(
                RULE_PROBATION_ENGAGEMENT,
                f"The plan “{plan.title}” has no co-creation meeting with non-governmental "
                "participants.",
            )
        )
    if not plan.endorsement_dates:
        findings.append(
            Finding(RULE_PROBATION_ENGAGEMENT, f"The plan “{plan.title}” has no endorsement.")
        )
    if as_of >= plan.start_date + relativedelta(months=IMPLEMENTATION_YEAR_MONTHS):
        since = as_of - relativedelta(months=12)
        held = sum(1 for day in plan.ngo_meeting_dates if since < day <= as_of)
        if held < MIN_MEETINGS_PER_YEAR:
            findings.append(
                Finding(
                    RULE_PROBATION_ENGAGEMENT,
                    f"Only {held} meeting(s) with non-governmental participants between "
                    f"{since.isoformat()} and {as_of.isoformat()} (at least "
                    f"{MIN_MEETINGS_PER_YEAR} are required).",
                )
            )
    return findings


def days_outside_voluntary_inactivity(facts: MemberFacts, start: dt.date, end: dt.date) -> int:
    """R29: days from ``start`` (included) to ``end`` (excluded) not in voluntary inactivity."""
    total = (end - start).days
    for vi_start, vi_end in facts.voluntary_inactivity:
        overlap_start = max(start, vi_start)
        overlap_end = min(end, vi_end + dt.timedelta(days=1))
        if overlap_end > overlap_start:
            total -= (overlap_end - overlap_start).days
    return max(total, 0)


def inactive_long_enough_for_probation(facts: MemberFacts, as_of: dt.date) -> Finding | None:
    """R29: inactive for 6 consecutive months, time in voluntary inactivity not counted."""
    since = facts.commune.membership_status_since
    if facts.status != Status.INACTIVE or since is None:
        return None
    needed = (since + relativedelta(months=PROBATION_AFTER_INACTIVE_MONTHS) - since).days
    counted = days_outside_voluntary_inactivity(facts, since, as_of)
    if counted < needed:
        return None
    return Finding(
        RULE_PROBATION_INACTIVE,
        f"Inactive since {since.isoformat()}: {PROBATION_AFTER_INACTIVE_MONTHS} months "
        "without remedy (voluntary inactivity not counted).",
    )


def probation_expired(facts: MemberFacts, as_of: dt.date) -> Finding | None:
    """R29: the first check 4 or more months after probation began revokes the membership."""
    since = facts.commune.membership_status_since
    if facts.status != Status.PROBATION or since is None:
        return None
    ends = since + relativedelta(months=PROBATION_MONTHS)
    if as_of < ends:
        return None
    return Finding(
        RULE_REVOKED,
        f"On probation since {since.isoformat()} and not remedied by {ends.isoformat()}.",
    )


# --- the decision -----------------------------------------------------------------------------


def _decision(to_status: str, findings: list[Finding]) -> Decision:
    return Decision(to_status, findings[0].rule, " ".join(f.reason for f in findings))


def decide(facts: MemberFacts, as_of: dt.date, *, grace_days: int | None = None) -> Decision | None:
    """R27-R29: the one status change of a member on ``as_of``, or None.

    Deterministic and idempotent: once applied, deciding again for the same date gives None.
    Voluntary inactivity on the check date freezes the member (R27: never made inactive; R29:
    its time does not count).
    """
    if facts.status not in CHECKED_STATUSES or in_voluntary_inactivity(facts, as_of):
        return None
    inactivity = inactivity_findings(facts, as_of, grace_days=grace_days)
    engagement = engagement_findings(facts, as_of)
    if facts.status == Status.ACTIVE:
        if engagement:
            return _decision(Status.PROBATION, engagement)
        if inactivity:
            return _decision(Status.INACTIVE, inactivity)
        return None
    if facts.status == Status.INACTIVE:
        if not inactivity and not engagement:
            return Decision(
                Status.ACTIVE,
                RULE_RECOVERED,
                "No inactivity rule applies any more (R27 clauses all met).",
            )
        if engagement:
            return _decision(Status.PROBATION, engagement)
        six_months = inactive_long_enough_for_probation(facts, as_of)
        return _decision(Status.PROBATION, [six_months]) if six_months else None
    # Probation.
    if not inactivity and not engagement:
        return Decision(
            Status.ACTIVE,
            RULE_REMEDIED,
            "Probation remedied: no inactivity rule applies and non-governmental engagement "
            "is shown.",
        )
    expired = probation_expired(facts, as_of)
    return _decision(Status.REVOKED, [expired]) if expired else None


# What each rule means, in the words of the letters (translated when rendered).
RULE_DESCRIPTIONS = {
    RULE_FIRST_PLAN: _(
        "R27(a): the first action plan was not submitted by the deadline set by the support unit."
    ),
    RULE_NEXT_PLAN: _(
        "R27(b): no new action plan was submitted within 4 months after the previous plan ended."
    ),
    RULE_NO_PROGRESS: _(
        "R27(c): none of the open commitments made progress in either of the last two quarters."
    ),
    RULE_NO_UPDATE: _("R27(d): no quarterly update was filed for either of the last two quarters."),
    RULE_RECOVERED: _("R28: the member meets the OGP Local participation rules again."),
    RULE_PROBATION_INACTIVE: _("R29: the member has been inactive for 6 consecutive months."),
    RULE_PROBATION_ENGAGEMENT: _(
        "R29: the member cannot show the engagement of non-governmental stakeholders (R19)."
    ),
    RULE_REMEDIED: _("R29: the member remedied the situation that put it on probation."),
    RULE_REVOKED: _("R29: the probation of 4 months ended without remedy."),
}


def rule_description(rule: str) -> str:
    """The translated meaning of a rule code (the code itself for a staff change)."""
    return str(RULE_DESCRIPTIONS.get(rule, rule))
