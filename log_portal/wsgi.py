"""WSGI entry point (gunicorn ``log_portal.wsgi``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "log_portal.settings")
application = get_wsgi_application()

# What start-up loaded (modules, settings, URL patterns) lives as long as the process: freeze
# it out of the garbage collector's reach, so that a full collection, now and then during a
# request, scans only the objects of recent requests (make bench: it took 110 ms out of a
# 150 ms API page; https://docs.python.org/3/library/gc.html#gc.freeze).
gc.collect()
gc.freeze()
