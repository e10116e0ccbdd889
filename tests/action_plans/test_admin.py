import datetime as dt

import pytest

from action_plans.models import ActionPlan
from tests.action_plans.admin_utils import management_data, page_text
from tests.communes.factories import CommuneFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/admin/action_plans/actionplan/add/"


def _post(client, communes, **overrides):
    data = management_data(client, ADD_URL) | {
        "communes": [c.pk for c in communes],
        "coordinating_commune": communes[0].pk,
        "title": "Plan",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
    }
    data.update(overrides)
    return client.post(ADD_URL, data)


def test_admin_creates_a_valid_plan(admin_client_en):
    commune = CommuneFactory(mandate_end=dt.date(2027, 6, 30))
    response = _post(admin_client_en, [commune])
    assert response.status_code == 302
    assert list(ActionPlan.objects.get().communes.all()) == [commune]


def test_r20_admin_shows_the_country_error(admin_client_en):
    communes = [CommuneFactory(country="SN"), CommuneFactory(country="NE")]
    response = _post(admin_client_en, communes)
    assert response.status_code == 200
    assert "must all be in the same country (R20)" in page_text(response)
    assert not ActionPlan.objects.exists()


def test_r20_admin_refuses_five_communes(admin_client_en):
    response = _post(admin_client_en, CommuneFactory.create_batch(5))
    assert response.status_code == 200
    assert "A joint plan has at most 4 communes (R20)" in page_text(response)
    assert not ActionPlan.objects.exists()


def test_r13_admin_shows_the_mandate_error(admin_client_en):
    commune = CommuneFactory(mandate_end=dt.date(2027, 1, 31))
    response = _post(admin_client_en, [commune])
    assert response.status_code == 200
    assert "at least 2 months before the end of the current mandate (R13)" in page_text(response)
    assert not ActionPlan.objects.exists()


def test_r13_admin_shows_the_period_error_without_elections(admin_client_en):
    commune = CommuneFactory(mandate_end=None)
    response = _post(admin_client_en, [commune], end_date="2030-01-01")
    assert response.status_code == 200
    assert "1 to 4 years (R13)" in page_text(response)
    assert not ActionPlan.objects.exists()
