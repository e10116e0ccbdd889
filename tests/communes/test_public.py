"""R2, R3, R45: public call pages and the commune application form."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from communes.models import CommuneApplication
from tests.communes.factories import CallFactory, CommuneApplicationFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def open_call(**kwargs):
    today = timezone.localdate()
    return CallFactory(
        opens_at=today - dt.timedelta(days=1), closes_at=today + dt.timedelta(days=39), **kwargs
    )


def form_data(**overrides):
    data = {
        "commune_name": "Kouroussa",
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
        "support_letter": SimpleUploadedFile("letter.pdf", PDF),
        "homepage": "",
    }
    return data | overrides


def test_the_call_list_shows_open_calls_by_cohort_and_not_closed_ones(client):
    # given
    today = timezone.localdate()
    open_one = open_call(title="Communes 2026")
    CallFactory(title="Old call", opens_at=dt.date(2021, 4, 15), closes_at=dt.date(2021, 5, 25))

    # when
    html = client.get(reverse("communes:call-list")).content.decode()

    # then
    assert "Communes 2026" in html
    assert open_one.cohort.name in html
    assert "Old call" not in html
    assert today  # the list is computed for today


def test_the_call_page_shows_text_dates_and_the_form_link_while_open(client):
    call = open_call(text="We look for communes ready to open up.")

    html = client.get(reverse("communes:call-detail", args=[call.pk])).content.decode()

    assert "We look for communes ready to open up." in html
    assert reverse("communes:application-create", args=[call.pk]) in html


def test_a_closed_call_page_says_so_without_a_form_link(client):
    call = CallFactory(opens_at=dt.date(2021, 4, 15), closes_at=dt.date(2021, 5, 25))

    html = client.get(reverse("communes:call-detail", args=[call.pk])).content.decode()

    assert "no longer accepted" in html
    assert reverse("communes:application-create", args=[call.pk]) not in html


def test_a_commune_applies_and_gets_a_receipt(client, django_capture_on_commit_callbacks):
    # given
    call = open_call()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communes:application-create", args=[call.pk]), form_data())

    # then
    assert response.status_code == 302
    application = CommuneApplication.objects.get()
    assert application.status == CommuneApplication.Status.COMPLETE
    assert application.support_letter.name.endswith(".pdf")
    assert application.receipt_number in client.get(response["Location"]).content.decode()
    assert mail.outbox[0].to == ["contact@kouroussa.example.org"]
    assert application.receipt_number in mail.outbox[0].body


def test_a_commune_application_missing_answers_is_refused_with_errors(client):
    call = open_call()

    response = client.post(
        reverse("communes:application-create", args=[call.pk]),
        form_data(motivation="  ", support_letter=""),
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"motivation", "support_letter"}
    assert 'value="Kouroussa"' in response.content.decode()
    assert not CommuneApplication.objects.exists()


def test_a_closed_commune_call_refuses_a_direct_post(client):
    call = CallFactory(opens_at=dt.date(2021, 4, 15), closes_at=dt.date(2021, 5, 25))

    response = client.post(reverse("communes:application-create", args=[call.pk]), form_data())

    assert response.status_code == 403
    assert not CommuneApplication.objects.exists()


def test_the_receipt_page_without_an_application_goes_back_to_the_calls(client):
    response = client.get(reverse("communes:application-receipt"))

    assert response.status_code == 302


def test_staff_invite_preselected_communes_to_the_videoconference(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    # given
    from tests.communes.factories import UserFactory

    client.force_login(UserFactory(superuser=True))
    preselected = CommuneApplicationFactory(status=CommuneApplication.Status.PRESELECTED)
    complete = CommuneApplicationFactory(status=CommuneApplication.Status.COMPLETE)
    url = reverse("admin:communes_communeapplication_changelist")
    data = {
        "action": "invite_to_videoconference",
        "_selected_action": [preselected.pk, complete.pk],
        "apply": "1",
        "message": "Thursday 15:00 on Jitsi",
    }

    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)

    # then
    assert [m.to for m in mailoutbox] == [[preselected.contact_email]]
    preselected.refresh_from_db()
    complete.refresh_from_db()
    assert preselected.invited_at is not None
    assert preselected.transitions.get().by.is_superuser
    assert complete.invited_at is None
    assert not complete.transitions.exists()
