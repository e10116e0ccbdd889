"""R8: applicants' personal data stays with staff and is erased on schedule."""

import datetime as dt
import json

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from communes.models import CommuneApplication
from tests.communes.factories import CallFactory, CommuneApplicationFactory, CommuneFactory
from tests.volunteers.factories import (
    InterviewFactory,
    MissionFactory,
    ReviewFactory,
    VolunteerApplicationFactory,
    VolunteerFactory,
)
from volunteers import services
from volunteers.models import Interview, Review, VolunteerApplication

pytestmark = pytest.mark.django_db
Status = VolunteerApplication.Status

# Values that must never leave the staff screens (R8).
SECRETS = {
    "email": "secret.applicant@example.org",
    "phone": "+221 77 999 88 77",
    "date_of_birth": dt.date(1991, 7, 13),
    "passport_expires_on": dt.date(2033, 11, 29),
}
SECRET_TEXTS = [
    "secret.applicant@example.org",
    "+221 77 999 88 77",
    "1991-07-13",
    "13/07/1991",
    "2033-11-29",
    "29/11/2033",
    "SECRET-INTERVIEW-NOTE",
    "SECRET-REVIEW-COMMENT",
]


def _public_urls(volunteer_commune, call) -> list[str]:
    urls = [
        reverse("communes:call-list"),
        reverse("communes:call-detail", args=[call.pk]),
    ]
    for name, args in [
        ("public:home", []),
        ("public:communes", []),
        ("public:commune", [volunteer_commune.slug]),
        ("public:data", []),
        ("public:feed-updates", []),
        ("public:sitemap", []),
    ]:
        try:
            urls.append(reverse(name, args=args))
        except NoReverseMatch:
            continue
    return urls


def test_no_public_page_export_or_api_shows_applicants_personal_data(client):
    # given: a selected applicant on a mission, with every private item filled in
    today = timezone.localdate()
    call = CallFactory(
        volunteer=True,
        opens_at=today - dt.timedelta(days=3),
        closes_at=today + dt.timedelta(days=3),
        mission_start=today + dt.timedelta(days=60),
    )
    application = VolunteerApplicationFactory(call=call, selected=True, **SECRETS)
    ReviewFactory(application=application, comment="SECRET-REVIEW-COMMENT", languages_score=4)
    InterviewFactory(application=application, notes="SECRET-INTERVIEW-NOTE")
    volunteer = VolunteerFactory(application=application, display_name="Public Name")
    commune = CommuneFactory(country="GN", slug="labe", name="Labé", member=True)
    MissionFactory(volunteer=volunteer, commune=commune)
    CommuneApplicationFactory(contact_email="secret.applicant@example.org")

    # when: every public page, public export and public API list is read anonymously
    urls = _public_urls(commune, call)
    datapackage = _get(client, "public:datapackage")
    if datapackage is not None:
        urls += [
            r.get("path") for r in json.loads(datapackage).get("resources", []) if r.get("path")
        ]
    schema = _get(client, "api:schema", {"format": "json"})
    if schema is not None:
        urls += [
            "/api/v1" + path if not path.startswith("/api") else path
            for path in json.loads(schema).get("paths", {})
            if "{" not in path and "token" not in path
        ]

    # then
    checked = 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = _body(response)
        checked += 1
        for secret in SECRET_TEXTS:
            assert secret not in body, f"{secret} appears on {url}"
    assert checked >= 2


def _get(client, name, params=None):
    try:
        response = client.get(reverse(name), params or {})
    except NoReverseMatch:
        return None
    return _body(response) if response.status_code == 200 else None


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


# --- Erasure ---------------------------------------------------------------------------------


def _closed_call(months_ago: int, **kwargs):
    today = timezone.localdate()
    closes = today - dt.timedelta(days=months_ago * 31)
    return CallFactory(
        opens_at=closes - dt.timedelta(days=40),
        closes_at=closes,
        mission_start=closes + dt.timedelta(days=60) if kwargs.get("volunteer") else None,
        **kwargs,
    )


def test_erasure_removes_personal_data_of_applicants_not_selected_and_keeps_counts(
    django_capture_on_commit_callbacks,
):
    # given: a call closed 13 months ago (retention 12 months)
    call = _closed_call(13, volunteer=True)
    rejected = VolunteerApplicationFactory(
        call=call,
        status=Status.REJECTED,
        cv=ContentFile(b"%PDF-1.4 cv", name="cv.pdf"),
        **SECRETS,
    )
    ReviewFactory(application=VolunteerApplicationFactory(call=call, eligible=True), comment="x")
    review = Review.objects.get()
    InterviewFactory(application=rejected, notes="SECRET-INTERVIEW-NOTE")
    selected = VolunteerApplicationFactory(call=call, selected=True, email="kept@example.org")
    cv_name = rejected.cv.name
    storage = rejected.cv.storage
    assert storage.exists(cv_name)
    commune_call = _closed_call(13)
    not_selected = CommuneApplicationFactory(
        call=commune_call, status=CommuneApplication.Status.NOT_SELECTED
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.applicant_data_erase(on=timezone.localdate(), months=12)

    # then
    assert counts == {"volunteer_applications": 2, "commune_applications": 1}
    rejected.refresh_from_db()
    assert rejected.erased_at is not None
    assert (rejected.first_name, rejected.last_name, rejected.email, rejected.phone) == ("",) * 4
    assert rejected.date_of_birth is None
    assert rejected.passport_expires_on is None
    assert not rejected.cv
    assert not storage.exists(cv_name)
    assert Interview.objects.get(application=rejected).notes == ""
    review.refresh_from_db()
    assert review.comment == ""
    # anonymous counts stay
    assert rejected.status == Status.REJECTED
    assert rejected.nationality.code == "SN"
    assert rejected.gender == "female"
    assert VolunteerApplication.objects.filter(call=call).count() == 3
    # the selected applicant is kept whole
    selected.refresh_from_db()
    assert selected.email == "kept@example.org"
    assert selected.erased_at is None
    not_selected.refresh_from_db()
    assert not_selected.contact_email == ""
    assert not_selected.commune_name  # the commune itself is public information


def test_erasure_waits_for_the_retention_period_and_runs_once():
    recent = VolunteerApplicationFactory(
        call=_closed_call(11, volunteer=True), status=Status.REJECTED, email="recent@example.org"
    )
    old = VolunteerApplicationFactory(call=_closed_call(13, volunteer=True), status=Status.REJECTED)

    first = services.applicant_data_erase(on=timezone.localdate(), months=12)
    second = services.applicant_data_erase(on=timezone.localdate(), months=12)

    recent.refresh_from_db()
    old.refresh_from_db()
    assert recent.email == "recent@example.org"
    assert old.erased_at is not None
    assert first["volunteer_applications"] == 1
    assert second == {"volunteer_applications": 0, "commune_applications": 0}


def test_erasure_is_scheduled_in_beat_with_the_retention_setting():
    entry = django_settings.CELERY_BEAT_SCHEDULE["applicant-erasure"]
    assert entry["task"] == "volunteers.tasks.applicant_data_erase_task"
    assert django_settings.APPLICANT_DATA_RETENTION_MONTHS == 12


def test_the_erasure_task_uses_the_setting(settings):
    from volunteers.tasks import applicant_data_erase_task

    settings.APPLICANT_DATA_RETENTION_MONTHS = 24
    old = VolunteerApplicationFactory(call=_closed_call(13, volunteer=True), status=Status.REJECTED)

    applicant_data_erase_task()

    old.refresh_from_db()
    assert old.erased_at is None
