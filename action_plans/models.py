"""OGP Local action plans: single and joint plans, strategic vision, co-creation meetings, endorsements.

Rules: R13 (plan period), R15 (commitment cap), R19 (co-creation), R20 (joint plans),
R21 (English versions), R22 (strategic vision, Annex 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from communes.models import Commune, Organisation
from log_portal.models import StatusChange, TimeStampedModel
from log_portal.uploads import UploadTo, validate_plan_document

JOINT_PLAN_MIN_COMMUNES = 2
JOINT_PLAN_MAX_COMMUNES = 4
# R13: months between a plan's end and the end of the current mandate.
MANDATE_MARGIN_MONTHS = 2
# R13: period chosen by a jurisdiction without elections.
NO_ELECTION_MIN_YEARS = 1
NO_ELECTION_MAX_YEARS = 4


def latest_allowed_end(mandate_end: dt.date) -> dt.date:
    """R13: the last day a plan (or a commune's commitment) may end, 2 months before the mandate ends."""
    return mandate_end - relativedelta(months=MANDATE_MARGIN_MONTHS)


class ActionPlanQuerySet(models.QuerySet):
    def for_commune(self, commune: Commune) -> ActionPlanQuerySet:
        return self.filter(communes=commune)

    def submitted(self) -> ActionPlanQuerySet:
        """Plans that reached OGP: submitted, in implementation or ended."""
        return self.filter(status__in=ActionPlan.SUBMITTED_STATUSES)

    def current(self, on: dt.date) -> ActionPlanQuerySet:
        """Submitted plans whose period contains ``on``."""
        return self.submitted().filter(start_date__lte=on, end_date__gte=on)

    def public(self) -> ActionPlanQuerySet:
        """R44: what the public sees: submitted, in implementation or ended plans, never drafts."""
        return self.submitted()


class ActionPlan(TimeStampedModel):
    """An OGP Local action plan of one commune, or a joint plan of 2 to 4 communes (R20)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IMPLEMENTATION = "implementation", _("In implementation")
        ENDED = "ended", _("Ended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    ALLOWED_TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
        Status.SUBMITTED: {Status.IMPLEMENTATION, Status.DRAFT, Status.WITHDRAWN},
        Status.IMPLEMENTATION: {Status.ENDED, Status.WITHDRAWN},
        Status.ENDED: set(),
        Status.WITHDRAWN: set(),
    }
    SUBMITTED_STATUSES = (Status.SUBMITTED, Status.IMPLEMENTATION, Status.ENDED)

    communes = models.ManyToManyField(
        Commune,
        verbose_name=_("communes"),
        related_name="action_plans",
        help_text=_("One commune, or 2 to 4 communes of the same country for a joint plan (R20)."),
    )
    coordinating_commune = models.ForeignKey(
        Commune,
        verbose_name=_("coordinating commune"),
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
        help_text=_("Its point of contact coordinates the plan with OGP (R20)."),
    )
    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    vision_summary = models.TextField(_("vision summary"), blank=True)
    vision_summary_en = models.TextField(_("vision summary (English)"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="actionplan_end_after_start",
                violation_error_message=_("The plan must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # -- members ---------------------------------------------------------------------------

    def member_communes(self) -> list[Commune]:
        """The plan's communes (uses a prefetch when there is one); the coordinator if unsaved."""
        if self.pk is None:
            return [self.coordinating_commune] if self.coordinating_commune_id else []
        return list(self.communes.all())

    @property
    def is_joint(self) -> bool:
        """R20: a joint plan has 2 to 4 communes."""
        return len(self.member_communes()) >= JOINT_PLAN_MIN_COMMUNES

    def commitment_cap(self) -> int:
        """R15: at most 5 open commitments for one commune, 10 for two, 12 for three or four."""
        count = len(self.member_communes())
        if count <= 1:
            return 5
        if count == 2:
            return 10
        return 12

    # -- rules -----------------------------------------------------------------------------

    def validate_communes(self, communes: Iterable[Commune]) -> None:
        """R20: one commune, or 2 to 4 communes of one country; the coordinator is one of them."""
        communes = list(communes)
        errors: list[ValidationError] = []
        if not communes:
            errors.append(
                ValidationError(_("A plan needs at least one commune."), code="r20_empty")
            )
        if len(communes) > JOINT_PLAN_MAX_COMMUNES:
            errors.append(
                ValidationError(
                    _("A joint plan has at most %(max)d communes (R20); %(count)d were chosen."),
                    code="r20_too_many",
                    params={"max": JOINT_PLAN_MAX_COMMUNES, "count": len(communes)},
                )
            )
        countries = {c.country.code for c in communes}
        if len(countries) > 1:
            errors.append(
                ValidationError(
                    _("The communes of a joint plan must all be in the same country (R20)."),
                    code="r20_countries",
                )
            )
        if (
            communes
            and self.coordinating_commune_id
            and self.coordinating_commune_id not in {c.pk for c in communes}
        ):
            errors.append(
                ValidationError(
                    _("The coordinating commune must be one of the plan's communes (R20)."),
                    code="r20_coordinator",
                )
            )
        if errors:
            raise ValidationError(errors)

    def validate_period(self, communes: Iterable[Commune]) -> None:
        """R13: ends 2 months before the mandate ends; without elections, lasts 1 to 4 years.

        In a joint plan whose communes have different mandates, the handbook (3.4) makes the
        plan match the longest mandate; each commune's own commitments end 2 months before its
        mandate ends (checked on the commitment).
        """
        if not (self.start_date and self.end_date):
            return
        communes = list(communes)
        mandate_ends = [c.mandate_end for c in communes if c.mandate_end]
        if mandate_ends:
            limit = latest_allowed_end(max(mandate_ends))
            if self.end_date > limit:
                raise ValidationError(
                    {
                        "end_date": ValidationError(
                            _(
                                "The plan must end at least 2 months before the end of the "
                                "current mandate (R13): on %(limit)s at the latest."
                            ),
                            code="r13_mandate",
                            params={"limit": limit.isoformat()},
                        )
                    }
                )
        elif communes:
            shortest = (
                self.start_date + relativedelta(years=NO_ELECTION_MIN_YEARS) - dt.timedelta(1)
            )
            longest = self.start_date + relativedelta(years=NO_ELECTION_MAX_YEARS) - dt.timedelta(1)
            if not shortest <= self.end_date <= longest:
                raise ValidationError(
                    {
                        "end_date": ValidationError(
                            _(
                                "A jurisdiction without elections chooses a plan period of 1 to "
                                "4 years (R13): end between %(shortest)s and %(longest)s."
                            ),
                            code="r13_period",
                            params={
                                "shortest": shortest.isoformat(),
                                "longest": longest.isoformat(),
                            },
                        )
                    }
                )

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The plan must end after it starts.")})
        self.validate_period(self.member_communes())

    def missing_english(self) -> list[str]:
        """R21: names of the plan's fields still lacking their English version."""
        missing = []
        if not self.title_en.strip():
            missing.append("title_en")
        if not self.vision_summary_en.strip():
            missing.append("vision_summary_en")
        return missing


class PlanStatusChange(StatusChange):
    """Audit row of a plan's status change: who, when, from, to, note."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=ActionPlan.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=ActionPlan.Status.choices)

    class Meta:
        verbose_name = _("plan status change")
        verbose_name_plural = _("plan status changes")
        ordering = ["plan", "created_at"]

    def __str__(self) -> str:
        return f"{self.plan}: {self.from_status} → {self.to_status}"


class StrategicVision(TimeStampedModel):
    """R22, handbook Annex 1: the plan's strategic vision for open local government.

    Every field may be left blank so a point of contact can save it part-filled.
    """

    plan = models.OneToOneField(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="vision"
    )
    # 1. Duration
    mandate_end = models.DateField(_("end of the current mandate"), null=True, blank=True)
    plan_end = models.DateField(_("end of the plan period"), null=True, blank=True)
    # 2. Foreword
    foreword = models.TextField(_("foreword"), blank=True)
    # 4. Challenges, opportunities and strategic vision
    long_term_vision = models.TextField(_("long-term vision"), blank=True)
    achievements = models.TextField(_("open government achievements to date"), blank=True)
    challenges = models.TextField(_("current challenges"), blank=True)
    medium_term_goals = models.TextField(_("medium-term goals"), blank=True)
    contribution = models.TextField(_("how the plan contributes to the vision"), blank=True)
    policy_alignment = models.TextField(_("alignment with the administration's policy"), blank=True)
    # 5. Engagement and coordination
    lead_institutions = models.TextField(_("lead institutions"), blank=True)
    coordination = models.TextField(_("coordination arrangements"), blank=True)
    co_creation_spaces = models.TextField(_("co-creation spaces (offline and online)"), blank=True)
    diversity_measures = models.TextField(_("measures for diverse representation"), blank=True)
    participants = models.TextField(_("who participated"), blank=True)
    number_of_groups = models.PositiveIntegerField(_("number of groups"), null=True, blank=True)
    number_of_meetings = models.PositiveIntegerField(
        _("number of co-creation meetings"), null=True, blank=True
    )
    continued_collaboration = models.TextField(_("continued collaboration"), blank=True)
    # 6. Monitoring
    monitoring_body = models.TextField(_("independent monitoring body"), blank=True)
    monitoring_body_contacts = models.TextField(_("monitoring body contacts"), blank=True)
    progress_discussion = models.TextField(_("how progress is discussed"), blank=True)
    progress_follow_up = models.TextField(_("how progress is followed"), blank=True)
    progress_publication = models.TextField(_("how results are published"), blank=True)
    # 7-9.
    endorsing_stakeholders = models.TextField(_("endorsing stakeholders"), blank=True)
    documents = models.FileField(
        _("strategy or other documents"),
        upload_to=UploadTo("visions"),
        blank=True,
        validators=[validate_plan_document],
    )
    online_consultation_url = models.URLField(_("online consultation link"), blank=True)

    class Meta:
        verbose_name = _("strategic vision")
        verbose_name_plural = _("strategic visions")

    def __str__(self) -> str:
        return str(self.plan)


class CoCreationMeeting(TimeStampedModel):
    """R19: a meeting of the co-creation or implementation phase, with its participants."""

    class Phase(models.TextChoices):
        CO_CREATION = "co_creation", _("Co-creation")
        IMPLEMENTATION = "implementation", _("Implementation")

    class Kind(models.TextChoices):
        FORUM = "forum", _("Multi-stakeholder forum")
        PUBLIC_MEETING = "public_meeting", _("Public meeting")
        WORKSHOP = "workshop", _("Workshop or working group")
        ONLINE = "online", _("Online consultation")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("held on"), db_index=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=300)
    is_forum = models.BooleanField(
        _("held in the participation space"),
        default=False,
        help_text=_("The plan's space for dialogue and co-creation (R19 forum)."),
    )
    government_participants = models.PositiveIntegerField(_("government participants"), default=0)
    non_government_participants = models.PositiveIntegerField(
        _("non-government participants"), default=0
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="meetings"
    )
    location = models.CharField(_("location"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    is_public = models.BooleanField(
        _("open to the public"),
        default=False,
        help_text=_("Shown as a participation opportunity on the public page (R31)."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("co-creation meeting")
        verbose_name_plural = _("co-creation meetings")
        ordering = ["plan", "-held_on"]
        indexes = [models.Index(fields=["plan", "held_on"], name="meeting_plan_held_on")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on})"

    @property
    def has_non_government_participants(self) -> bool:
        """R19: non-governmental stakeholders took part."""
        return self.non_government_participants > 0

    @property
    def is_multi_stakeholder(self) -> bool:
        """R19: government and non-government participants met."""
        return self.government_participants > 0 and self.non_government_participants > 0


class Endorsement(TimeStampedModel):
    """R19: a named non-governmental stakeholder approves the final plan."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="endorsements",
    )
    endorsed_on = models.DateField(_("endorsed on"))
    person_name = models.CharField(_("name of the signatory"), max_length=200, blank=True)
    person_title = models.CharField(_("title of the signatory"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["plan", "endorsed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"],
                name="endorsement_unique_per_plan",
                violation_error_message=_("This organisation already endorsed the plan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.plan}"
