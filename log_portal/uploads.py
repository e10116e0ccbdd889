"""R3, R4, R24: one check for every uploaded file, safe stored names and download-only responses.

A file is accepted when its size is within the limit of its use, its name's extension is allowed
for that use and its bytes are of the type the extension announces (sniffed with puremagic, or
read as a zip for office documents, or as UTF-8 text without markup for CSV/TXT). Web pages, SVG,
XML, scripts and programs are never accepted, whatever their name. Office documents are zips:
they are opened without extracting anything and refused when they would expand too much (zip
bombs), hold too many parts or another archive, or are not valid.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import re
import secrets
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import Promise
from django.utils.text import format_lazy, get_valid_filename
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 1024 * 1024

# Canonical MIME type recorded for each extension a use may allow.
MIME_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".mp3": "audio/mpeg",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".rtf": "application/rtf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".csv": "text/csv",
    ".txt": "text/plain",
}
# Binary formats: the extensions puremagic may name for bytes that honestly carry this extension.
_VIDEO = {".mp4", ".m4v", ".mov", ".3gp"}
SNIFFED_AS = {
    ".pdf": {".pdf"},
    ".jpg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    ".jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
    ".png": {".png"},
    ".gif": {".gif"},
    ".webp": {".webp"},
    ".mp4": _VIDEO,
    ".mov": _VIDEO,
    ".mp3": {".mp3"},
    ".doc": {".doc", ".dot", ".wiz"},
    ".xls": {".xls", ".xla"},
    ".ppt": {".ppt", ".pps"},
    ".rtf": {".rtf"},
}
# Office Open XML: [Content_Types].xml and the folder of its main part.
OOXML_FOLDERS = {".docx": "word/", ".xlsx": "xl/", ".pptx": "ppt/"}
# OpenDocument: its first part "mimetype" holds the type.
ODF_EXTENSIONS = {".odt", ".ods", ".odp"}
TEXT_EXTENSIONS = {".csv", ".txt"}

# Never accepted, whatever the name: they could run in a browser or on the reader's computer.
DANGEROUS_MIME_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-msdownload",
    "application/vnd.microsoft.portable-executable",
}
EXECUTABLE_SIGNS = (
    b"\x7fELF",  # Linux programs
    b"\xfe\xed\xfa\xce",  # macOS programs (Mach-O, both byte orders, 32 and 64 bits)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"#!",  # scripts
)
MARKUP_SIGNS = (
    b"<html",
    b"<!doctype",
    b"<svg",
    b"<script",
    b"<?xml",
    b"<body",
    b"<iframe",
    b"<object",
    b"<embed",
)
ZIP_SIGN = b"PK\x03\x04"
# Archives inside an office document (gzip is left out: Word stores .emz/.wmz images gzipped).
ARCHIVE_SIGNS = (ZIP_SIGN, b"PK\x05\x06", b"PK\x07\x08", b"Rar!", b"7z\xbc\xaf\x27\x1c")
# A member is checked for its compression ratio from this size on (small parts compress freely).
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


@dataclass(frozen=True)
class UploadPolicy:
    """What one use of uploads accepts: extensions, the size-limit setting and its messages."""

    extensions: frozenset[str]
    max_bytes_setting: str
    too_large_message: str | Promise
    type_message: str | Promise
    code: str = "upload"

    @property
    def max_bytes(self) -> int:
        return getattr(settings, self.max_bytes_setting)


def zip_limits() -> dict[str, int]:
    """The zip-bomb limits: settings.UPLOAD_ZIP_LIMITS over these defaults."""
    return {
        "max_uncompressed_bytes": 100 * 1024 * 1024,
        "max_ratio": 100,
        "max_members": 10_000,
    } | getattr(settings, "UPLOAD_ZIP_LIMITS", {})


class _Refused(Exception):
    def __init__(self, message: str | Promise, code: str):
        super().__init__(str(message))
        self.message = message
        self.code = code


def _extension(file) -> str:
    return os.path.splitext(getattr(file, "name", "") or "")[1].lower()


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head


def _candidates(head: bytes) -> list:
    try:
        return puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return []


def _refuse_dangerous(head: bytes, candidates: list) -> None:
    best = max(candidates, key=lambda c: c.confidence, default=None)
    windows_program = head.startswith(b"MZ") and b"\x00" in head[:64]
    dangerous = (
        windows_program
        or head.startswith(EXECUTABLE_SIGNS)
        or (best is not None and (best.mime_type or "").lower() in DANGEROUS_MIME_TYPES)
    )
    lowered = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if dangerous or lowered.startswith(MARKUP_SIGNS):
        raise _Refused(
            _("Web pages, SVG images, XML files, scripts and programs are not accepted."),
            "dangerous",
        )


def _mismatch(extension: str) -> _Refused:
    return _Refused(
        _("The content of this file does not match its name (%(extension)s).")
        % {"extension": extension},
        "content_mismatch",
    )


def _check_text(file, extension: str) -> None:
    """CSV and TXT: UTF-8 text, no NUL byte, no markup anywhere in the file."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    tail = b""
    file.seek(0)
    try:
        while chunk := file.read(CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                raise _mismatch(extension) from None
            if b"\x00" in chunk:
                raise _mismatch(extension)
            window = (tail + chunk).lower()
            if any(sign in window for sign in MARKUP_SIGNS):
                raise _Refused(
                    _("Web pages, SVG images, XML files, scripts and programs are not accepted."),
                    "dangerous",
                )
            tail = chunk[-16:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _mismatch(extension) from None
    finally:
        file.seek(0)


def _check_office_zip(file, extension: str) -> None:
    """Office documents are zips: valid, of their announced kind, and no zip bomb (read only the
    central directory and the first bytes of each part, never extract)."""
    limits = zip_limits()
    invalid = _Refused(
        _("This office document is damaged or is not a valid %(extension)s file.")
        % {"extension": extension},
        "zip_invalid",
    )
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > limits["max_members"]:
                raise _Refused(
                    _("This office document has too many parts (more than %(count)s).")
                    % {"count": limits["max_members"]},
                    "zip_members",
                )
            total = sum(member.file_size for member in members)
            if total > limits["max_uncompressed_bytes"]:
                raise _Refused(
                    _(
                        "This office document would expand to %(size)s, more than the %(limit)s "
                        "accepted (it may be a zip bomb)."
                    )
                    % {
                        "size": filesizeformat(total),
                        "limit": filesizeformat(limits["max_uncompressed_bytes"]),
                    },
                    "zip_too_large",
                )
            names = set()
            for member in members:
                names.add(member.filename)
                if member.file_size >= RATIO_CHECKED_FROM_BYTES and member.file_size > limits[
                    "max_ratio"
                ] * max(member.compress_size, 1):
                    raise _Refused(
                        _(
                            "This office document is compressed more than %(ratio)s to 1 "
                            "(it may be a zip bomb)."
                        )
                        % {"ratio": limits["max_ratio"]},
                        "zip_ratio",
                    )
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise invalid
                if member.is_dir() or member.file_size == 0:
                    continue
                with archive.open(member) as part:
                    start = part.read(8)
                if start.startswith(ARCHIVE_SIGNS):
                    raise _Refused(
                        _("This office document contains another archive, which is not accepted."),
                        "zip_nested",
                    )
            if extension in OOXML_FOLDERS:
                folder = OOXML_FOLDERS[extension]
                if "[Content_Types].xml" not in names or not any(
                    name.startswith(folder) for name in names
                ):
                    raise invalid
            elif extension in ODF_EXTENSIONS:
                if "mimetype" not in names:
                    raise invalid
                with archive.open("mimetype") as part:
                    announced = part.read(100).decode("ascii", "replace").strip()
                if announced != MIME_TYPES[extension]:
                    raise invalid
    except _Refused:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        OSError,
        ValueError,
        KeyError,
        RuntimeError,  # an encrypted part
        NotImplementedError,  # an unsupported compression method
    ):
        raise invalid from None
    finally:
        file.seek(0)


def detect_type(file, extensions: frozenset[str] | set[str]) -> str:
    """The MIME type of an upload whose bytes match its allowed extension; raises _Refused."""
    extension = _extension(file)
    head = _read_head(file)
    candidates = _candidates(head)
    _refuse_dangerous(head, candidates)
    if extension not in extensions or extension not in MIME_TYPES:
        raise _Refused("", "type")
    if extension in TEXT_EXTENSIONS:
        _check_text(file, extension)
    elif extension in OOXML_FOLDERS or extension in ODF_EXTENSIONS:
        if not head.startswith(ZIP_SIGN):
            raise _mismatch(extension)
        _check_office_zip(file, extension)
    elif not any((c.extension or "").lower() in SNIFFED_AS[extension] for c in candidates):
        raise _mismatch(extension)
    return MIME_TYPES[extension]


def content_type_or_none(file, extensions: frozenset[str] | set[str]) -> str | None:
    """The upload's MIME type when it is accepted for these extensions, else None."""
    try:
        return detect_type(file, extensions)
    except _Refused:
        return None


def check_upload(file, policy: UploadPolicy) -> str:
    """R3, R4, R24: the upload's MIME type, or a ValidationError with a clear reason."""
    limit = policy.max_bytes
    if file.size > limit:
        raise ValidationError(
            policy.too_large_message,
            code=f"{policy.code}_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    try:
        return detect_type(file, policy.extensions)
    except _Refused as refused:
        message = (
            policy.type_message
            if refused.code == "type"
            else format_lazy("{} {}", refused.message, policy.type_message)
        )
        raise ValidationError(message, code=f"{policy.code}_{refused.code}") from None


# -- the uses --------------------------------------------------------------------------------

# R3, R4: a CV or a letter of support.
APPLICATION_DOCUMENT = UploadPolicy(
    extensions=frozenset({".pdf", ".doc", ".docx", ".odt", ".rtf"}),
    max_bytes_setting="APPLICATION_UPLOAD_MAX_BYTES",
    too_large_message=_("The file is too large (%(size)s); the limit is %(limit)s."),
    type_message=_("Send a PDF or an office document (.pdf, .doc, .docx, .odt, .rtf)."),
    code="document",
)
# R24, Annex 5: evidence (documents, minutes, spreadsheets, photos, videos...).
EVIDENCE = UploadPolicy(
    extensions=frozenset(set(MIME_TYPES) - {".rtf"}),
    max_bytes_setting="EVIDENCE_MAX_BYTES",
    too_large_message=_("The file is too large (%(size)s); the limit is %(limit)s (R24)."),
    type_message=_(
        "This type of file is not accepted as evidence (R24): send a PDF, an office "
        "document, a spreadsheet, a photo, a video or a CSV file."
    ),
    code="evidence",
)
# R22: the strategy or other documents of a plan's strategic vision.
PLAN_DOCUMENT = UploadPolicy(
    extensions=frozenset(set(MIME_TYPES) - {".mp4", ".mov", ".mp3"}),
    max_bytes_setting="EVIDENCE_MAX_BYTES",
    too_large_message=_("The file is too large (%(size)s); the limit is %(limit)s."),
    type_message=_("Send a PDF, an office document, a spreadsheet, a photo or a CSV file."),
    code="document",
)


def validate_plan_document(file) -> None:
    """R22: the strategic vision's documents, checked like evidence but without audio or video."""
    check_upload(file, PLAN_DOCUMENT)


# -- stored names ------------------------------------------------------------------------------


def safe_filename(name: str, *, max_stem: int = 40) -> str:
    """The uploaded name's last part, reduced to letters, digits, '-', '_' and '.' (display only)."""
    base = os.path.basename(str(name).replace("\\", "/"))
    stem, extension = os.path.splitext(base)
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:8]
    try:
        stem = get_valid_filename(stem.lstrip("."))[:max_stem].strip("._") or "file"
    except SuspiciousFileOperation:
        stem = "file"
    return f"{stem}.{extension}" if extension else stem


@deconstructible
class UploadTo:
    """Stored names never use the uploaded name as a path: folder/YYYY/MM/<random>/<safe name>."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        today = dt.date.today()  # noqa: DTZ011 - a folder name, the local date is right
        prefix = f"{self.folder}/{today:%Y/%m}/{secrets.token_hex(6)}/"
        # FileField's default max_length is 100: the name's stem gives way, never the folder.
        return prefix + safe_filename(filename, max_stem=max(8, 100 - len(prefix) - 9))

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadTo) and other.folder == self.folder


# -- downloads ---------------------------------------------------------------------------------


def attachment_response(
    fieldfile, *, filename: str | None = None, content_type: str = "application/octet-stream"
) -> FileResponse:
    """R24: a stored file served as a download only (RFC 6266 name, never sniffed or rendered)."""
    response = FileResponse(
        fieldfile.open("rb"),
        as_attachment=True,
        filename=filename or os.path.basename(fieldfile.name),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class StoredFileLink:
    """A stored file as an upload widget shows it ("Currently: <name>"): its name, linked to a
    permission-checked download view instead of MEDIA_URL, which is never served (README)."""

    def __init__(self, fieldfile, url: str):
        self.url = url
        self.name = os.path.basename(fieldfile.name)

    def __str__(self) -> str:
        return self.name
