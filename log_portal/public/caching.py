"""Conditional GET for the public pages: an ETag from the data's last change (304 answers).

ConditionalGetMiddleware cannot do it alone: every page holds a fresh CSRF token (language
switch, comment form), so its body, and the middleware's body hash, change on every request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.decorators.http import condition

from log_portal.public import selectors


def page_etag(last_modified: Callable[..., object]) -> Callable[..., str | None]:
    """An ETag from the data's last change, the language and the visitor (for 304 answers).

    The language and the user are part of it because the same URL renders in three languages
    and with a login link or a logout button; the day too, because "late" and "not updated"
    depend on it. No ETag while a message waits to be shown.
    """

    def etag(request: HttpRequest, *args, **kwargs) -> str | None:
        if "messages" in request.COOKIES:
            return None
        stamp = last_modified(*args, **kwargs)
        if stamp is None:
            return None
        key = f"{stamp.isoformat()}|{selectors.today()}|{get_language()}|{request.user.pk or 0}"
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    return etag


def conditional(last_modified: Callable[..., object]):
    """Answers 304 Not Modified when the page's data did not change (ETag)."""
    return method_decorator(condition(etag_func=page_etag(last_modified)), name="get")


def data_version(*args, **kwargs):
    """The last change of any public data: for the home, the lists and the data page."""
    return selectors.data_last_modified()
