import pytest
from django.conf import settings

from communes.models import Commune


@pytest.mark.django_db
def test_home_page_renders_members_from_the_database(client):
    Commune.objects.create(
        name="Rufisque", slug="rufisque", country="SN", membership_status="active"
    )
    Commune.objects.create(name="Nowhere", slug="nowhere", country="SN")

    response = client.get("/")

    assert response.status_code == 200
    assert "Rufisque" in response.text
    assert "Nowhere" not in response.text  # not a member


def test_tests_use_their_own_redis_database():
    assert settings.REDIS_DB == 1
