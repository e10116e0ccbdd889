"""Writes with a rule: volunteer application pipeline (R4, R5), volunteers and missions (R7)."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from communes.models import Cohort, Commune
from communes.services import choice_label, full_clean_or_raise
from log_portal.errors import ApplicationError
from log_portal.models import User
from volunteers.models import (
    Mission,
    Volunteer,
    VolunteerApplication,
    VolunteerApplicationTransition,
)


@transaction.atomic
def volunteer_application_transition(
    *,
    application: VolunteerApplication,
    to_status: str,
    by: User | None,
    note: str = "",
) -> VolunteerApplicationTransition:
    """R5: move an application along its pipeline and record who, when, from, to and why.

    R4: *eligible* needs both gates passed, *ineligible* a gate failed (as stored on submission).
    R5: *interviewed* needs a recorded interview.
    """
    application = VolunteerApplication.objects.select_for_update().get(pk=application.pk)
    from_status = application.status
    Status = VolunteerApplication.Status
    if to_status not in VolunteerApplication.ALLOWED_TRANSITIONS.get(from_status, set()):
        raise ApplicationError(
            _("A volunteer application cannot go from %(from)s to %(to)s.")
            % {"from": Status(from_status).label, "to": choice_label(Status, to_status)}
        )
    if to_status == Status.ELIGIBLE and not application.passes_gates:
        raise ApplicationError(
            _("An applicant who fails a gate (availability or passport) cannot be eligible.")
        )
    if to_status == Status.INELIGIBLE and application.passes_gates:
        raise ApplicationError(_("This applicant passes both gates and is eligible."))
    if to_status == Status.INTERVIEWED and not application.interviews.exists():
        raise ApplicationError(_("Record the interview first."))
    application.status = to_status
    application.save(update_fields=["status", "updated_at"])
    return VolunteerApplicationTransition.objects.create(
        application=application, from_status=from_status, to_status=to_status, by=by, note=note
    )


@transaction.atomic
def volunteer_application_screen(
    *, application: VolunteerApplication, by: User | None = None
) -> VolunteerApplicationTransition:
    """R4: compute and store the two gates, then mark the applicant eligible or ineligible."""
    application.compute_gates()
    application.save(
        update_fields=["passes_availability_gate", "passes_passport_gate", "updated_at"]
    )
    Status = VolunteerApplication.Status
    if application.passes_gates:
        return volunteer_application_transition(
            application=application, to_status=Status.ELIGIBLE, by=by
        )
    failed = []
    if not application.passes_availability_gate:
        failed.append(_("not available for the whole mission period"))
    if not application.passes_passport_gate:
        failed.append(_("passport not valid 1 year after the mission start"))
    return volunteer_application_transition(
        application=application, to_status=Status.INELIGIBLE, by=by, note="; ".join(failed)
    )


@transaction.atomic
def volunteer_create_from_application(
    *, application: VolunteerApplication, user: User | None = None
) -> Volunteer:
    """R7: a selected applicant becomes a volunteer (public profile per R8 filled in later)."""
    if application.status != VolunteerApplication.Status.SELECTED:
        raise ApplicationError(_("Only a selected applicant becomes a volunteer."))
    volunteer = Volunteer(
        application=application,
        user=user,
        display_name=application.full_name,
        nationality=application.nationality,
    )
    full_clean_or_raise(volunteer)
    volunteer.save()
    return volunteer


@transaction.atomic
def mission_assign(
    *,
    volunteer: Volunteer,
    commune: Commune,
    cohort: Cohort,
    start: dt.date,
    mode: str = Mission.Mode.ON_SITE,
    roadmap: str = "",
    end: dt.date | None = None,
    by: User | None,
) -> Mission:
    """R7: assign a volunteer to a commune: never in their country of origin, one at a time."""
    # Lock the volunteer so that two assignments at once cannot both pass the overlap check.
    Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    mission = Mission(
        volunteer=volunteer,
        commune=commune,
        cohort=cohort,
        starts_on=start,
        ends_on=end,
        mode=mode,
        roadmap=roadmap,
        assigned_by=by,
    )
    full_clean_or_raise(mission)
    mission.save()
    return mission
