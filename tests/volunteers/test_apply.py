"""R2, R4, R45: the public volunteer application form, its uploads, gates, receipt and spam guard."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.communes.factories import CallFactory
from volunteers.models import VolunteerApplication

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def open_call(**kwargs):
    today = timezone.localdate()
    return CallFactory(
        volunteer=True,
        opens_at=today - dt.timedelta(days=5),
        closes_at=today + dt.timedelta(days=30),
        mission_start=today + dt.timedelta(days=90),
        **kwargs,
    )


def form_data(call, **overrides):
    data = {
        "first_name": "Awa",
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
        "cv": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        "homepage": "",
    }
    return data | overrides


def apply_url(call):
    return reverse("volunteers:application-create", args=[call.pk])


def test_applying_to_an_open_call_saves_the_application_computes_gates_and_sends_a_receipt(
    client, django_capture_on_commit_callbacks
):
    # given
    call = open_call()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(call), form_data(call))

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("communes:application-receipt")
    application = VolunteerApplication.objects.get()
    assert application.call == call
    assert application.languages == ["fr", "en"]
    assert application.cv.name.endswith(".pdf")
    assert application.status == VolunteerApplication.Status.ELIGIBLE
    assert application.passes_availability_gate is True
    assert application.passes_passport_gate is True
    page = client.get(response["Location"])
    assert application.receipt_number in page.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["awa@example.org"]
    assert application.receipt_number in mail.outbox[0].body


@pytest.mark.parametrize(
    ("overrides", "availability", "passport"),
    [
        ({"available_for_mission": ""}, False, True),
        ({"passport_expires_on": "PASSPORT_SHORT"}, True, False),
    ],
)
def test_an_applicant_failing_a_gate_is_ineligible_on_submission(
    client, overrides, availability, passport
):
    # given
    call = open_call()
    if overrides.get("passport_expires_on") == "PASSPORT_SHORT":
        overrides = {
            "passport_expires_on": (call.mission_start + dt.timedelta(days=300)).isoformat()
        }
    data = form_data(call, **overrides)
    if data["available_for_mission"] == "":
        del data["available_for_mission"]

    # when
    client.post(apply_url(call), data)

    # then
    application = VolunteerApplication.objects.get()
    assert application.status == VolunteerApplication.Status.INELIGIBLE
    assert application.passes_availability_gate is availability
    assert application.passes_passport_gate is passport
    assert application.transitions.get().by is None


def test_missing_answers_are_shown_next_to_their_field_and_what_was_typed_is_kept(client):
    # given
    call = open_call()

    # when
    response = client.post(apply_url(call), form_data(call, last_name="", motivation=""))

    # then
    assert response.status_code == 200
    form = response.context["form"]
    assert "last_name" in form.errors
    assert "motivation" in form.errors
    html = response.content.decode()
    assert 'value="Awa"' in html
    assert 'id="id_last_name_errors"' in html
    assert not VolunteerApplication.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", b"<html><script>alert(1)</script></html>"),
        ("cv.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ("cv.docx", b"just text pretending"),
    ],
)
def test_a_cv_that_is_not_a_document_by_content_is_refused(client, name, content):
    call = open_call()

    response = client.post(apply_url(call), form_data(call, cv=SimpleUploadedFile(name, content)))

    assert response.status_code == 200
    assert "cv" in response.context["form"].errors
    assert not VolunteerApplication.objects.exists()


def test_a_cv_over_the_size_limit_is_refused(client, settings):
    settings.APPLICATION_UPLOAD_MAX_BYTES = 100
    call = open_call()

    response = client.post(
        apply_url(call), form_data(call, cv=SimpleUploadedFile("cv.pdf", PDF * 5))
    )

    assert "too large" in response.context["form"].errors["cv"][0]
    assert not VolunteerApplication.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "text"),
    [(-40, -1, "closed on"), (3, 40, "not open yet")],
)
def test_a_call_that_is_not_open_refuses_the_form_and_a_direct_post(client, opens, closes, text):
    # given
    today = timezone.localdate()
    call = CallFactory(
        volunteer=True,
        opens_at=today + dt.timedelta(days=opens),
        closes_at=today + dt.timedelta(days=closes),
        mission_start=today + dt.timedelta(days=90),
    )

    # when
    page = client.get(apply_url(call))
    post = client.post(apply_url(call), form_data(call))

    # then
    assert page.status_code == 403
    assert text in page.content.decode()
    assert post.status_code == 403
    assert not VolunteerApplication.objects.exists()


def test_the_honeypot_refuses_a_filled_form(client):
    call = open_call()

    response = client.post(apply_url(call), form_data(call, homepage="http://spam.example"))

    assert response.status_code == 200
    assert "homepage" in response.context["form"].errors
    assert not VolunteerApplication.objects.exists()


def test_too_many_posts_from_one_address_are_refused(client, settings):
    # given
    settings.APPLICATION_RATE_LIMIT = 2
    call = open_call()
    for _ in range(2):
        client.post(apply_url(call), form_data(call, motivation=""))

    # when
    response = client.post(apply_url(call), form_data(call))

    # then
    assert response.status_code == 429
    assert not VolunteerApplication.objects.exists()


def test_a_commune_call_has_no_volunteer_form(client):
    today = timezone.localdate()
    call = CallFactory(opens_at=today, closes_at=today + dt.timedelta(days=3))

    assert client.get(apply_url(call)).status_code == 404
