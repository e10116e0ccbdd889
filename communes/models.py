"""Cohorts and calls, communes and their OGP Local membership, stakeholders, applications.

Rules: R1 (cohort), R2 (calls), R3 and R6 (commune applications and pipeline), R10 (membership
status and its history), R11 (joining), R12 (point of contact, lead agency, stakeholders).
"""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from log_portal.models import TimeStampedModel
from log_portal.uploads import UploadTo

# Times are stored in UTC and shown in the commune's time zone (DOMAIN.md "People").
COUNTRY_TIMEZONES = {
    "SN": "Africa/Dakar",
    "GN": "Africa/Conakry",
    "GW": "Africa/Bissau",
    "NE": "Africa/Niamey",
    "ML": "Africa/Bamako",
    "BF": "Africa/Ouagadougou",
    "CI": "Africa/Abidjan",
    "BJ": "Africa/Porto-Novo",
    "TG": "Africa/Lome",
    "CM": "Africa/Douala",
    "TD": "Africa/Ndjamena",
    "MR": "Africa/Nouakchott",
    "GM": "Africa/Banjul",
    "CV": "Atlantic/Cape_Verde",
}


# Receipt numbers are random (not sequential) so that they cannot be guessed; 10 characters of a
# 32-letter alphabet make a collision negligible even at 100,000 applications per call.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_receipt_number(prefix: str) -> str:
    """R45: the receipt an applicant gets, e.g. ``C-7KQ2M-X9PLA``."""
    token = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"{prefix}-{token[:5]}-{token[5:]}"


def commune_receipt_number() -> str:
    return new_receipt_number("C")


class Recommendation(models.TextChoices):
    """What a videoconference (R6) or an interview (R5) recommends."""

    SELECT = "select", _("Select")
    RESERVATIONS = "reservations", _("Select with reservations")
    DO_NOT_SELECT = "do_not_select", _("Do not select")


class CommuneQuerySet(models.QuerySet):
    def members(self):
        """Communes that joined OGP Local (any status but *not a member*)."""
        return self.exclude(membership_status=Commune.MembershipStatus.NOT_MEMBER)

    def in_country(self, country: str):
        return self.filter(country=country)


class Commune(TimeStampedModel):
    """A local government (R10-R12): LOG participant and/or OGP Local member."""

    class MembershipStatus(models.TextChoices):
        """R10. Voluntary inactivity is a granted period, not a status (see MembershipGrant)."""

        NOT_MEMBER = "not_member", _("Not a member")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        PROBATION = "probation", _("Probation")
        REVOKED = "revoked", _("Revoked")

    # R10, R27-R29: every status move, in one screen. Staff may end a membership from any
    # status and readmit a revoked member (R29); the check moves active -> inactive ->
    # probation -> revoked, and back to active when remedied (R28, R29).
    MEMBERSHIP_TRANSITIONS = {
        MembershipStatus.NOT_MEMBER: {MembershipStatus.ACTIVE},
        MembershipStatus.ACTIVE: {
            MembershipStatus.INACTIVE,
            MembershipStatus.PROBATION,
            MembershipStatus.REVOKED,
            MembershipStatus.NOT_MEMBER,
        },
        MembershipStatus.INACTIVE: {
            MembershipStatus.ACTIVE,
            MembershipStatus.PROBATION,
            MembershipStatus.REVOKED,
            MembershipStatus.NOT_MEMBER,
        },
        MembershipStatus.PROBATION: {
            MembershipStatus.ACTIVE,
            MembershipStatus.REVOKED,
            MembershipStatus.NOT_MEMBER,
        },
        MembershipStatus.REVOKED: {MembershipStatus.ACTIVE, MembershipStatus.NOT_MEMBER},
    }

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    country = CountryField(_("country"), db_index=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    mayor_name = models.CharField(_("mayor"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    # R11, R13: the current administration's mandate.
    mandate_start = models.DateField(_("mandate start"), null=True, blank=True)
    mandate_end = models.DateField(
        _("mandate end"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a jurisdiction without elections (R13)."),
    )
    # R10: current status; every change is kept in MembershipStatusChange.
    membership_status = models.CharField(
        _("membership status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.NOT_MEMBER,
        db_index=True,
    )
    membership_status_since = models.DateField(_("status since"), null=True, blank=True)
    joined_on = models.DateField(_("joined OGP Local on"), null=True, blank=True)
    # R27(a): deadline for a new member's first plan (moved by an extension).
    first_plan_deadline = models.DateField(_("first plan deadline"), null=True, blank=True)
    # R12: the point of contact (a user) and the lead agency.
    point_of_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("point of contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communes_as_contact",
    )
    lead_agency = models.CharField(_("lead agency"), max_length=300, blank=True)
    lead_agency_contact = models.CharField(_("lead agency contact"), max_length=200, blank=True)
    lead_agency_email = models.EmailField(_("lead agency e-mail"), blank=True)
    lead_agency_phone = models.CharField(_("lead agency phone"), max_length=40, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="commune_unique_name_in_country"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"

    @property
    def timezone_name(self) -> str:
        return COUNTRY_TIMEZONES.get(self.country.code, "UTC")


class Organisation(TimeStampedModel):
    """A non-governmental stakeholder (R12): CSO, community group, university, media..."""

    class Kind(models.TextChoices):
        CSO = "cso", _("Civil society organisation")
        COMMUNITY = "community", _("Community group")
        UNIVERSITY = "university", _("University or research")
        MEDIA = "media", _("Media")
        YOUTH = "youth", _("Youth council")
        PRIVATE = "private", _("Private sector")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CSO)
    country = CountryField(_("country"), blank=True)
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# --- R1, R2: cohorts and calls -------------------------------------------------------------------


class Cohort(TimeStampedModel):
    """R1: a LOG edition grouping its calls, communes, volunteers, dates and budget."""

    name = models.CharField(_("name"), max_length=100, unique=True, help_text=_("LOG 2021-2022"))
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget_amount = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(_("budget currency"), max_length=3, default="USD")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="cohort_ends_after_start",
                violation_error_message=_("A cohort must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CallQuerySet(models.QuerySet):
    def open_on(self, day: dt.date):
        """R2: calls accepting applications on ``day`` (opening and closing days included)."""
        return self.filter(opens_at__lte=day, closes_at__gte=day)

    def for_communes(self):
        return self.filter(kind=Call.Kind.COMMUNE)

    def for_volunteers(self):
        return self.filter(kind=Call.Kind.VOLUNTEER)


class Call(TimeStampedModel):
    """R2: a call for communes or for volunteers, open between two dates (both included)."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Call for communes")
        VOLUNTEER = "volunteer", _("Call for volunteers")

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="calls"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    opens_at = models.DateField(_("opens on"))
    closes_at = models.DateField(_("closes on"), help_text=_("Last day applications are accepted."))
    # R4: the passport gate counts from the mission start.
    mission_start = models.DateField(
        _("mission start"),
        null=True,
        blank=True,
        help_text=_("Required for a call for volunteers: passports must be valid 1 year after it."),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="call_closes_after_opening",
                violation_error_message=_("A call must close after it opens."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="volunteer") | Q(mission_start__isnull=False),
                name="call_volunteer_has_mission_start",
                violation_error_message=_("A call for volunteers needs a mission start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """R2: a call closes after it opens; R4: a call for volunteers has a mission start."""
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A call must close after it opens.")})
        if self.kind == self.Kind.VOLUNTEER and not self.mission_start:
            raise ValidationError(
                {"mission_start": _("A call for volunteers needs a mission start date.")}
            )

    def is_open(self, on: dt.date | None = None) -> bool:
        """R2: applications are accepted only while the call is open."""
        day = on or timezone.localdate()
        return self.opens_at <= day <= self.closes_at


# --- R3, R6: commune applications ---------------------------------------------------------------


class CommuneApplication(TimeStampedModel):
    """R3, R6: a commune's answer to a call for communes, and its way through the pipeline."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        COMPLETE = "complete", _("Complete")
        INCOMPLETE = "incomplete", _("Incomplete")
        PRESELECTED = "preselected", _("Preselected")
        VIDEOCONFERENCE_HELD = "videoconference_held", _("Videoconference held")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    # R6: the pipeline in one screen. An incomplete application cannot be preselected (R3).
    ALLOWED_TRANSITIONS = {
        Status.SUBMITTED: {Status.COMPLETE, Status.INCOMPLETE},
        Status.COMPLETE: {Status.PRESELECTED, Status.NOT_SELECTED},
        Status.INCOMPLETE: {Status.NOT_SELECTED},
        Status.PRESELECTED: {Status.VIDEOCONFERENCE_HELD, Status.NOT_SELECTED},
        Status.VIDEOCONFERENCE_HELD: {Status.SELECTED, Status.NOT_SELECTED},
        Status.SELECTED: set(),
        Status.NOT_SELECTED: set(),
    }

    # R3: the answers an application must have, all non-empty, to be complete.
    REQUIRED_ANSWERS = (
        "commune_name",
        "country",
        "population",
        "mayor_name",
        "contact_name",
        "contact_email",
        "contact_phone",
        "motivation",
        "governance_needs",
        "designated_staff",
        "civil_society_partners",
        "support_letter",
    )

    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="commune_applications",
        # R2: limit_choices_to also makes full_clean refuse a call of the other kind.
        limit_choices_to={"kind": Call.Kind.COMMUNE},
        error_messages={"invalid": _("Choose a call for communes.")},
    )
    receipt_number = models.CharField(
        _("receipt number"),
        max_length=20,
        unique=True,
        default=commune_receipt_number,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    # R3: the answers. Blank is allowed so that an incomplete application can be kept (R3).
    commune_name = models.CharField(_("commune"), max_length=200)
    country = CountryField(_("country"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    mayor_name = models.CharField(_("mayor"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    governance_needs = models.TextField(_("needs in open governance"), blank=True)
    designated_staff = models.TextField(_("designated staff"), blank=True)
    civil_society_partners = models.TextField(_("civil-society partners"), blank=True)
    support_letter = models.FileField(
        _("letter of support"), upload_to=UploadTo("commune_applications/letters"), blank=True
    )
    # R6: the partnership convention a selected commune signs.
    convention_signed_on = models.DateField(_("convention signed on"), null=True, blank=True)
    convention_document = models.FileField(
        _("convention document"), upload_to=UploadTo("commune_applications/conventions"), blank=True
    )
    # R6: the Commune record created (or found) when the application is selected.
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    # R6: when staff last invited the commune to the videoconference (the invitation is audited).
    invited_at = models.DateTimeField(_("invited to the videoconference at"), null=True, blank=True)
    # R8: when the contact's personal data was erased (the row stays for anonymous counts).
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("commune application")
        verbose_name_plural = _("commune applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.commune_name} ({self.receipt_number})"

    def clean(self) -> None:
        """R6: only a selected commune signs a partnership convention."""
        super().clean()
        has_convention = bool(self.convention_signed_on or self.convention_document)
        if has_convention and self.status != self.Status.SELECTED:
            raise ValidationError(
                {
                    "convention_signed_on": _(
                        "Only a selected commune signs a partnership convention."
                    )
                }
            )

    def missing_answers(self) -> list[str]:
        """R3: the required answers that are missing or empty (blank text counts as empty)."""
        missing = []
        for name in self.REQUIRED_ANSWERS:
            value = getattr(self, name)
            if isinstance(value, str):
                value = value.strip()
            if value is None or not value:
                missing.append(name)
        return missing

    def is_complete(self) -> bool:
        """R3: every required answer is given."""
        return not self.missing_answers()


class CommuneApplicationTransition(TimeStampedModel):
    """R6: who moved a commune application from one status to another, when, and why."""

    application = models.ForeignKey(
        CommuneApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from"), max_length=30, choices=CommuneApplication.Status.choices
    )
    to_status = models.CharField(_("to"), max_length=30, choices=CommuneApplication.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the portal itself decided (completeness check)."),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("commune application transition")
        verbose_name_plural = _("commune application transitions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class Videoconference(TimeStampedModel):
    """R6: the videoconference with a preselected commune (mayor, staff, civil society)."""

    application = models.ForeignKey(
        CommuneApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="videoconferences",
    )
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"), blank=True)
    motivation_notes = models.TextField(_("notes on motivation"), blank=True)
    needs_notes = models.TextField(_("notes on needs"), blank=True)
    actors_notes = models.TextField(_("notes on the actors involved"), blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=20, choices=Recommendation.choices, blank=True
    )

    class Meta:
        verbose_name = _("videoconference")
        verbose_name_plural = _("videoconferences")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.application.commune_name} {self.held_on}"


# --- R10: membership history and staff grants ---------------------------------------------------


class MembershipStatusChange(TimeStampedModel):
    """R10: one change of a commune's membership status, with its date and reason (public)."""

    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Commune.MembershipStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Commune.MembershipStatus.choices)
    effective_on = models.DateField(_("effective on"))
    rule = models.CharField(
        _("rule"), max_length=20, help_text=_("The rule applied, e.g. R27a, R29 or staff.")
    )
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the scheduled check made the change."),
    )

    class Meta:
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")
        ordering = ["-effective_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")),
                name="status_change_changes_status",
                violation_error_message=_("A status change must change the status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune}: {self.from_status} -> {self.to_status} ({self.effective_on})"


class MembershipGrantQuerySet(models.QuerySet):
    def voluntary_inactivity(self):
        return self.filter(kind=MembershipGrant.Kind.VOLUNTARY_INACTIVITY)

    def covering(self, day: dt.date):
        """R27: voluntary inactivity periods that include ``day``."""
        return self.voluntary_inactivity().filter(starts_on__lte=day, ends_on__gte=day)

    def overlapping(self, start: dt.date, end: dt.date):
        """R27: voluntary inactivity periods that share at least one day with ``start..end``."""
        return self.voluntary_inactivity().filter(starts_on__lte=end, ends_on__gte=start)


class MembershipGrant(TimeStampedModel):
    """R27, R29: what staff grant a member: a voluntary inactivity period or a first-plan extension.

    The inactivity check respects both: a member in voluntary inactivity is never made inactive,
    and an extension moves ``Commune.first_plan_deadline`` (see services.membership_grant_create).
    """

    class Kind(models.TextChoices):
        VOLUNTARY_INACTIVITY = "voluntary_inactivity", _("Voluntary inactivity")
        DEADLINE_EXTENSION = "deadline_extension", _("First plan deadline extension")

    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune"),
        on_delete=models.CASCADE,
        related_name="membership_grants",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    new_deadline = models.DateField(_("new first plan deadline"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership grant")
        verbose_name_plural = _("membership grants")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="voluntary_inactivity")
                | Q(starts_on__isnull=False, ends_on__isnull=False, ends_on__gte=F("starts_on")),
                name="grant_inactivity_has_period",
                violation_error_message=_("A voluntary inactivity needs a start and an end date."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="deadline_extension") | Q(new_deadline__isnull=False),
                name="grant_extension_has_deadline",
                violation_error_message=_("An extension needs a new deadline."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune}: {self.get_kind_display()}"

    def clean(self) -> None:
        """R27: an inactivity has a period (end on or after start); an extension a new deadline."""
        super().clean()
        if self.kind == self.Kind.VOLUNTARY_INACTIVITY:
            errors = {}
            if not self.starts_on:
                errors["starts_on"] = _("A voluntary inactivity needs a start date.")
            if not self.ends_on:
                errors["ends_on"] = _("A voluntary inactivity needs an end date.")
            if errors:
                raise ValidationError(errors)
            if self.ends_on < self.starts_on:
                raise ValidationError(
                    {"ends_on": _("A voluntary inactivity must end on or after its start.")}
                )
            self.new_deadline = None
        elif self.kind == self.Kind.DEADLINE_EXTENSION:
            if not self.new_deadline:
                raise ValidationError({"new_deadline": _("An extension needs a new deadline.")})
            self.starts_on = self.ends_on = None
