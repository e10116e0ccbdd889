"""The minimal view of the benchmark: the framework's own ceiling (no database, no template).

Routed at ``bench/minimal`` only when ``LOG_PORTAL_BENCH`` is on (log_portal/urls.py).
"""

from django.http import HttpRequest, HttpResponse


def minimal(request: HttpRequest) -> HttpResponse:
    """A constant answer through the whole middleware stack."""
    return HttpResponse(b"ok", content_type="text/plain")
