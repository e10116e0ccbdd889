"""Project-wide tasks."""

from celery import shared_task


@shared_task(time_limit=30, soft_time_limit=25)
def ping_task(value: int) -> dict:
    """Answer from the worker process, to prove the broker and the worker are up."""
    import os

    return {"value": value * 2, "pid": os.getpid()}
