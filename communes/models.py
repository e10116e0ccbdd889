"""Cohorts and calls, communes and their OGP Local membership, stakeholders, applications.

Rules: R1 (cohort), R2 (calls), R3 and R6 (commune applications and pipeline), R10 (membership
status and its history), R11 (joining), R12 (point of contact, lead agency, stakeholders).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from log_portal.models import TimeStampedModel

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


class CommuneQuerySet(models.QuerySet):
    def members(self):
        """Communes that joined OGP Local (any status but *not a member*)."""
        return self.exclude(membership_status=Commune.MembershipStatus.NOT_MEMBER)

    def in_country(self, country: str):
        return self.filter(country=country)


class Commune(TimeStampedModel):
    """A local government (R10-R12): LOG participant and/or OGP Local member."""

    class MembershipStatus(models.TextChoices):
        """R10. Voluntary inactivity is a granted period, not a status (see MembershipPeriod)."""

        NOT_MEMBER = "not_member", _("Not a member")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        PROBATION = "probation", _("Probation")
        REVOKED = "revoked", _("Revoked")

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
            models.UniqueConstraint(fields=["country", "name"], name="commune_unique_name_in_country"),
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
