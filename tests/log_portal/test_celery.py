import os

import pytest
from django.conf import settings

from log_portal.celery import app
from log_portal.tasks import ping_task


@pytest.mark.worker
def test_a_task_goes_through_the_real_broker_to_a_worker_process_and_back(celery_worker_process):
    # when
    result = ping_task.delay(21)

    # then: the answer comes from another process, through Redis
    answer = result.get(timeout=30)
    assert answer["value"] == 42
    assert answer["pid"] == celery_worker_process.pid
    assert answer["pid"] != os.getpid()
    assert settings.CELERY_BROKER_URL.startswith(("redis://", "redis+socket://"))


def test_r30_inactivity_check_is_scheduled_after_each_quarter_grace_period():
    app.loader.import_default_modules()  # what a worker and beat do on start
    entry = settings.CELERY_BEAT_SCHEDULE["inactivity-check"]
    schedule = entry["schedule"]

    assert entry["task"] == "monitoring.tasks.inactivity_check_task"
    assert entry["task"] in app.tasks
    assert schedule.day_of_month == {16}
    assert schedule.month_of_year == {1, 4, 7, 10}
