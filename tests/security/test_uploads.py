"""R3, R4, R22, R24 (issue #8): every upload form refuses dangerous or lying files, keeps nothing
and keeps what the user typed; stored names are safe; files are downloaded, never shown inline.

Each refusal goes through the real pages (commune and volunteer applications, evidence in the
workspace, meeting minutes, the vision's documents) and the API, and is checked three ways: the
error is next to the file field, nothing is stored (no row, no file in MEDIA_ROOT), and the rest
of the input is still in the form.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from action_plans.models import StrategicVision
from commitments.models import Evidence
from communes.models import CommuneApplication
from log_portal.uploads import UploadTo, safe_filename
from volunteers.models import VolunteerApplication

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
KEPT = "ZQKEPT-input"


# -- files -------------------------------------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    return buffer.getvalue()


def _zip(members: Callable[[zipfile.ZipFile], None]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        members(archive)
    return buffer.getvalue()


def _docx_parts(archive: zipfile.ZipFile) -> None:
    archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')


def good_docx() -> bytes:
    return _zip(_docx_parts)


def good_odt() -> bytes:
    def parts(archive):
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first, uncompressed, as ODF requires
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')

    return _zip(parts)


def _zeros_member(archive: zipfile.ZipFile, name: str, megabytes: int) -> None:
    """Streams megabytes of zeros into one member: the test never holds them in memory."""
    chunk = bytes(1024 * 1024)
    with archive.open(name, "w", force_zip64=True) as member:
        for _ in range(megabytes):
            member.write(chunk)


@functools.cache
def zip_bomb() -> bytes:
    """A docx whose one member is 200 MB of zeros (about 200 KB compressed)."""

    def parts(archive):
        _docx_parts(archive)
        _zeros_member(archive, "word/media/image1.bin", 200)

    return _zip(parts)


@functools.cache
def over_compressed() -> bytes:
    """A docx under the size limit with one 5 MB member compressed about 1000 to 1."""

    def parts(archive):
        _docx_parts(archive)
        _zeros_member(archive, "word/media/image1.bin", 5)

    return _zip(parts)


@functools.cache
def too_many_parts() -> bytes:
    def parts(archive):
        _docx_parts(archive)
        for number in range(10_001):
            archive.writestr(f"word/parts/{number}.xml", "")

    return _zip(parts)


def nested_zip() -> bytes:
    def parts(archive):
        _docx_parts(archive)
        archive.writestr("word/embeddings/sheet.xlsx", good_docx())

    return _zip(parts)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
XML = b'<?xml version="1.0"?><data><script>alert(1)</script></data>'

# (case id, file name, content builder, words of the error shown next to the field)
REFUSALS = [
    ("png-named-pdf", "report.pdf", _png, "does not match its name"),
    ("pdf-named-docx", "report.docx", lambda: PDF, "does not match its name"),
    ("html-named-pdf", "report.pdf", lambda: HTML, "Web pages"),
    ("html", "report.html", lambda: HTML, "Web pages"),
    ("svg-named-png", "photo.png", lambda: SVG, "Web pages"),
    ("svg", "photo.svg", lambda: SVG, "Web pages"),
    ("xml-with-script", "data.xml", lambda: XML, "Web pages"),
    ("xml-named-odt", "data.odt", lambda: XML, "Web pages"),
    ("windows-program", "tool.exe", lambda: b"MZ\x90\x00\x03" + bytes(60), "programs"),
    ("linux-program-named-pdf", "tool.pdf", lambda: b"\x7fELF\x02\x01\x01" + bytes(60), "programs"),
    ("zip-bomb", "minutes.docx", zip_bomb, "zip bomb"),
    ("over-compressed", "minutes.docx", over_compressed, "zip bomb"),
    ("too-many-parts", "minutes.docx", too_many_parts, "too many parts"),
    ("nested-zip", "minutes.docx", nested_zip, "another archive"),
    ("broken-zip", "minutes.docx", lambda: b"PK\x03\x04" + b"broken" * 20, "damaged"),
    ("broken-odt", "minutes.odt", good_docx, "damaged"),
]


# -- the upload forms --------------------------------------------------------------------------


@dataclass
class Endpoint:
    """One real upload page or API call: how to post a file, where the error goes, what to count."""

    name: str
    field: str
    post: Callable  # (client, world, upload) -> response
    stored: Callable  # (world) -> something that changes when a file is kept
    html: bool = True


def _commune_application(client, world, upload):
    data = {
        "commune_name": KEPT,
        "country": "GN",
        "population": "40000",
        "mayor_name": "M. Diallo",
        "contact_name": "A. Bah",
        "contact_email": "contact@kouroussa.example.org",
        "contact_phone": "+224 600 00 00 00",
        "motivation": "Open our budget",
        "governance_needs": "Budget data",
        "designated_staff": "Secretary general",
        "civil_society_partners": "Youth council",
        "support_letter": upload,
        "homepage": "",
    }
    url = reverse("communes:application-create", args=[world.commune_call.pk])
    return client.post(url, data)


def _volunteer_application(client, world, upload):
    call = world.volunteer_call
    data = {
        "first_name": KEPT,
        "last_name": "Ndiaye",
        "email": "awa@example.org",
        "phone": "+221 77 123 45 67",
        "nationality": "SN",
        "country_of_residence": "SN",
        "gender": "female",
        "languages": ["fr", "en"],
        "competence_domain": "Open data",
        "available_for_mission": "on",
        "passport_expires_on": (call.mission_start + dt.timedelta(days=400)).isoformat(),
        "open_data_experience": "Budget data",
        "training_modules": "Open data 101",
        "local_governance_knowledge": "Town hall intern",
        "civic_tech_knowledge": "Civic app",
        "motivation": "Open government",
        "cv": upload,
        "homepage": "",
    }
    return client.post(reverse("volunteers:application-create", args=[call.pk]), data)


def _evidence(target: str):
    def post(client, world, upload):
        client.force_login(world.a.pc)
        pk = world.a.commitment.pk if target == "commitment" else world.a.meeting.pk
        url = reverse("commitments:evidence-add", kwargs={"target": target, "pk": pk})
        data = {
            "form_token": f"upload-{upload.name}-{id(upload)}",
            "file": upload,
            "url": "",
            "title": KEPT,
            "kind": "minutes",
            "dated": "2025-03-10",
            "is_public": "on",
        }
        return client.post(url, data)

    return post


def _vision_document(client, world, upload):
    client.force_login(world.a.pc)
    url = reverse(
        "action_plans:vision-section", kwargs={"pk": world.a.plan.pk, "section": "endorsement"}
    )
    data = {
        "form_token": f"vision-{upload.name}-{id(upload)}",
        "endorsing_stakeholders": KEPT,
        "documents": upload,
        "online_consultation_url": "",
        "save": "1",
    }
    return client.post(url, data)


def _api_evidence(client, world, upload):
    token, _created = Token.objects.get_or_create(user=world.a.pc)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    payload = {
        "target_type": "commitment",
        "target_id": world.a.commitment.pk,
        "kind": "minutes",
        "title": KEPT,
        "dated": "2025-03-10",
        "file": upload,
    }
    return api.post(reverse("api:evidence-list"), payload, format="multipart")


def _vision_files(world):
    return list(StrategicVision.objects.exclude(documents="").values_list("pk", "documents"))


ENDPOINTS = [
    Endpoint(
        "commune-application",
        "support_letter",
        _commune_application,
        lambda world: CommuneApplication.objects.count(),
    ),
    Endpoint(
        "volunteer-application",
        "cv",
        _volunteer_application,
        lambda world: VolunteerApplication.objects.count(),
    ),
    Endpoint(
        "workspace-evidence", "file", _evidence("commitment"), lambda w: Evidence.objects.count()
    ),
    Endpoint("meeting-minutes", "file", _evidence("meeting"), lambda w: Evidence.objects.count()),
    Endpoint("vision-document", "documents", _vision_document, _vision_files),
    Endpoint("api-evidence", "file", _api_evidence, lambda w: Evidence.objects.count(), html=False),
]


@pytest.fixture
def media(tmp_path, settings) -> Path:
    """An empty MEDIA_ROOT of the test's own: any file kept would show up here."""
    settings.MEDIA_ROOT = tmp_path
    settings.APPLICATION_RATE_LIMIT = 10_000
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def error_next_to(html: str, field: str) -> str:
    """The text of the field's error block (includes/field.html), or '' when there is none."""
    match = re.search(rf'id="id_{field}_errors"[^>]*>(.*?)</div>', html, re.DOTALL)
    return match.group(1) if match else ""


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_a_dangerous_or_lying_file_is_refused_next_to_its_field_and_nothing_is_kept(
    client, security_world, media, endpoint, name, content, error
):
    # given
    before = endpoint.stored(security_world)

    # when
    response = endpoint.post(client, security_world, SimpleUploadedFile(name, content()))

    # then
    assert endpoint.stored(security_world) == before
    assert stored_files(media) == []
    if endpoint.html:
        assert response.status_code in (200, 400)
        html = response.content.decode()
        message = error_next_to(html, endpoint.field)
        assert message, f"no error next to {endpoint.field}"
        # One field's error only: the other fields are fine and keep what was typed.
        assert list(response.context["form"].errors) == [endpoint.field]
        assert KEPT in html
        assert error in message
    else:
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["file"]
        assert error.lower() in response.json()["fields"]["file"][0].lower()


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
def test_an_oversized_file_is_refused_and_nothing_is_kept(
    client, security_world, media, endpoint, settings
):
    settings.APPLICATION_UPLOAD_MAX_BYTES = settings.EVIDENCE_MAX_BYTES = 1000
    before = endpoint.stored(security_world)

    response = endpoint.post(
        client, security_world, SimpleUploadedFile("report.pdf", PDF + b"%" * 2000)
    )

    assert endpoint.stored(security_world) == before
    assert stored_files(media) == []
    if endpoint.html:
        assert "too large" in error_next_to(response.content.decode(), endpoint.field)
        assert KEPT in response.content.decode()
    else:
        assert "too large" in response.json()["fields"]["file"][0]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda e: e.name)
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("procès-verbal final.pdf", lambda: PDF),
        ("minutes.docx", good_docx),
        ("notes.odt", good_odt),
    ],
    ids=["pdf", "docx", "odt"],
)
def test_a_good_pdf_or_office_document_is_accepted_under_a_safe_random_name(
    client, security_world, media, endpoint, name, content
):
    before = endpoint.stored(security_world)

    response = endpoint.post(client, security_world, SimpleUploadedFile(name, content()))

    assert response.status_code in (201, 302), (
        getattr(response, "context", None) and response.context["form"].errors
    )
    assert endpoint.stored(security_world) != before
    [path] = stored_files(media)
    relative = path.relative_to(media).as_posix()
    # folder/YYYY/MM/<12 random hex>/<the name made safe>: never the uploaded name as a path.
    expected = re.escape(safe_filename(name))
    assert re.fullmatch(rf"[a-z_/]+/\d{{4}}/\d{{2}}/[0-9a-f]{{12}}/{expected}", relative), relative


# -- stored names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("procès verbal <script>.PDF", "procès_verbal_script.pdf"),
        (".htaccess", "htaccess"),
        ("...", "file"),
        ("a" * 300 + ".docx", None),
    ],
)
def test_stored_names_are_made_safe_under_a_random_folder(uploaded, kept):
    first = UploadTo("commune_applications/conventions")(None, uploaded)
    second = UploadTo("commune_applications/conventions")(None, uploaded)

    assert first != second  # a random part: two uploads never share a name
    assert len(first) <= 100  # FileField's default max_length
    assert ".." not in first.split("/")
    assert "\\" not in first
    folder, year, month, token, name = first.split("/")[1:]
    assert folder == "conventions"
    assert re.fullmatch(r"[0-9a-f]{12}", token)
    assert (year, month) == (f"{dt.date.today():%Y}", f"{dt.date.today():%m}")
    if kept:
        assert name == kept
    else:
        assert name.endswith(".docx")
        assert set(name[:-5]) == {"a"}


# -- downloads ---------------------------------------------------------------------------------


def assert_download_only(response, filename_part: str) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename_part in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    b"".join(response.streaming_content)


def test_public_evidence_downloads_with_an_rfc_6266_name_and_never_inline(
    client, security_world, media
):
    evidence = security_world.a.evidence
    evidence.file.save("procès-verbal.pdf", ContentFile(PDF))

    web = client.get(reverse("public:evidence", args=[evidence.pk]))
    api = client.get(reverse("api:evidence-download", args=[evidence.pk]))

    # Non-ASCII names travel as filename*=utf-8''... (RFC 6266 / RFC 5987).
    assert_download_only(web, "filename*=utf-8''proc%C3%A8s-verbal.pdf")
    assert_download_only(api, "filename*=utf-8''proc%C3%A8s-verbal.pdf")


def test_a_report_downloads_as_an_attachment(client, security_world):
    client.force_login(security_world.users["staff"])
    report = security_world.a.plan_report

    response = client.get(reverse("monitoring:report-download", args=[report.pk]))

    assert_download_only(response, ".pdf")
    assert response["Content-Type"] == "application/pdf"


@pytest.fixture
def vision_documents(security_world):
    """Documents on A's public plan's vision and on A's draft plan's vision."""
    a = security_world.a
    visions = []
    for plan, name in ((a.plan, "stratégie.pdf"), (a.draft_plan, "draft.pdf")):
        vision, _created = StrategicVision.objects.get_or_create(plan=plan)
        vision.documents.save(name, ContentFile(PDF))
        visions.append(vision)
    return visions


def _vision_download(plan) -> str:
    return reverse("action_plans:vision-document", kwargs={"pk": plan.pk})


@pytest.mark.parametrize("role", ["pc", "volunteer", "staff"])
def test_the_communes_people_download_the_draft_plans_vision_documents(
    client, security_world, vision_documents, role
):
    client.force_login(security_world.users[role])

    response = client.get(_vision_download(security_world.a.draft_plan))

    assert_download_only(response, "draft.pdf")


@pytest.mark.parametrize("role", ["anonymous", "applicant", "monitor", "other-pc"])
def test_a_draft_plans_vision_documents_answer_404_to_everyone_else(
    client, security_world, vision_documents, role
):
    if role == "other-pc":
        client.force_login(security_world.b.pc)
    elif role != "anonymous":
        client.force_login(security_world.users[role])

    response = client.get(_vision_download(security_world.a.draft_plan))

    assert response.status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "other-pc"])
def test_a_public_plans_vision_documents_are_public_like_the_vision_itself(
    client, security_world, vision_documents, role
):
    """R32, R44: the vision of a submitted plan is public (the API publishes it): so are its
    documents, as a download."""
    if role == "other-pc":
        client.force_login(security_world.b.pc)

    response = client.get(_vision_download(security_world.a.plan))

    assert_download_only(response, "filename*=utf-8''strat%C3%A9gie.pdf")


def test_a_plan_without_vision_documents_answers_404(client, security_world):
    StrategicVision.objects.filter(plan=security_world.a.plan).update(documents="")
    client.force_login(security_world.a.pc)

    response = client.get(_vision_download(security_world.a.plan))

    assert response.status_code == 404


def test_the_vision_page_and_the_api_link_to_the_download_never_to_media(
    client, security_world, vision_documents
):
    plan = security_world.a.plan
    client.force_login(security_world.a.pc)

    page = client.get(
        reverse("action_plans:vision-section", kwargs={"pk": plan.pk, "section": "endorsement"})
    ).content.decode()
    rows = client.get(reverse("api:vision-list")).json()["results"]

    assert f'href="{_vision_download(plan)}"' in page
    assert "/media/" not in page
    [row] = [row for row in rows if row["plan"] == plan.pk]
    assert row["documents"].endswith(_vision_download(plan))
