"""Caching of the public pages: 304 answers, and rendered pages kept in Redis (DOMAIN.md C).

Both hang on one stamp, ``public_data_stamp()``: the latest ``updated_at`` of every table the
public site reads, plus a generation counter in Redis that moves once any public row is saved
or deleted (``public_data_changed``, after the commit). Any change of public data gives a new
stamp, hence new ETags and new cache keys; old entries expire on their own.

- ETag: the stamp, the day ("late" and "not updated" depend on it), the language, the user and
  the visitor's CSRF cookie (the page holds a token made from it), so a browser on a slow
  connection gets a 304 instead of the page it already has.
- Page cache, for anonymous visitors only (a logged-in user's pages carry their name and
  links): the page's HTML is kept per host, address, language and day under the stamp, for
  ``PUBLIC_PAGE_CACHE_SECONDS``; an address with a query string (a search) for at most
  ``QUERY_PAGE_SECONDS``, and only with the parameters the page knows. Every page holds a CSRF
  token (language switch, comment form) that must be the visitor's own, so the HTML is kept
  with a random placeholder and each answer gets the visitor's token put in.
- ``kept()``: one costly value under the stamp, for every visitor (the home page's totals).
- For anonymous visitors the stamp itself is read from Redis, computed at most every
  ``PUBLIC_STAMP_SECONDS``: a cached page answers without touching the database, and a
  citizen sees a change at most that many seconds late. Logged-in users always get a fresh one.
- Redis is an accelerator here: if it does not answer, pages are rendered as without it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.http import condition
from redis.exceptions import RedisError

from log_portal.public import selectors

logger = logging.getLogger(__name__)

# The apps whose data the public site shows.
PUBLIC_APPS = ("communes", "volunteers", "action_plans", "commitments", "monitoring")
# Their models that no public page, feed, export or API list reads (R8: personal data of the
# selection, the staff's letters and runs). Every other model of those apps moves the stamp.
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
GENERATION_KEY = "public:generation"
# A value kept under a stamp is correct as long as the stamp: keep it a day at most.
KEPT_SECONDS = 24 * 3600
# Pages whose address has a query string (search, filters, page numbers): anyone can make new
# ones, so they are kept briefly, which bounds what they take in Redis.
QUERY_PAGE_SECONDS = 60
T = TypeVar("T")


def is_public_model(model: type[models.Model]) -> bool:
    return model._meta.app_label in PUBLIC_APPS and model._meta.label not in PRIVATE_MODELS


@functools.cache
def public_tables() -> tuple[str, ...]:
    """The tables the stamp watches: every public model with an ``updated_at`` (read once)."""
    tables = []
    for label in PUBLIC_APPS:
        for model in apps.get_app_config(label).get_models():
            if not is_public_model(model):
                continue
            if any(f.name == "updated_at" for f in model._meta.concrete_fields):
                tables.append(model._meta.db_table)
    return tuple(sorted(tables))


def _safely(call: Callable[[], T], default: T) -> T:
    """A cache call, or ``default`` when Redis does not answer (the page is rendered anyway)."""
    try:
        return call()
    except (RedisError, OSError):
        logger.warning("The cache did not answer; public pages are rendered without it.")
        return default


def compute_stamp() -> str:
    """The latest change of public data: one query, and the generation counter from Redis."""
    quote = connection.ops.quote_name
    # Table names come from the models, never from a request.
    parts = ", ".join(f"(SELECT MAX(updated_at) FROM {quote(t)})" for t in public_tables())  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT GREATEST({parts})")
        value = cursor.fetchone()[0]
    generation = _safely(lambda: cache.get(GENERATION_KEY, 0), "none")
    return f"{value.isoformat() if value else 'empty'}|{generation}"


def public_data_stamp(*, fresh: bool = False) -> str:
    """The stamp, from Redis for up to PUBLIC_STAMP_SECONDS unless ``fresh``."""
    seconds = settings.PUBLIC_STAMP_SECONDS
    if fresh or seconds <= 0:
        return compute_stamp()
    stamp = _safely(lambda: cache.get(STAMP_KEY), None)
    if stamp is None:
        stamp = compute_stamp()
        _safely(lambda: cache.set(STAMP_KEY, stamp, seconds), None)
    return stamp


def _bump_generation() -> None:
    def bump() -> None:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not there yet (or Redis was emptied): start it, never to expire
            cache.set(GENERATION_KEY, 1, None)
        cache.delete(STAMP_KEY)

    _safely(bump, None)


def public_data_changed(sender, instance=None, action: str | None = None, **kwargs) -> None:
    """A public row was saved or deleted: move the stamp once the transaction commits.

    ``updated_at`` alone misses deletions, ``QuerySet.update()`` calls that leave it, and a
    transaction that stamps its rows before another but commits after it. This is the
    project's one signal receiver, and only a cache's: no workflow hangs on it
    (ARCHITECTURE.md: apps call each other's services, never signals).
    """
    model = type(instance) if action else sender
    if action and action not in ("post_add", "post_remove", "post_clear"):
        return
    if model is not None and is_public_model(model):
        transaction.on_commit(_bump_generation)


def connect_signals() -> None:
    """Called once from ``LogPortalConfig.ready``."""
    uid = "log_portal.public.caching"
    post_save.connect(public_data_changed, dispatch_uid=f"{uid}.save")
    post_delete.connect(public_data_changed, dispatch_uid=f"{uid}.delete")
    m2m_changed.connect(public_data_changed, dispatch_uid=f"{uid}.m2m")


def _request_stamp(request: HttpRequest) -> str:
    """Computed once per request (the ETag and the page cache both read it)."""
    if not hasattr(request, "_public_stamp"):
        request._public_stamp = public_data_stamp(fresh=request.user.is_authenticated)
    return request._public_stamp


def _waiting_message(request: HttpRequest) -> bool:
    """A message waits to be shown (it is stored in a cookie or the session)."""
    return "messages" in request.COOKIES or bool(request.session.get("_messages"))


def page_etag(request: HttpRequest, *args, **kwargs) -> str | None:
    """The stamp, the day, the language, the user and the CSRF cookie; none while a message
    waits."""
    if _waiting_message(request):
        return None
    get_token(request)  # the secret this answer's page and cookie carry, made now if new
    key = "|".join(
        [
            _request_stamp(request),
            str(selectors.today()),
            get_language() or "",
            str(request.user.pk or 0),
            request.META.get("CSRF_COOKIE", ""),
        ]
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def kept(request: HttpRequest, name: str, compute: Callable[[], T]) -> T:
    """A costly value a page shows, computed once per data stamp and day (the home's totals).

    Unlike the page cache, this also serves logged-in users: the value is the same for all.
    """
    key = f"public:{name}:{_request_stamp(request)}:{selectors.today()}"
    value = _safely(lambda: cache.get(key), None)
    if value is None:
        value = compute()
        _safely(lambda: cache.set(key, value, KEPT_SECONDS), None)
    return value


def _page_key(request: HttpRequest) -> str:
    # The host too, should a page ever hold an absolute link to this site.
    key = f"{request.get_host()}|{request.get_full_path()}|{get_language()}|{selectors.today()}"
    digest = hashlib.sha256(f"{key}|{_request_stamp(request)}".encode()).hexdigest()
    return f"public:page:{digest}"


def _cacheable(request: HttpRequest, query_keys: frozenset[str]) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not _waiting_message(request)
        and set(request.GET) <= query_keys
    )


def cached_page(get, query_keys: Iterable[str] = ()):
    """Keeps an anonymous visitor's rendered page in Redis under the data stamp.

    ``query_keys``: the query parameters the page reads; an address with any other is
    rendered but not kept (anyone can make new addresses).
    """
    allowed = frozenset(query_keys)

    @functools.wraps(get)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request, allowed):
            return get(request, *args, **kwargs)
        key = _page_key(request)
        entry = _safely(lambda: cache.get(key), None)
        if entry is None:
            response = get(request, *args, **kwargs)
            if response.status_code != 200 or not hasattr(response, "render"):
                return response
            # A fresh placeholder each time: a text typed into the page cannot guess it.
            placeholder = secrets.token_hex(16)
            response.context_data = {**(response.context_data or {}), "csrf_token": placeholder}
            entry = (placeholder, response.render().content.decode())
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if request.GET:
                seconds = min(seconds, QUERY_PAGE_SECONDS)
            _safely(lambda: cache.set(key, entry, seconds), None)
        placeholder, html = entry
        return HttpResponse(html.replace(placeholder, get_token(request)))

    return wrapper


def public_page(view_class=None, *, query_keys: Iterable[str] = ()):
    """A public page: 304 when nothing changed, and kept in the cache for anonymous visitors.

    ``@public_page`` or ``@public_page(query_keys=[...])`` for a page reading query parameters.
    """

    def decorate(view_class):
        keep = functools.partial(cached_page, query_keys=query_keys)
        view_class = method_decorator(keep, name="get")(view_class)
        return method_decorator(condition(etag_func=page_etag), name="get")(view_class)

    return decorate(view_class) if view_class is not None else decorate
