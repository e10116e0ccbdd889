"""R45: keep bots out of the public application forms (honeypot, rate limit per address)."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the rate limit counts. REMOTE_ADDR only: a forwarded header can be forged.

    Behind a reverse proxy, the proxy must set REMOTE_ADDR (e.g. gunicorn --forwarded-allow-ips).
    """
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_exceeded(request: HttpRequest, scope: str) -> bool:
    """Count one post from this address; True once it exceeds APPLICATION_RATE_LIMIT per window."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    window = settings.APPLICATION_RATE_WINDOW_SECONDS
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.APPLICATION_RATE_LIMIT
