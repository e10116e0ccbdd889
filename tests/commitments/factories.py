"""Factories for commitments, milestones and quarterly updates."""

import datetime as dt

import factory

from commitments.models import (
    Comment,
    Commitment,
    CommitmentActor,
    Milestone,
    MilestoneUpdate,
    OgpValue,
    QuarterlyUpdate,
)
from tests.action_plans.factories import ActionPlanFactory


class CommitmentFactory(factory.django.DjangoModelFactory):
    """A 12-month commitment of the plan's coordinating commune, in 2025."""

    class Meta:
        model = Commitment

    plan = factory.SubFactory(ActionPlanFactory)
    commune = factory.LazyAttribute(lambda o: o.plan.coordinating_commune)
    title = factory.Sequence(lambda n: f"Engagement {n}")
    title_en = factory.Sequence(lambda n: f"Commitment {n}")
    problem = "Le budget n'est pas public."
    status_quo = "Aucune publication."
    action = "Publier le budget."
    solution = "Les habitants le lisent."
    long_term_goal = "Transparence budgétaire."
    action_en = "Publish the budget."
    start_date = dt.date(2025, 1, 1)
    end_date = dt.date(2025, 12, 31)
    policy_areas = factory.LazyFunction(lambda: ["fiscal_openness"])
    primary_sectors = factory.LazyFunction(lambda: ["public_services"])
    ogp_values = factory.LazyFunction(lambda: [OgpValue.ACCESS_TO_INFORMATION])


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    description = factory.Sequence(lambda n: f"Milestone {n}")
    start_month = dt.date(2025, 2, 1)
    end_month = dt.date(2025, 6, 1)


class QuarterlyUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuarterlyUpdate

    commitment = factory.SubFactory(CommitmentFactory)
    year = 2025
    quarter = 1
    progress = "Work started."


class MilestoneUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneUpdate

    update = factory.SubFactory(QuarterlyUpdateFactory)
    milestone = factory.SubFactory(
        MilestoneFactory, commitment=factory.SelfAttribute("..update.commitment")
    )
    previous_status = Milestone.Status.NOT_STARTED
    new_status = Milestone.Status.IN_PROGRESS


class CommitmentActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentActor

    commitment = factory.SubFactory(CommitmentFactory)
    role = CommitmentActor.Role.LEAD_GOVERNMENT
    organisation_name = "Direction des finances"
    contact_name = "Awa Diop"
    email = "awa@example.org"


def ready_commitment(**kwargs) -> Commitment:
    """R16, R17, R21: a draft commitment with everything a plan submission needs."""
    commitment = CommitmentFactory(**kwargs)
    CommitmentActorFactory(commitment=commitment)
    MilestoneFactory(commitment=commitment)
    return commitment


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    update = factory.SubFactory(QuarterlyUpdateFactory)
    author_name = "Moussa"
    author_email = "moussa@example.org"
    body = "Merci pour cette mise à jour."
