"""R19-R22, R28: co-creating the plan in the workspace: plan, vision in sections, meetings, endorsements."""

import datetime as dt

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement, StrategicVision
from communes.models import Commune
from tests.communes.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    from tests.action_plans.factories import ActionPlanFactory

    return ActionPlanFactory(
        coordinating_commune=world.commune,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2028, 12, 31),
        title_en="",
    )


def test_r22_a_vision_section_is_saved_part_filled(client, world, draft):
    client.force_login(world.pc)
    url = reverse("action_plans:vision-section", kwargs={"pk": draft.pk, "section": "vision"})
    response = client.post(url, {"form_token": "v1", "long_term_vision": "An open commune."})
    assert response.status_code == 302
    vision = StrategicVision.objects.get(plan=draft)
    assert vision.long_term_vision == "An open commune."
    assert vision.challenges == ""


def test_r22_save_and_go_to_the_next_section(client, world, draft):
    client.force_login(world.pc)
    url = reverse("action_plans:vision-section", kwargs={"pk": draft.pk, "section": "foreword"})
    response = client.post(url, {"form_token": "v2", "foreword": "Hello", "next": "1"})
    assert response.url == reverse(
        "action_plans:vision-section", kwargs={"pk": draft.pk, "section": "vision"}
    )


def test_r22_an_invalid_value_keeps_the_input_and_saves_nothing(client, world, draft):
    client.force_login(world.pc)
    url = reverse("action_plans:vision-section", kwargs={"pk": draft.pk, "section": "engagement"})
    response = client.post(
        url, {"form_token": "v3", "participants": "Youth groups", "number_of_groups": "many"}
    )
    assert response.status_code == 400
    assert "Youth groups" in response.content.decode()
    assert not StrategicVision.objects.exists()


def test_r19_record_a_meeting_with_organisations(client, world, draft):
    organisation = OrganisationFactory(commune=world.commune)
    client.force_login(world.pc)
    response = client.post(
        reverse("action_plans:meeting-create", kwargs={"pk": draft.pk}),
        {
            "form_token": "m1",
            "title": "Forum",
            "held_on": "2026-10-01",
            "phase": "co_creation",
            "kind": "forum",
            "is_forum": "on",
            "government_participants": "4",
            "non_government_participants": "9",
            "organisations": [organisation.pk],
        },
    )
    meeting = CoCreationMeeting.objects.get()
    assert response.url == reverse(
        "commitments:evidence-add", kwargs={"target": "meeting", "pk": meeting.pk}
    )
    assert list(meeting.organisations.all()) == [organisation]


def test_r28_a_co_creation_meeting_for_a_new_plan_reactivates_an_inactive_commune(
    client, world, draft
):
    Commune.objects.filter(pk=world.commune.pk).update(
        membership_status=Commune.MembershipStatus.INACTIVE
    )
    client.force_login(world.pc)
    client.post(
        reverse("action_plans:meeting-create", kwargs={"pk": draft.pk}),
        {
            "form_token": "m2",
            "title": "Forum",
            "held_on": "2026-10-01",
            "phase": "co_creation",
            "kind": "forum",
            "government_participants": "4",
            "non_government_participants": "9",
        },
    )
    world.commune.refresh_from_db()
    assert world.commune.membership_status == Commune.MembershipStatus.ACTIVE
    assert world.commune.status_changes.get().rule == "R28"


def test_r19_an_organisation_endorses_once(client, world, draft):
    organisation = OrganisationFactory(commune=world.commune)
    client.force_login(world.pc)
    url = reverse("action_plans:endorsement-create", kwargs={"pk": draft.pk})
    data = {"organisation": organisation.pk, "endorsed_on": "2026-11-01", "person_name": "Awa"}
    assert client.post(url, data | {"form_token": "e1"}).status_code == 302
    again = client.post(url, data | {"form_token": "e2"})
    assert again.status_code == 400
    assert "already endorsed" in again.content.decode()
    assert Endorsement.objects.count() == 1


def test_r20_create_a_joint_plan_coordinated_by_the_commune(client, world):
    client.force_login(world.pc)
    response = client.post(
        reverse("action_plans:create", kwargs={"commune_pk": world.commune.pk}),
        {
            "form_token": "p1",
            "title": "Plan commun",
            "start_date": "2027-01-01",
            "end_date": "2028-12-31",
            "partners": [world.other_commune.pk],
        },
    )
    assert response.status_code == 302
    plan = ActionPlan.objects.get(title="Plan commun")
    assert plan.coordinating_commune == world.commune
    assert set(plan.communes.all()) == {world.commune, world.other_commune}


def test_r13_a_plan_ending_too_late_is_refused_with_the_reason(client, world):
    client.force_login(world.pc)
    response = client.post(
        reverse("action_plans:create", kwargs={"commune_pk": world.commune.pk}),
        {
            "form_token": "p2",
            "title": "Trop long",
            "start_date": "2027-01-01",
            "end_date": "2035-12-31",
        },
    )
    assert response.status_code == 400
    assert "R13" in response.content.decode()
    assert not ActionPlan.objects.filter(title="Trop long").exists()


def test_r43_a_volunteer_does_not_edit_the_plan(client, world, draft):
    client.force_login(world.volunteer)
    url = reverse("action_plans:vision-section", kwargs={"pk": draft.pk, "section": "foreword"})
    assert client.get(url).status_code == 200
    assert client.post(url, {"form_token": "x", "foreword": "Hack"}).status_code == 403
    assert not StrategicVision.objects.exists()
