"""Commitments with their actors and milestones, quarterly updates, evidence, changes, comments.

Rules: R15 (cap, see services), R16 (content, Annex 2), R17 (milestones), R18 (changes),
R20 (joint commitments), R21 (English), R23 (quarterly updates), R24 (evidence, Annex 5),
R25 (public comments), R27 (what "made progress" means).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.lookups import Exact, GreaterThanOrEqual, LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan, CoCreationMeeting, latest_allowed_end
from commitments.validators import detect_content_type, validate_evidence_file
from communes.models import Commune, Organisation
from log_portal.models import StatusChange, TimeStampedModel
from log_portal.uploads import UploadTo

# R16: a commitment lasts at least one year.
MIN_COMMITMENT_MONTHS = 12
# R18: changes are allowed within 6 months of the commitment's submission.
CHANGE_WINDOW_MONTHS = 6
MAX_POLICY_AREAS = 2
MAX_PRIMARY_SECTORS = 2


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


# The fields the public search (site and API) reads: R16 content, R21 English versions.
SEARCH_FIELDS = (
    "title",
    "title_en",
    "problem",
    "status_quo",
    "action",
    "action_en",
    "solution",
    "long_term_goal",
)


def search_vector(config: str) -> SearchVector:
    """The text vector of a commitment in one PostgreSQL text search configuration."""
    return SearchVector(*SEARCH_FIELDS, config=config)


def _cardinality(field: str) -> models.Func:
    return models.Func(models.F(field), function="CARDINALITY", output_field=models.IntegerField())


class ChoiceArrayField(ArrayField):
    """An array of choices, edited as check boxes in forms and the admin."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
            # A form says "required" where the model says "blank": keep the model's message.
            "error_messages": {"required": self.error_messages["blank"]},
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield (a comma-separated text input).
        return super(ArrayField, self).formfield(**defaults)


class PolicyArea(models.TextChoices):
    """R16, Annex 2 item 11: the handbook's policy areas."""

    AUDITS = "audits_controls", _("Audits and controls")
    CONFLICTS_OF_INTEREST = "conflicts_of_interest", _("Conflicts of interest")
    ASSET_DISCLOSURE = "asset_disclosure", _("Asset disclosure")
    OPEN_DATA = "open_data", _("Open data")
    RIGHT_TO_INFORMATION = "right_to_information", _("Right to information")
    ELECTIONS = "elections_political_finance", _("Elections and political finance")
    CIVIC_SPACE = "civic_space", _("Civic space")
    SAFETY_NETS = "safety_nets_inclusion", _("Safety nets and economic inclusion")
    DIGITAL_GOVERNANCE = "digital_governance", _("Digital governance")
    REGULATORY_GOVERNANCE = "regulatory_governance", _("Regulatory governance")
    TAX = "tax", _("Tax")
    INCLUSION = "inclusion", _("Inclusion")
    LOBBYING = "lobbying", _("Lobbying")
    FISCAL_OPENNESS = "fiscal_openness", _("Fiscal openness")
    LEGISLATIVE_OPENNESS = "legislative_openness", _("Legislative openness")
    OPEN_CONTRACTING = "open_contracting", _("Open contracting and public procurement")
    BENEFICIAL_OWNERSHIP = "beneficial_ownership", _("Beneficial ownership")
    WHISTLEBLOWER = "whistleblower_protection", _("Whistleblower protection")
    PANDEMIC = "pandemic_response", _("Pandemic response")
    SOCIAL_ACCOUNTABILITY = "social_accountability", _("Social accountability")
    STIMULUS = "stimulus_recovery", _("Economic stimulus and recovery")
    OTHER = "other", _("Other")


class PrimarySector(models.TextChoices):
    """R16, Annex 2 item 12: the handbook's primary sectors."""

    LAND_USE = "land_use_planning", _("Land use and spatial planning")
    WATER = "water_sanitation_hygiene", _("Water, sanitation and hygiene")
    EDUCATION = "education", _("Education")
    ENVIRONMENT = "environment_climate", _("Environment and climate")
    INFRASTRUCTURE = "infrastructure_transport", _("Infrastructure and transport")
    EXTRACTIVES = "extractive_industries", _("Extractive industries")
    CROSS_SECTORAL = "cross_sectoral", _("Cross-sectoral")
    JUSTICE = "justice", _("Justice")
    MEDIA = "media_telecommunications", _("Media and telecommunications")
    LEGISLATURE = "legislature", _("Legislature")
    HEALTH = "health_nutrition", _("Health and nutrition")
    SCIENCE = "science_technology", _("Science and technology")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    SECURITY = "public_safety", _("Security and public safety")
    PUBLIC_SERVICES = "public_services", _("Public services (general)")
    OTHER = "other", _("Other")


class OgpValue(models.TextChoices):
    """R16, Annex 2 item 13: the OGP values a commitment is relevant to."""

    ACCESS_TO_INFORMATION = "access_to_information", _("Access to information")
    CIVIC_PARTICIPATION = "civic_participation", _("Civic participation")
    PUBLIC_ACCOUNTABILITY = "public_accountability", _("Public accountability")
    TECHNOLOGY = (
        "technology_innovation",
        _("Technology and innovation for transparency and accountability"),
    )


class CompletionLevel(models.TextChoices):
    """The IRM completion scale used by quarterly updates (R23, R27)."""

    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


COMPLETION_RANK = {
    CompletionLevel.NOT_STARTED: 0,
    CompletionLevel.LIMITED: 1,
    CompletionLevel.SUBSTANTIAL: 2,
    CompletionLevel.COMPLETE: 3,
}


# -- commitments -------------------------------------------------------------------------------


class CommitmentQuerySet(models.QuerySet):
    def open(self) -> CommitmentQuerySet:
        """R15: not withdrawn, and not complete with its end-of-commitment assessment submitted."""
        return self.exclude(status=Commitment.Status.WITHDRAWN).exclude(
            status=Commitment.Status.COMPLETE, end_assessment_submitted_on__isnull=False
        )

    def for_commune(self, commune: Commune) -> CommitmentQuerySet:
        """R20: the commune's own commitments and the joint ones of its plans."""
        return self.filter(
            models.Q(commune=commune) | models.Q(commune__isnull=True, plan__communes=commune)
        ).distinct()

    def public(self) -> CommitmentQuerySet:
        """R44: commitments of public plans (submitted, implementation, ended), never drafts."""
        return self.filter(plan__status__in=ActionPlan.SUBMITTED_STATUSES).exclude(
            status=Commitment.Status.DRAFT
        )


class Commitment(TimeStampedModel):
    """R16, handbook Annex 2: a concrete, time-bound open government commitment."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETE = "complete", _("Complete")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ALLOWED_TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.SUBMITTED: {Status.ONGOING, Status.COMPLETE, Status.WITHDRAWN},
        Status.ONGOING: {Status.COMPLETE, Status.WITHDRAWN},
        Status.COMPLETE: set(),
        Status.WITHDRAWN: set(),
    }

    class ResourcesSecured(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        PARTIALLY = "partially", _("Partially")

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="commitments"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments",
        help_text=_("Leave empty for a joint commitment of a joint plan (R20)."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    problem = models.TextField(_("problem"), blank=True)
    status_quo = models.TextField(_("status quo"), blank=True)
    action = models.TextField(_("action"), blank=True)
    action_en = models.TextField(_("action (English)"), blank=True)
    solution = models.TextField(_("how it will solve the problem"), blank=True)
    long_term_goal = models.TextField(_("long-term goal served"), blank=True)
    policy_areas = ChoiceArrayField(
        models.CharField(max_length=40, choices=PolicyArea.choices),
        verbose_name=_("policy areas"),
        default=list,
        blank=True,
        validators=[
            MaxLengthValidator(MAX_POLICY_AREAS, _("Choose at most 2 policy areas (R16)."))
        ],
    )
    primary_sectors = ChoiceArrayField(
        models.CharField(max_length=40, choices=PrimarySector.choices),
        verbose_name=_("primary sectors"),
        default=list,
        blank=True,
        validators=[
            MaxLengthValidator(MAX_PRIMARY_SECTORS, _("Choose at most 2 primary sectors (R16)."))
        ],
    )
    ogp_values = ChoiceArrayField(
        models.CharField(max_length=40, choices=OgpValue.choices),
        verbose_name=_("OGP values"),
        default=list,
        error_messages={"blank": _("Choose at least one OGP value (R16).")},
    )
    budget_amount = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. XOF, GNF.")
    )
    staff = models.PositiveIntegerField(_("staff (people)"), null=True, blank=True)
    months = models.PositiveIntegerField(_("time (months)"), null=True, blank=True)
    other_resources = models.TextField(_("other resources"), blank=True)
    resources_secured = models.CharField(
        _("resources secured"), max_length=10, choices=ResourcesSecured.choices, blank=True
    )
    additional_information = models.TextField(_("additional information"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # R15: set by monitoring's service when the end-of-commitment assessment is submitted.
    end_assessment_submitted_on = models.DateField(
        _("end-of-commitment assessment submitted on"), null=True, blank=True, editable=False
    )
    # Optimistic concurrency for the point of contact's forms.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Public search (R31): one stored text vector per interface language, kept by PostgreSQL
    # and read through a GIN index (computing it per row at query time took seconds at
    # DOMAIN.md section C size).
    search_fr = models.GeneratedField(
        expression=search_vector("french"), output_field=SearchVectorField(), db_persist=True
    )
    search_en = models.GeneratedField(
        expression=search_vector("english"), output_field=SearchVectorField(), db_persist=True
    )
    search_pt = models.GeneratedField(
        expression=search_vector("portuguese"), output_field=SearchVectorField(), db_persist=True
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="commitment_end_after_start",
                violation_error_message=_("The commitment must end after it starts."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(_cardinality("policy_areas"), MAX_POLICY_AREAS),
                name="commitment_at_most_2_policy_areas",
                violation_error_message=_("Choose at most 2 policy areas (R16)."),
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(_cardinality("primary_sectors"), MAX_PRIMARY_SECTORS),
                name="commitment_at_most_2_primary_sectors",
                violation_error_message=_("Choose at most 2 primary sectors (R16)."),
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(_cardinality("ogp_values"), 1),
                name="commitment_at_least_one_ogp_value",
                violation_error_message=_("Choose at least one OGP value (R16)."),
            ),
        ]
        indexes = [
            models.Index(fields=["plan", "status"], name="commitment_plan_status"),
            # API cursor pages order by (updated_at, id): without the id, rows sharing an
            # updated_at (bulk changes) are sorted in full before the LIMIT (make bench).
            models.Index(fields=["updated_at", "id"], name="commitment_updated_id"),
            # The public search's order (most recent first): pages are read from the index.
            models.Index(fields=["-start_date", "title", "id"], name="commitment_search_order"),
            GinIndex(fields=["search_fr"], name="commitment_search_fr"),
            GinIndex(fields=["search_en"], name="commitment_search_en"),
            GinIndex(fields=["search_pt"], name="commitment_search_pt"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """R16: lasts at least 12 months, within the plan; R20: the commune is a plan member."""
        super().clean()
        if not (self.start_date and self.end_date and self.plan_id):
            return
        errors: dict[str, list] = {}
        if self.end_date <= self.start_date:
            errors.setdefault("end_date", []).append(_("The commitment must end after it starts."))
        elif self.end_date < self.start_date + relativedelta(
            months=MIN_COMMITMENT_MONTHS
        ) - dt.timedelta(1):
            errors.setdefault("end_date", []).append(
                _("A commitment lasts at least 12 months (R16).")
            )
        plan = self.plan
        if self.start_date < plan.start_date or self.end_date > plan.end_date:
            errors.setdefault("end_date", []).append(
                _("A commitment runs within the plan period, %(start)s to %(end)s (R16).")
                % {"start": plan.start_date.isoformat(), "end": plan.end_date.isoformat()}
            )
        members = plan.member_communes()
        if self.commune_id is not None and self.commune_id not in {c.pk for c in members}:
            errors.setdefault("commune", []).append(
                _("The commune must be one of the plan's communes (R20).")
            )
        if self.commune_id is None and len(members) < 2:
            errors.setdefault("commune", []).append(
                _("Only a joint plan has joint commitments: choose the commune (R20).")
            )
        # R13 (handbook 3.4): each commune ends its commitments 2 months before its mandate ends.
        concerned = [self.commune] if self.commune_id else members
        for commune in concerned:
            if commune.mandate_end and self.end_date > latest_allowed_end(commune.mandate_end):
                errors.setdefault("end_date", []).append(
                    _(
                        "%(commune)s's commitments end by %(limit)s, 2 months before its mandate ends (R13)."
                    )
                    % {
                        "commune": commune.name,
                        "limit": latest_allowed_end(commune.mandate_end).isoformat(),
                    }
                )
        if errors:
            raise ValidationError(errors)

    @property
    def is_joint(self) -> bool:
        return self.commune_id is None

    def missing_english(self) -> list[str]:
        """R21: names of the commitment's fields still lacking their English version."""
        return [name for name in ("title_en", "action_en") if not getattr(self, name).strip()]

    def change_deadline(self) -> dt.date | None:
        """R18: last day a change may be decided, 6 months after submission."""
        if self.submitted_on is None:
            return None
        return self.submitted_on + relativedelta(months=CHANGE_WINDOW_MONTHS)


class CommitmentStatusChange(StatusChange):
    """Audit row of a commitment's status change: who, when, from, to, note."""

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=20, choices=Commitment.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Commitment.Status.choices)

    class Meta:
        verbose_name = _("commitment status change")
        verbose_name_plural = _("commitment status changes")
        ordering = ["commitment", "created_at"]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.from_status} → {self.to_status}"


class CommitmentActor(TimeStampedModel):
    """R16, Annex 2 items 3-5: who implements the commitment, with contact details."""

    class Role(models.TextChoices):
        LEAD_GOVERNMENT = "lead_government", _("Lead government agency")
        NON_GOVERNMENT_LEAD = "non_government_lead", _("Non-governmental lead")
        OTHER_GOVERNMENT = "other_government", _("Other government stakeholder")
        OTHER_NON_GOVERNMENT = "other_non_government", _("Other non-governmental stakeholder")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="actors"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitment_roles",
    )
    organisation_name = models.CharField(
        _("office, agency or organisation"), max_length=300, blank=True
    )
    branch = models.CharField(_("branch of government"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    role_description = models.TextField(_("role in implementation"), blank=True)

    class Meta:
        verbose_name = _("commitment actor")
        verbose_name_plural = _("commitment actors")
        ordering = ["commitment", "role", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.organisation_name or (self.organisation.name if self.organisation_id else "")

    def clean(self) -> None:
        super().clean()
        if not self.organisation_id and not self.organisation_name.strip():
            raise ValidationError(
                {"organisation_name": _("Name the office, agency or organisation.")}
            )


class Milestone(TimeStampedModel):
    """R17: a step of a commitment, with start and end months (stored as their first day)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        BLOCKED = "blocked", _("Blocked")
        COMPLETE = "complete", _("Complete")
        INCOMPLETE = "incomplete", _("Incomplete")

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("description"))
    start_month = models.DateField(_("start month"), help_text=_("First day of the month."))
    end_month = models.DateField(_("end month"), help_text=_("First day of the month."))
    responsible_organisation = models.CharField(
        _("responsible organisation"), max_length=300, blank=True
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["commitment", "position", "start_month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_month__gte=models.F("start_month")),
                name="milestone_end_not_before_start",
                violation_error_message=_("A milestone cannot end before it starts (R17)."),
            ),
        ]
        # API cursor pages order by (updated_at, id) (see Commitment).
        indexes = [models.Index(fields=["updated_at", "id"], name="milestone_updated_id")]

    def __str__(self) -> str:
        return self.description[:80]

    def clean(self) -> None:
        """R17: months within the commitment's months; end not before start."""
        super().clean()
        if self.start_month:
            self.start_month = first_of_month(self.start_month)
        if self.end_month:
            self.end_month = first_of_month(self.end_month)
        try:
            # In an inline form of a new commitment, the unsaved commitment is already set.
            commitment = self.commitment
        except Commitment.DoesNotExist:
            commitment = None
        if not (self.start_month and self.end_month and commitment):
            return
        if self.end_month < self.start_month:
            raise ValidationError(
                {"end_month": _("A milestone cannot end before it starts (R17).")}
            )
        if not (commitment.start_date and commitment.end_date):
            return
        first = first_of_month(commitment.start_date)
        last = first_of_month(commitment.end_date)
        if self.start_month < first or self.end_month > last:
            raise ValidationError(
                _("A milestone runs within its commitment, %(start)s to %(end)s (R17).")
                % {"start": first.strftime("%m/%Y"), "end": last.strftime("%m/%Y")}
            )


# -- quarterly updates --------------------------------------------------------------------------

MILESTONE_PROGRESS_RANK = {
    Milestone.Status.NOT_STARTED: 0,
    Milestone.Status.IN_PROGRESS: 1,
    Milestone.Status.BLOCKED: 1,
    Milestone.Status.COMPLETE: 2,
}
MILESTONE_FORWARD_STATUSES = {Milestone.Status.IN_PROGRESS, Milestone.Status.COMPLETE}


def milestone_moved_forward(previous: str, new: str) -> bool:
    """R27: not started → in progress → complete (or straight to complete); blocked and incomplete are not progress."""
    if new not in MILESTONE_FORWARD_STATUSES or previous not in MILESTONE_PROGRESS_RANK:
        return False
    return MILESTONE_PROGRESS_RANK[new] > MILESTONE_PROGRESS_RANK[previous]


class QuarterlyUpdate(TimeStampedModel):
    """R23: the public progress update of one commitment for one calendar quarter."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    ALLOWED_TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: set(),
    }

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="updates"
    )
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    progress = models.TextField(_("progress"), blank=True)
    delay_reasons = models.TextField(_("reasons for delays"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    completion_level = models.CharField(
        _("completion level"), max_length=20, choices=CompletionLevel.choices, blank=True
    )
    # R27: the level of the previous submitted update, recorded when this one is filed.
    previous_completion_level = models.CharField(
        _("previous completion level"),
        max_length=20,
        choices=CompletionLevel.choices,
        blank=True,
        editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_updates",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_updates",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("quarterly update")
        verbose_name_plural = _("quarterly updates")
        ordering = ["commitment", "-year", "-quarter"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="update_quarter_1_to_4",
                violation_error_message=_("The quarter is 1, 2, 3 or 4."),
            ),
            models.UniqueConstraint(
                fields=["commitment", "year", "quarter"],
                name="update_unique_per_quarter",
                violation_error_message=_(
                    "This commitment already has an update for that quarter."
                ),
            ),
        ]
        indexes = [
            # The latest published updates (home page, feeds, commune page) walk this index and
            # stop after a page instead of sorting 500,000 rows (make bench, DOMAIN.md C).
            models.Index(
                models.F("submitted_at").desc(nulls_last=True),
                models.F("id").desc(),
                name="update_latest_submitted",
            ),
            # API cursor pages order by (updated_at, id) (see Commitment).
            models.Index(fields=["updated_at", "id"], name="update_updated_id"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment} – {self.year}-Q{self.quarter}"

    def made_progress(self) -> bool:
        """R27: a milestone moved forward, or the completion level rose, in this update."""
        if self.completion_level and COMPLETION_RANK[self.completion_level] > COMPLETION_RANK.get(
            self.previous_completion_level or CompletionLevel.NOT_STARTED, 0
        ):
            return True
        return any(
            milestone_moved_forward(mu.previous_status, mu.new_status)
            for mu in self.milestone_updates.all()
        )


class MilestoneUpdate(TimeStampedModel):
    """R23: a milestone's status as reported in a quarterly update."""

    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("update"),
        on_delete=models.CASCADE,
        related_name="milestone_updates",
    )
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="updates"
    )
    previous_status = models.CharField(
        _("previous status"), max_length=20, choices=Milestone.Status.choices
    )
    new_status = models.CharField(_("new status"), max_length=20, choices=Milestone.Status.choices)

    class Meta:
        verbose_name = _("milestone update")
        verbose_name_plural = _("milestone updates")
        ordering = ["update", "milestone"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "milestone"],
                name="milestoneupdate_unique",
                violation_error_message=_("This milestone is already in the update."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.previous_status} → {self.new_status}"

    def clean(self) -> None:
        super().clean()
        if (
            self.update_id
            and self.milestone_id
            and self.milestone.commitment_id != self.update.commitment_id
        ):
            raise ValidationError({"milestone": _("The milestone belongs to another commitment.")})

    @property
    def moved_forward(self) -> bool:
        return milestone_moved_forward(self.previous_status, self.new_status)


# -- evidence -----------------------------------------------------------------------------------

EVIDENCE_TARGETS = ("commitment", "milestone", "update", "meeting", "plan")


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """R24: evidence/YYYY/MM/<random>/<safe name>: the uploaded name is never used as a path."""
    return UploadTo("evidence")(instance, filename)


class EvidenceQuerySet(models.QuerySet):
    def public(self) -> EvidenceQuerySet:
        """R24, R44: public evidence whose target (commitment, milestone, update, meeting, plan) is
        public.

        Each target is checked by a scalar subquery, a primary-key lookup per row, so that a page
        cut from an index (the API's cursor order) reads only its own rows. PostgreSQL turns an
        ``IN`` or ``EXISTS`` into a hash of every public commitment first (about 100 ms at
        DOMAIN.md section C size), and an OR of joins read all the evidence (seconds).
        """
        commitments = Commitment.objects.public()
        plans = ActionPlan.objects.public()

        def found(queryset: models.QuerySet) -> models.Q:
            return models.Q(
                models.lookups.IsNull(models.Subquery(queryset.values("pk")[:1]), False)
            )

        return self.filter(is_public=True).filter(
            found(commitments.filter(pk=models.OuterRef("commitment_id")))
            | found(commitments.filter(milestones=models.OuterRef("milestone_id")))
            | found(
                commitments.filter(
                    updates=models.OuterRef("update_id"),
                    updates__status=QuarterlyUpdate.Status.SUBMITTED,
                )
            )
            | found(plans.filter(meetings=models.OuterRef("meeting_id")))
            | found(plans.filter(pk=models.OuterRef("plan_id")))
        )

    def attached_to(
        self, *, commitment_ids=(), plan_ids=(), with_updates: bool = True
    ) -> EvidenceQuerySet:
        """R31: the evidence of these commitments (and their milestones and submitted updates)
        and of these plans' process (the plan and its meetings).

        Each target is its own branch of a UNION, read through its foreign-key index: a
        commune's folders cost one small query whatever the size of the evidence table.
        """
        commitment_ids, plan_ids = list(commitment_ids), list(plan_ids)
        everything = Evidence.objects.all()
        branches = []
        if commitment_ids:
            branches += [
                everything.filter(commitment_id__in=commitment_ids),
                everything.filter(milestone__commitment_id__in=commitment_ids),
            ]
            if with_updates:
                branches.append(
                    everything.filter(
                        update__commitment_id__in=commitment_ids,
                        update__status=QuarterlyUpdate.Status.SUBMITTED,
                    )
                )
        if plan_ids:
            branches += [
                everything.filter(meeting__plan_id__in=plan_ids),
                everything.filter(plan_id__in=plan_ids),
            ]
        if not branches:
            return self.none()
        ids = branches[0].values("pk").union(*(b.values("pk") for b in branches[1:]), all=True)
        return self.filter(pk__in=ids)


class Evidence(TimeStampedModel):
    """R24, Annex 5: a file or a link proving an activity, attached to exactly one thing."""

    class Kind(models.TextChoices):
        CONSULTATION_PLAN = "consultation_plan", _("Consultation plan, schedule or invitations")
        TERMS_OF_REFERENCE = (
            "terms_of_reference",
            _("Terms of reference of the participation space"),
        )
        MINUTES = "minutes", _("Meeting agenda or minutes")
        PARTICIPANT_LIST = "participant_list", _("Participant list or group composition")
        PUBLIC_NOTICE = "public_notice", _("Public notice or invitation")
        WRITTEN_PROPOSAL = "written_proposal", _("Written proposal from the public")
        BACKGROUND = "background", _("Background document, report or plan")
        CONSULTATION_RESULTS = "consultation_results", _("Consultation results")
        FEEDBACK = "feedback", _("Feedback on how contributions were used")
        DRAFT_LAW = "draft_law", _("Draft regulation and its status")
        DECISION = "decision", _("Decision, regulation or administrative order")
        PROCUREMENT = "procurement", _("Terms of reference or call for proposals")
        TECHNICAL = "technical", _("Technical document")
        STRATEGY = "strategy", _("Strategy, concept note or work plan")
        MONITORING_REPORT = "monitoring_report", _("Monitoring and evaluation report")
        BUDGET = "budget", _("Budget decision or resource allocation")
        THIRD_PARTY = "third_party", _("Third-party analysis")
        AUDIT = "audit", _("Audit report")
        PHOTO = "photo", _("Photo")
        VIDEO = "video", _("Video or multimedia")
        STATISTICS = "statistics", _("Usage statistics")
        OTHER = "other", _("Other")

    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    update = models.ForeignKey(
        QuarterlyUpdate,
        verbose_name=_("update"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    meeting = models.ForeignKey(
        CoCreationMeeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan (process)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="process_evidence",
        help_text=_("For evidence of the plan's process (R31 process folder)."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to=evidence_upload_to,
        blank=True,
        max_length=300,
        validators=[validate_evidence_file],
    )
    url = models.URLField(_("link"), blank=True, max_length=500)
    dated = models.DateField(_("date of the evidence"))
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "Restricted evidence is seen by the commune's workspace users and staff, never on "
            "the public site."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_size = models.PositiveBigIntegerField(
        _("file size (bytes)"), null=True, blank=True, editable=False
    )
    content_type = models.CharField(_("content type"), max_length=120, blank=True, editable=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-dated", "-pk"]
        indexes = [
            # R32: the API's cursor pages walk (updated_at, id).
            models.Index(fields=["updated_at", "id"], name="evidence_updated_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Exact(
                    models.Func(
                        *[models.F(name) for name in EVIDENCE_TARGETS],
                        function="num_nonnulls",
                        output_field=models.IntegerField(),
                    ),
                    1,
                ),
                name="evidence_exactly_one_target",
                violation_error_message=_(
                    "Attach the evidence to exactly one commitment, milestone, update, meeting or plan."
                ),
            ),
            models.CheckConstraint(
                condition=(models.Q(file="") & ~models.Q(url=""))
                | (~models.Q(file="") & models.Q(url="")),
                name="evidence_file_or_link",
                violation_error_message=_("Give either a file or a link, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.file and not self.url:
            self.file_size = self.file.size
            self.content_type = detect_content_type(self.file) or ""


# -- changes (R18) ------------------------------------------------------------------------------


class CommitmentChange(TimeStampedModel):
    """R18: a recorded change of a submitted commitment, approved by non-governmental stakeholders."""

    class Kind(models.TextChoices):
        WITHDRAWAL = "withdrawal", _("Withdrawal")
        DATES = "dates", _("Dates")
        MILESTONES = "milestones", _("Milestones")
        CONTENT = "content", _("Content")

    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what changed"))
    reason = models.TextField(_("reason"))
    how_decided = models.TextField(_("how it was decided"))
    approved_by = models.ManyToManyField(
        Organisation,
        verbose_name=_("approved by"),
        related_name="approved_changes",
        help_text=_("Non-governmental stakeholders who approved the change (R18)."),
    )
    decided_on = models.DateField(_("decided on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("commitment change")
        verbose_name_plural = _("commitment changes")
        ordering = ["commitment", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_kind_display()} ({self.decided_on})"

    def clean(self) -> None:
        """R18: only a submitted commitment changes, within 6 months of its submission."""
        super().clean()
        if not (self.commitment_id and self.decided_on):
            return
        deadline = self.commitment.change_deadline()
        if deadline is None:
            raise ValidationError(
                _("Only a submitted commitment records changes; edit the draft instead (R18).")
            )
        if self.decided_on > deadline:
            raise ValidationError(
                {
                    "decided_on": _(
                        "Changes are allowed within 6 months of the commitment's submission, "
                        "until %(deadline)s (R18)."
                    )
                    % {"deadline": deadline.isoformat()}
                }
            )


# -- public comments (R25) ----------------------------------------------------------------------


class Comment(TimeStampedModel):
    """R25: a public comment on a progress update, shown once moderated; the e-mail never shows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    ALLOWED_TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.APPROVED, Status.REJECTED},
        Status.APPROVED: {Status.REJECTED},
        Status.REJECTED: {Status.APPROVED},
    }

    update = models.ForeignKey(
        QuarterlyUpdate, verbose_name=_("update"), on_delete=models.CASCADE, related_name="comments"
    )
    author_name = models.CharField(_("name"), max_length=120)
    author_email = models.EmailField(_("e-mail (never shown)"))
    body = models.TextField(_("comment"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    reply = models.TextField(_("reply of the commune"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # R25: a keyed hash of the address for rate limiting, never the raw IP.
    ip_hash = models.CharField(
        _("IP hash"), max_length=64, blank=True, editable=False, db_index=True
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["update", "created_at"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:60]}"


# -- reminders (R23) ----------------------------------------------------------------------------


class SentReminder(TimeStampedModel):
    """R23: a reminder e-mail sent to one person for one quarter; the unique row means never twice."""

    class Kind(models.TextChoices):
        BEFORE_END = "before_end", _("Two weeks before the quarter ends")
        GRACE_LAST_DAY = "grace_last_day", _("Last day of the grace period")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="update_reminders",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    year = models.PositiveIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    communes = models.ManyToManyField(Commune, verbose_name=_("communes"), related_name="+")

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "year", "quarter"],
                name="reminder_once_per_person",
                violation_error_message=_("This reminder was already sent to this person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.year}-Q{self.quarter}"
