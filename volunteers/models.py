"""Volunteer applications, reviews and interviews, volunteers and their missions.

Rules: R4 (application, gates, scoring), R5 (pipeline), R7 (assignment), R8 (personal data).
"""

import datetime as dt
import operator
from functools import reduce

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from communes.models import Call, Cohort, Commune, Recommendation, new_receipt_number
from log_portal.models import TimeStampedModel
from log_portal.uploads import UploadTo

MISSION_MONTHS = 6  # R7: a mission lasts 6 months by default.
PASSPORT_VALIDITY_YEARS = 1  # R4: passport valid at least 1 year after the mission start.


def volunteer_receipt_number() -> str:
    return new_receipt_number("V")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    PORTUGUESE = "pt", _("Portuguese")
    ARABIC = "ar", _("Arabic")
    WOLOF = "wo", _("Wolof")
    PULAAR = "ff", _("Pulaar / Fula")
    HAUSA = "ha", _("Hausa")
    OTHER = "other", _("Other")


# --- R4, R5: applications ------------------------------------------------------------------------


class VolunteerApplicationQuerySet(models.QuerySet):
    def with_scores(self):
        """R5: annotate ``mean_score`` (0-5, mean over reviews and criteria) and ``review_count``."""
        criteria_sum = reduce(operator.add, (F(f"reviews__{name}") for name in Review.SCORE_FIELDS))
        return self.annotate(
            review_count=Count("reviews", distinct=True),
            mean_score=Avg(
                criteria_sum * 1.0 / len(Review.SCORE_FIELDS), output_field=models.FloatField()
            ),
        )


class VolunteerApplication(TimeStampedModel):
    """R4: a candidate's answer to a call for volunteers. Private (R8): only staff see it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ELIGIBLE = "eligible", _("Eligible")
        INELIGIBLE = "ineligible", _("Ineligible")
        PRESELECTED = "preselected", _("Preselected")
        INTERVIEWED = "interviewed", _("Interviewed")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")

    # R5: the pipeline in one screen.
    ALLOWED_TRANSITIONS = {
        Status.SUBMITTED: {Status.ELIGIBLE, Status.INELIGIBLE},
        Status.ELIGIBLE: {Status.PRESELECTED, Status.REJECTED},
        Status.INELIGIBLE: set(),
        Status.PRESELECTED: {Status.INTERVIEWED, Status.REJECTED},
        Status.INTERVIEWED: {Status.SELECTED, Status.WAITLISTED, Status.REJECTED},
        Status.WAITLISTED: {Status.SELECTED, Status.REJECTED},
        Status.SELECTED: set(),
        Status.REJECTED: set(),
    }

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Prefer not to say")

    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="volunteer_applications",
        # R2: limit_choices_to also makes full_clean refuse a call of the other kind.
        limit_choices_to={"kind": Call.Kind.VOLUNTEER},
        error_messages={"invalid": _("Choose a call for volunteers.")},
    )
    receipt_number = models.CharField(
        _("receipt number"),
        max_length=20,
        unique=True,
        default=volunteer_receipt_number,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # Identity and contact (R8: never public).
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("nationality (country of origin)"))
    country_of_residence = CountryField(_("country of residence"))
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    # The eight preselection criteria (R4). R8: only the passport *expiry date* is kept.
    languages = ArrayField(
        models.CharField(max_length=10, choices=Language.choices),
        verbose_name=_("languages"),
        default=list,
        blank=True,
    )
    competence_domain = models.CharField(_("domain of competence"), max_length=200, blank=True)
    available_for_mission = models.BooleanField(
        _("available for the whole mission period"), default=False
    )
    passport_expires_on = models.DateField(_("passport expiry date"), null=True, blank=True)
    open_data_experience = models.TextField(_("open-data project experience"), blank=True)
    training_modules = models.TextField(_("training modules delivered"), blank=True)
    local_governance_knowledge = models.TextField(_("local-governance knowledge"), blank=True)
    civic_tech_knowledge = models.TextField(_("civic-tech and e-democracy knowledge"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    cv = models.FileField(_("CV"), upload_to=UploadTo("volunteer_applications/cv"), blank=True)
    # R4: the two gates, computed on submission by compute_gates().
    passes_availability_gate = models.BooleanField(_("passes availability gate"), null=True)
    passes_passport_gate = models.BooleanField(_("passes passport gate"), null=True)
    # R5: when staff last invited the applicant to the interview (the invitation is audited).
    invited_at = models.DateTimeField(_("invited to the interview at"), null=True, blank=True)
    # R8: when the applicant's personal data was erased (the row stays for anonymous counts).
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    objects = VolunteerApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer application")
        verbose_name_plural = _("volunteer applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["call", "status"], name="volapp_call_status_idx")]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.receipt_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def passport_required_until(self) -> dt.date | None:
        """R4: the day until which the passport must be valid (mission start + 1 year)."""
        if not self.call.mission_start:
            return None
        return self.call.mission_start + relativedelta(years=PASSPORT_VALIDITY_YEARS)

    def computed_availability_gate(self) -> bool:
        """R4 gate: available for the whole mission period."""
        return bool(self.available_for_mission)

    def computed_passport_gate(self) -> bool:
        """R4 gate: a passport valid at least 1 year after the mission start (that day included)."""
        required = self.passport_required_until()
        return bool(required and self.passport_expires_on and self.passport_expires_on >= required)

    def compute_gates(self) -> bool:
        """R4: store both gate results; True when the applicant passes both."""
        self.passes_availability_gate = self.computed_availability_gate()
        self.passes_passport_gate = self.computed_passport_gate()
        return self.passes_gates

    @property
    def passes_gates(self) -> bool:
        return bool(self.passes_availability_gate and self.passes_passport_gate)


class VolunteerApplicationTransition(TimeStampedModel):
    """R5: who moved a volunteer application from one status to another, when, and why."""

    application = models.ForeignKey(
        VolunteerApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=VolunteerApplication.Status.choices
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=VolunteerApplication.Status.choices
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the portal itself decided (gates)."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("volunteer application transition")
        verbose_name_plural = _("volunteer application transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


# R4: the six criteria reviewers score (the other two, availability and passport, are gates).
REVIEW_SCORE_FIELDS = (
    "languages_score",
    "competence_score",
    "open_data_score",
    "training_score",
    "local_governance_score",
    "civic_tech_score",
)


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )


class Review(TimeStampedModel):
    """R4: one staff reviewer's scores (0-5) on the six criteria that are not gates."""

    SCORE_FIELDS = REVIEW_SCORE_FIELDS

    application = models.ForeignKey(
        VolunteerApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="volunteer_reviews",
    )
    languages_score = _score_field(_("languages"))
    competence_score = _score_field(_("domain of competence"))
    open_data_score = _score_field(_("open-data experience"))
    training_score = _score_field(_("training modules delivered"))
    local_governance_score = _score_field(_("local-governance knowledge"))
    civic_tech_score = _score_field(_("civic-tech knowledge"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "reviewer"]
        # R5: a reviewer sees the others' scores once they scored; coordinators see them all.
        permissions = [("view_all_scores", _("Can see every reviewer's scores at any time"))]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                name="review_once_per_reviewer",
                violation_error_message=_("This reviewer has already scored this application."),
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__gte": 0, f"{name}__lte": 5}),
                    name=f"review_{name}_0_to_5",
                    violation_error_message=_("Scores go from 0 to 5."),
                )
                for name in REVIEW_SCORE_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} / {self.reviewer}"

    def clean(self) -> None:
        """R4: an applicant who fails a gate is not scored."""
        super().clean()
        if (
            self.application_id
            and self.application.status == VolunteerApplication.Status.INELIGIBLE
        ):
            raise ValidationError(_("An ineligible application is not scored."))

    @property
    def mean(self) -> float:
        return sum(getattr(self, name) for name in self.SCORE_FIELDS) / len(self.SCORE_FIELDS)


class Interview(TimeStampedModel):
    """R5: the individual interview of a preselected applicant. Private (R8)."""

    application = models.ForeignKey(
        VolunteerApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="interviews",
    )
    held_on = models.DateField(_("held on"))
    interviewers = models.TextField(_("interviewers"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.application} {self.held_on}"


# --- R7, R8: volunteers and missions -------------------------------------------------------------


class Volunteer(TimeStampedModel):
    """R43: a selected VAGOA volunteer.

    R8: ``display_name``, ``photo`` and ``bio`` may be public (with the commune and country of the
    mission); ``nationality`` and everything on the application stay private.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    application = models.OneToOneField(
        VolunteerApplication,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="volunteer",
    )
    # Public profile (R8).
    display_name = models.CharField(_("name"), max_length=200)
    photo = models.ImageField(_("photo"), upload_to="volunteers/photos/", blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    # Private: R7 needs the country of origin.
    nationality = CountryField(_("nationality (country of origin)"))

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class MissionQuerySet(models.QuerySet):
    def active(self):
        """R7: missions that hold the volunteer (planned or ongoing)."""
        return self.filter(status__in=Mission.ACTIVE_STATUSES)

    def not_cancelled(self):
        return self.exclude(status=Mission.Status.CANCELLED)


class Mission(TimeStampedModel):
    """R7: a volunteer's assignment to a commune for a cohort (6 months by default)."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        REMOTE = "remote", _("Remote")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATUSES = (Status.PLANNED, Status.ONGOING)

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="missions"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="missions"
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="missions"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), blank=True, help_text=_("Leave empty for 6 months after the start.")
    )
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    roadmap = models.TextField(
        _("roadmap"), blank=True, help_text=_("Drawn from the commune's needs.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(status__in=["planned", "ongoing"]),
                name="mission_one_active_per_volunteer",
                violation_error_message=_(
                    "This volunteer already has a planned or ongoing mission: "
                    "a volunteer has at most one mission at a time."
                ),
            ),
            models.UniqueConstraint(
                fields=["commune", "cohort"],
                condition=~Q(status="cancelled"),
                name="mission_one_volunteer_per_commune_per_cohort",
                violation_error_message=_(
                    "This commune already has a volunteer in this cohort: "
                    "a commune has at most one volunteer per cohort."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="mission_ends_after_start",
                violation_error_message=_("A mission must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} @ {self.commune} ({self.cohort})"

    def clean(self) -> None:
        """R7: never in the volunteer's country of origin; one mission at a time; 6 months default."""
        super().clean()
        if self.starts_on and not self.ends_on:
            self.ends_on = self.starts_on + relativedelta(months=MISSION_MONTHS)
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("A mission must end after it starts.")})
        if (
            self.volunteer_id
            and self.commune_id
            and self.volunteer.nationality == self.commune.country
        ):
            raise ValidationError(
                {
                    "commune": _(
                        "A volunteer is never assigned to a commune of their own country of "
                        "origin (%(country)s)."
                    )
                    % {"country": self.commune.country.name}
                }
            )
        if self.volunteer_id and self.starts_on and self.status != self.Status.CANCELLED:
            overlapping = (
                Mission.objects.not_cancelled()
                .filter(
                    volunteer_id=self.volunteer_id,
                    starts_on__lt=self.ends_on,
                    ends_on__gt=self.starts_on,
                )
                .exclude(pk=self.pk)
            )
            if overlapping.exists():
                raise ValidationError(
                    {
                        "starts_on": _(
                            "These dates overlap another mission of this volunteer: "
                            "a volunteer has at most one mission at a time."
                        )
                    }
                )

    @property
    def country(self):
        """R8: the public country of a volunteer is the country of their mission."""
        return self.commune.country


# --- Import of applications received elsewhere ---------------------------------------------------


class ApplicationImport(TimeStampedModel):
    """R5: a CSV file of volunteer applications, checked (dry run) then imported all-or-nothing.

    The row is also the progress record the status page shows while the Celery task runs.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed")

    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.CASCADE,
        related_name="application_imports",
        limit_choices_to={"kind": Call.Kind.VOLUNTEER},
    )
    file = models.FileField(_("CSV file"), upload_to="volunteer_applications/imports/%Y/")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_count = models.PositiveIntegerField(_("applications created"), default=0)
    # One entry per row: {"row": 2, "ok": true, "name": "...", "errors": ["..."]}.
    report = models.JSONField(_("report"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application import")
        verbose_name_plural = _("application imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return (
            f"{self.call} {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else str(self.call)
        )

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.CHECKING, self.Status.IMPORTING)
