"""Monitoring bodies and their assessments, status letters and inactivity check runs.

Rules: R12 (one monitoring body per plan), R26 (assessments and their due dates),
R30 (the check and its letters).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from action_plans.models import ActionPlan
from commitments.models import Commitment
from communes.models import MembershipStatusChange
from log_portal.models import StatusChange, TimeStampedModel

# R26: months after the reference date an assessment is due.
INITIAL_DUE_MONTHS = 2
END_OF_COMMITMENT_DUE_MONTHS = 1
FINAL_DUE_MONTHS = 2


class MonitoringBody(TimeStampedModel):
    """R12: the independent body that assesses a plan; its members are users."""

    class Kind(models.TextChoices):
        CSO = "cso", _("Civil society organisation")
        UNIVERSITY = "university", _("University or research institution")
        COUNCIL = "council", _("Citizen council or forum working group")
        WATCHDOG = "watchdog", _("Independent oversight body")
        PEER = "peer", _("Peer or IRM researcher")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CSO)
    country = CountryField(_("country"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="monitoring_bodies",
    )

    class Meta:
        verbose_name = _("monitoring body")
        verbose_name_plural = _("monitoring bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MonitoredPlan(TimeStampedModel):
    """R12, R20: the one monitoring body of a plan (kept here so action_plans needs no monitoring)."""

    plan = models.OneToOneField(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="monitoring"
    )
    body = models.ForeignKey(
        MonitoringBody,
        verbose_name=_("monitoring body"),
        on_delete=models.PROTECT,
        related_name="monitored_plans",
    )
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitored plan")
        verbose_name_plural = _("monitored plans")
        ordering = ["plan"]

    def __str__(self) -> str:
        return f"{self.plan} – {self.body}"


class AssessmentQuerySet(models.QuerySet):
    def overdue(self, on: dt.date) -> AssessmentQuerySet:
        """R26: not submitted and past their due date on ``on``."""
        return self.exclude(status=Assessment.Status.SUBMITTED).filter(due_on__lt=on)

    def public(self) -> AssessmentQuerySet:
        """R44: submitted assessments only."""
        return self.filter(status=Assessment.Status.SUBMITTED)


class Assessment(TimeStampedModel):
    """R26: the initial assessment, an end-of-commitment assessment or the final learning exercise."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial assessment")
        END_OF_COMMITMENT = "end_of_commitment", _("End-of-commitment assessment")
        FINAL_LEARNING = "final_learning", _("Final learning exercise")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REPLY = "in_reply", _("Commune's right of reply")
        SUBMITTED = "submitted", _("Submitted")
        REOPENED = "reopened", _("Reopened")

    EDITABLE_STATUSES = (Status.DRAFT, Status.REOPENED)
    ALLOWED_TRANSITIONS: dict[str, set[str]] = {
        # R26: the commune's right of reply comes before publication.
        Status.DRAFT: {Status.IN_REPLY},
        Status.IN_REPLY: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.REOPENED},
        Status.REOPENED: {Status.IN_REPLY, Status.SUBMITTED},
    }

    class CompletionLevel(models.TextChoices):
        """IRM completion scale."""

        NO_EVIDENCE = "no_evidence", _("No evidence available")
        NOT_STARTED = "not_started", _("Not started")
        LIMITED = "limited", _("Limited")
        SUBSTANTIAL = "substantial", _("Substantial")
        COMPLETE = "complete", _("Complete")

    class EarlyResults(models.TextChoices):
        """IRM "did it open government?" scale for early results."""

        NONE = "no_notable_results", _("No notable results")
        MODERATE = "moderate", _("Moderate results")
        SIGNIFICANT = "significant", _("Significant results")

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="assessments"
    )
    body = models.ForeignKey(
        MonitoringBody,
        verbose_name=_("monitoring body"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assessments",
        help_text=_("Only for an end-of-commitment assessment."),
    )
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.TextField(_("summary"), blank=True)
    # Initial assessment (R26, handbook 3.5.1).
    co_creation_findings = models.JSONField(
        _("co-creation requirements findings"),
        default=dict,
        blank=True,
        help_text=_(
            "For each R19 requirement (forum, regularity, multi_stakeholder, endorsement): met and notes."
        ),
    )
    recommended_practices = models.TextField(_("recommended practices"), blank=True)
    # End-of-commitment assessment (R26, handbook 3.5.2).
    completion_level = models.CharField(
        _("completion level"), max_length=20, choices=CompletionLevel.choices, blank=True
    )
    early_results = models.CharField(
        _("early results"), max_length=20, choices=EarlyResults.choices, blank=True
    )
    # Final learning exercise (handbook 3.5.3).
    lessons = models.TextField(_("lessons and next steps"), blank=True)
    commune_reply = models.TextField(_("reply of the commune"), blank=True)
    # R26: the commune's right of reply ends on this day (set when the reply period opens).
    reply_until = models.DateField(_("reply possible until"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # R26: overdue assessments are e-mailed to the body once.
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="end_of_commitment", commitment__isnull=False)
                    | (~models.Q(kind="end_of_commitment") & models.Q(commitment__isnull=True))
                ),
                name="assessment_commitment_iff_end_of_commitment",
                violation_error_message=_(
                    "An end-of-commitment assessment names its commitment; the others do not."
                ),
            ),
            models.UniqueConstraint(
                fields=["plan", "kind"],
                condition=models.Q(kind__in=["initial", "final_learning"]),
                name="assessment_one_initial_and_final_per_plan",
                violation_error_message=_("The plan already has this assessment."),
            ),
            models.UniqueConstraint(
                fields=["commitment"],
                condition=models.Q(kind="end_of_commitment"),
                name="assessment_one_end_of_commitment",
                violation_error_message=_(
                    "This commitment already has its end-of-commitment assessment."
                ),
            ),
        ]

    def __str__(self) -> str:
        target = self.commitment if self.commitment_id else self.plan
        return f"{self.get_kind_display()} – {target}"

    @classmethod
    def compute_due_on(
        cls, *, kind: str, plan: ActionPlan, commitment: Commitment | None = None
    ) -> dt.date | None:
        """R26: initial 2 months after submission; end-of-commitment 1 month after the end; final 2 months after the plan."""
        if kind == cls.Kind.INITIAL:
            if plan.submitted_on is None:
                return None
            return plan.submitted_on + relativedelta(months=INITIAL_DUE_MONTHS)
        if kind == cls.Kind.END_OF_COMMITMENT:
            if commitment is None:
                return None
            return commitment.end_date + relativedelta(months=END_OF_COMMITMENT_DUE_MONTHS)
        return plan.end_date + relativedelta(months=FINAL_DUE_MONTHS)

    def clean(self) -> None:
        super().clean()
        if self.commitment_id and self.plan_id and self.commitment.plan_id != self.plan_id:
            raise ValidationError({"commitment": _("The commitment belongs to another plan.")})


class AssessmentStatusChange(StatusChange):
    """Audit row of an assessment's status change: who, when, from, to, note."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Assessment.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Assessment.Status.choices)

    class Meta:
        verbose_name = _("assessment status change")
        verbose_name_plural = _("assessment status changes")
        ordering = ["assessment", "created_at"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.from_status} → {self.to_status}"


class CommitmentAssessment(TimeStampedModel):
    """R26, handbook 3.5.1: the initial assessment's judgement of one commitment's design."""

    class PotentialImpact(models.TextChoices):
        UNCLEAR = "unclear", _("Unclear")
        MODEST = "modest", _("Modest")
        SUBSTANTIAL = "substantial", _("Substantial")

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="commitment_assessments",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="design_assessments",
    )
    is_relevant = models.BooleanField(_("relevant to OGP values"), default=False)
    relevance_notes = models.TextField(_("relevance notes"), blank=True)
    is_verifiable = models.BooleanField(_("verifiable"), default=False)
    potential_impact = models.CharField(
        _("potential impact"),
        max_length=20,
        choices=PotentialImpact.choices,
        default=PotentialImpact.UNCLEAR,
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("commitment design assessment")
        verbose_name_plural = _("commitment design assessments")
        ordering = ["assessment", "commitment"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "commitment"],
                name="commitmentassessment_unique",
                violation_error_message=_("This commitment is already assessed here."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} – {self.commitment}"

    def clean(self) -> None:
        super().clean()
        if self.assessment_id and self.assessment.kind != Assessment.Kind.INITIAL:
            raise ValidationError(
                _("Commitments' design is judged in the initial assessment only.")
            )
        if (
            self.assessment_id
            and self.commitment_id
            and self.commitment.plan_id != self.assessment.plan_id
        ):
            raise ValidationError({"commitment": _("The commitment belongs to another plan.")})


class Letter(TimeStampedModel):
    """R30: the PDF letter sent to a commune for one membership status change."""

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    status_change = models.ForeignKey(
        MembershipStatusChange,
        verbose_name=_("status change"),
        on_delete=models.CASCADE,
        related_name="letters",
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    file = models.FileField(_("file"), upload_to="letters/%Y/", blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_change", "language"],
                name="letter_one_per_change_and_language",
                violation_error_message=_(
                    "This status change already has its letter in that language."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.status_change} ({self.language})"


class InactivityCheckRun(TimeStampedModel):
    """R30: a record of one run of the inactivity check for a date."""

    as_of = models.DateField(_("as of"), db_index=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    communes_checked = models.PositiveIntegerField(_("communes checked"), default=0)
    status_changes = models.PositiveIntegerField(_("status changes"), default=0)
    letters = models.PositiveIntegerField(_("letters"), default=0)
    counts = models.JSONField(_("counts by rule"), default=dict, blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triggered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty for the scheduled run."),
    )

    class Meta:
        verbose_name = _("inactivity check run")
        verbose_name_plural = _("inactivity check runs")
        ordering = ["-as_of", "-created_at"]

    def __str__(self) -> str:
        return f"{self.as_of}{' (dry run)' if self.dry_run else ''}"


class Report(TimeStampedModel):
    """R26, R31: a PDF report rendered by Celery, kept until the data it shows changes."""

    class Kind(models.TextChoices):
        PLAN_PROGRESS = "plan_progress", _("Plan progress report")
        ASSESSMENT = "assessment", _("Assessment report")
        PROGRAMME = "programme", _("Programme report")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    class Language(models.TextChoices):
        FRENCH = "fr", _("French")
        ENGLISH = "en", _("English")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
    )
    country = CountryField(
        _("country"), blank=True, help_text=_("Programme report: one country or all.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    data_fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "plan", "assessment", "country"],
                nulls_distinct=False,
                name="report_one_per_object_and_language",
                violation_error_message=_("This report already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="report_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        target = self.assessment or self.plan or self.country or _("all countries")
        return f"{self.get_kind_display()} – {target} ({self.language})"
