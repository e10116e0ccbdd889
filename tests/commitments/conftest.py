import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client_en(client):
    """A superuser logged in to the admin, which answers in English."""
    from tests.communes.factories import UserFactory

    user = UserFactory(superuser=True)
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


from tests.commitments.workspace import world  # noqa: E402, F401  (shared workspace set-up)
