import pytest
from django.conf import settings


@pytest.mark.django_db
def test_home_page_renders_from_database(client):
    from communes.models import Commune

    Commune.objects.create(name="Rufisque", slug="rufisque", country="SN", membership_status="active")
    response = client.get("/")
    assert response.status_code == 200
    assert b"Rufisque" in response.content


def test_tests_use_their_own_redis_database():
    assert settings.REDIS_DB == 1
