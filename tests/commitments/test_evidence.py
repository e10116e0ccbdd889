import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from commitments.models import Evidence
from tests.commitments.factories import CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


def _evidence(upload=None, **fields):
    values = {
        "commitment": CommitmentFactory(),
        "kind": Evidence.Kind.MINUTES,
        "title": "Minutes",
        "dated": dt.date(2025, 3, 1),
    } | fields
    if upload is not None:
        values["file"] = upload
    return Evidence(**values)


def test_r24_a_pdf_is_accepted_and_its_type_and_size_recorded():
    evidence = _evidence(SimpleUploadedFile("minutes.pdf", PDF))
    evidence.full_clean()
    evidence.save()
    assert (evidence.content_type, evidence.file_size) == ("application/pdf", len(PDF))


def test_r24_an_office_document_is_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    evidence = _evidence(SimpleUploadedFile("budget.xlsx", buffer.getvalue()))
    evidence.full_clean()
    assert evidence.content_type.endswith("spreadsheetml.sheet")


def test_r24_html_named_pdf_is_refused():
    upload = SimpleUploadedFile(
        "minutes.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"
    )
    with pytest.raises(ValidationError) as error:
        _evidence(upload).full_clean()
    assert "file" in error.value.message_dict
    assert "not accepted" in error.value.message_dict["file"][0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("list.csv", b"name,org\n<html><body>x</body></html>"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
    ],
)
def test_r24_svg_markup_and_executables_are_refused(name, content):
    with pytest.raises(ValidationError):
        _evidence(SimpleUploadedFile(name, content)).full_clean()


def test_r24_plain_csv_is_accepted():
    evidence = _evidence(SimpleUploadedFile("participants.csv", b"name,organisation\nAwa,CSO\n"))
    evidence.full_clean()
    assert evidence.content_type == "text/csv"


def test_r24_oversized_file_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    upload = SimpleUploadedFile("report.pdf", PDF + b"0" * 2000)
    with pytest.raises(ValidationError) as error:
        _evidence(upload).full_clean()
    assert "too large" in error.value.message_dict["file"][0]


def test_r24_a_link_is_accepted_without_file():
    _evidence(url="https://example.org/minutes").full_clean()


def test_r24_file_and_link_together_are_refused():
    with pytest.raises(ValidationError, match="either a file or a link"):
        _evidence(SimpleUploadedFile("minutes.pdf", PDF), url="https://example.org/x").full_clean()


def test_r24_neither_file_nor_link_is_refused():
    with pytest.raises(ValidationError, match="either a file or a link"):
        _evidence().full_clean()


def test_r24_two_targets_are_refused_by_the_model_and_the_database():
    milestone = MilestoneFactory()
    evidence = _evidence(
        url="https://example.org/x", commitment=milestone.commitment, milestone=milestone
    )
    with pytest.raises(ValidationError, match="exactly one"):
        evidence.full_clean()
    with pytest.raises(IntegrityError, match="evidence_exactly_one_target"), transaction.atomic():
        evidence.save()
    assert not Evidence.objects.exists()


def test_r24_no_target_is_refused():
    with pytest.raises(ValidationError, match="exactly one"):
        _evidence(url="https://example.org/x", commitment=None).full_clean()
