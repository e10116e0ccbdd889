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


@pytest.fixture(autouse=True)
def queued_letters(request, monkeypatch):
    """Status changes whose letters the check queued, kept here instead of on the broker.

    Tests that use the real worker (``celery_worker_process``) keep the real queue.
    """
    queued: list[int] = []
    if "celery_worker_process" not in request.fixturenames:
        monkeypatch.setattr("monitoring.services._queue_letters", queued.extend)
    return queued


@pytest.fixture(autouse=True)
def queued_reports(request, monkeypatch):
    """Reports queued for rendering, kept here unless the real worker runs."""
    queued: list[int] = []
    if "celery_worker_process" not in request.fixturenames:
        monkeypatch.setattr("monitoring.services._queue_report", queued.append)
    return queued
