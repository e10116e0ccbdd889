"""R30: one letter per status change, PDF in French and English, e-mailed once."""

import datetime as dt
import io
import time

import pytest
from django.core import mail
from pypdf import PdfReader

from communes.models import Commune, MembershipStatusChange
from communes.services import membership_status_change
from monitoring.models import Letter
from monitoring.services import (
    inactivity_check_run,
    status_change_letters_create,
    status_change_letters_send,
)
from monitoring.tasks import status_change_letters_task
from tests.communes.factories import CommuneFactory, UserFactory
from tests.monitoring.factories import engaged_plan, ongoing_commitment

Status = Commune.MembershipStatus
OCT_16 = dt.date(2025, 10, 16)


def pdf_text(letter: Letter) -> str:
    letter.file.open("rb")
    try:
        reader = PdfReader(io.BytesIO(letter.file.read()))
    finally:
        letter.file.close()
    return " ".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def change() -> MembershipStatusChange:
    contact = UserFactory(email="pc@rufisque.sn")
    commune = CommuneFactory(
        member=True, name="Rufisque", slug="rufisque", point_of_contact=contact
    )
    return membership_status_change(
        commune=commune,
        to_status=Status.INACTIVE,
        on=OCT_16,
        rule="R27d",
        reason="No quarterly update was filed for 2025-Q2 and 2025-Q3.",
    )


@pytest.mark.django_db
def test_r30_letter_in_french_and_english_names_the_commune_rule_and_dates(change):
    letters = status_change_letters_create(change=change)
    assert sorted(letter.language for letter in letters) == ["en", "fr"]
    by_language = {letter.language: pdf_text(letter) for letter in letters}
    for text in by_language.values():
        assert "Rufisque" in text
        assert "R27d" in text
        assert "2025-Q2 and 2025-Q3" in text
    assert "16 October 2025" in by_language["en"]
    assert "16 April 2026" in by_language["en"]  # probation at the earliest, 6 months later
    assert "16 octobre 2025" in by_language["fr"]


@pytest.mark.django_db
def test_r30_probation_letter_gives_the_revocation_date():
    commune = CommuneFactory(member=True, name="Labé", slug="labe")
    probation = membership_status_change(
        commune=commune, to_status=Status.PROBATION, on=OCT_16, rule="R29 engagement", reason="x"
    )
    (letter,) = [
        letter
        for letter in status_change_letters_create(change=probation)
        if letter.language == "en"
    ]
    text = pdf_text(letter)
    assert "Labé" in text
    assert "R29 engagement" in text
    assert "16 February 2026" in text


@pytest.mark.django_db
def test_r30_return_to_active_gets_a_short_notice(change):
    back = membership_status_change(
        commune=change.commune,
        to_status=Status.ACTIVE,
        on=dt.date(2025, 11, 2),
        rule="R28",
        reason="Update with progress.",
    )
    letters = status_change_letters_create(change=back)
    text = pdf_text(next(letter for letter in letters if letter.language == "en"))
    assert "Notice of return to active membership" in text
    assert "2 November 2025" in text
    assert "Rufisque" in text


@pytest.mark.django_db
def test_r30_letters_are_created_and_sent_once(change):
    # when the task runs twice (a retry, a second worker)
    first = status_change_letters_task(change.pk)
    second = status_change_letters_task(change.pk)
    # then
    assert (first["sent"], second["sent"]) == (True, False)
    assert Letter.objects.filter(status_change=change).count() == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pc@rufisque.sn"]
    assert "Rufisque" in message.subject
    assert sorted(name for name, _content, _type in message.attachments) == [
        "letter-en.pdf",
        "letter-fr.pdf",
    ]
    assert all(letter.sent_at for letter in Letter.objects.filter(status_change=change))


@pytest.mark.django_db
def test_r30_no_point_of_contact_means_nothing_sent_and_nothing_marked():
    commune = CommuneFactory(member=True)
    change = membership_status_change(
        commune=commune, to_status=Status.INACTIVE, on=OCT_16, rule="R27a", reason="x"
    )
    status_change_letters_create(change=change)
    assert status_change_letters_send(change=change) is False
    assert mail.outbox == []
    assert not Letter.objects.filter(sent_at__isnull=False).exists()


@pytest.mark.django_db(transaction=True)
def test_r30_the_check_gets_its_letters_rendered_by_the_worker(celery_worker_process):
    # given a member without updates whose point of contact has an e-mail
    plan = engaged_plan()
    ongoing_commitment(plan)
    commune = plan.coordinating_commune
    commune.point_of_contact = UserFactory()
    commune.save()
    # when
    inactivity_check_run(as_of=OCT_16)
    # then the worker renders both letters and marks them sent, once
    change = MembershipStatusChange.objects.get(commune=commune)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        letters = list(Letter.objects.filter(status_change=change, sent_at__isnull=False))
        if len(letters) == 2:
            break
        time.sleep(0.5)
    assert sorted(letter.language for letter in letters) == ["en", "fr"]
    assert all(commune.name in pdf_text(letter) for letter in letters)
    inactivity_check_run(as_of=OCT_16)
    time.sleep(1)
    assert Letter.objects.count() == 2


@pytest.mark.django_db
def test_r30_staff_see_the_letters_in_the_admin(admin_client_en, change):
    status_change_letters_create(change=change)
    response = admin_client_en.get("/admin/monitoring/letter/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Rufisque" in text
    assert "R27d" in text
    assert text.count('href="/admin/files/monitoring/letter/') >= 2
