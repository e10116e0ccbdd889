"""Test set-up: real PostgreSQL and Redis (embedded unless DATABASE_URL / REDIS_URL are set).

Settings switch to Redis database 1 under pytest (``RUNNING_TESTS`` in settings), so tests never
share a queue or a cache with a running ``make run``.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

BASE_DIR = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached pages live in Redis: each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests assert messages in their English source: a request with no Accept-Language gets
    English here, French in the product (tests/log_portal/test_translations.py checks that)."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    """One temporary media folder for the session, shared with the test Celery worker."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media_root(media_dir, settings):
    """Uploaded files and PDFs go to a temporary folder, never to .data/media."""
    settings.MEDIA_ROOT = media_dir


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, media_dir):
    """A real Celery worker process on the real Redis broker, working on the test database.

    Tests that use it must see their data committed (``transactional_db``), as a worker would.
    """
    from django.db import connection

    from log_portal.celery import app

    app.control.purge()
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "log_portal.settings",
        "REDIS_DB": str(settings.REDIS_DB),
        "CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "LOG_PORTAL_DB_NAME": connection.settings_dict["NAME"],
        "MEDIA_ROOT": str(media_dir),
    }
    process = subprocess.Popen(  # noqa: S603 - our own worker command, no shell
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "log_portal",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--hostname",
            name,
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=BASE_DIR,
        env=env,
    )
    hostname = name.replace("%h", os.uname().nodename)
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[hostname], timeout=0.5):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the Celery worker did not start")
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
