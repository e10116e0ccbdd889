"""R24, R31, R44: which evidence the public sees (Evidence.objects.public()) and a page's
evidence by target (Evidence.objects.attached_to()), on every kind of target."""

import pytest

from action_plans.models import CoCreationMeeting
from commitments.models import Evidence
from tests.commitments.factories import MilestoneFactory

from .world import evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def pieces(world):
    """One public piece on each kind of target, and pieces the public must not see."""
    meeting = CoCreationMeeting.objects.filter(plan=world.plan).first()
    draft_meeting = CoCreationMeeting.objects.create(
        plan=world.draft_plan, title="Réunion du brouillon", held_on=world.plan.start_date
    )
    return {
        "commitment": world.public_evidence,
        "milestone": evidence(milestone=world.milestone_done, name="m.pdf"),
        "update": evidence(update=world.update, name="u.pdf"),
        "meeting": evidence(meeting=meeting, name="r.pdf"),
        "plan": evidence(plan=world.plan, name="p.pdf"),
        # hidden
        "restricted": world.restricted_evidence,
        "draft update": evidence(update=world.draft_update, name="du.pdf"),
        "draft commitment": evidence(commitment=world.draft_commitment, name="dc.pdf"),
        "draft plan's commitment": evidence(commitment=world.hidden_commitment, name="dp.pdf"),
        "draft plan's milestone": evidence(
            milestone=MilestoneFactory(commitment=world.hidden_commitment), name="dm.pdf"
        ),
        "draft plan's meeting": evidence(meeting=draft_meeting, name="dr.pdf"),
        "draft plan": evidence(plan=world.draft_plan, name="dpp.pdf"),
    }


PUBLIC = {"commitment", "milestone", "update", "meeting", "plan"}


def names(pieces, queryset):
    by_pk = {item.pk: name for name, item in pieces.items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


def test_the_public_sees_public_evidence_of_public_targets_only(pieces):
    assert names(pieces, Evidence.objects.public()) == PUBLIC


def test_one_public_piece_is_found_by_its_key(pieces, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = Evidence.objects.public().filter(pk=pieces["update"].pk).first()

    assert found == pieces["update"]
    assert not Evidence.objects.public().filter(pk=pieces["draft update"].pk).exists()


def test_attached_to_a_commune_s_commitments_and_plans_in_one_query(
    world, pieces, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = names(
            pieces,
            Evidence.objects.attached_to(
                commitment_ids=[world.commitment.pk], plan_ids=[world.plan.pk]
            ),
        )

    # Restricted pieces are the caller's to drop (is_public); draft updates never come.
    assert found == PUBLIC | {"restricted"}


def test_attached_to_without_updates_leaves_the_updates_evidence(world, pieces):
    found = names(
        pieces,
        Evidence.objects.attached_to(commitment_ids=[world.commitment.pk], with_updates=False),
    )

    assert found == {"commitment", "milestone", "restricted"}


def test_attached_to_nothing_is_empty(pieces):
    assert not Evidence.objects.attached_to().exists()
