"""R3, R4: application documents (letter of support, CV) checked by size and by content.

The check itself is shared with evidence and plan documents: log_portal/uploads.py.
"""

from __future__ import annotations

from log_portal.uploads import APPLICATION_DOCUMENT, check_upload, content_type_or_none

DOCUMENT_EXTENSIONS = APPLICATION_DOCUMENT.extensions


def detect_document_type(file) -> str | None:
    """R3, R4: the document's MIME type read from its bytes, or None when it is not allowed."""
    return content_type_or_none(file, APPLICATION_DOCUMENT.extensions)


def validate_application_document(file) -> None:
    """R3, R4: at most APPLICATION_UPLOAD_MAX_BYTES, a PDF or office document by its content."""
    check_upload(file, APPLICATION_DOCUMENT)
