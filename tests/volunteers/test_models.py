import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.communes.factories import CallFactory, CohortFactory, CommuneFactory
from tests.volunteers.factories import (
    MissionFactory,
    ReviewFactory,
    VolunteerApplicationFactory,
    VolunteerFactory,
)
from volunteers.models import Mission, Review, VolunteerApplication

pytestmark = pytest.mark.django_db


# --- R4 applications and gates ------------------------------------------------------------------


def test_volunteer_application_must_answer_a_call_for_volunteers():
    application = VolunteerApplicationFactory.build(call=CallFactory())  # a call for communes

    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()

    assert excinfo.value.message_dict["call"] == ["Choose a call for volunteers."]


@pytest.mark.parametrize(
    ("expires_on", "passes"),
    [
        (dt.date(2022, 8, 1), True),  # exactly 1 year after the 1 Aug 2021 mission start
        (dt.date(2022, 7, 31), False),  # one day less
        (dt.date(2030, 1, 1), True),
        (None, False),  # no passport
    ],
)
def test_passport_gate_needs_one_year_of_validity_after_mission_start(expires_on, passes):
    application = VolunteerApplicationFactory(
        call=CallFactory(volunteer=True, mission_start=dt.date(2021, 8, 1)),
        passport_expires_on=expires_on,
    )

    application.compute_gates()

    assert application.passes_passport_gate is passes


def test_availability_gate_needs_availability_for_the_whole_period():
    application = VolunteerApplicationFactory(available_for_mission=False)

    passes = application.compute_gates()

    assert passes is False
    assert application.passes_availability_gate is False
    assert application.passes_passport_gate is True


def test_receipt_number_is_generated():
    application = VolunteerApplicationFactory()

    assert application.receipt_number.startswith("V-")


def test_languages_are_from_the_list():
    application = VolunteerApplicationFactory.build(
        call=CallFactory(volunteer=True), languages=["xx"]
    )

    with pytest.raises(ValidationError) as excinfo:
        application.full_clean()

    assert "languages" in excinfo.value.message_dict


# --- R4 reviews ---------------------------------------------------------------------------------


def test_score_above_five_is_refused():
    review = ReviewFactory.build(
        application=VolunteerApplicationFactory(eligible=True),
        reviewer=ReviewFactory().reviewer,
        open_data_score=6,
    )

    with pytest.raises(ValidationError) as excinfo:
        review.full_clean()

    assert excinfo.value.message_dict["open_data_score"] == [
        "Ensure this value is less than or equal to 5."
    ]


def test_database_refuses_a_score_above_five():
    with pytest.raises(IntegrityError, match="review_civic_tech_score_0_to_5"):
        ReviewFactory(civic_tech_score=6)


def test_a_reviewer_scores_an_application_once():
    first = ReviewFactory()
    second = ReviewFactory.build(application=first.application, reviewer=first.reviewer)

    with pytest.raises(ValidationError, match="This reviewer has already scored this application."):
        second.full_clean()
    with pytest.raises(IntegrityError, match="review_once_per_reviewer"):
        second.save()


def test_ineligible_application_is_not_scored():
    application = VolunteerApplicationFactory(status=VolunteerApplication.Status.INELIGIBLE)
    review = ReviewFactory.build(application=application, reviewer=ReviewFactory().reviewer)

    with pytest.raises(ValidationError, match="An ineligible application is not scored."):
        review.full_clean()


def test_with_scores_annotates_mean_score_and_review_count():
    # given two reviews averaging 2.5 and 4 -> 3.25, and an application nobody reviewed
    application = VolunteerApplicationFactory(eligible=True)
    ReviewFactory(
        application=application,
        languages_score=0,
        competence_score=5,
        open_data_score=0,
        training_score=5,
        local_governance_score=0,
        civic_tech_score=5,
    )
    ReviewFactory(
        application=application,
        languages_score=4,
        competence_score=4,
        open_data_score=4,
        training_score=4,
        local_governance_score=4,
        civic_tech_score=4,
    )
    unreviewed = VolunteerApplicationFactory(eligible=True)

    # when
    rows = {a.pk: a for a in VolunteerApplication.objects.with_scores()}

    # then
    assert rows[application.pk].review_count == 2
    assert rows[application.pk].mean_score == pytest.approx(3.25)
    assert rows[unreviewed.pk].review_count == 0
    assert rows[unreviewed.pk].mean_score is None
    assert Review.objects.get(application=application, languages_score=0).mean == 2.5


# --- R7 missions --------------------------------------------------------------------------------


def test_mission_lasts_six_months_by_default():
    mission = MissionFactory.build(
        volunteer=VolunteerFactory(),
        commune=CommuneFactory(country="GN"),
        cohort=CohortFactory(),
        starts_on=dt.date(2021, 8, 15),
        ends_on=None,
    )

    mission.full_clean()

    assert mission.ends_on == dt.date(2022, 2, 15)


def test_mission_is_never_in_the_volunteers_country_of_origin():
    mission = MissionFactory.build(
        volunteer=VolunteerFactory(nationality="SN"),
        commune=CommuneFactory(country="SN", name="Rufisque"),
        cohort=CohortFactory(),
    )

    with pytest.raises(ValidationError) as excinfo:
        mission.full_clean()

    assert excinfo.value.message_dict["commune"] == [
        "A volunteer is never assigned to a commune of their own country of origin (Senegal)."
    ]


def test_mission_must_end_after_it_starts():
    mission = MissionFactory.build(
        volunteer=VolunteerFactory(),
        commune=CommuneFactory(country="GN"),
        cohort=CohortFactory(),
        starts_on=dt.date(2021, 8, 1),
        ends_on=dt.date(2021, 8, 1),
    )

    with pytest.raises(ValidationError) as excinfo:
        mission.full_clean()

    assert excinfo.value.message_dict["ends_on"] == ["A mission must end after it starts."]


def test_volunteer_has_one_planned_or_ongoing_mission_at_a_time():
    first = MissionFactory(status=Mission.Status.ONGOING)
    second = MissionFactory.build(
        volunteer=first.volunteer,
        commune=CommuneFactory(country="NE"),
        cohort=CohortFactory(),
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 7, 1),
    )

    with pytest.raises(ValidationError, match="at most one mission at a time"):
        second.full_clean()
    with pytest.raises(IntegrityError, match="mission_one_active_per_volunteer"):
        second.save()


def test_missions_of_a_volunteer_may_not_overlap_even_when_finished():
    first = MissionFactory(status=Mission.Status.COMPLETED)
    overlapping = MissionFactory.build(
        volunteer=first.volunteer,
        commune=CommuneFactory(country="NE"),
        cohort=CohortFactory(),
        starts_on=first.ends_on - dt.timedelta(days=1),
        ends_on=None,
    )

    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()

    assert excinfo.value.message_dict["starts_on"] == [
        "These dates overlap another mission of this volunteer: "
        "a volunteer has at most one mission at a time."
    ]
    overlapping.starts_on = first.ends_on  # back to back is fine
    overlapping.ends_on = None
    overlapping.full_clean()


def test_commune_has_one_volunteer_per_cohort():
    first = MissionFactory()
    second = MissionFactory.build(
        volunteer=VolunteerFactory(), commune=first.commune, cohort=first.cohort
    )

    with pytest.raises(ValidationError, match="at most one volunteer per cohort"):
        second.full_clean()
    with pytest.raises(IntegrityError, match="mission_one_volunteer_per_commune_per_cohort"):
        second.save()


def test_a_cancelled_mission_frees_the_commune_and_the_volunteer():
    cancelled = MissionFactory(status=Mission.Status.CANCELLED)
    replacement = MissionFactory.build(
        volunteer=cancelled.volunteer, commune=cancelled.commune, cohort=cancelled.cohort
    )

    replacement.full_clean()
    replacement.save()

    assert Mission.objects.not_cancelled().get() == replacement
