"""Factories for volunteers: applications, reviews, interviews, volunteers, missions."""

import datetime as dt

import factory

from tests.communes.factories import CallFactory, CohortFactory, CommuneFactory, UserFactory
from volunteers.models import Interview, Mission, Review, Volunteer, VolunteerApplication


class VolunteerApplicationFactory(factory.django.DjangoModelFactory):
    """An application that passes both gates (R4) for a call whose missions start 1 Aug 2021."""

    class Meta:
        model = VolunteerApplication

    call = factory.SubFactory(CallFactory, volunteer=True)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    phone = "+221 77 000 00 00"
    date_of_birth = dt.date(1995, 3, 14)
    nationality = "SN"
    country_of_residence = "SN"
    gender = VolunteerApplication.Gender.FEMALE
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    competence_domain = "Open data"
    available_for_mission = True
    passport_expires_on = dt.date(2025, 1, 1)
    open_data_experience = "Published the city budget as CSV."
    training_modules = "Open data 101"
    local_governance_knowledge = "Worked with a town hall."
    civic_tech_knowledge = "Built a citizen feedback app."
    motivation = "Help communes open up."

    class Params:
        eligible = factory.Trait(
            status=VolunteerApplication.Status.ELIGIBLE,
            passes_availability_gate=True,
            passes_passport_gate=True,
        )
        selected = factory.Trait(
            status=VolunteerApplication.Status.SELECTED,
            passes_availability_gate=True,
            passes_passport_gate=True,
        )


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(VolunteerApplicationFactory, eligible=True)
    reviewer = factory.SubFactory(UserFactory, staff=True)
    languages_score = 3
    competence_score = 3
    open_data_score = 3
    training_score = 3
    local_governance_score = 3
    civic_tech_score = 3


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(
        VolunteerApplicationFactory, status=VolunteerApplication.Status.PRESELECTED
    )
    held_on = dt.date(2021, 6, 20)
    interviewers = "Two staff members"


class VolunteerFactory(factory.django.DjangoModelFactory):
    """A Senegalese volunteer (so missions go outside Senegal, R7)."""

    class Meta:
        model = Volunteer

    display_name = factory.Faker("name")
    nationality = "SN"


class MissionFactory(factory.django.DjangoModelFactory):
    """A planned 6-month mission of a Senegalese volunteer in a Guinean commune."""

    class Meta:
        model = Mission

    volunteer = factory.SubFactory(VolunteerFactory)
    commune = factory.SubFactory(CommuneFactory, country="GN")
    cohort = factory.SubFactory(CohortFactory)
    starts_on = dt.date(2021, 8, 1)
    ends_on = dt.date(2022, 2, 1)
    mode = Mission.Mode.ON_SITE
