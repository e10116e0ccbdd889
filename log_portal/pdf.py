"""PDF rendering: a Django template turned into PDF bytes by WeasyPrint.

WeasyPrint may only read the project's own static files: every other URL (http, https,
file, data...) is refused, so a PDF never leaks a server file nor calls out to the network.
"""

import contextlib
import logging
import mimetypes
import os
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in PDF templates ("/static/css/pdf.css") resolve against this origin, which
# never exists on the network (.invalid is reserved): only the fetcher below answers it.
BASE_URL = "https://pdf.log-portal.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files to WeasyPrint and refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=())
        self.static_prefix = urljoin(BASE_URL, settings.STATIC_URL)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        path = self._static_path(url)
        absolute_path = self._find(path) if path else None
        if not absolute_path:
            self.refused.append(url)
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise ValueError(f"PDF rendering only reads the project's static files, not {url!r}")
        with open(absolute_path, "rb") as static_file:
            body = static_file.read()
        mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    @staticmethod
    def _find(path: str) -> str | None:
        """The file in the app/static folders, or collected under STATIC_ROOT: in production
        ``{% static %}`` names the hashed copy (css/pdf.<hash>.css), which only exists there."""
        found = finders.find(path)
        if found:
            return found
        try:
            collected = staticfiles_storage.path(path)
        except (NotImplementedError, SuspiciousFileOperation):
            return None
        return collected if os.path.isfile(collected) else None

    def _static_path(self, url: str) -> str | None:
        """The path under STATIC_URL, or None when the URL is not one of our static files."""
        if not url.startswith(self.static_prefix):
            return None
        relative = unquote(urlsplit(url[len(self.static_prefix) :]).path)
        normalised = posixpath.normpath(relative)
        if not relative or normalised.startswith(("..", "/")) or "\\" in normalised:
            return None
        return normalised


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """Render ``template_name`` with ``context`` (in ``language`` when given) as PDF bytes."""
    with translation.override(language) if language else contextlib.nullcontext():
        html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf()
