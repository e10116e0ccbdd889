"""Factories the API tests need beyond those of the apps: evidence, visions, assessments."""

import datetime as dt

import factory
from django.core.files.base import ContentFile

from action_plans.models import StrategicVision
from commitments.models import Evidence
from communes.models import Commune, MembershipStatusChange
from monitoring.models import Assessment, CommitmentAssessment
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory
from tests.monitoring.factories import MonitoringBodyFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A public PDF attached to a commitment; ``link=True`` makes it a link."""

    class Meta:
        model = Evidence

    commitment = factory.SubFactory(CommitmentFactory)
    kind = Evidence.Kind.MINUTES
    title = factory.Sequence(lambda n: f"Minutes {n}")
    dated = dt.date(2025, 3, 1)
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="minutes.pdf"))
    content_type = "application/pdf"
    is_public = True

    class Params:
        link = factory.Trait(file="", url="https://example.org/minutes")


class StrategicVisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicVision

    plan = factory.SubFactory(ActionPlanFactory, submitted=True)
    long_term_vision = "Une commune transparente."


class MembershipStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipStatusChange

    commune = factory.SubFactory("tests.communes.factories.CommuneFactory", member=True)
    from_status = Commune.MembershipStatus.NOT_MEMBER
    to_status = Commune.MembershipStatus.ACTIVE
    effective_on = dt.date(2024, 1, 1)
    rule = "staff"
    reason = "Joined OGP Local."


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An initial assessment of a submitted plan; ``submitted=True`` trait."""

    class Meta:
        model = Assessment

    plan = factory.SubFactory(ActionPlanFactory, submitted=True)
    body = factory.SubFactory(MonitoringBodyFactory)
    kind = Assessment.Kind.INITIAL
    due_on = dt.date(2025, 3, 15)
    summary = "Co-creation met the requirements."

    class Params:
        submitted = factory.Trait(status=Assessment.Status.SUBMITTED)


class CommitmentAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentAssessment

    assessment = factory.SubFactory(AssessmentFactory)
    commitment = factory.SubFactory(
        CommitmentFactory, plan=factory.SelfAttribute("..assessment.plan")
    )
    is_relevant = True
    is_verifiable = True
