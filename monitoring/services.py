"""Writes on monitoring: body assignment (R12), assessments (R26, R15), the check (R27-R30)
and its letters (R30)."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from action_plans.models import ActionPlan
from commitments.models import Commitment
from communes.models import Commune, MembershipStatusChange
from communes.services import membership_status_change_many
from log_portal.errors import ApplicationError
from log_portal.pdf import render_pdf
from monitoring import rules
from monitoring.models import (
    Assessment,
    AssessmentStatusChange,
    CommitmentAssessment,
    InactivityCheckRun,
    Letter,
    MonitoredPlan,
    MonitoringBody,
    Report,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def plan_assign_body(
    *, plan: ActionPlan, body: MonitoringBody, appointed_on: dt.date | None = None
) -> MonitoredPlan:
    """R12, R20: a plan has one monitoring body; assigning again replaces it."""
    monitored, _created = MonitoredPlan.objects.update_or_create(
        plan=plan, defaults={"body": body, "appointed_on": appointed_on}
    )
    return monitored


@transaction.atomic
def assessment_create(
    *, plan: ActionPlan, kind: str, commitment: Commitment | None = None
) -> Assessment:
    """R26: open an assessment for the plan's body, due on the date the rule sets."""
    monitored = MonitoredPlan.objects.select_related("body").filter(plan=plan).first()
    if monitored is None:
        raise ApplicationError(_("Assign a monitoring body to the plan first (R12)."))
    due_on = Assessment.compute_due_on(kind=kind, plan=plan, commitment=commitment)
    if due_on is None:
        raise ApplicationError(_("The initial assessment is due once the plan is submitted (R26)."))
    assessment = Assessment(
        plan=plan, body=monitored.body, kind=kind, commitment=commitment, due_on=due_on
    )
    try:
        assessment.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    assessment.save()
    return assessment


def _transition(*, assessment: Assessment, to: str, by, note: str = "") -> Assessment:
    if to not in Assessment.ALLOWED_TRANSITIONS[assessment.status]:
        raise ApplicationError(
            _("An assessment cannot go from “%(from)s” to “%(to)s”.")
            % {"from": assessment.get_status_display(), "to": Assessment.Status(to).label}
        )
    previous = assessment.status
    assessment.status = to
    update_fields = ["status", "updated_at"]
    if to == Assessment.Status.SUBMITTED:
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = by
        update_fields += ["submitted_at", "submitted_by"]
    if to == Assessment.Status.REOPENED:
        assessment.reopened_reason = note
        update_fields.append("reopened_reason")
    if to == Assessment.Status.IN_REPLY:
        assessment.reply_until = timezone.localdate() + dt.timedelta(
            days=settings.ASSESSMENT_REPLY_DAYS
        )
        update_fields.append("reply_until")
    assessment.save(update_fields=update_fields)
    AssessmentStatusChange.objects.create(
        assessment=assessment, from_status=previous, to_status=to, changed_by=by, note=note
    )
    return assessment


def _locked(assessment: Assessment) -> Assessment:
    """The assessment's row, locked for this transaction (two forms never overwrite each other)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    assessment.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return assessment


@transaction.atomic
def assessment_save_draft(
    *, assessment: Assessment, data: dict, judgements: dict[int, dict] | None = None, by
) -> Assessment:
    """R26: the body saves its draft (only while it is a draft or reopened).

    ``data`` holds the assessment's own fields; ``judgements`` maps a commitment pk of the plan to
    its values (initial assessment: relevance, verifiability, potential impact).
    """
    _locked(assessment)
    if assessment.status not in Assessment.EDITABLE_STATUSES:
        raise ApplicationError(_("This assessment is no longer a draft: it cannot be changed."))
    allowed = ASSESSMENT_FIELDS[assessment.kind]
    for name, value in data.items():
        if name not in allowed:
            raise ApplicationError(_("This field does not belong to this assessment."))
        setattr(assessment, name, value)
    try:
        assessment.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from error
    assessment.save(update_fields=[*data, "updated_at"])
    if judgements:
        if assessment.kind != Assessment.Kind.INITIAL:
            raise ApplicationError(
                _("Commitments' design is judged in the initial assessment only.")
            )
        plan_commitments = set(
            assessment.plan.commitments.filter(pk__in=list(judgements)).values_list("pk", flat=True)
        )
        for commitment_pk, values in judgements.items():
            if commitment_pk not in plan_commitments:
                raise ApplicationError(_("The commitment belongs to another plan."))
            if set(values) - set(JUDGEMENT_FIELDS):
                raise ApplicationError(_("This field does not belong to this assessment."))
            CommitmentAssessment.objects.update_or_create(
                assessment=assessment, commitment_id=commitment_pk, defaults=values
            )
    return assessment


# R26: what each kind of assessment records (besides its summary).
ASSESSMENT_FIELDS = {
    Assessment.Kind.INITIAL: ("summary", "co_creation_findings", "recommended_practices"),
    Assessment.Kind.END_OF_COMMITMENT: ("summary", "completion_level", "early_results"),
    Assessment.Kind.FINAL_LEARNING: ("summary", "lessons"),
}
JUDGEMENT_FIELDS = ("is_relevant", "relevance_notes", "is_verifiable", "potential_impact", "notes")


@transaction.atomic
def assessment_open_reply(*, assessment: Assessment, by, note: str = "") -> Assessment:
    """R26: the commune sees the draft and may reply for ASSESSMENT_REPLY_DAYS days."""
    _locked(assessment)
    if not assessment.summary.strip():
        raise ApplicationError(_("Write the summary before sharing the draft."), field="summary")
    return _transition(assessment=assessment, to=Assessment.Status.IN_REPLY, by=by, note=note)


@transaction.atomic
def assessment_reply(*, assessment: Assessment, reply: str, by) -> Assessment:
    """R26: the commune's reply, published beside the assessment; only during the reply period."""
    _locked(assessment)
    if assessment.status != Assessment.Status.IN_REPLY or (
        assessment.reply_until and timezone.localdate() > assessment.reply_until
    ):
        raise ApplicationError(_("The reply period of this assessment is over."))
    if not reply.strip():
        raise ApplicationError(_("Write your reply."), field="commune_reply")
    assessment.commune_reply = reply.strip()
    assessment.replied_at = timezone.now()
    assessment.save(update_fields=["commune_reply", "replied_at", "updated_at"])
    return assessment


def assessment_can_submit(assessment: Assessment, on: dt.date | None = None) -> bool:
    """R26: submitted after the commune replied or its reply period ended (or once reopened)."""
    day = on or timezone.localdate()
    if assessment.status == Assessment.Status.REOPENED:
        return True
    if assessment.status != Assessment.Status.IN_REPLY:
        return False
    return bool(assessment.replied_at) or (
        assessment.reply_until is not None and day > assessment.reply_until
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by, note: str = "") -> Assessment:
    """R26: submitting locks and publishes; R15: a complete commitment then stops counting."""
    _locked(assessment)
    if assessment.status == Assessment.Status.IN_REPLY and not assessment_can_submit(assessment):
        raise ApplicationError(
            _("The commune may reply until %(date)s: submit after that date or after its reply.")
            % {"date": assessment.reply_until.isoformat()}
        )
    assessment = _transition(
        assessment=assessment, to=Assessment.Status.SUBMITTED, by=by, note=note
    )
    if assessment.kind == Assessment.Kind.END_OF_COMMITMENT:
        Commitment.objects.filter(pk=assessment.commitment_id).update(
            end_assessment_submitted_on=timezone.localdate(), updated_at=timezone.now()
        )
    return assessment


@transaction.atomic
def assessment_reopen(*, assessment: Assessment, by, reason: str) -> Assessment:
    """Staff reopen a submitted assessment, with a reason."""
    if not reason.strip():
        raise ApplicationError(_("Give the reason for reopening."), field="reopened_reason")
    _locked(assessment)
    assessment = _transition(
        assessment=assessment, to=Assessment.Status.REOPENED, by=by, note=reason
    )
    if assessment.kind == Assessment.Kind.END_OF_COMMITMENT:
        Commitment.objects.filter(pk=assessment.commitment_id).update(
            end_assessment_submitted_on=None, updated_at=timezone.now()
        )
    return assessment


# --- R26: due and overdue assessments -----------------------------------------------------------


def assessment_open_or_get(
    *, plan: ActionPlan, kind: str, commitment: Commitment | None = None
) -> Assessment:
    """R26: the plan's assessment of this kind, opened (as a draft) on first use."""
    existing = Assessment.objects.filter(plan=plan, kind=kind, commitment=commitment).first()
    if existing is not None:
        return existing
    return assessment_create(plan=plan, kind=kind, commitment=commitment)


@transaction.atomic
def assessments_open_due(*, on: dt.date) -> int:
    """R26: open every assessment whose due date has come for the monitored plans; returns how many.

    Reads in bulk (one query per kind), so a daily run stays cheap with many plans.
    """
    created = 0
    monitored = MonitoredPlan.objects.filter(
        plan__status__in=ActionPlan.SUBMITTED_STATUSES, plan__submitted_on__isnull=False
    ).select_related("plan")
    has_initial = set(
        Assessment.objects.filter(kind=Assessment.Kind.INITIAL).values_list("plan_id", flat=True)
    )
    has_final = set(
        Assessment.objects.filter(kind=Assessment.Kind.FINAL_LEARNING).values_list(
            "plan_id", flat=True
        )
    )
    new: list[Assessment] = []
    for item in monitored:
        plan = item.plan
        if plan.pk not in has_initial:
            new.append(
                Assessment(
                    plan=plan,
                    body_id=item.body_id,
                    kind=Assessment.Kind.INITIAL,
                    due_on=Assessment.compute_due_on(kind=Assessment.Kind.INITIAL, plan=plan),
                )
            )
        if plan.end_date < on and plan.pk not in has_final:
            new.append(
                Assessment(
                    plan=plan,
                    body_id=item.body_id,
                    kind=Assessment.Kind.FINAL_LEARNING,
                    due_on=Assessment.compute_due_on(
                        kind=Assessment.Kind.FINAL_LEARNING, plan=plan
                    ),
                )
            )
    ended = (
        Commitment.objects.filter(
            plan__monitoring__isnull=False,
            plan__status__in=ActionPlan.SUBMITTED_STATUSES,
            end_date__lt=on,
            assessments__isnull=True,
        )
        .exclude(status__in=[Commitment.Status.DRAFT, Commitment.Status.WITHDRAWN])
        .select_related("plan__monitoring")
    )
    for commitment in ended:
        new.append(
            Assessment(
                plan_id=commitment.plan_id,
                body_id=commitment.plan.monitoring.body_id,
                kind=Assessment.Kind.END_OF_COMMITMENT,
                commitment=commitment,
                due_on=Assessment.compute_due_on(
                    kind=Assessment.Kind.END_OF_COMMITMENT,
                    plan=commitment.plan,
                    commitment=commitment,
                ),
            )
        )
    created = len(Assessment.objects.bulk_create(new, ignore_conflicts=True))
    return created


def overdue_assessments_notify(*, on: dt.date) -> int:
    """R26: e-mail each body its overdue assessments, once per assessment; returns e-mails sent."""
    sent = 0
    bodies = (
        MonitoringBody.objects.filter(
            assessments__in=Assessment.objects.overdue(on).filter(overdue_notified_at__isnull=True)
        )
        .exclude(contact_email="")
        .distinct()
    )
    for body in bodies:
        with transaction.atomic():
            overdue = list(
                Assessment.objects.overdue(on)
                .filter(body=body, overdue_notified_at__isnull=True)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("plan", "commitment")
            )
            if not overdue:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                lines = [f"- {a} ({_('due on')} {a.due_on.isoformat()})" for a in overdue]
                subject = _("Overdue assessments for %(body)s") % {"body": body.name}
                body_text = _("These assessments are overdue (R26):") + "\n" + "\n".join(lines)
            EmailMessage(subject=subject, body=body_text, to=[body.contact_email]).send()
            Assessment.objects.filter(pk__in=[a.pk for a in overdue]).update(
                overdue_notified_at=timezone.now()
            )
            sent += 1
    return sent


# --- R27-R30: the check -----------------------------------------------------------------------

CHECK_BATCH_SIZE = 1000
COMMUNE_FIELDS = (
    "pk",
    "name",
    "country",
    "membership_status",
    "membership_status_since",
    "first_plan_deadline",
)


@dataclass(frozen=True)
class MemberOutcome:
    """One line of the check's report: a member's status before and after, and the rule."""

    commune_id: int
    commune_name: str
    before: str
    after: str
    rule: str = ""
    reason: str = ""

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _members_after(last_pk: int, limit: int) -> list[Commune]:
    return list(
        Commune.objects.filter(membership_status__in=rules.CHECKED_STATUSES, pk__gt=last_pk)
        .order_by("pk")
        .only(*COMMUNE_FIELDS)[:limit]
    )


def _apply_batch(
    *, decided: list[tuple[rules.MemberFacts, rules.Decision]], as_of: dt.date
) -> dict[int, MembershipStatusChange]:
    """R30: a batch's changes in one transaction, under a lock on the members' rows.

    A crash leaves the batch unchanged (never a member half-changed: status without its audit
    row); earlier batches stay done and the next run finishes the work. A concurrent run may
    have changed a member since the batch was read: that member's decision is taken again from
    fresh data under the lock, so two runs never apply the same change twice.
    """
    snapshots = {
        facts.commune.pk: (facts.commune.membership_status, facts.commune.membership_status_since)
        for facts, _decision in decided
    }
    with transaction.atomic():
        locked = {
            commune.pk: commune
            for commune in Commune.objects.select_for_update()
            .filter(pk__in=snapshots)
            .order_by("pk")
            .only(*COMMUNE_FIELDS)
        }
        decisions = {facts.commune.pk: decision for facts, decision in decided}
        moved = [
            commune
            for pk, commune in locked.items()
            if (commune.membership_status, commune.membership_status_since) != snapshots[pk]
        ]
        for fresh in rules.load_member_facts(moved, as_of=as_of):
            decisions[fresh.commune.pk] = rules.decide(fresh, as_of)
        changes = membership_status_change_many(
            changes=[
                (locked[pk], decision.to_status, decision.rule, decision.reason)
                for pk, decision in decisions.items()
                if decision is not None and pk in locked
            ],
            on=as_of,
        )
        if changes:
            change_ids = [change.pk for change in changes]
            transaction.on_commit(lambda: _queue_letters(change_ids))
    return {change.commune_id: change for change in changes}


def _queue_letters(change_ids: list[int]) -> None:
    from monitoring.tasks import status_change_letters_task

    for change_id in change_ids:
        status_change_letters_task.delay(change_id)


def inactivity_check_run(
    *,
    as_of: dt.date,
    dry_run: bool = False,
    by=None,
    batch_size: int = CHECK_BATCH_SIZE,
    on_member: Callable[[MemberOutcome], None] | None = None,
) -> InactivityCheckRun:
    """R30: apply R27-R29 to every member for ``as_of``; idempotent, one transaction per batch.

    Members are read and changed by batches of ``batch_size`` with a fixed number of queries per
    batch, however many members change (rules.load_member_facts, _apply_batch). ``dry_run``
    decides without writing a status change. The run row's counters show progress while it works.
    """
    run = InactivityCheckRun.objects.create(
        as_of=as_of, dry_run=dry_run, started_at=timezone.now(), triggered_by=by
    )
    counts: Counter[str] = Counter()
    checked = changed = 0
    last_pk = 0
    while batch := _members_after(last_pk, batch_size):
        last_pk = batch[-1].pk
        members = rules.load_member_facts(batch, as_of=as_of)
        decided = [(facts, rules.decide(facts, as_of)) for facts in members]
        decided = [(facts, decision) for facts, decision in decided if decision is not None]
        if dry_run:
            applied = {facts.commune.pk: decision for facts, decision in decided}
        else:
            applied = {
                commune_id: rules.Decision(change.to_status, change.rule, change.reason)
                for commune_id, change in _apply_batch(decided=decided, as_of=as_of).items()
            }
        for facts in members:
            before = facts.status
            decision = applied.get(facts.commune.pk)
            outcome = MemberOutcome(facts.commune.pk, facts.commune.name, before, before)
            if decision is not None:
                outcome = MemberOutcome(
                    facts.commune.pk,
                    facts.commune.name,
                    before,
                    decision.to_status,
                    decision.rule,
                    decision.reason,
                )
                counts[decision.rule] += 1
                changed += 1
            checked += 1
            if on_member is not None:
                on_member(outcome)
        InactivityCheckRun.objects.filter(pk=run.pk).update(
            communes_checked=checked, status_changes=changed, updated_at=timezone.now()
        )
    run.communes_checked = checked
    run.status_changes = changed
    run.letters = 0 if dry_run else changed * len(Letter.Language.values)
    run.counts = dict(counts)
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "communes_checked",
            "status_changes",
            "letters",
            "counts",
            "finished_at",
            "updated_at",
        ]
    )
    return run


# --- R30: letters -----------------------------------------------------------------------------


def _letter_context(change: MembershipStatusChange) -> dict:
    Status = Commune.MembershipStatus
    context = {
        "change": change,
        "commune": change.commune,
        "rule_description": rules.rule_description(change.rule),
        "is_notice": change.to_status == Status.ACTIVE,
        "to_status_label": Status(change.to_status).label,
        "from_status_label": Status(change.from_status).label,
    }
    if change.to_status == Status.INACTIVE:
        context["probation_on"] = change.effective_on + relativedelta(
            months=rules.PROBATION_AFTER_INACTIVE_MONTHS
        )
    if change.to_status == Status.PROBATION:
        context["revocation_on"] = change.effective_on + relativedelta(
            months=rules.PROBATION_MONTHS
        )
    return context


def status_change_letters_create(*, change: MembershipStatusChange) -> list[Letter]:
    """R30: the letter of a status change, one PDF in French and one in English (once each)."""
    letters = []
    for language in Letter.Language.values:
        with transaction.atomic():
            letter, _created = Letter.objects.select_for_update().get_or_create(
                status_change=change, language=language
            )
            if not letter.file:
                pdf = render_pdf(
                    "pdf/status_letter.html", _letter_context(change), language=language
                )
                name = f"{change.commune.slug}-{change.effective_on.isoformat()}-{language}.pdf"
                letter.file.save(name, ContentFile(pdf), save=False)
                letter.save(update_fields=["file", "updated_at"])
        letters.append(letter)
    return letters


def status_change_letters_send(*, change: MembershipStatusChange) -> bool:
    """R30: e-mail the letters to the point of contact, once: False when already sent or no one."""
    commune = change.commune
    recipient = (
        commune.point_of_contact.email if commune.point_of_contact_id else ""
    ) or commune.lead_agency_email
    if not recipient:
        logger.warning("No point of contact to send the letter of %s to", commune)
        return False
    with transaction.atomic():
        letters = list(
            Letter.objects.select_for_update().filter(status_change=change).order_by("language")
        )
        if (
            not letters
            or any(letter.sent_at for letter in letters)
            or not all(letter.file for letter in letters)
        ):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("OGP Local membership of %(commune)s: %(status)s") % {
                "commune": commune.name,
                "status": Commune.MembershipStatus(change.to_status).label,
            }
            body = _(
                "Please find attached the letter about the OGP Local membership of %(commune)s "
                "(status on %(date)s: %(status)s), in French and in English."
            ) % {
                "commune": commune.name,
                "date": change.effective_on.isoformat(),
                "status": Commune.MembershipStatus(change.to_status).label,
            }
        message = EmailMessage(subject=subject, body=body, to=[recipient])
        for letter in letters:
            letter.file.open("rb")
            try:
                message.attach(
                    f"letter-{letter.language}.pdf", letter.file.read(), "application/pdf"
                )
            finally:
                letter.file.close()
        message.send()
        Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
            sent_at=timezone.now(), updated_at=timezone.now()
        )
    return True


# --- Reports (rendered by Celery, cached until their data changes) -----------------------------


def _report_fingerprint(report: Report) -> str:
    from monitoring import reports

    if report.kind == Report.Kind.PLAN_PROGRESS:
        return reports.plan_progress_fingerprint(plan=report.plan)
    if report.kind == Report.Kind.ASSESSMENT:
        return reports.assessment_fingerprint(assessment=report.assessment)
    return reports.programme_fingerprint(country=report.country)


def _queue_report(report_id: int) -> None:
    from monitoring.tasks import report_render_task

    report_render_task.delay(report_id)


@transaction.atomic
def report_request(
    *,
    kind: str,
    language: str,
    plan: ActionPlan | None = None,
    assessment: Assessment | None = None,
    country: str = "",
    by=None,
) -> Report:
    """A report, reused while its data is unchanged, otherwise queued for (re-)rendering."""
    if language not in Report.Language.values:
        raise ApplicationError(_("This report is available in French and English only."))
    if kind == Report.Kind.PLAN_PROGRESS and plan is None:
        raise ApplicationError(_("Choose the plan of the report."))
    if kind == Report.Kind.ASSESSMENT and (
        assessment is None or assessment.status != Assessment.Status.SUBMITTED
    ):
        raise ApplicationError(_("Only a submitted assessment has a report."))
    report, _created = Report.objects.select_for_update().get_or_create(
        kind=kind,
        language=language,
        plan=plan if kind == Report.Kind.PLAN_PROGRESS else None,
        assessment=assessment if kind == Report.Kind.ASSESSMENT else None,
        country=country if kind == Report.Kind.PROGRAMME else "",
        defaults={"requested_by": by},
    )
    fingerprint = _report_fingerprint(report)
    if report.data_fingerprint == fingerprint and report.status != Report.Status.FAILED:
        return report  # ready, or already being rendered from the same data
    report.data_fingerprint = fingerprint
    report.status = Report.Status.PENDING
    report.progress = 0
    report.error = ""
    report.requested_by = by
    report.save(
        update_fields=[
            "data_fingerprint",
            "status",
            "progress",
            "error",
            "requested_by",
            "updated_at",
        ]
    )
    report_id = report.pk
    transaction.on_commit(lambda: _queue_report(report_id))
    return report


def _report_progress(report: Report, status: str, progress: int) -> None:
    """Visible progress: written at once, outside any long transaction."""
    Report.objects.filter(pk=report.pk).update(
        status=status, progress=progress, updated_at=timezone.now()
    )


def report_render(*, report: Report) -> Report:
    """Render the report's PDF from fresh data and store it; the fingerprint is of that data."""
    from monitoring import reports

    _report_progress(report, Report.Status.RUNNING, 10)
    fingerprint = _report_fingerprint(report)
    if report.kind == Report.Kind.PLAN_PROGRESS:
        context, template = reports.plan_progress_data(plan=report.plan), "pdf/plan_progress.html"
        name = f"plan-{report.plan_id}"
    elif report.kind == Report.Kind.ASSESSMENT:
        context = reports.assessment_data(assessment=report.assessment)
        template, name = "pdf/assessment_report.html", f"assessment-{report.assessment_id}"
    else:
        context = reports.programme_data(country=report.country)
        template, name = "pdf/programme_report.html", f"programme-{report.country or 'all'}"
    _report_progress(report, Report.Status.RUNNING, 50)
    try:
        pdf = render_pdf(template, context, language=report.language)
    except Exception as error:
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.FAILED, error=str(error)[:2000], updated_at=timezone.now()
        )
        raise
    _report_progress(report, Report.Status.RUNNING, 90)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        old = report.file.name if report.file else ""
        report.file.save(f"{name}-{report.language}.pdf", ContentFile(pdf), save=False)
        report.data_fingerprint = fingerprint
        report.status = Report.Status.DONE
        report.progress = 100
        report.save(update_fields=["file", "data_fingerprint", "status", "progress", "updated_at"])
    if old and old != report.file.name:
        report.file.storage.delete(old)
    return report


def status_changes_without_letters():
    """R30: membership changes still lacking their letter, whoever made them (the check, R28 in
    the commitments and action plan services, staff). Joining and leaving get no letter."""
    Status = Commune.MembershipStatus
    return (
        MembershipStatusChange.objects.filter(letters__isnull=True)
        .exclude(from_status=Status.NOT_MEMBER)
        .exclude(to_status=Status.NOT_MEMBER)
        .order_by("pk")
    )


def status_change_letters_queue_missing(*, limit: int = 1000) -> int:
    """R30: queue the letters of changes that have none yet; safe to run any number of times."""
    ids = list(status_changes_without_letters().values_list("pk", flat=True)[:limit])
    _queue_letters(ids)
    return len(ids)
