"""R24: evidence files are checked by size and by content, not only by name."""

from __future__ import annotations

import os

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Types an evidence file may have, detected from its bytes (Annex 5: documents, minutes,
# spreadsheets, photos, videos...). HTML, SVG, XML and scripts are never accepted: they could
# run in a browser.
ALLOWED_CONTENT_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/quicktime",
    "audio/mpeg",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
# Plain text has no magic bytes: accepted under these names when it holds no markup.
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}
MARKUP_SIGNS = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")
FORBIDDEN_MIME_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
}
FORBIDDEN_EXTENSIONS = {".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".js"}
HEAD_BYTES = 64 * 1024


def _read_head(file) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(position)
    return head


def detect_content_type(file) -> str | None:
    """R24: the file's allowed MIME type read from its bytes, or None when refused."""
    head = _read_head(file)
    extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower()
    try:
        candidates = puremagic.magic_string(head)
    except puremagic.PureError:
        candidates = []
    if any(
        (c.mime_type or "").lower() in FORBIDDEN_MIME_TYPES
        or (c.extension or "").lower() in FORBIDDEN_EXTENSIONS
        for c in candidates
    ):
        return None
    allowed = [c for c in candidates if c.mime_type in ALLOWED_CONTENT_TYPES]
    if allowed:
        # Zip-based office files match several types: prefer the one the name announces.
        for candidate in allowed:
            if candidate.extension == extension:
                return candidate.mime_type
        return allowed[0].mime_type
    if not candidates and extension in TEXT_TYPES:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        lowered = head.lower()
        if any(sign in lowered for sign in MARKUP_SIGNS):
            return None
        return TEXT_TYPES[extension]
    return None


def validate_evidence_file(file) -> None:
    """R24: at most EVIDENCE_MAX_BYTES, of an allowed type checked by content."""
    limit = settings.EVIDENCE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s (R24)."),
            code="evidence_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if detect_content_type(file) is None:
        raise ValidationError(
            _(
                "This type of file is not accepted as evidence (R24): send a PDF, an office "
                "document, a spreadsheet, a photo, a video or a CSV file."
            ),
            code="evidence_type",
        )
