"""Factories for action plans: a single plan of a Senegalese commune by default."""

import datetime as dt

import factory

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement
from tests.communes.factories import CommuneFactory, OrganisationFactory

MANDATE_END = dt.date(2027, 6, 30)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    """A plan from 2025 to 2026; pass ``communes=[...]`` for a joint plan (coordinator first)."""

    class Meta:
        model = ActionPlan
        skip_postgeneration_save = True

    coordinating_commune = factory.SubFactory(CommuneFactory, member=True, mandate_end=MANDATE_END)
    title = factory.Sequence(lambda n: f"Plan d'action {n}")
    title_en = factory.Sequence(lambda n: f"Action plan {n}")
    vision_summary = "Une commune ouverte."
    vision_summary_en = "An open commune."
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2026, 12, 31)

    class Params:
        submitted = factory.Trait(
            status=ActionPlan.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
        )

    @factory.post_generation
    def communes(self, create, extracted, **kwargs):
        if not create:
            return
        self.communes.set(extracted if extracted is not None else [self.coordinating_commune])


class CoCreationMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoCreationMeeting

    plan = factory.SubFactory(ActionPlanFactory)
    held_on = dt.date(2024, 11, 15)
    phase = CoCreationMeeting.Phase.CO_CREATION
    kind = CoCreationMeeting.Kind.FORUM
    title = factory.Sequence(lambda n: f"Meeting {n}")
    is_forum = False
    government_participants = 5
    non_government_participants = 8


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    plan = factory.SubFactory(ActionPlanFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    endorsed_on = dt.date(2024, 12, 10)
    person_name = "Fatou Ndiaye"
    person_title = "Coordinator"
