"""Factories for communes: users, communes, organisations, cohorts, calls, commune applications."""

import datetime as dt

import factory
from django.core.files.base import ContentFile

from communes.models import (
    Call,
    Cohort,
    Commune,
    CommuneApplication,
    MembershipGrant,
    Organisation,
    Videoconference,
)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who logs in with their e-mail and the password ``pw``."""

    class Meta:
        model = "log_portal.User"
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("pw")

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune

    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    country = "SN"

    class Params:
        member = factory.Trait(
            membership_status=Commune.MembershipStatus.ACTIVE,
            membership_status_since=dt.date(2024, 1, 1),
            joined_on=dt.date(2024, 1, 1),
        )


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.CSO
    country = "SN"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"LOG {2021 + n}-{2022 + n}")
    slug = factory.Sequence(lambda n: f"log-{2021 + n}")
    starts_on = dt.date(2021, 4, 1)
    ends_on = dt.date(2022, 6, 30)
    budget_amount = 142000
    budget_currency = "USD"


class CallFactory(factory.django.DjangoModelFactory):
    """A call for communes, open 40 days from 15 April 2021 (phase 1); ``volunteer=True`` trait."""

    class Meta:
        model = Call

    cohort = factory.SubFactory(CohortFactory)
    kind = Call.Kind.COMMUNE
    title = factory.Sequence(lambda n: f"Call {n}")
    opens_at = dt.date(2021, 4, 15)
    closes_at = dt.date(2021, 5, 25)
    mission_start = None

    class Params:
        volunteer = factory.Trait(kind=Call.Kind.VOLUNTEER, mission_start=dt.date(2021, 8, 1))


class CommuneApplicationFactory(factory.django.DjangoModelFactory):
    """A complete application (every R3 answer given); ``incomplete=True`` leaves answers out."""

    class Meta:
        model = CommuneApplication

    call = factory.SubFactory(CallFactory)
    commune_name = factory.Sequence(lambda n: f"Applicant commune {n}")
    country = "GN"
    population = 40000
    mayor_name = "Mamadou Diallo"
    contact_name = "Aïssatou Bah"
    contact_email = factory.Sequence(lambda n: f"contact{n}@commune.example.org")
    contact_phone = "+224 600 00 00 00"
    motivation = "Open our budget to citizens."
    governance_needs = "Publishing budget data; a citizen consultation space."
    designated_staff = "Secretary general"
    civil_society_partners = "Local youth council"
    support_letter = factory.LazyFunction(
        lambda: ContentFile(b"%PDF-1.4 letter", name="letter.pdf")
    )

    class Params:
        incomplete = factory.Trait(motivation="", support_letter=None)


class VideoconferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Videoconference

    application = factory.SubFactory(CommuneApplicationFactory)
    held_on = dt.date(2021, 6, 10)
    participants = "Mayor, secretary general, two CSOs"


class MembershipGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipGrant

    commune = factory.SubFactory(CommuneFactory, member=True)
    kind = MembershipGrant.Kind.VOLUNTARY_INACTIVITY
    starts_on = dt.date(2024, 4, 1)
    ends_on = dt.date(2024, 9, 30)
    reason = "Elections"
