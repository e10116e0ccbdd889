"""Factories for monitoring bodies and assessments."""

import factory

from monitoring.models import MonitoredPlan, MonitoringBody
from tests.action_plans.factories import ActionPlanFactory


class MonitoringBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoringBody

    name = factory.Sequence(lambda n: f"Observatoire {n}")
    kind = MonitoringBody.Kind.CSO
    country = "SN"
    contact_email = factory.Sequence(lambda n: f"body{n}@example.org")


class MonitoredPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonitoredPlan

    plan = factory.SubFactory(ActionPlanFactory, submitted=True)
    body = factory.SubFactory(MonitoringBodyFactory)
