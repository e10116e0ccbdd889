"""R8, R24, R40: staff open stored files through one download view of the admin, never /media/
(the proxy does not serve it): only active staff who may view the object, only allow-listed file
fields, always as an attachment; and every admin page links there."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from action_plans.models import StrategicVision
from log_portal.admin_files import ALLOWED_FILE_FIELDS, AdminFileLinksMixin
from monitoring.models import Letter
from tests.action_plans.factories import ActionPlanFactory
from tests.api.factories import PDF, MembershipStatusChangeFactory, StrategicVisionFactory
from tests.communes.factories import CallFactory, CommuneApplicationFactory, UserFactory
from tests.volunteers.factories import VolunteerApplicationFactory
from volunteers.models import ApplicationImport

pytestmark = pytest.mark.django_db

MEDIA = "/media/"


def file_url(obj, field_name: str) -> str:
    return reverse(
        "admin-file",
        kwargs={
            "app_label": obj._meta.app_label,
            "model_name": obj._meta.model_name,
            "pk": obj.pk,
            "field_name": field_name,
        },
    )


def staff_with(*perms: str):
    """An active staff member holding only these permissions ("app_label.codename")."""
    user = UserFactory(staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def content(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def application():
    """A commune application with its letter of support and convention document (R3, R6)."""
    return CommuneApplicationFactory(
        convention_document=ContentFile(b"%PDF-1.4 convention", name="convention.pdf")
    )


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


# --- the download view --------------------------------------------------------------------------


def test_staff_with_the_view_permission_get_the_file_as_an_attachment(client, application):
    # given a staff member who may only view commune applications
    client.force_login(staff_with("communes.view_communeapplication"))

    # when they open the letter of support
    response = client.get(file_url(application, "support_letter"))

    # then it is a download, never rendered, never cached
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="letter.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response["Cache-Control"]
    assert content(response) == b"%PDF-1.4 letter"


def test_r8_staff_without_the_models_view_permission_get_404(client, application):
    # given a staff member who may view volunteer applications, not commune applications
    cv_holder = VolunteerApplicationFactory(cv=ContentFile(PDF, name="cv.pdf"))
    client.force_login(staff_with("volunteers.view_volunteerapplication"))

    # then the commune's letter answers 404, the CV they may see is served
    assert client.get(file_url(application, "support_letter")).status_code == 404
    response = client.get(file_url(cv_holder, "cv"))
    assert response.status_code == 200
    assert content(response) == PDF


def test_r8_non_staff_get_404_and_anonymous_users_the_admin_login(client, application):
    url = file_url(application, "support_letter")

    # an anonymous visitor is asked to log in to the admin
    response = client.get(url)
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("admin:login")

    # a logged-in user who is not staff gets 404, even holding the model's permission
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_communeapplication"))
    client.force_login(user)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "kwargs",
    [
        # a field that is not a file
        {
            "app_label": "communes",
            "model_name": "communeapplication",
            "field_name": "contact_email",
        },
        # a model whose files are not allow-listed, and one that does not exist
        {"app_label": "log_portal", "model_name": "user", "field_name": "password"},
        {"app_label": "communes", "model_name": "nothing", "field_name": "support_letter"},
        {
            "app_label": "nothing",
            "model_name": "communeapplication",
            "field_name": "support_letter",
        },
    ],
)
def test_r8_only_the_allow_listed_file_fields_are_served(superuser_client, application, kwargs):
    url = reverse("admin-file", kwargs={"pk": application.pk, **kwargs})

    assert superuser_client.get(url).status_code == 404


def test_an_object_without_the_file_or_missing_answers_404(superuser_client, application):
    # given an application with no letter, and one whose stored file is gone from the disk
    without = CommuneApplicationFactory(incomplete=True)
    Path(application.convention_document.path).unlink()

    # then each answers 404, like an object that does not exist
    assert superuser_client.get(file_url(without, "support_letter")).status_code == 404
    assert superuser_client.get(file_url(application, "convention_document")).status_code == 404
    missing = file_url(application, "support_letter").replace(f"/{application.pk}/", "/999999/")
    assert superuser_client.get(missing).status_code == 404


def test_the_allow_list_names_file_fields_of_models_in_the_admin():
    for label, names in ALLOWED_FILE_FIELDS.items():
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        for name in names:
            assert isinstance(model._meta.get_field(name), models.FileField), (label, name)


def test_every_admin_page_showing_a_file_field_links_through_the_mixin():
    """A new file field or admin cannot link to /media/ unnoticed."""
    for model, model_admin in admin.site._registry.items():
        admins = [(model, type(model_admin))] + [(i.model, i) for i in model_admin.inlines]
        for shown, admin_class in admins:
            files = {f.name for f in shown._meta.fields if isinstance(f, models.FileField)}
            if not files:
                continue
            assert issubclass(admin_class, AdminFileLinksMixin), admin_class
            assert files <= ALLOWED_FILE_FIELDS.get(shown._meta.label_lower, set()), shown


# --- the admin pages link there -----------------------------------------------------------------


def test_the_change_page_of_an_application_links_to_the_download_not_to_media(
    superuser_client, application
):
    # when a superuser opens the application
    response = superuser_client.get(
        reverse("admin:communes_communeapplication_change", args=[application.pk])
    )

    # then both files link to the staff download, with the upload inputs still there
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{file_url(application, "support_letter")}"' in html
    assert f'href="{file_url(application, "convention_document")}"' in html
    assert 'type="file" name="support_letter"' in html
    assert application.support_letter.url not in html
    assert MEDIA not in html


def test_staff_who_may_only_view_see_the_same_links(client, application):
    # given a staff member who may view, not change, commune applications
    client.force_login(staff_with("communes.view_communeapplication"))

    # when they open the application: every field is read-only
    response = client.get(
        reverse("admin:communes_communeapplication_change", args=[application.pk])
    )

    # then the read-only files link to the download too
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{file_url(application, "support_letter")}"' in html
    assert f'href="{file_url(application, "convention_document")}"' in html
    assert 'type="file"' not in html
    assert MEDIA not in html


def test_r30_read_only_files_of_letters_and_imports_link_to_the_download(superuser_client):
    # given a letter and an application import, whose files are read-only in the admin
    letter = Letter.objects.create(status_change=MembershipStatusChangeFactory(), language="en")
    letter.file.save("letter.pdf", ContentFile(PDF))
    application_import = ApplicationImport.objects.create(
        call=CallFactory(volunteer=True), file=ContentFile(b"first_name\n", name="rows.csv")
    )

    pages = {
        reverse("admin:monitoring_letter_change", args=[letter.pk]): file_url(letter, "file"),
        reverse("admin:monitoring_letter_changelist"): file_url(letter, "file"),
        reverse(
            "admin:volunteers_applicationimport_change", args=[application_import.pk]
        ): file_url(application_import, "file"),
    }
    for page, link in pages.items():
        html = superuser_client.get(page).content.decode()
        assert f'href="{link}"' in html, page
        assert MEDIA not in html, page


def test_r22_the_plan_page_links_its_visions_documents_to_the_download(client):
    # given a plan whose strategic vision has a document (an inline of the plan's page)
    vision = StrategicVisionFactory(plan=ActionPlanFactory())
    vision.documents.save("vision.pdf", ContentFile(PDF))
    url = reverse("admin:action_plans_actionplan_change", args=[vision.plan.pk])

    # then staff who may change it and staff who may only view it get the download link
    for user in (
        UserFactory(superuser=True),
        staff_with("action_plans.view_actionplan", "action_plans.view_strategicvision"),
    ):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert f'href="{file_url(vision, "documents")}"' in html, user
        assert MEDIA not in html, user


def test_staff_still_replace_a_file_in_the_admin(superuser_client):
    # given a vision with a document
    vision = StrategicVisionFactory(plan=ActionPlanFactory(), mandate_end=dt.date(2030, 6, 30))
    vision.documents.save("old.pdf", ContentFile(PDF))

    # when staff upload another one on its change page
    response = superuser_client.post(
        reverse("admin:action_plans_strategicvision_change", args=[vision.pk]),
        {
            "plan": vision.plan.pk,
            "mandate_end": "2030-06-30",
            "documents": SimpleUploadedFile("new.pdf", PDF),
        },
    )

    # then it is stored
    assert response.status_code == 302
    vision = StrategicVision.objects.get(pk=vision.pk)
    assert vision.documents.name.endswith("/new.pdf")
