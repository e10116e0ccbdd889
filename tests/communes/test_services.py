import datetime as dt

import pytest

from communes.models import (
    Commune,
    CommuneApplication,
    CommuneApplicationTransition,
    MembershipGrant,
    MembershipStatusChange,
)
from communes.services import (
    commune_application_screen,
    commune_application_transition,
    membership_grant_create,
    membership_status_change,
)
from log_portal.errors import ApplicationError
from tests.communes.factories import (
    CommuneApplicationFactory,
    CommuneFactory,
    MembershipGrantFactory,
    UserFactory,
    VideoconferenceFactory,
)

pytestmark = pytest.mark.django_db

Status = CommuneApplication.Status


# --- R3, R6 commune application pipeline -------------------------------------------------------


def test_allowed_transition_moves_the_application_and_writes_one_audit_row():
    # given
    staff = UserFactory(staff=True)
    application = CommuneApplicationFactory(status=Status.SUBMITTED)

    # when
    transition = commune_application_transition(
        application=application, to_status=Status.COMPLETE, by=staff, note="All there."
    )

    # then
    application.refresh_from_db()
    assert application.status == Status.COMPLETE
    assert list(application.transitions.all()) == [transition]
    assert (transition.from_status, transition.to_status, transition.by, transition.note) == (
        Status.SUBMITTED,
        Status.COMPLETE,
        staff,
        "All there.",
    )


def test_disallowed_transition_is_refused_and_changes_nothing():
    application = CommuneApplicationFactory(status=Status.SUBMITTED)

    with pytest.raises(ApplicationError, match="cannot go from Submitted to Selected"):
        commune_application_transition(
            application=application, to_status=Status.SELECTED, by=UserFactory(staff=True)
        )

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not CommuneApplicationTransition.objects.exists()


def test_incomplete_application_cannot_be_preselected():
    """R3: only complete applications go on; an incomplete one can only be dropped."""
    application = CommuneApplicationFactory(status=Status.INCOMPLETE)

    with pytest.raises(ApplicationError, match="cannot go from Incomplete to Preselected"):
        commune_application_transition(
            application=application, to_status=Status.PRESELECTED, by=None
        )

    application.refresh_from_db()
    assert application.status == Status.INCOMPLETE


def test_application_with_missing_answers_cannot_be_marked_complete():
    application = CommuneApplicationFactory(incomplete=True)

    with pytest.raises(ApplicationError, match="incomplete \\(missing: motivation, letter of"):
        commune_application_transition(application=application, to_status=Status.COMPLETE, by=None)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not CommuneApplicationTransition.objects.exists()


@pytest.mark.parametrize(
    ("incomplete", "expected"), [(False, Status.COMPLETE), (True, Status.INCOMPLETE)]
)
def test_screening_sorts_complete_from_incomplete(incomplete, expected):
    application = CommuneApplicationFactory(incomplete=incomplete)

    transition = commune_application_screen(application=application)

    application.refresh_from_db()
    assert application.status == expected
    assert transition.by is None
    assert application.transitions.count() == 1


def test_videoconference_held_needs_a_recorded_videoconference():
    application = CommuneApplicationFactory(status=Status.PRESELECTED)

    with pytest.raises(ApplicationError, match="Record the videoconference first."):
        commune_application_transition(
            application=application, to_status=Status.VIDEOCONFERENCE_HELD, by=None
        )
    VideoconferenceFactory(application=application)
    commune_application_transition(
        application=application, to_status=Status.VIDEOCONFERENCE_HELD, by=None
    )

    application.refresh_from_db()
    assert application.status == Status.VIDEOCONFERENCE_HELD


# --- R10 membership status ------------------------------------------------------------------


def test_status_change_updates_the_commune_and_writes_the_history():
    # given
    staff = UserFactory(staff=True)
    commune = CommuneFactory(member=True)

    # when
    change = membership_status_change(
        commune=commune,
        to_status=Commune.MembershipStatus.INACTIVE,
        on=dt.date(2024, 10, 16),
        rule="R27d",
        reason="No update for two quarters.",
        by=staff,
    )

    # then
    commune.refresh_from_db()
    assert commune.membership_status == Commune.MembershipStatus.INACTIVE
    assert commune.membership_status_since == dt.date(2024, 10, 16)
    assert list(commune.status_changes.all()) == [change]
    assert (change.from_status, change.to_status, change.rule, change.changed_by) == (
        "active",
        "inactive",
        "R27d",
        staff,
    )


def test_status_change_to_the_same_status_writes_nothing():
    commune = CommuneFactory(member=True)

    change = membership_status_change(
        commune=commune,
        to_status=Commune.MembershipStatus.ACTIVE,
        on=dt.date(2024, 10, 16),
        rule="R28",
        reason="Progress.",
    )

    assert change is None
    commune.refresh_from_db()
    assert commune.membership_status_since == dt.date(2024, 1, 1)
    assert not MembershipStatusChange.objects.exists()


def test_status_change_refuses_a_move_the_rules_do_not_allow():
    commune = CommuneFactory()  # not a member

    with pytest.raises(ApplicationError, match="cannot go from Not a member to Probation"):
        membership_status_change(
            commune=commune,
            to_status=Commune.MembershipStatus.PROBATION,
            on=dt.date(2024, 10, 16),
            rule="R29",
            reason="",
        )

    commune.refresh_from_db()
    assert commune.membership_status == Commune.MembershipStatus.NOT_MEMBER
    assert not MembershipStatusChange.objects.exists()


# --- R27 grants ------------------------------------------------------------------------------


def test_extension_moves_the_first_plan_deadline():
    commune = CommuneFactory(member=True, first_plan_deadline=dt.date(2024, 6, 30))

    grant = membership_grant_create(
        commune=commune,
        kind=MembershipGrant.Kind.DEADLINE_EXTENSION,
        new_deadline=dt.date(2024, 9, 30),
        reason="Floods.",
        by=UserFactory(staff=True),
    )

    commune.refresh_from_db()
    assert commune.first_plan_deadline == dt.date(2024, 9, 30)
    assert grant.new_deadline == dt.date(2024, 9, 30)


def test_extension_must_move_the_deadline_later():
    commune = CommuneFactory(member=True, first_plan_deadline=dt.date(2024, 6, 30))

    with pytest.raises(ApplicationError, match="later than 2024-06-30"):
        membership_grant_create(
            commune=commune,
            kind=MembershipGrant.Kind.DEADLINE_EXTENSION,
            new_deadline=dt.date(2024, 6, 1),
            reason="Floods.",
            by=None,
        )

    commune.refresh_from_db()
    assert commune.first_plan_deadline == dt.date(2024, 6, 30)
    assert not MembershipGrant.objects.exists()


def test_voluntary_inactivity_periods_do_not_overlap():
    existing = MembershipGrantFactory(starts_on=dt.date(2024, 4, 1), ends_on=dt.date(2024, 9, 30))

    with pytest.raises(ApplicationError, match="overlaps another voluntary inactivity"):
        membership_grant_create(
            commune=existing.commune,
            kind=MembershipGrant.Kind.VOLUNTARY_INACTIVITY,
            starts_on=dt.date(2024, 9, 30),
            ends_on=dt.date(2024, 12, 31),
            reason="More elections.",
            by=None,
        )

    assert MembershipGrant.objects.count() == 1
