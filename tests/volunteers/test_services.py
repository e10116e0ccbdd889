import datetime as dt

import pytest

from log_portal.errors import ApplicationError
from tests.communes.factories import CohortFactory, CommuneFactory, UserFactory
from tests.volunteers.factories import (
    InterviewFactory,
    MissionFactory,
    VolunteerApplicationFactory,
    VolunteerFactory,
)
from volunteers.models import (
    Mission,
    Volunteer,
    VolunteerApplication,
    VolunteerApplicationTransition,
)
from volunteers.services import (
    mission_assign,
    volunteer_application_screen,
    volunteer_application_transition,
    volunteer_create_from_application,
)

pytestmark = pytest.mark.django_db

Status = VolunteerApplication.Status


# --- R4, R5 pipeline ----------------------------------------------------------------------------


def test_allowed_transition_moves_the_application_and_writes_one_audit_row():
    staff = UserFactory(staff=True)
    application = VolunteerApplicationFactory(eligible=True)

    transition = volunteer_application_transition(
        application=application, to_status=Status.PRESELECTED, by=staff, note="Top 10%"
    )

    application.refresh_from_db()
    assert application.status == Status.PRESELECTED
    assert list(application.transitions.all()) == [transition]
    assert (transition.from_status, transition.to_status, transition.by, transition.note) == (
        Status.ELIGIBLE,
        Status.PRESELECTED,
        staff,
        "Top 10%",
    )


def test_disallowed_transition_is_refused_and_changes_nothing():
    application = VolunteerApplicationFactory(eligible=True)

    with pytest.raises(ApplicationError, match="cannot go from Eligible to Selected"):
        volunteer_application_transition(
            application=application, to_status=Status.SELECTED, by=UserFactory(staff=True)
        )

    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE
    assert not VolunteerApplicationTransition.objects.exists()


def test_applicant_failing_a_gate_cannot_be_made_eligible():
    application = VolunteerApplicationFactory(
        passes_availability_gate=False, passes_passport_gate=True
    )

    with pytest.raises(ApplicationError, match="fails a gate"):
        volunteer_application_transition(
            application=application, to_status=Status.ELIGIBLE, by=None
        )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_interviewed_needs_a_recorded_interview():
    application = VolunteerApplicationFactory(status=Status.PRESELECTED)

    with pytest.raises(ApplicationError, match="Record the interview first."):
        volunteer_application_transition(
            application=application, to_status=Status.INTERVIEWED, by=None
        )
    InterviewFactory(application=application)
    volunteer_application_transition(application=application, to_status=Status.INTERVIEWED, by=None)

    application.refresh_from_db()
    assert application.status == Status.INTERVIEWED


def test_screening_stores_the_gates_and_marks_eligible():
    application = VolunteerApplicationFactory()

    volunteer_application_screen(application=application)

    application.refresh_from_db()
    assert (application.passes_availability_gate, application.passes_passport_gate) == (True, True)
    assert application.status == Status.ELIGIBLE
    assert application.transitions.count() == 1


def test_screening_marks_an_applicant_failing_the_passport_gate_ineligible():
    application = VolunteerApplicationFactory(passport_expires_on=dt.date(2022, 7, 31))

    transition = volunteer_application_screen(application=application)

    application.refresh_from_db()
    assert (application.passes_availability_gate, application.passes_passport_gate) == (True, False)
    assert application.status == Status.INELIGIBLE
    assert transition.note == "passport not valid 1 year after the mission start"


def test_only_a_selected_applicant_becomes_a_volunteer():
    preselected = VolunteerApplicationFactory(status=Status.PRESELECTED)
    selected = VolunteerApplicationFactory(selected=True, nationality="NE")

    with pytest.raises(ApplicationError, match="Only a selected applicant"):
        volunteer_create_from_application(application=preselected)
    volunteer = volunteer_create_from_application(application=selected)

    assert Volunteer.objects.get() == volunteer
    assert volunteer.nationality == "NE"
    assert volunteer.display_name == selected.full_name


# --- R7 assignment ------------------------------------------------------------------------------


def test_mission_assign_creates_a_six_month_mission():
    staff = UserFactory(staff=True)

    mission = mission_assign(
        volunteer=VolunteerFactory(nationality="SN"),
        commune=CommuneFactory(country="GN", name="Kouroussa"),
        cohort=CohortFactory(),
        start=dt.date(2021, 8, 1),
        mode=Mission.Mode.REMOTE,
        roadmap="Open budget data.",
        by=staff,
    )

    mission.refresh_from_db()
    assert (mission.ends_on, mission.mode, mission.assigned_by) == (
        dt.date(2022, 2, 1),
        Mission.Mode.REMOTE,
        staff,
    )


def test_mission_assign_refuses_the_volunteers_own_country():
    with pytest.raises(ApplicationError) as excinfo:
        mission_assign(
            volunteer=VolunteerFactory(nationality="NE"),
            commune=CommuneFactory(country="NE", name="Dan-Kassari"),
            cohort=CohortFactory(),
            start=dt.date(2021, 8, 1),
            by=None,
        )

    assert excinfo.value.message == (
        "A volunteer is never assigned to a commune of their own country of origin (Niger)."
    )
    assert excinfo.value.field == "commune"
    assert not Mission.objects.exists()


def test_mission_assign_refuses_a_second_volunteer_in_the_commune_for_the_cohort():
    existing = MissionFactory()

    with pytest.raises(ApplicationError, match="at most one volunteer per cohort"):
        mission_assign(
            volunteer=VolunteerFactory(),
            commune=existing.commune,
            cohort=existing.cohort,
            start=dt.date(2021, 8, 1),
            by=None,
        )

    assert Mission.objects.count() == 1
