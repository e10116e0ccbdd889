"""Issue #8: markup and formulas typed into any free-text field are shown as text everywhere.

Every free-text field of the domain (found by introspection, so a new field is covered) gets a
payload with a script, an ``onerror`` handler and a spreadsheet formula, tagged with the field's
number. Then every page of the site and the API (the URL names and kwargs of the permission
matrix, for every role that may see them), the Django admin (each model's list and change page),
the feeds, the sitemaps, the open-data exports, the volunteers' CSV/XLSX export and the PDFs are
fetched, and:

- HTML never holds the raw markup, only its escaped form (and the main pages do show it);
- feeds and sitemaps are well-formed XML, and HTML carried in a feed is escaped once more;
- JSON gives the text back exactly (it is data, served as application/json);
- CSV and XLSX cells never start with a formula sign (the exports prefix them with ``'``);
- PDFs hold the text literally: WeasyPrint never reads it as HTML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from log_portal.pdf import render_pdf
from monitoring import reports
from monitoring.services import _letter_context
from tests.communes.factories import CommuneApplicationFactory
from tests.security.conftest import ANON, ROLES, STAFF
from tests.security.matrix import CASES
from tests.volunteers.factories import VolunteerApplicationFactory

pytestmark = pytest.mark.django_db

APPS = ("log_portal", "communes", "volunteers", "action_plans", "commitments", "monitoring")
# Not free text: secrets, codes and what the portal itself writes.
NOT_FREE_TEXT = {"password", "budget_currency", "rule", "data_fingerprint", "error"}

RAW_SIGNS = ('<script>alert("', "<img src=x onerror=")
FORMULA = '=HYPERLINK("http://evil","x")'


def long_payload(tag: str) -> str:
    return f'{FORMULA}<script>alert("{tag}")</script><img src=x onerror=alert(1)>'


def short_payload(tag: str) -> str:
    """For fields too short for the long one (phones): still markup, still a formula."""
    return f"=<img src=x onerror={tag}>"


def escaped_forms(tag: str) -> tuple[str, str]:
    return (f"&lt;script&gt;alert(&quot;{tag}&quot;)&lt;/script&gt;", f"onerror={tag}&gt;")


def free_text_fields() -> list[tuple[type[models.Model], models.Field]]:
    """Every editable CharField/TextField of the domain that holds free text."""
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and not isinstance(field, models.EmailField | models.URLField)
                    and not isinstance(field, models.SlugField)
                    and not field.choices
                    and field.editable
                    and field.name not in NOT_FREE_TEXT
                ):
                    found.append((model, field))
    return found


@dataclass
class Payloads:
    world: object
    tags: dict[str, str]  # tag -> "Model.field"
    skipped: list[str]


def _unique(model, field) -> bool:
    if field.unique:
        return True
    together = [set(group) for group in model._meta.unique_together]
    together += [
        set(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)
    ]
    return any(field.name in group for group in together)


@pytest.fixture(scope="module")
def payloads(security_world, django_db_blocker) -> Payloads:
    """The security world with a tagged payload in every free-text field of every row."""
    tags, skipped = {}, []
    with django_db_blocker.unblock():
        CommuneApplicationFactory(call=security_world.commune_call)
        VolunteerApplicationFactory(call=security_world.volunteer_call)
        for number, (model, field) in enumerate(free_text_fields()):
            tag = f"F{number:02d}"
            tags[tag] = f"{model.__name__}.{field.name}"
            value = long_payload(tag)
            if field.max_length and field.max_length < len(value):
                value = short_payload(tag)
            try:
                with transaction.atomic():
                    if _unique(model, field):
                        for pk in model.objects.values_list("pk", flat=True):
                            model.objects.filter(pk=pk).update(**{field.name: f"{value}{pk}"})
                    else:
                        model.objects.update(**{field.name: value})
            except IntegrityError:
                skipped.append(tags[tag])
    return Payloads(security_world, tags, skipped)


def test_every_free_text_field_holds_the_payload(payloads):
    assert payloads.skipped == []
    # The introspection found the fields people type into (a sample of the list).
    names = set(payloads.tags.values())
    for expected in (
        "CommuneApplication.motivation",
        "VolunteerApplication.motivation",
        "ActionPlan.title",
        "StrategicVision.long_term_vision",
        "Commitment.problem",
        "Milestone.description",
        "CoCreationMeeting.description",
        "Endorsement.person_name",
        "QuarterlyUpdate.progress",
        "Comment.body",
        "Comment.reply",
        "Assessment.summary",
        "Assessment.commune_reply",
        "CommitmentAssessment.notes",
    ):
        assert expected in names


# -- checks by content type --------------------------------------------------------------------


def check_html(text: str, where: str) -> None:
    for sign in RAW_SIGNS:
        index = text.find(sign)
        assert index == -1, f"{where}: raw markup {text[max(index - 200, 0) : index + 80]!r}"


def check_json(text: str, where: str) -> None:
    data = json.loads(text)
    # JSON is data: the text comes back exactly, never HTML-escaped (nor double-escaped).
    assert "&lt;script" not in json.dumps(data, ensure_ascii=False), where


def check_xml(text: str, where: str) -> ET.Element:
    root = ET.fromstring(text.encode())  # noqa: S314 - our own feed, parsed to prove it is well-formed
    for element in root.iter():
        content = element.text or ""
        if element.get("type") == "html" or element.tag.endswith("description"):
            # HTML carried in a feed is escaped once more: a reader renders it as text.
            for sign in RAW_SIGNS:
                assert sign not in content, f"{where}: {element.tag} {content[:200]!r}"
    return root


def check_csv(text: str, where: str) -> int:
    cells = 0
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), f"{where}: {cell[:80]!r}"
            cells += "HYPERLINK" in cell
    return cells


def check_xlsx(content: bytes, where: str) -> int:
    workbook = load_workbook(io.BytesIO(content))
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula in {cell.coordinate}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "@")), f"{where}: {cell.value!r}"
                    cells += "HYPERLINK" in cell.value
    return cells


def content_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def check_response(response, where: str) -> str:
    """Checks one answer by its type; returns its text (empty for binary answers)."""
    kind = response.get("Content-Type", "")
    body = content_of(response)
    if "spreadsheetml" in kind:
        check_xlsx(body, where)
        return ""
    if "pdf" in kind or "octet-stream" in kind:
        return ""
    text = body.decode()
    if "text/html" in kind:
        check_html(text, where)
    elif "json" in kind:
        check_json(text, where)
    elif "xml" in kind:
        check_xml(text, where)
    elif "csv" in kind:
        check_csv(text, where)
    else:
        check_html(text, where)
    return text


def login(client, world, role: str) -> None:
    if role != ANON:
        client.force_login(world.users[role])


GET_CASES = [
    case
    for case in CASES
    if case.method == "GET" and any(status == 200 for status in case.expect.values())
]
# Pages that show people's texts: the escaped payload must be there, for every role given.
MUST_SHOW = {
    "public:commune",
    "public:plan",
    "public:commitment",
    "public:commitments",
    "commitments:plan",
    "commitments:edit",
    "commitments:comments",
    "action_plans:vision-section",
    "monitoring:assessment-detail",
    "monitoring:plan-detail",
}

# API lists that carry people's texts: the payload must come back exactly, as data.
MUST_RETURN = {
    "api:plan-list",
    "api:vision-list",
    "api:commitment-list",
    "api:milestone-list",
    "api:update-list",
    "api:comment-list",
    "api:assessment-list",
}


@pytest.mark.parametrize("case", GET_CASES, ids=lambda case: case.id)
def test_every_page_and_answer_shows_typed_markup_as_text(client, payloads, case):
    world = payloads.world
    for role in ROLES:
        if case.expect.get(role) != 200:
            continue
        client.logout()
        login(client, world, role)
        where = f"{case.id} as {role}"

        response = case.request(client, world)

        assert response.status_code == 200, where
        text = check_response(response, where)
        searched = "q=" in case.query  # a search for another commune's marker finds nothing
        if case.route in MUST_SHOW and not searched and "text/html" in response["Content-Type"]:
            assert "&lt;script&gt;alert(&quot;F" in text, f"{where}: no escaped payload shown"
        if case.route in MUST_RETURN:
            assert "<script>alert(" in text, f"{where}: the typed text is not returned as is"


def test_the_pages_that_must_show_the_payload_are_all_fetched():
    assert (MUST_SHOW | MUST_RETURN).issubset({c.route for c in GET_CASES if "q=" not in c.query})


def test_a_search_query_is_shown_back_escaped(client, payloads):
    query = long_payload("Q1")

    response = client.get(reverse("public:commitments"), {"q": query})

    check_html(response.content.decode(), "search")
    assert escaped_forms("Q1")[0] in response.content.decode()


@pytest.mark.parametrize(
    "model", [m for m in admin.site._registry if m._meta.app_label in APPS], ids=str
)
def test_the_admin_list_and_change_pages_escape_typed_markup(client, payloads, model):
    client.force_login(payloads.world.users[STAFF])
    info = (model._meta.app_label, model._meta.model_name)
    changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
    assert changelist.status_code == 200
    check_html(changelist.content.decode(), f"{model} list")
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        return
    change = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    assert change.status_code == 200
    check_html(change.content.decode(), f"{model} change page")


def test_feeds_are_well_formed_and_carry_escaped_html(client, payloads):
    world = payloads.world
    for url in (
        reverse("public:feed-updates"),
        reverse("public:feed-commune", args=[world.a.commune.slug]),
        reverse("public:feed-commitment", args=[world.a.commitment.pk]),
    ):
        response = client.get(url)
        root = check_xml(response.content.decode(), url)
        atom = "{http://www.w3.org/2005/Atom}"
        [entry, *_] = root.iter(f"{atom}entry")
        # The title is text: the payload reads as typed. The summary is HTML: escaped once more.
        assert "<script>alert(" in entry.find(f"{atom}title").text
        assert "&lt;script&gt;alert(" in entry.find(f"{atom}summary").text


def test_open_data_csv_defuses_formulas_and_json_keeps_the_text(client, payloads):
    defused = 0
    for name in ("communes", "plans", "commitments", "milestones", "updates", "assessments"):
        csv_text = content_of(
            client.get(reverse("public:data-download", args=[name, "csv"]))
        ).decode()
        defused += check_csv(csv_text, name)
        assert f"'{FORMULA}" in csv_text or FORMULA not in csv_text
        rows = json.loads(
            content_of(client.get(reverse("public:data-download", args=[name, "json"])))
        )
        check_json(json.dumps(rows), name)
    assert defused > 0  # the payloads did reach the exports


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_volunteers_admin_export_defuses_formulas(client, payloads, fmt):
    client.force_login(payloads.world.users[STAFF])

    response = client.get(reverse("admin:volunteers_volunteerapplication_export", args=[fmt]))

    body = content_of(response)
    found = check_xlsx(body, fmt) if fmt == "xlsx" else check_csv(body.decode("utf-8-sig"), fmt)
    assert found > 0


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", text)


def fresh(obj):
    """The row as the database now holds it (the world's objects predate the payloads)."""
    return type(obj).objects.get(pk=obj.pk)


def _letter(world):
    return "pdf/status_letter.html", _letter_context(fresh(world.a.status_change))


@pytest.mark.parametrize(
    ("name", "build"),
    [
        (
            "plan",
            lambda w: ("pdf/plan_progress.html", reports.plan_progress_data(plan=fresh(w.a.plan))),
        ),
        (
            "assessment",
            lambda w: (
                "pdf/assessment_report.html",
                reports.assessment_data(assessment=fresh(w.a.assessment)),
            ),
        ),
        ("letter", _letter),
        ("programme", lambda w: ("pdf/programme_report.html", reports.programme_data())),
    ],
)
def test_pdfs_print_typed_markup_literally(payloads, name, build):
    template, context = build(payloads.world)

    text = pdf_text(render_pdf(template, context, language="en"))

    # WeasyPrint printed the characters: the markup was text, not HTML it obeyed.
    assert "<script>alert(" in text or "<img src=x onerror=" in text, text[:500]
