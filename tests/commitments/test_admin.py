import pytest

from commitments.models import Commitment, Milestone
from tests.action_plans.admin_utils import management_data, page_text
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory

pytestmark = pytest.mark.django_db
COMMITMENT_ADD = "/admin/commitments/commitment/add/"
MILESTONE_ADD = "/admin/commitments/milestone/add/"


def _post_commitment(client, plan, **overrides):
    data = management_data(client, COMMITMENT_ADD) | {
        "plan": plan.pk,
        "commune": plan.coordinating_commune.pk,
        "title": "Open budget",
        "start_date": "2025-01-01",
        "end_date": "2025-12-31",
        "policy_areas": ["fiscal_openness"],
        "primary_sectors": ["public_services"],
        "ogp_values": ["access_to_information"],
    }
    data.update(overrides)
    return client.post(COMMITMENT_ADD, data)


def test_admin_creates_a_valid_commitment(admin_client_en):
    plan = ActionPlanFactory()
    response = _post_commitment(admin_client_en, plan)
    assert response.status_code == 302
    assert Commitment.objects.get().policy_areas == ["fiscal_openness"]


def test_r16_admin_refuses_a_short_commitment(admin_client_en):
    plan = ActionPlanFactory()
    response = _post_commitment(admin_client_en, plan, end_date="2025-06-30")
    assert response.status_code == 200
    assert "A commitment lasts at least 12 months (R16)." in page_text(response)
    assert not Commitment.objects.exists()


def test_r16_admin_refuses_three_policy_areas(admin_client_en):
    plan = ActionPlanFactory()
    response = _post_commitment(
        admin_client_en, plan, policy_areas=["open_data", "tax", "inclusion"]
    )
    assert response.status_code == 200
    assert "Choose at most 2 policy areas (R16)." in page_text(response)
    assert not Commitment.objects.exists()


def test_r16_admin_refuses_no_ogp_value(admin_client_en):
    plan = ActionPlanFactory()
    response = _post_commitment(admin_client_en, plan, ogp_values=[])
    assert response.status_code == 200
    assert "Choose at least one OGP value (R16)." in page_text(response)
    assert not Commitment.objects.exists()


def test_r15_admin_refuses_a_sixth_commitment(admin_client_en):
    plan = ActionPlanFactory()
    CommitmentFactory.create_batch(5, plan=plan)
    response = _post_commitment(admin_client_en, plan)
    assert response.status_code == 200
    assert "already has 5 open commitments" in page_text(response)
    assert plan.commitments.count() == 5


def test_r17_admin_refuses_a_milestone_outside_its_commitment(admin_client_en):
    commitment = CommitmentFactory()  # 2025
    data = management_data(admin_client_en, MILESTONE_ADD) | {
        "commitment": commitment.pk,
        "position": 0,
        "description": "Publish the data",
        "start_month": "2025-10-01",
        "end_month": "2026-02-01",
        "status": "not_started",
    }
    response = admin_client_en.post(MILESTONE_ADD, data)
    assert response.status_code == 200
    assert "A milestone runs within its commitment, 01/2025 to 12/2025 (R17)." in page_text(
        response
    )
    assert not Milestone.objects.exists()


def test_r17_admin_refuses_an_inline_milestone_outside_a_new_commitment(admin_client_en):
    plan = ActionPlanFactory()
    response = _post_commitment(
        admin_client_en,
        plan,
        **{
            "milestones-TOTAL_FORMS": "1",
            "milestones-0-position": "0",
            "milestones-0-description": "Too late",
            "milestones-0-start_month": "2025-06-01",
            "milestones-0-end_month": "2026-03-01",
            "milestones-0-status": "not_started",
        },
    )
    assert response.status_code == 200
    assert "(R17)" in page_text(response)
    assert not Commitment.objects.exists()
