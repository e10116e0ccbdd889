"""R3, R4: application documents (letter of support, CV) checked by size and by content."""

from __future__ import annotations

import os

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# A CV or a letter of support is a PDF or an office document, detected from its bytes. The
# evidence validator of commitments/ is broader (photos, videos) and lives in a higher app,
# which communes and volunteers must not import (ARCHITECTURE.md: dependencies point one way).
DOCUMENT_CONTENT_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/rtf",
    "text/rtf",
}
DOCUMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".odt", ".rtf"}
HEAD_BYTES = 64 * 1024


def detect_document_type(file) -> str | None:
    """R3, R4: the document's MIME type read from its bytes, or None when it is not allowed."""
    extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower()
    if extension not in DOCUMENT_EXTENSIONS:
        return None
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        candidates = puremagic.magic_string(head, filename=getattr(file, "name", None))
    except (puremagic.PureError, ValueError):
        return None
    for candidate in candidates:
        if candidate.mime_type in DOCUMENT_CONTENT_TYPES:
            return candidate.mime_type
    # Zip-based documents (docx, odt) are detected as zip archives when their first bytes alone
    # do not tell: accept them under their document name only if they are zip archives.
    if extension in {".docx", ".odt"} and head.startswith(b"PK\x03\x04"):
        return (
            "application/vnd.oasis.opendocument.text"
            if extension == ".odt"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    return None


def validate_application_document(file) -> None:
    """R3, R4: at most APPLICATION_UPLOAD_MAX_BYTES, a PDF or office document by its content."""
    limit = settings.APPLICATION_UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="document_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    if detect_document_type(file) is None:
        raise ValidationError(
            _("Send a PDF or an office document (.pdf, .doc, .docx, .odt, .rtf)."),
            code="document_type",
        )
