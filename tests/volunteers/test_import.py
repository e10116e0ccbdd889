"""R5: CSV import of applications received elsewhere: dry run row by row, then all-or-nothing."""

import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.communes.factories import CallFactory, UserFactory
from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers import services
from volunteers.models import ApplicationImport, VolunteerApplication

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "samples" / "volunteer_applications.csv"
HEADER = ",".join(services.IMPORT_COLUMNS)
Status = ApplicationImport.Status


def row(email, **overrides):
    values = {
        "first_name": "Awa",
        "last_name": "Ndiaye",
        "email": email,
        "phone": "",
        "nationality": "SN",
        "country_of_residence": "SN",
        "gender": "female",
        "languages": "fr en",
        "competence_domain": "Open data",
        "available_for_mission": "yes",
        "passport_expires_on": "2030-01-01",
        "open_data_experience": "",
        "training_modules": "",
        "local_governance_knowledge": "",
        "civic_tech_knowledge": "",
        "motivation": "Open up",
    } | overrides
    return ",".join(values[name] for name in services.IMPORT_COLUMNS)


def make_import(call, lines, user=None):
    content = "\n".join([HEADER, *lines]).encode()
    return ApplicationImport.objects.create(
        call=call, file=ContentFile(content, name="applications.csv"), created_by=user
    )


@pytest.mark.django_db
def test_the_sample_file_of_the_readme_passes_the_dry_run():
    call = CallFactory(volunteer=True)
    application_import = ApplicationImport.objects.create(
        call=call, file=ContentFile(SAMPLE.read_bytes(), name="sample.csv")
    )

    services.application_import_check(application_import=application_import)

    assert application_import.status == Status.CHECKED
    assert application_import.error_count == 0
    assert application_import.total_rows == 4
    assert not VolunteerApplication.objects.exists()


@pytest.mark.django_db
def test_the_dry_run_reports_each_row_and_why_a_row_is_wrong():
    # given
    call = CallFactory(volunteer=True)
    VolunteerApplicationFactory(call=call, email="known@example.org")
    application_import = make_import(
        call,
        [
            row("good@example.org"),
            row("bad-email"),
            row("date@example.org", passport_expires_on="31/12/2030"),
            row("known@example.org"),
            row("good@example.org"),
            row("country@example.org", nationality="ZZ"),
        ],
    )

    # when
    services.application_import_check(application_import=application_import)

    # then
    report = {entry["row"]: entry for entry in application_import.report}
    assert report[2]["ok"] is True
    assert report[3]["errors"][0].startswith("email:")
    assert "YYYY-MM-DD" in report[4]["errors"][0]
    assert "already applied" in report[5]["errors"][0]
    assert "earlier row" in report[6]["errors"][0]
    assert report[7]["errors"][0].startswith("nationality:")
    assert application_import.error_count == 5
    assert VolunteerApplication.objects.count() == 1  # the dry run created nothing


@pytest.mark.django_db
def test_a_file_with_wrong_rows_cannot_be_imported():
    application_import = make_import(CallFactory(volunteer=True), [row("a@example.org"), row("x")])
    services.application_import_check(application_import=application_import)

    with pytest.raises(services.ApplicationError):
        services.application_import_start(application_import=application_import)

    application_import.refresh_from_db()
    assert application_import.status == Status.CHECKED
    assert not VolunteerApplication.objects.exists()


@pytest.mark.django_db
def test_the_import_creates_every_row_with_its_gates_and_transition():
    # given
    call = CallFactory(volunteer=True)  # missions start 1 Aug 2021
    application_import = make_import(
        call,
        [
            row("a@example.org"),
            row("b@example.org", available_for_mission="no"),
            row("c@example.org", passport_expires_on="2022-01-01"),
        ],
    )
    services.application_import_check(application_import=application_import)
    services.application_import_start(application_import=application_import)

    # when
    services.application_import_run(application_import=application_import)

    # then
    application_import.refresh_from_db()
    assert application_import.status == Status.IMPORTED
    assert application_import.created_count == 3
    statuses = dict(VolunteerApplication.objects.values_list("email", "status"))
    assert statuses == {
        "a@example.org": "eligible",
        "b@example.org": "ineligible",
        "c@example.org": "ineligible",
    }
    a = VolunteerApplication.objects.get(email="a@example.org")
    assert a.languages == ["fr", "en"]
    assert a.transitions.get().to_status == "eligible"
    # a second delivery of the task changes nothing
    services.application_import_run(application_import=application_import)
    assert VolunteerApplication.objects.count() == 3


@pytest.mark.django_db
def test_nothing_is_half_imported_when_the_file_changed_since_the_dry_run():
    call = CallFactory(volunteer=True)
    application_import = make_import(call, [row("a@example.org"), row("b@example.org")])
    services.application_import_check(application_import=application_import)
    services.application_import_start(application_import=application_import)
    VolunteerApplicationFactory(call=call, email="b@example.org")  # arrives meanwhile

    services.application_import_run(application_import=application_import)

    application_import.refresh_from_db()
    assert application_import.status == Status.FAILED
    assert not VolunteerApplication.objects.filter(email="a@example.org").exists()


@pytest.mark.django_db
def test_a_file_without_the_required_columns_fails_with_a_message():
    application_import = ApplicationImport.objects.create(
        call=CallFactory(volunteer=True), file=ContentFile(b"name,mail\nA,b\n", name="x.csv")
    )

    services.application_import_check(application_import=application_import)

    assert application_import.status == Status.FAILED
    assert "first_name" in application_import.message


@pytest.mark.django_db
def test_the_import_pages_are_for_staff_only(client):
    client.force_login(UserFactory())

    assert client.get(reverse("volunteers:import-create")).status_code == 404
    client.logout()
    assert client.get(reverse("volunteers:import-create")).status_code == 302


@pytest.mark.django_db
def test_the_status_page_refreshes_while_running_and_shows_the_report(client):
    client.force_login(UserFactory(superuser=True))
    application_import = make_import(CallFactory(volunteer=True), [row("a@example.org"), row("x")])
    url = reverse("volunteers:import-detail", args=[application_import.pk])

    assert 'http-equiv="refresh"' in client.get(url).content.decode()
    services.application_import_check(application_import=application_import)
    html = client.get(url).content.decode()

    assert 'http-equiv="refresh"' not in html
    assert "would be created" in html
    assert "email:" in html


@pytest.mark.django_db(transaction=True)
def test_upload_dry_run_and_import_run_in_the_celery_worker(
    client, celery_worker_process, settings, media_dir
):
    # given: uploads go where the worker reads them
    settings.MEDIA_ROOT = media_dir
    client.force_login(UserFactory(superuser=True))
    call = CallFactory(volunteer=True)
    lines = [row(f"p{i}@example.org") for i in range(1200)]
    upload = SimpleUploadedFile("apps.csv", "\n".join([HEADER, *lines]).encode())

    # when: upload, wait for the dry run, import, wait for the import
    response = client.post(reverse("volunteers:import-create"), {"call": call.pk, "file": upload})
    application_import = ApplicationImport.objects.get()
    assert response["Location"] == reverse("volunteers:import-detail", args=[application_import.pk])
    _wait_for(application_import, Status.CHECKED)
    assert application_import.error_count == 0
    client.post(reverse("volunteers:import-detail", args=[application_import.pk]))
    _wait_for(application_import, Status.IMPORTED)

    # then
    assert VolunteerApplication.objects.filter(call=call).count() == 1200


def _wait_for(application_import, status, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        application_import.refresh_from_db()
        if application_import.status == status:
            return
        if application_import.status == Status.FAILED:
            pytest.fail(application_import.message)
        time.sleep(0.3)
    pytest.fail(f"import still {application_import.status}")
