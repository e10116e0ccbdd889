"""Caching of the public pages: 304 answers, and rendered pages kept in Redis (DOMAIN.md C).

Both hang on one stamp, ``public_data_stamp()``: the latest ``updated_at`` of every table the
public site reads. Any change of public data gives a new stamp, hence new ETags and new cache
keys; old entries expire on their own (``PUBLIC_PAGE_CACHE_SECONDS``). Deleting a row does not
move the stamp: its pages show it until they expire.

- ETag: the stamp, the day ("late" and "not updated" depend on it), the language and the user,
  so a browser on a slow connection gets a 304 instead of the page it already has.
- Page cache, for anonymous visitors only (a logged-in user's pages carry their name and
  links): the page's HTML is kept per address and language under the stamp. Every page holds a
  CSRF token (language switch, comment form) that must be the visitor's own, so the HTML is
  kept with a placeholder and each answer gets the visitor's token put in.
- ``kept()``: one costly value under the stamp, for every visitor (the home page's totals).
- For anonymous visitors the stamp itself is read from Redis, computed at most every
  ``PUBLIC_STAMP_SECONDS``: a cached page answers without touching the database, and a
  citizen sees a change at most that many seconds late. Logged-in users always get a fresh one.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.http import condition

from log_portal.public import selectors

# The apps whose data the public site shows.
PUBLIC_APPS = ("communes", "volunteers", "action_plans", "commitments", "monitoring")
# Their tables that no public page, feed, export or API list reads (R8: personal data of the
# selection, the staff's letters and runs). Every other table of those apps moves the stamp.
PRIVATE_MODELS = {
    "communes.Call",
    "communes.CommuneApplication",
    "communes.CommuneApplicationTransition",
    "communes.Videoconference",
    "volunteers.VolunteerApplication",
    "volunteers.VolunteerApplicationTransition",
    "volunteers.Review",
    "volunteers.Interview",
    "volunteers.ApplicationImport",
    "commitments.SentReminder",
    "monitoring.InactivityCheckRun",
    "monitoring.Letter",
    "monitoring.Report",
}
STAMP_KEY = "public:stamp"
# A value kept under a stamp is correct as long as the stamp: keep it a day at most.
KEPT_SECONDS = 24 * 3600
T = TypeVar("T")
# Stands for the visitor's CSRF token in a kept page (only letters: never escaped).
CSRF_PLACEHOLDER = "csrfTokenOfThisVisitorGoesHere"


def public_tables() -> list[str]:
    """The tables the stamp watches: every model of PUBLIC_APPS with an ``updated_at``."""
    tables = []
    for label in PUBLIC_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in PRIVATE_MODELS:
                continue
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                tables.append(model._meta.db_table)
    return sorted(tables)


def compute_stamp() -> str:
    """The latest change of public data, from the database (one query)."""
    quote = connection.ops.quote_name
    # Table names come from the models, never from a request.
    parts = ", ".join(f"(SELECT MAX(updated_at) FROM {quote(t)})" for t in public_tables())  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT GREATEST({parts})")
        value = cursor.fetchone()[0]
    return value.isoformat() if value else "empty"


def public_data_stamp(*, fresh: bool = False) -> str:
    """The stamp, from Redis for up to PUBLIC_STAMP_SECONDS unless ``fresh``."""
    seconds = settings.PUBLIC_STAMP_SECONDS
    if fresh or seconds <= 0:
        return compute_stamp()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        stamp = compute_stamp()
        cache.set(STAMP_KEY, stamp, seconds)
    return stamp


def _request_stamp(request: HttpRequest) -> str:
    """Computed once per request (the ETag and the page cache both read it)."""
    if not hasattr(request, "_public_stamp"):
        request._public_stamp = public_data_stamp(fresh=request.user.is_authenticated)
    return request._public_stamp


def _waiting_message(request: HttpRequest) -> bool:
    """A message waits to be shown (it is stored in a cookie or the session)."""
    return "messages" in request.COOKIES or bool(request.session.get("_messages"))


def page_etag(request: HttpRequest, *args, **kwargs) -> str | None:
    """The stamp, the day, the language and the user; none while a message waits."""
    if _waiting_message(request):
        return None
    key = f"{_request_stamp(request)}|{selectors.today()}|{get_language()}|{request.user.pk or 0}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def kept(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """A costly value a page shows, computed once per data stamp and day (the home's totals).

    Unlike the page cache, this also serves logged-in users: the value is the same for all.
    """
    key = f"public:{name}:{_request_stamp(request)}:{selectors.today()}"
    return cache.get_or_set(key, compute, KEPT_SECONDS)


def _page_key(request: HttpRequest) -> str:
    # The host too, should a page ever hold an absolute link to this site.
    key = f"{request.get_host()}|{request.get_full_path()}|{get_language()}|{selectors.today()}"
    digest = hashlib.sha256(f"{key}|{_request_stamp(request)}".encode()).hexdigest()
    return f"public:page:{digest}"


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not _waiting_message(request)
    )


def cached_page(get):
    """Keeps an anonymous visitor's rendered page in Redis under the data stamp."""

    @functools.wraps(get)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return get(request, *args, **kwargs)
        key = _page_key(request)
        html = cache.get(key)
        if html is None:
            response = get(request, *args, **kwargs)
            if response.status_code != 200 or not hasattr(response, "render"):
                return response
            response.context_data = {
                **(response.context_data or {}),
                "csrf_token": CSRF_PLACEHOLDER,
            }
            html = response.render().content.decode()
            cache.set(key, html, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))

    return wrapper


def public_page(view_class):
    """A public page: 304 when nothing changed, and kept in the cache for anonymous visitors."""
    view_class = method_decorator(cached_page, name="get")(view_class)
    return method_decorator(condition(etag_func=page_etag), name="get")(view_class)
