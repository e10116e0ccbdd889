"""R24: evidence files are checked by size and by content, not only by name.

The check itself is shared with application and plan documents: log_portal/uploads.py.
"""

from __future__ import annotations

from log_portal.uploads import EVIDENCE, check_upload, content_type_or_none

EVIDENCE_EXTENSIONS = EVIDENCE.extensions


def detect_content_type(file) -> str | None:
    """R24: the file's allowed MIME type read from its bytes, or None when refused."""
    return content_type_or_none(file, EVIDENCE.extensions)


def validate_evidence_file(file) -> None:
    """R24: at most EVIDENCE_MAX_BYTES, of an allowed type checked by content."""
    check_upload(file, EVIDENCE)
