"""LOG Portal: the Django project (settings, urls, Celery app and shared pieces)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
