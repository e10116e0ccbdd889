"""Writes on commitments: creation under the cap (R15), status transitions, changes (R18)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from action_plans import services as plan_services
from action_plans.models import ActionPlan, CoCreationMeeting
from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    CommitmentChange,
    CommitmentStatusChange,
    CompletionLevel,
    Evidence,
    Milestone,
    MilestoneUpdate,
    QuarterlyUpdate,
)
from communes import services as commune_services
from communes.models import Commune, Organisation
from log_portal.errors import ApplicationError
from log_portal.quarters import Quarter


def check_commitment_cap(*, plan: ActionPlan, exclude: Commitment | None = None) -> None:
    """R15: at most 5 open commitments for one commune, 10 for two, 12 for three or four.

    The cap is the plan's: the communes of a joint plan share it as they agree.
    """
    open_commitments = Commitment.objects.filter(plan=plan).open()
    if exclude is not None and exclude.pk:
        open_commitments = open_commitments.exclude(pk=exclude.pk)
    cap = plan.commitment_cap()
    if open_commitments.count() >= cap:
        raise ApplicationError(
            _(
                "This plan already has %(cap)d open commitments, its maximum (R15). A commitment "
                "stops counting once it is complete and its end-of-commitment assessment is "
                "submitted."
            )
            % {"cap": cap}
        )


@transaction.atomic
def commitment_create(
    *,
    plan: ActionPlan,
    commune: Commune | None,
    title: str,
    start_date: dt.date,
    end_date: dt.date,
    ogp_values: list[str],
    **fields: Any,
) -> Commitment:
    """R15, R16, R20: add a draft commitment to a plan that has room for it."""
    # Lock the plan so two concurrent creations cannot both pass the cap.
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    check_commitment_cap(plan=plan)
    commitment = Commitment(
        plan=plan,
        commune=commune,
        title=title,
        start_date=start_date,
        end_date=end_date,
        ogp_values=ogp_values,
        **fields,
    )
    try:
        commitment.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    commitment.save()
    return commitment


def _transition(*, commitment: Commitment, to: str, by, note: str = "") -> Commitment:
    if to not in Commitment.ALLOWED_TRANSITIONS[commitment.status]:
        raise ApplicationError(
            _("A commitment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": commitment.get_status_display(), "to": Commitment.Status(to).label}
        )
    previous = commitment.status
    commitment.status = to
    commitment.version += 1
    update_fields = ["status", "version", "updated_at"]
    if to == Commitment.Status.SUBMITTED:
        commitment.submitted_on = timezone.localdate()
        update_fields.append("submitted_on")
    commitment.save(update_fields=update_fields)
    CommitmentStatusChange.objects.create(
        commitment=commitment, from_status=previous, to_status=to, changed_by=by, note=note
    )
    return commitment


@transaction.atomic
def commitment_submit(*, commitment: Commitment, by, note: str = "") -> Commitment:
    """R21: a commitment is submitted with its English title and action."""
    if commitment.missing_english():
        raise ApplicationError(
            _("The commitment needs its English title and action before submission (R21).")
        )
    return _transition(commitment=commitment, to=Commitment.Status.SUBMITTED, by=by, note=note)


@transaction.atomic
def commitment_start(*, commitment: Commitment, by, note: str = "") -> Commitment:
    return _transition(commitment=commitment, to=Commitment.Status.ONGOING, by=by, note=note)


@transaction.atomic
def commitment_complete(*, commitment: Commitment, by, note: str = "") -> Commitment:
    return _transition(commitment=commitment, to=Commitment.Status.COMPLETE, by=by, note=note)


@transaction.atomic
def commitment_withdraw(*, commitment: Commitment, by, note: str = "") -> Commitment:
    return _transition(commitment=commitment, to=Commitment.Status.WITHDRAWN, by=by, note=note)


class PlanSubmissionRefused(ApplicationError):
    """R13, R15, R16, R19, R21: a plan submission refused, with every reason in ``reasons``."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


# R16: the narrative a commitment needs before its plan is submitted. "status_quo" is left out
# for now: the demo data (load_demo_data) has none; add it once the demo fills it.
SUBMISSION_REQUIRED_TEXTS = ("problem", "status_quo", "action", "solution", "long_term_goal")


def _draft_commitment_clean(commitment: Commitment) -> None:
    """R13, R16, R20: full_clean() of a commitment just read with its plan, without a query.

    Each of these checks is one query per commitment in full_clean(), and each is already
    settled for a row just read from the database: its plan and commune exist (foreign keys),
    the database holds its check constraints (and the field validators and clean() repeat them
    with the same messages), and it has no unique field but its key. clean() itself reads only
    the plan's prefetched communes and the commune selected with the row.
    """
    commitment.full_clean(
        exclude=["plan", "commune"], validate_unique=False, validate_constraints=False
    )


def plan_submission_problems(plan: ActionPlan) -> list[str]:
    """R13, R15, R16, R19, R21: every reason the plan cannot be submitted yet (empty when it can)."""
    from action_plans.rules import submission_engagement_met

    problems: list[str] = []
    if plan.status != ActionPlan.Status.DRAFT:
        problems.append(
            _("Only a draft plan is submitted; this one is “%(status)s”.")
            % {"status": plan.get_status_display()}
        )
    # Commitment.clean() reads the plan's communes: fetched once here, not once per commitment.
    prefetch_related_objects([plan], "communes")
    communes = plan.member_communes()
    try:
        plan.validate_communes(communes)
    except ValidationError as error:
        problems.extend(error.messages)
    try:
        plan.validate_period(communes)
    except ValidationError as error:
        problems.extend(error.messages)
    # Each commitment's ``plan`` is this very object (the related manager sets it), whose
    # communes are prefetched above; its commune comes with the row.
    commitments = list(
        plan.commitments.exclude(status=Commitment.Status.WITHDRAWN)
        .select_related("commune")
        .prefetch_related("actors", "milestones")
    )
    if not commitments:
        problems.append(_("The plan needs at least one commitment (R16)."))
    open_count = Commitment.objects.filter(plan=plan).open().count()
    cap = plan.commitment_cap()
    if open_count > cap:
        problems.append(
            _("The plan has %(count)d open commitments; the maximum is %(cap)d (R15).")
            % {"count": open_count, "cap": cap}
        )
    for commitment in commitments:
        if commitment.status != Commitment.Status.DRAFT:
            continue
        try:
            _draft_commitment_clean(commitment)
        except ValidationError as error:
            for message in error.messages:
                problems.append(
                    _("“%(title)s”: %(message)s") % {"title": commitment.title, "message": message}
                )
        lacking = []
        for name in SUBMISSION_REQUIRED_TEXTS:
            if not getattr(commitment, name).strip():
                lacking.append(str(Commitment._meta.get_field(name).verbose_name))
        if lacking:
            problems.append(
                _("“%(title)s” needs: %(fields)s (R16).")
                % {"title": commitment.title, "fields": ", ".join(lacking)}
            )
        roles = {actor.role for actor in commitment.actors.all()}
        if CommitmentActor.Role.LEAD_GOVERNMENT not in roles:
            problems.append(
                _("“%(title)s” needs its lead government agency (R16).")
                % {"title": commitment.title}
            )
        if not commitment.milestones.all():
            problems.append(
                _("“%(title)s” needs at least one milestone (R17).") % {"title": commitment.title}
            )
        if commitment.missing_english():
            problems.append(
                _("“%(title)s” needs its English title and action (R21).")
                % {"title": commitment.title}
            )
    if not submission_engagement_met(plan):
        problems.append(
            _(
                "A plan is submitted only after a co-creation meeting with non-governmental "
                "participants and at least one endorsement (R19)."
            )
        )
    if plan.missing_english():
        problems.append(
            _("The plan needs its English title and vision summary before submission (R21).")
        )
    return problems


@transaction.atomic
def plan_submit(*, plan: ActionPlan, by, note: str = "") -> ActionPlan:
    """R13, R15, R16, R19, R21: submit the plan and its draft commitments, or list every reason not to."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    problems = plan_submission_problems(plan)
    if problems:
        raise PlanSubmissionRefused(problems)
    drafts = list(plan.commitments.filter(status=Commitment.Status.DRAFT))
    plan = plan_services.plan_submit(plan=plan, by=by, note=note)
    for commitment in drafts:
        _transition(commitment=commitment, to=Commitment.Status.SUBMITTED, by=by, note=note)
    return plan


@transaction.atomic
def commitment_save(
    *,
    plan: ActionPlan,
    commitment: Commitment | None,
    data: dict[str, Any],
    actors=None,
    milestones=None,
    by,
    expected_version: int | None = None,
) -> Commitment:
    """R15, R16, R17: create or change a draft commitment, then its actors and milestones.

    ``actors`` and ``milestones`` are validated inline formsets (or None). A stale
    ``expected_version`` is refused and nothing changes (optimistic concurrency).
    """
    if commitment is None:
        commitment = commitment_create(plan=plan, **data)
    else:
        locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
        if locked.status != Commitment.Status.DRAFT:
            raise ApplicationError(
                _(
                    "A submitted commitment changes only through a change record (R18), "
                    "within 6 months of its submission."
                )
            )
        _check_version(locked.version, expected_version)
        for name, value in data.items():
            setattr(locked, name, value)
        locked.version += 1
        try:
            locked.full_clean()
        except ValidationError as error:
            raise ApplicationError.from_validation_error(error) from error
        locked.save()
        commitment = locked
    for formset in (actors, milestones):
        if formset is not None:
            formset.instance = commitment
            formset.save()
    return commitment


@transaction.atomic
def commitment_change_record(
    *,
    commitment: Commitment,
    kind: str,
    description: str,
    reason: str,
    how_decided: str,
    approved_by: Iterable[Organisation],
    decided_on: dt.date,
    by,
) -> CommitmentChange:
    """R18: record a change with its reason, decision and approvers, within 6 months of submission."""
    approved_by = list(approved_by)
    if not approved_by:
        raise ApplicationError(
            _("Name the non-governmental stakeholders who approved the change (R18)."),
            field="approved_by",
        )
    change = CommitmentChange(
        commitment=commitment,
        kind=kind,
        description=description,
        reason=reason,
        how_decided=how_decided,
        decided_on=decided_on,
        recorded_by=by,
    )
    try:
        change.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    change.save()
    change.approved_by.set(approved_by)
    if kind == CommitmentChange.Kind.WITHDRAWAL:
        _transition(commitment=commitment, to=Commitment.Status.WITHDRAWN, by=by, note=reason)
    return change


# -- public comments (R25) ----------------------------------------------------------------------

# R25: at most this many comments per address in the window (seconds), to keep bots out.
COMMENT_RATE_LIMIT = 5
COMMENT_RATE_WINDOW = 3600


def comment_ip_hash(ip: str) -> str:
    """R25: a keyed hash of the address, so the raw IP is never stored."""
    return hmac.new(settings.SECRET_KEY.encode(), (ip or "").encode(), hashlib.sha256).hexdigest()


def comment_rate_limited(*, ip: str, count: bool = True) -> bool:
    """R25: True when the address already posted COMMENT_RATE_LIMIT comments in the window.

    Counts in the Django cache (Redis): ``count=True`` records this attempt.
    """
    key = f"comment-rate:{comment_ip_hash(ip)}"
    if not count:
        return (cache.get(key) or 0) >= COMMENT_RATE_LIMIT
    cache.add(key, 0, timeout=COMMENT_RATE_WINDOW)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=COMMENT_RATE_WINDOW)
        attempts = 1
    return attempts > COMMENT_RATE_LIMIT


@transaction.atomic
def comment_post(
    *, update: QuarterlyUpdate, author_name: str, author_email: str, body: str, ip: str
) -> Comment:
    """R25: anyone comments on a public progress update; the comment waits for moderation."""
    is_public = (
        update.status == QuarterlyUpdate.Status.SUBMITTED
        and Commitment.objects.public().filter(pk=update.commitment_id).exists()
    )
    if not is_public:
        raise ApplicationError(_("Comments are open on published progress updates only."))
    if comment_rate_limited(ip=ip):
        raise ApplicationError(
            _("Too many comments from your connection: please try again in an hour.")
        )
    comment = Comment(
        update=update,
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        body=body.strip(),
        status=Comment.Status.PENDING,
        ip_hash=comment_ip_hash(ip),
    )
    try:
        comment.full_clean()
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    comment.save()
    return comment


# -- quarterly updates (R23, R24, R28) ----------------------------------------------------------

# Commitments that take quarterly updates: submitted to OGP and not closed.
UPDATABLE_STATUSES = (Commitment.Status.SUBMITTED, Commitment.Status.ONGOING)


def update_window_check(*, year: int, quarter: int, on: dt.date | None = None) -> Quarter:
    """R23: an update is filed during its quarter or within the grace period after it; else the reason."""
    on = on or timezone.localdate()
    try:
        period = Quarter(int(year), int(quarter))
    except (TypeError, ValueError) as error:
        raise ApplicationError(_("The quarter is 1, 2, 3 or 4."), field="quarter") from error
    grace_days = settings.UPDATE_GRACE_DAYS
    if on < period.start:
        raise ApplicationError(
            _(
                "The update for %(quarter)s can be filed from %(start)s, when the quarter starts (R23)."
            )
            % {"quarter": period, "start": period.start.isoformat()}
        )
    if on > period.grace_end(grace_days):
        raise ApplicationError(
            _(
                "The update for %(quarter)s can no longer be filed: the quarter ended on %(end)s "
                "and its %(days)d-day grace period on %(grace_end)s (R23)."
            )
            % {
                "quarter": period,
                "end": period.end.isoformat(),
                "days": grace_days,
                "grace_end": period.grace_end(grace_days).isoformat(),
            }
        )
    return period


def _check_updatable(commitment: Commitment) -> None:
    if commitment.status not in UPDATABLE_STATUSES:
        raise ApplicationError(
            _(
                "Only a submitted or ongoing commitment takes quarterly updates (R23); this one is “%(status)s”."
            )
            % {"status": commitment.get_status_display()}
        )


def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and int(expected) != current:
        raise ApplicationError(
            _(
                "Someone else saved this form since you opened it. Your text is kept below: "
                "reload the page in another tab to see their version, then save again."
            ),
            field="version",
        )


@transaction.atomic
def update_save_draft(
    *,
    commitment: Commitment,
    year: int,
    quarter: int,
    progress: str = "",
    delay_reasons: str = "",
    next_steps: str = "",
    completion_level: str = "",
    milestone_statuses: dict[int, str] | None = None,
    by,
    expected_version: int | None = None,
    on: dt.date | None = None,
) -> QuarterlyUpdate:
    """R23: create or change the draft update of a commitment for a quarter (one per quarter).

    Saving twice (a browser retry) changes the same row: the unique constraint on
    (commitment, year, quarter) and a lock on the commitment keep it single.
    ``expected_version`` is the version the form was opened on (0 when no update existed):
    a stale one is refused (optimistic concurrency) and nothing changes.
    """
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    _check_updatable(commitment)
    update_window_check(year=year, quarter=quarter, on=on)
    update = (
        QuarterlyUpdate.objects.select_for_update()
        .filter(commitment=commitment, year=year, quarter=quarter)
        .first()
    )
    if update is not None and update.status == QuarterlyUpdate.Status.SUBMITTED:
        raise ApplicationError(
            _("The update for %(quarter)s is already submitted and published.")
            % {"quarter": Quarter(int(year), int(quarter))}
        )
    _check_version(update.version if update is not None else 0, expected_version)
    if update is None:
        update = QuarterlyUpdate(commitment=commitment, year=year, quarter=quarter, author=by)
    else:
        update.version += 1
    update.progress = progress
    update.delay_reasons = delay_reasons
    update.next_steps = next_steps
    update.completion_level = completion_level or ""
    try:
        update.full_clean(validate_unique=False)
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from error
    update.save()
    _save_milestone_statuses(update=update, commitment=commitment, statuses=milestone_statuses)
    return update


def _save_milestone_statuses(
    *, update: QuarterlyUpdate, commitment: Commitment, statuses: dict[int, str] | None
) -> None:
    """R23: the milestone statuses reported by the update; an unchanged status records nothing."""
    if not statuses:
        return
    milestones = {m.pk: m for m in commitment.milestones.all()}
    existing = {mu.milestone_id: mu for mu in update.milestone_updates.all()}
    valid = set(Milestone.Status.values)
    for milestone_id, new_status in statuses.items():
        milestone = milestones.get(int(milestone_id))
        if milestone is None:
            raise ApplicationError(_("The milestone belongs to another commitment."))
        if new_status not in valid:
            raise ApplicationError(_("Choose a valid milestone status."))
        current = existing.get(milestone.pk)
        if current is None:
            if new_status != milestone.status:
                MilestoneUpdate.objects.create(
                    update=update,
                    milestone=milestone,
                    previous_status=milestone.status,
                    new_status=new_status,
                )
        elif new_status == current.previous_status:
            current.delete()
        elif new_status != current.new_status:
            current.new_status = new_status
            current.save(update_fields=["new_status", "updated_at"])


@transaction.atomic
def update_submit(
    *, update: QuarterlyUpdate, by, expected_version: int | None = None, on: dt.date | None = None
) -> QuarterlyUpdate:
    """R23, R27, R28: publish a draft update; milestones take their reported statuses.

    Idempotent: submitting an update that is already submitted returns it unchanged (a browser
    retry of the same POST). An inactive commune whose update shows progress is active at once (R28).
    """
    Commitment.objects.select_for_update().filter(pk=update.commitment_id).first()
    update = (
        QuarterlyUpdate.objects.select_for_update(of=("self",))
        .select_related("commitment__plan", "commitment__commune")
        .get(pk=update.pk)
    )
    if update.status == QuarterlyUpdate.Status.SUBMITTED:
        return update
    commitment = update.commitment
    _check_updatable(commitment)
    on = on or timezone.localdate()
    update_window_check(year=update.year, quarter=update.quarter, on=on)
    _check_version(update.version, expected_version)
    missing = []
    if not update.progress.strip():
        missing.append(_("describe the progress"))
    if not update.completion_level:
        missing.append(_("choose the completion level"))
    if missing:
        raise ApplicationError(
            _("Before submitting the update: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    previous = (
        QuarterlyUpdate.objects.filter(
            commitment=commitment, status=QuarterlyUpdate.Status.SUBMITTED
        )
        .exclude(pk=update.pk)
        .filter(Q(year__lt=update.year) | Q(year=update.year, quarter__lt=update.quarter))
        .order_by("-year", "-quarter")
        .first()
    )
    update.previous_completion_level = (
        previous.completion_level if previous else CompletionLevel.NOT_STARTED
    )
    for mu in update.milestone_updates.select_related("milestone"):
        milestone = mu.milestone
        if mu.previous_status != milestone.status:
            mu.previous_status = milestone.status
            mu.save(update_fields=["previous_status", "updated_at"])
        milestone.status = mu.new_status
        milestone.save(update_fields=["status", "updated_at"])
    update.status = QuarterlyUpdate.Status.SUBMITTED
    update.submitted_at = timezone.now()
    update.submitted_by = by
    update.version += 1
    update.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "previous_completion_level",
            "version",
            "updated_at",
        ]
    )
    if update.made_progress():
        reactivate_communes(
            communes=_concerned_communes(commitment),
            on=on,
            reason=_("Update for %(quarter)s showing progress on “%(commitment)s”.")
            % {"quarter": Quarter(update.year, update.quarter), "commitment": commitment.title},
            by=by,
        )
    return update


def _concerned_communes(commitment: Commitment) -> list[Commune]:
    if commitment.commune_id is not None:
        return [commitment.commune]
    return list(commitment.plan.communes.all())


def reactivate_communes(*, communes: Iterable[Commune], on: dt.date, reason: str, by) -> None:
    """R28: an inactive member becomes active at once when it shows progress or co-creates."""
    for commune in communes:
        if commune.membership_status == Commune.MembershipStatus.INACTIVE:
            commune_services.membership_status_change(
                commune=commune,
                to_status=Commune.MembershipStatus.ACTIVE,
                on=on,
                rule="R28",
                reason=reason,
                by=by,
            )


# -- evidence (R24) -----------------------------------------------------------------------------

_TARGET_FIELDS = (
    (QuarterlyUpdate, "update"),
    (Milestone, "milestone"),
    (Commitment, "commitment"),
    (CoCreationMeeting, "meeting"),
    (ActionPlan, "plan"),
)


@transaction.atomic
def evidence_add(
    *,
    target: Commitment | Milestone | QuarterlyUpdate | CoCreationMeeting | ActionPlan,
    kind: str,
    title: str,
    dated: dt.date,
    file=None,
    url: str = "",
    is_public: bool = True,
    description: str = "",
    by,
) -> Evidence:
    """R24: attach a file (checked by size and content) or a link to exactly one thing."""
    field = next((name for model, name in _TARGET_FIELDS if isinstance(target, model)), None)
    if field is None:
        raise ApplicationError(
            _("Evidence is attached to a commitment, a milestone, an update, a meeting or a plan.")
        )
    if bool(file) == bool(url):
        raise ApplicationError(_("Give either a file or a link, not both."), field="file")
    evidence = Evidence(
        kind=kind,
        title=title,
        dated=dated,
        file=file or "",
        url=url or "",
        is_public=is_public,
        description=description,
        uploaded_by=by,
        **{field: target},
    )
    try:
        evidence.full_clean()
    except ValidationError as error:
        if hasattr(error, "error_dict") and len(error.error_dict) == 1:
            (name,) = error.error_dict
            raise ApplicationError(" ".join(error.messages), field=name) from error
        raise ApplicationError.from_validation_error(error) from error
    evidence.save()
    return evidence


# -- public comments (R25) ----------------------------------------------------------------------


def _comment_transition(*, comment: Comment, to: str, by) -> Comment:
    if to not in Comment.ALLOWED_TRANSITIONS[comment.status]:
        raise ApplicationError(
            _("A comment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": comment.get_status_display(), "to": Comment.Status(to).label}
        )
    comment.status = to
    comment.moderated_by = by
    comment.moderated_at = timezone.now()
    comment.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
    return comment


@transaction.atomic
def comment_approve(*, comment: Comment, by) -> Comment:
    """R25: show a comment on the public page."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.APPROVED:
        return comment
    return _comment_transition(comment=comment, to=Comment.Status.APPROVED, by=by)


@transaction.atomic
def comment_reject(*, comment: Comment, by) -> Comment:
    """R25: hide a comment from the public page."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.REJECTED:
        return comment
    return _comment_transition(comment=comment, to=Comment.Status.REJECTED, by=by)


@transaction.atomic
def comment_reply(*, comment: Comment, reply: str, by) -> Comment:
    """R25: the commune replies to a comment; replying approves a pending comment."""
    reply = (reply or "").strip()
    if not reply:
        raise ApplicationError(_("Write the reply."), field="reply")
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Comment.Status.REJECTED:
        raise ApplicationError(_("A rejected comment cannot be replied to; approve it first."))
    if comment.status == Comment.Status.PENDING:
        _comment_transition(comment=comment, to=Comment.Status.APPROVED, by=by)
    comment.reply = reply
    comment.replied_by = by
    comment.replied_at = timezone.now()
    comment.save(update_fields=["reply", "replied_by", "replied_at", "updated_at"])
    return comment
