"""R13, R15, R16, R17, R19, R21: a plan submission lists every reason it is refused; R18 changes."""

import datetime as dt

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan
from commitments.models import Commitment, CommitmentChange
from commitments.services import (
    PlanSubmissionRefused,
    commitment_change_record,
    plan_submission_problems,
    plan_submit,
)
from log_portal.errors import ApplicationError
from tests.action_plans.factories import (
    ActionPlanFactory,
    CoCreationMeetingFactory,
    EndorsementFactory,
)
from tests.commitments.factories import CommitmentFactory, ready_commitment
from tests.communes.factories import CommuneFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_plan():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    ready_commitment(plan=plan)
    return plan


def test_a_ready_plan_has_no_problem(ready_plan):
    assert plan_submission_problems(ready_plan) == []


def test_every_reason_is_listed_at_once():
    # given a plan lacking English, engagement and a complete commitment
    plan = ActionPlanFactory(title_en="")
    CommitmentFactory(plan=plan, action_en="", problem="")
    # when
    with pytest.raises(PlanSubmissionRefused) as error:
        plan_submit(plan=plan, by=None)
    # then each rule is named
    text = " ".join(error.value.reasons)
    for rule in ("R16", "R17", "R19", "R21"):
        assert rule in text
    assert len(error.value.reasons) >= 5
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_r13_plan_ending_after_the_mandate_is_refused(ready_plan):
    commune = ready_plan.coordinating_commune
    commune.mandate_end = dt.date(2026, 6, 30)
    commune.save()
    assert any("R13" in p for p in plan_submission_problems(ready_plan))


def test_r15_too_many_open_commitments_is_refused(ready_plan):
    for _ in range(5):
        ready_commitment(plan=ready_plan)
    assert any("R15" in p for p in plan_submission_problems(ready_plan))


def test_r16_a_plan_without_commitments_is_refused():
    plan = ActionPlanFactory()
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    assert plan_submission_problems(plan) == ["The plan needs at least one commitment (R16)."]


def test_r16_a_commitment_without_lead_agency_is_refused(ready_plan):
    ready_plan.commitments.get().actors.all().delete()
    assert any("lead government agency (R16)" in p for p in plan_submission_problems(ready_plan))


def test_r17_a_commitment_without_milestones_is_refused(ready_plan):
    ready_plan.commitments.get().milestones.all().delete()
    assert any("R17" in p for p in plan_submission_problems(ready_plan))


def test_r19_a_plan_without_endorsement_is_refused(ready_plan):
    ready_plan.endorsements.all().delete()
    assert any("R19" in p for p in plan_submission_problems(ready_plan))


def test_r21_a_plan_without_english_summary_is_refused(ready_plan):
    ready_plan.vision_summary_en = ""
    ready_plan.save()
    assert any("R21" in p for p in plan_submission_problems(ready_plan))


def test_r21_a_commitment_without_english_is_refused(ready_plan):
    ready_plan.commitments.update(title_en="")
    assert any("English title and action (R21)" in p for p in plan_submission_problems(ready_plan))


def test_submit_view_lists_every_reason(client, world):
    plan = ActionPlanFactory(coordinating_commune=world.commune, title_en="")
    client.force_login(world.pc)
    response = client.post(
        reverse("commitments:plan-submit", kwargs={"pk": plan.pk}), {"form_token": "s"}, follow=True
    )
    body = response.content.decode()
    for rule in ("R16", "R19", "R21"):
        assert rule in body
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_submit_view_submits_a_ready_plan(client, world):
    plan = ActionPlanFactory(coordinating_commune=world.commune)
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    ready_commitment(plan=plan)
    client.force_login(world.pc)
    client.post(reverse("commitments:plan-submit", kwargs={"pk": plan.pk}), {"form_token": "s"})
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.SUBMITTED


def test_r20_only_the_coordinating_point_of_contact_submits_a_joint_plan(client, world):
    plan = ActionPlanFactory(
        coordinating_commune=world.commune, communes=[world.commune, world.other_commune]
    )
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    ready_commitment(plan=plan)
    client.force_login(world.other_pc)
    response = client.post(
        reverse("commitments:plan-submit", kwargs={"pk": plan.pk}), {"form_token": "s"}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


def test_r43_a_volunteer_cannot_submit_a_plan(client, world):
    plan = ActionPlanFactory(coordinating_commune=world.commune)
    CoCreationMeetingFactory(plan=plan)
    EndorsementFactory(plan=plan)
    ready_commitment(plan=plan)
    client.force_login(world.volunteer)
    response = client.post(
        reverse("commitments:plan-submit", kwargs={"pk": plan.pk}), {"form_token": "s"}
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT


# -- R18 ------------------------------------------------------------------------------------------


def test_r18_a_submitted_commitment_is_not_edited_directly(client, world):
    client.force_login(world.pc)
    url = reverse("commitments:edit", kwargs={"pk": world.commitment.pk})
    response = client.post(url, {"c-title": "Changed"})
    assert response.url == reverse("commitments:change", kwargs={"pk": world.commitment.pk})
    world.commitment.refresh_from_db()
    assert world.commitment.title != "Changed"


def test_r18_a_change_within_6_months_is_recorded():
    commitment = CommitmentFactory(
        status=Commitment.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
    )
    change = commitment_change_record(
        commitment=commitment,
        kind=CommitmentChange.Kind.DATES,
        description="Ends later",
        reason="Rain",
        how_decided="Forum",
        approved_by=[OrganisationFactory()],
        decided_on=dt.date(2025, 7, 15),
        by=None,
    )
    assert change.pk


def test_r18_a_change_after_6_months_is_refused():
    commitment = CommitmentFactory(
        status=Commitment.Status.SUBMITTED, submitted_on=dt.date(2025, 1, 15)
    )
    with pytest.raises(ApplicationError, match="within 6 months"):
        commitment_change_record(
            commitment=commitment,
            kind=CommitmentChange.Kind.DATES,
            description="Ends later",
            reason="Rain",
            how_decided="Forum",
            approved_by=[OrganisationFactory()],
            decided_on=dt.date(2025, 7, 16),
            by=None,
        )
    assert not CommitmentChange.objects.exists()


def test_r18_change_view_records_and_keeps_the_history(client, world):
    organisation = OrganisationFactory(commune=world.commune)
    Commitment.objects.filter(pk=world.commitment.pk).update(submitted_on=dt.date.today())
    client.force_login(world.pc)
    url = reverse("commitments:change", kwargs={"pk": world.commitment.pk})
    response = client.post(
        url,
        {
            "form_token": "c1",
            "kind": "milestones",
            "description": "One more milestone",
            "reason": "Citizens asked",
            "how_decided": "Forum vote",
            "approved_by": [organisation.pk],
            "decided_on": dt.date.today().isoformat(),
        },
    )
    assert response.status_code == 302
    assert "One more milestone" in client.get(url).content.decode()


def test_commitment_form_with_actors_and_milestones(client, world):
    from tests.action_plans.factories import ActionPlanFactory as PlanF

    plan = PlanF(
        coordinating_commune=world.commune,
        start_date=dt.date(2027, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    client.force_login(world.pc)
    data = {
        "form_token": "n1",
        "c-version": "0",
        "c-commune": world.commune.pk,
        "c-title": "Budget ouvert",
        "c-title_en": "Open budget",
        "c-start_date": "2027-01-01",
        "c-end_date": "2027-12-31",
        "c-ogp_values": ["access_to_information"],
        "actors-TOTAL_FORMS": "1",
        "actors-INITIAL_FORMS": "0",
        "actors-0-role": "lead_government",
        "actors-0-organisation_name": "Mairie",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-description": "Publish",
        "milestones-0-start_month": "2027-02",
        "milestones-0-end_month": "2027-05",
        "milestones-0-status": "not_started",
    }
    response = client.post(reverse("commitments:create", kwargs={"plan_pk": plan.pk}), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    commitment = Commitment.objects.get(title="Budget ouvert")
    assert commitment.actors.count() == 1
    assert commitment.milestones.get().start_month == dt.date(2027, 2, 1)
    # a second person editing from the same (now stale) version 1 is refused, input kept
    edit = reverse("commitments:edit", kwargs={"pk": commitment.pk})
    base = data | {
        "actors-INITIAL_FORMS": "1",
        "actors-0-id": commitment.actors.get().pk,
        "milestones-INITIAL_FORMS": "1",
        "milestones-0-id": commitment.milestones.get().pk,
        "c-version": "1",
    }
    assert client.post(edit, base | {"form_token": "n2", "c-title": "First"}).status_code == 302
    stale = client.post(edit, base | {"form_token": "n3", "c-title": "Second"})
    assert stale.status_code == 400
    assert "Someone else saved" in stale.content.decode()
    assert "Second" in stale.content.decode()
    commitment.refresh_from_db()
    assert commitment.title == "First"


def test_r20_joint_plan_commitment_choices_are_the_members(world):
    plan = ActionPlanFactory(
        coordinating_commune=world.commune, communes=[world.commune, CommuneFactory()]
    )
    from commitments.forms import CommitmentForm

    form = CommitmentForm(plan=plan)
    assert set(form.fields["commune"].queryset) == set(plan.communes.all())
