import datetime as dt

import pytest
from django.urls import reverse

from tests.communes.factories import CohortFactory, CommuneFactory, UserFactory
from tests.volunteers.factories import (
    MissionFactory,
    ReviewFactory,
    VolunteerApplicationFactory,
    VolunteerFactory,
)
from volunteers.models import Mission, Review, VolunteerApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(superuser=True))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _mission_form(volunteer, commune, cohort, **overrides):
    data = {
        "volunteer": volunteer.pk,
        "commune": commune.pk,
        "cohort": cohort.pk,
        "starts_on": "2021-08-01",
        "ends_on": "",
        "mode": Mission.Mode.ON_SITE,
        "roadmap": "Open data",
        "status": Mission.Status.PLANNED,
    }
    return data | overrides


def test_admin_refuses_a_mission_in_the_volunteers_own_country(staff_client):
    """R7 through the admin: the form shows the rule and nothing is saved."""
    # given
    volunteer = VolunteerFactory(nationality="GN")
    commune = CommuneFactory(country="GN", name="Labé")

    # when
    response = staff_client.post(
        reverse("admin:volunteers_mission_add"),
        _mission_form(volunteer, commune, CohortFactory()),
    )

    # then
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["commune"] == [
        "A volunteer is never assigned to a commune of their own country of origin (Guinea)."
    ]
    assert b"never assigned to a commune of their own country of origin" in response.content
    assert not Mission.objects.exists()


def test_admin_refuses_a_second_volunteer_in_a_commune_for_the_cohort(staff_client):
    existing = MissionFactory()

    response = staff_client.post(
        reverse("admin:volunteers_mission_add"),
        _mission_form(VolunteerFactory(), existing.commune, existing.cohort),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "This commune already has a volunteer in this cohort: "
        "a commune has at most one volunteer per cohort."
    ]
    assert Mission.objects.count() == 1


def test_admin_adds_a_valid_mission_with_the_default_end_and_who_assigned_it(staff_client):
    volunteer = VolunteerFactory(nationality="SN")
    commune = CommuneFactory(country="GW", name="Bissau")

    response = staff_client.post(
        reverse("admin:volunteers_mission_add"), _mission_form(volunteer, commune, CohortFactory())
    )

    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.ends_on == dt.date(2022, 2, 1)
    assert mission.assigned_by.is_superuser


def test_application_list_ranks_by_mean_score_without_a_query_per_row(
    staff_client, django_assert_max_num_queries
):
    """R5: staff rank applications by score; the query count does not grow with rows."""
    for score in [1, 4, 2, 5, 3]:
        ReviewFactory(**dict.fromkeys(Review.SCORE_FIELDS, score))
    url = reverse("admin:volunteers_volunteerapplication_changelist")

    with django_assert_max_num_queries(12):
        response = staff_client.get(url, {"o": "-8"})  # column 8: mean score (0 is the checkbox)

    assert response.status_code == 200
    assert [a.mean_score for a in response.context["cl"].result_list] == [5, 4, 3, 2, 1]


def test_bulk_preselect_action_moves_eligible_applications(staff_client):
    eligible = VolunteerApplicationFactory(eligible=True)
    ineligible = VolunteerApplicationFactory(status=VolunteerApplication.Status.INELIGIBLE)

    response = staff_client.post(
        reverse("admin:volunteers_volunteerapplication_changelist"),
        {"action": "mark_preselected", "_selected_action": [eligible.pk, ineligible.pk]},
    )

    assert response.status_code == 302
    eligible.refresh_from_db()
    ineligible.refresh_from_db()
    assert eligible.status == VolunteerApplication.Status.PRESELECTED
    assert ineligible.status == VolunteerApplication.Status.INELIGIBLE


@pytest.mark.parametrize(
    "name",
    [
        "volunteerapplication",
        "review",
        "interview",
        "volunteer",
        "mission",
    ],
)
def test_admin_pages_open(staff_client, name):
    MissionFactory()
    ReviewFactory()

    assert staff_client.get(reverse(f"admin:volunteers_{name}_changelist")).status_code == 200
    assert staff_client.get(reverse(f"admin:volunteers_{name}_add")).status_code == 200


def test_change_pages_with_their_inlines_open(staff_client):
    mission = MissionFactory()
    review = ReviewFactory()

    for url in [
        reverse("admin:volunteers_volunteerapplication_change", args=[review.application.pk]),
        reverse("admin:volunteers_volunteer_change", args=[mission.volunteer.pk]),
        reverse("admin:volunteers_mission_change", args=[mission.pk]),
    ]:
        assert staff_client.get(url).status_code == 200, url
