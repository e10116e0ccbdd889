import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communes.models import Call, CommuneApplication, MembershipGrant
from tests.communes.factories import (
    CallFactory,
    CohortFactory,
    CommuneApplicationFactory,
    CommuneFactory,
    MembershipGrantFactory,
)

pytestmark = pytest.mark.django_db


# --- R1 cohort ----------------------------------------------------------------------------------


def test_cohort_must_end_after_it_starts():
    cohort = CohortFactory.build(starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2021, 1, 1))

    with pytest.raises(ValidationError, match="A cohort must end after it starts."):
        cohort.full_clean()


def test_database_refuses_a_cohort_ending_before_it_starts():
    with pytest.raises(IntegrityError, match="cohort_ends_after_start"):
        CohortFactory(starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2021, 1, 1))


# --- R2 calls -----------------------------------------------------------------------------------


def test_call_must_close_after_it_opens():
    call = CallFactory.build(
        cohort=CohortFactory(), opens_at=dt.date(2021, 5, 1), closes_at=dt.date(2021, 5, 1)
    )

    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()

    assert excinfo.value.message_dict["closes_at"] == ["A call must close after it opens."]


def test_volunteer_call_needs_a_mission_start():
    call = CallFactory.build(cohort=CohortFactory(), kind=Call.Kind.VOLUNTEER, mission_start=None)

    with pytest.raises(ValidationError) as excinfo:
        call.full_clean()

    assert excinfo.value.message_dict["mission_start"] == [
        "A call for volunteers needs a mission start date."
    ]


def test_database_refuses_a_volunteer_call_without_mission_start():
    with pytest.raises(IntegrityError, match="call_volunteer_has_mission_start"):
        CallFactory(kind=Call.Kind.VOLUNTEER, mission_start=None)


@pytest.mark.parametrize(
    ("day", "is_open"),
    [
        (dt.date(2021, 4, 14), False),
        (dt.date(2021, 4, 15), True),  # opening day
        (dt.date(2021, 5, 25), True),  # closing day still accepts
        (dt.date(2021, 5, 26), False),
    ],
)
def test_call_is_open_between_its_dates_included(day, is_open):
    call = CallFactory(opens_at=dt.date(2021, 4, 15), closes_at=dt.date(2021, 5, 25))

    assert call.is_open(day) is is_open
    assert (call in Call.objects.open_on(day)) is is_open


# --- R3 commune applications --------------------------------------------------------------------


def test_commune_application_must_answer_a_call_for_communes():
    volunteer_call = CallFactory(volunteer=True)
    application = CommuneApplicationFactory.build(call=volunteer_call)

    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()

    assert excinfo.value.message_dict["call"] == ["Choose a call for communes."]


def test_complete_application_has_no_missing_answers():
    application = CommuneApplicationFactory()

    assert application.missing_answers() == []
    assert application.is_complete()


def test_missing_or_blank_answers_make_an_application_incomplete():
    application = CommuneApplicationFactory(
        motivation="   ", population=None, support_letter=None, designated_staff=""
    )

    assert application.missing_answers() == [
        "population",
        "motivation",
        "designated_staff",
        "support_letter",
    ]
    assert not application.is_complete()


def test_receipt_numbers_are_generated_and_unique():
    first, second = CommuneApplicationFactory(), CommuneApplicationFactory()

    assert first.receipt_number.startswith("C-")
    assert len(first.receipt_number) == 13
    assert first.receipt_number != second.receipt_number


def test_only_a_selected_commune_signs_a_convention():
    application = CommuneApplicationFactory(
        status=CommuneApplication.Status.PRESELECTED, convention_signed_on=dt.date(2021, 7, 1)
    )

    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()

    assert excinfo.value.message_dict["convention_signed_on"] == [
        "Only a selected commune signs a partnership convention."
    ]
    application.status = CommuneApplication.Status.SELECTED
    application.full_clean()


# --- R10, R27 membership grants -----------------------------------------------------------------


def test_voluntary_inactivity_needs_both_dates():
    grant = MembershipGrantFactory.build(commune=CommuneFactory(), ends_on=None)

    with pytest.raises(ValidationError) as excinfo:
        grant.full_clean()

    assert excinfo.value.message_dict["ends_on"] == ["A voluntary inactivity needs an end date."]


def test_voluntary_inactivity_must_not_end_before_it_starts():
    grant = MembershipGrantFactory.build(
        commune=CommuneFactory(), starts_on=dt.date(2024, 5, 1), ends_on=dt.date(2024, 4, 30)
    )

    with pytest.raises(ValidationError) as excinfo:
        grant.full_clean()

    assert excinfo.value.message_dict["ends_on"] == [
        "A voluntary inactivity must end on or after its start."
    ]


def test_extension_needs_a_new_deadline():
    grant = MembershipGrantFactory.build(
        commune=CommuneFactory(), kind=MembershipGrant.Kind.DEADLINE_EXTENSION
    )

    with pytest.raises(ValidationError) as excinfo:
        grant.full_clean()

    assert excinfo.value.message_dict["new_deadline"] == ["An extension needs a new deadline."]


def test_database_refuses_an_inactivity_without_period():
    with pytest.raises(IntegrityError, match="grant_inactivity_has_period"):
        MembershipGrantFactory(ends_on=None)


def test_grants_covering_and_overlapping_find_voluntary_inactivity_periods():
    grant = MembershipGrantFactory(starts_on=dt.date(2024, 4, 1), ends_on=dt.date(2024, 9, 30))
    MembershipGrantFactory(
        commune=grant.commune,
        kind=MembershipGrant.Kind.DEADLINE_EXTENSION,
        starts_on=None,
        ends_on=None,
        new_deadline=dt.date(2024, 6, 1),
    )
    grants = MembershipGrant.objects.filter(commune=grant.commune)

    assert list(grants.covering(dt.date(2024, 9, 30))) == [grant]
    assert not grants.covering(dt.date(2024, 10, 1)).exists()
    assert list(grants.overlapping(dt.date(2024, 1, 1), dt.date(2024, 4, 1))) == [grant]
    assert not grants.overlapping(dt.date(2024, 1, 1), dt.date(2024, 3, 31)).exists()
