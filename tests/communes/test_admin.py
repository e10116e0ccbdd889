import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from communes.models import Commune, CommuneApplication, MembershipGrant, MembershipStatusChange
from tests.communes.factories import (
    CallFactory,
    CommuneApplicationFactory,
    CommuneFactory,
    MembershipGrantFactory,
    OrganisationFactory,
    UserFactory,
    VideoconferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    return UserFactory(superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _commune_form(commune, **overrides):
    data = {
        "name": commune.name,
        "slug": commune.slug,
        "country": commune.country.code,
        "membership_status": commune.membership_status,
        "status_change_reason": "",
        # inlines (read-only, but their management forms are posted)
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
        "membership_grants-TOTAL_FORMS": "0",
        "membership_grants-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_staff_status_change_in_the_admin_is_kept_in_the_history(staff_client, staff_user):
    """R10: a status set by staff is recorded with its reason, by the service."""
    commune = CommuneFactory(member=True)

    response = staff_client.post(
        reverse("admin:communes_commune_change", args=[commune.pk]),
        _commune_form(commune, membership_status="revoked", status_change_reason="Left OGP."),
    )

    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.membership_status == Commune.MembershipStatus.REVOKED
    assert commune.membership_status_since == timezone.localdate()
    change = MembershipStatusChange.objects.get()
    assert (
        change.from_status,
        change.to_status,
        change.rule,
        change.reason,
        change.changed_by,
    ) == (
        "active",
        "revoked",
        "staff",
        "Left OGP.",
        staff_user,
    )


def test_status_change_without_a_reason_is_refused(staff_client):
    commune = CommuneFactory(member=True)

    response = staff_client.post(
        reverse("admin:communes_commune_change", args=[commune.pk]),
        _commune_form(commune, membership_status="inactive"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status_change_reason"] == [
        "Give the reason for the status change."
    ]
    commune.refresh_from_db()
    assert commune.membership_status == Commune.MembershipStatus.ACTIVE
    assert not MembershipStatusChange.objects.exists()


def test_extension_granted_in_the_admin_moves_the_deadline(staff_client, staff_user):
    commune = CommuneFactory(member=True, first_plan_deadline=dt.date(2024, 6, 30))

    response = staff_client.post(
        reverse("admin:communes_membershipgrant_add"),
        {
            "commune": commune.pk,
            "kind": MembershipGrant.Kind.DEADLINE_EXTENSION,
            "new_deadline": "2024-09-30",
            "reason": "Floods.",
        },
    )

    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.first_plan_deadline == dt.date(2024, 9, 30)
    assert MembershipGrant.objects.get().granted_by == staff_user


def test_overlapping_inactivity_is_refused_on_the_admin_form(staff_client):
    existing = MembershipGrantFactory(starts_on=dt.date(2024, 4, 1), ends_on=dt.date(2024, 9, 30))

    response = staff_client.post(
        reverse("admin:communes_membershipgrant_add"),
        {
            "commune": existing.commune.pk,
            "kind": MembershipGrant.Kind.VOLUNTARY_INACTIVITY,
            "starts_on": "2024-09-01",
            "ends_on": "2024-12-31",
            "reason": "Again.",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_on"] == [
        "This period overlaps another voluntary inactivity of the commune."
    ]
    assert MembershipGrant.objects.count() == 1


def test_preselect_action_skips_incomplete_applications(staff_client):
    complete = CommuneApplicationFactory(status=CommuneApplication.Status.COMPLETE)
    incomplete = CommuneApplicationFactory(
        incomplete=True, status=CommuneApplication.Status.INCOMPLETE
    )

    staff_client.post(
        reverse("admin:communes_communeapplication_changelist"),
        {"action": "mark_preselected", "_selected_action": [complete.pk, incomplete.pk]},
    )

    complete.refresh_from_db()
    incomplete.refresh_from_db()
    assert complete.status == CommuneApplication.Status.PRESELECTED
    assert incomplete.status == CommuneApplication.Status.INCOMPLETE
    assert complete.transitions.count() == 1
    assert not incomplete.transitions.exists()


@pytest.mark.parametrize(
    "name",
    [
        "cohort",
        "call",
        "commune",
        "organisation",
        "communeapplication",
        "videoconference",
        "membershipstatuschange",
        "membershipgrant",
    ],
)
def test_admin_pages_open(staff_client, name):
    VideoconferenceFactory(application__call=CallFactory())
    OrganisationFactory(commune=CommuneFactory())
    MembershipGrantFactory()

    assert staff_client.get(reverse(f"admin:communes_{name}_changelist")).status_code == 200
    if name != "membershipstatuschange":
        assert staff_client.get(reverse(f"admin:communes_{name}_add")).status_code == 200


def test_change_pages_with_their_inlines_open(staff_client):
    application = VideoconferenceFactory().application
    grant = MembershipGrantFactory()

    for url in [
        reverse("admin:communes_communeapplication_change", args=[application.pk]),
        reverse("admin:communes_commune_change", args=[grant.commune.pk]),
        reverse("admin:communes_membershipgrant_change", args=[grant.pk]),
    ]:
        assert staff_client.get(url).status_code == 200, url
