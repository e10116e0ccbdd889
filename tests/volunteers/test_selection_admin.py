"""R4-R7 in the admin: bulk transitions, reviews and their visibility, filters, assignment,
dashboard and exports."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from communes.models import CommuneApplication
from tests.communes.factories import (
    CallFactory,
    CommuneApplicationFactory,
    CommuneFactory,
    UserFactory,
)
from tests.volunteers.factories import (
    InterviewFactory,
    ReviewFactory,
    VolunteerApplicationFactory,
)
from volunteers.models import Mission, Review, Volunteer, VolunteerApplication

pytestmark = pytest.mark.django_db
Status = VolunteerApplication.Status
CHANGELIST = "admin:volunteers_volunteerapplication_changelist"


def reviewer(**kwargs):
    """A staff reviewer who is not a coordinator (no view_all_scores)."""
    user = UserFactory(staff=True, **kwargs)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="volunteers",
            codename__in=[
                "view_volunteerapplication",
                "change_volunteerapplication",
                "add_review",
                "change_review",
                "view_review",
                "view_interview",
                "add_interview",
                "change_interview",
            ],
        )
    )
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("action", "good_status", "wrong_status", "to_status"),
    [
        ("mark_preselected", Status.ELIGIBLE, Status.SUBMITTED, Status.PRESELECTED),
        ("mark_interviewed", "preselected+interview", Status.PRESELECTED, Status.INTERVIEWED),
        ("mark_selected", Status.INTERVIEWED, Status.ELIGIBLE, Status.SELECTED),
        ("mark_waitlisted", Status.INTERVIEWED, Status.PRESELECTED, Status.WAITLISTED),
        ("mark_rejected", Status.PRESELECTED, Status.SELECTED, Status.REJECTED),
    ],
)
def test_each_bulk_transition_moves_the_right_rows_and_refuses_the_others(
    staff_client, action, good_status, wrong_status, to_status
):
    # given
    if good_status == "preselected+interview":
        goods = [InterviewFactory().application for _ in range(2)]
    else:
        goods = VolunteerApplicationFactory.create_batch(2, status=good_status)
    wrong = VolunteerApplicationFactory(status=wrong_status)

    # when
    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [a.pk for a in [*goods, wrong]]},
    )

    # then
    assert response.status_code == 302
    for application in goods:
        application.refresh_from_db()
        assert application.status == to_status
        transition = application.transitions.get()
        assert transition.to_status == to_status
        assert transition.by.is_superuser
    wrong.refresh_from_db()
    assert wrong.status == wrong_status
    assert not wrong.transitions.exists()
    texts = _messages(response)
    assert any(wrong.receipt_number in text for text in texts)
    assert "2 application(s) moved." in texts


def test_the_transitions_are_shown_on_the_application(staff_client):
    application = VolunteerApplicationFactory(eligible=True)
    staff_client.post(
        reverse(CHANGELIST), {"action": "mark_preselected", "_selected_action": [application.pk]}
    )

    html = staff_client.get(
        reverse("admin:volunteers_volunteerapplication_change", args=[application.pk])
    ).content.decode()

    assert "Preselected" in html
    assert "Eligible" in html


def _change_form(application, **extra):
    data = {
        "call": application.call_id,
        "first_name": application.first_name,
        "last_name": application.last_name,
        "email": application.email,
        "phone": application.phone,
        "nationality": application.nationality.code,
        "country_of_residence": application.country_of_residence.code,
        "gender": application.gender,
        "languages": application.languages,
        "competence_domain": application.competence_domain,
        "available_for_mission": "on",
        "passport_expires_on": application.passport_expires_on.isoformat(),
        "motivation": application.motivation,
    }
    for prefix in ("reviews", "reviews-2", "interviews", "transitions"):
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data | extra


def _my_review(scores, comment="Good"):
    data = {
        "reviews-TOTAL_FORMS": "1",
        "reviews-INITIAL_FORMS": "0",
        "reviews-MAX_NUM_FORMS": "1",
        "reviews-0-comment": comment,
    }
    return data | {f"reviews-0-{name}": str(scores) for name in Review.SCORE_FIELDS}


def test_a_reviewer_scores_in_the_admin_and_the_review_is_theirs(client):
    # given
    user = reviewer()
    application = VolunteerApplicationFactory(eligible=True)
    client.force_login(user)
    url = reverse("admin:volunteers_volunteerapplication_change", args=[application.pk])

    # when
    response = client.post(url, _change_form(application, **_my_review(4)))

    # then
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    review = Review.objects.get()
    assert review.reviewer == user
    assert review.application == application
    assert review.mean == 4


def test_a_reviewer_does_not_see_other_scores_until_they_scored(client):
    # given
    other = ReviewFactory(comment="SECRET-COMMENT", **dict.fromkeys(Review.SCORE_FIELDS, 5))
    application = other.application
    user = reviewer()
    client.force_login(user)
    url = reverse("admin:volunteers_volunteerapplication_change", args=[application.pk])

    # when
    before = client.get(url).content.decode()
    before_list = client.get(reverse(CHANGELIST)).content.decode()
    ReviewFactory(application=application, reviewer=user, **dict.fromkeys(Review.SCORE_FIELDS, 1))
    after = client.get(url).content.decode()
    after_list = client.get(reverse(CHANGELIST)).content.decode()

    # then
    assert "SECRET-COMMENT" not in before
    assert "hidden until you score" in before_list
    assert "5.00" not in before_list
    assert "SECRET-COMMENT" in after
    assert "3.00" in after_list


def test_the_score_band_and_gate_filters(staff_client):
    high = ReviewFactory(**dict.fromkeys(Review.SCORE_FIELDS, 5)).application
    low = ReviewFactory(**dict.fromkeys(Review.SCORE_FIELDS, 1)).application
    failing = VolunteerApplicationFactory(
        status=Status.INELIGIBLE, passes_availability_gate=False, passes_passport_gate=True
    )

    def listed(params):
        response = staff_client.get(reverse(CHANGELIST), params)
        return {a.pk for a in response.context["cl"].result_list}

    assert listed({"score": "4-5"}) == {high.pk}
    assert listed({"score": "0-2"}) == {low.pk}
    assert listed({"score": "none"}) == {failing.pk}
    assert listed({"gates": "fail"}) == {failing.pk}
    assert listed({"gates": "pass"}) == {high.pk, low.pk}


def test_search_by_name_and_email(staff_client):
    found = VolunteerApplicationFactory(last_name="Sagna", email="sagna@example.org")
    VolunteerApplicationFactory(last_name="Diop")

    by_name = staff_client.get(reverse(CHANGELIST), {"q": "Sagna"}).context["cl"].result_list
    by_mail = staff_client.get(reverse(CHANGELIST), {"q": "sagna@"}).context["cl"].result_list

    assert [a.pk for a in by_name] == [found.pk]
    assert [a.pk for a in by_mail] == [found.pk]


# --- R7: assignment --------------------------------------------------------------------------


def _selected_commune(call, country):
    commune = CommuneFactory(country=country)
    commune_call = CallFactory(cohort=call.cohort)
    CommuneApplicationFactory(
        call=commune_call, commune=commune, status=CommuneApplication.Status.SELECTED
    )
    return commune


def test_assigning_selected_volunteers_to_selected_communes_creates_their_missions(staff_client):
    # given
    application = VolunteerApplicationFactory(selected=True, nationality="SN")
    commune = _selected_commune(application.call, "GN")

    # when
    response = staff_client.post(
        reverse(CHANGELIST),
        {
            "action": "assign_to_communes",
            "_selected_action": [application.pk],
            "apply": "1",
            "start": "2021-08-01",
            "mode": Mission.Mode.REMOTE,
            f"commune_{application.pk}": commune.pk,
            f"roadmap_{application.pk}": "Open the budget",
        },
    )

    # then
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.commune == commune
    assert mission.volunteer.application == application
    assert mission.cohort == application.call.cohort
    assert mission.ends_on == dt.date(2022, 2, 1)
    assert mission.roadmap == "Open the budget"
    assert mission.mode == Mission.Mode.REMOTE


def test_the_assignment_form_lists_the_selected_communes_of_the_cohort(staff_client):
    application = VolunteerApplicationFactory(selected=True)
    commune = _selected_commune(application.call, "GN")
    other_cohort = CommuneFactory(name="Elsewhere")

    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "assign_to_communes", "_selected_action": [application.pk]},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert commune.name in html
    assert other_cohort.name not in html


def test_an_assignment_in_the_volunteers_own_country_is_refused_and_explained(staff_client):
    # given
    application = VolunteerApplicationFactory(selected=True, nationality="GN")
    commune = _selected_commune(application.call, "GN")

    # when
    response = staff_client.post(
        reverse(CHANGELIST),
        {
            "action": "assign_to_communes",
            "_selected_action": [application.pk],
            "apply": "1",
            "start": "2021-08-01",
            "mode": Mission.Mode.ON_SITE,
            f"commune_{application.pk}": commune.pk,
        },
    )

    # then
    assert not Mission.objects.exists()
    assert not Volunteer.objects.exists()
    assert any("own country of origin" in text for text in _messages(response))


def test_only_selected_applicants_are_assigned(staff_client):
    application = VolunteerApplicationFactory(eligible=True)

    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "assign_to_communes", "_selected_action": [application.pk]},
    )

    assert response.status_code == 302
    assert any("only a selected applicant" in text for text in _messages(response))
    assert not Mission.objects.exists()


def test_a_second_volunteer_for_a_commune_in_the_cohort_is_refused(staff_client):
    first = VolunteerApplicationFactory(selected=True)
    second = VolunteerApplicationFactory(selected=True, call=first.call)
    commune = _selected_commune(first.call, "GN")
    data = {
        "action": "assign_to_communes",
        "_selected_action": [first.pk, second.pk],
        "apply": "1",
        "start": "2021-08-01",
        "mode": Mission.Mode.ON_SITE,
        f"commune_{first.pk}": commune.pk,
        f"commune_{second.pk}": commune.pk,
    }

    response = staff_client.post(reverse(CHANGELIST), data)

    assigned = Mission.objects.get().volunteer.application
    assert assigned in (first, second)
    assert any("at most one volunteer per cohort" in text for text in _messages(response))
    assert Volunteer.objects.get().application == assigned


# --- Dashboard ------------------------------------------------------------------------------


def _populate(call, n):
    for i in range(n):
        VolunteerApplicationFactory(
            call=call,
            status=[Status.ELIGIBLE, Status.PRESELECTED, Status.SELECTED][i % 3],
            gender=["female", "male"][i % 2],
            nationality=["SN", "GN", "NE"][i % 3],
        )


def test_the_dashboard_counts_per_status_balance_and_missing_reviews(staff_client, settings):
    # given
    settings.REVIEWS_PER_APPLICATION = 2
    call = CallFactory(volunteer=True, title="VAGOA 2026")
    eligible = VolunteerApplicationFactory(call=call, eligible=True, gender="male")
    ReviewFactory(application=eligible)
    VolunteerApplicationFactory(
        call=call, status=Status.SELECTED, gender="female", nationality="NE"
    )
    VolunteerApplicationFactory(call=call, status=Status.PRESELECTED, gender="female")

    # when
    response = staff_client.get(reverse("admin:volunteers_volunteerapplication_dashboard"))

    # then
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["call"] == call)
    statuses = {str(label): n for label, n in row["statuses"]}
    assert statuses["Eligible"] == 1
    assert statuses["Selected"] == 1
    assert statuses["Preselected"] == 1
    assert dict(row["selected_country"]) == {"NE": 1}
    assert {str(k): n for k, n in row["preselected_gender"]} == {"Female": 2}
    # eligible: 1 review of 2; preselected: 0 of 2
    assert row["missing_applications"] == 2
    assert row["missing_reviews"] == 3


def test_the_dashboard_runs_in_constant_queries(staff_client, django_assert_num_queries):
    call = CallFactory(volunteer=True)
    _populate(call, 3)
    CommuneApplicationFactory()
    url = reverse("admin:volunteers_volunteerapplication_dashboard")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)

    _populate(call, 30)
    _populate(CallFactory(volunteer=True), 10)
    CommuneApplicationFactory.create_batch(5)
    with django_assert_num_queries(len(few.captured_queries)):
        staff_client.get(url)


def test_the_dashboard_and_exports_are_for_staff_only(client):
    client.force_login(UserFactory())
    for url in [
        reverse("admin:volunteers_volunteerapplication_dashboard"),
        reverse("admin:volunteers_volunteerapplication_export", args=["csv"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


# --- Exports ---------------------------------------------------------------------------------


def test_the_csv_export_holds_the_filtered_list_with_formulas_defused(staff_client):
    # given
    VolunteerApplicationFactory(eligible=True, last_name='=HYPERLINK("http://x")')
    VolunteerApplicationFactory(status=Status.INELIGIBLE, last_name="Out")

    # when
    response = staff_client.get(
        reverse("admin:volunteers_volunteerapplication_export", args=["csv"]),
        {"status__exact": "eligible"},
    )

    # then
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 2
    assert rows[1][4] == '\'=HYPERLINK("http://x")'
    assert "Out" not in body


def test_the_xlsx_export_opens_as_a_workbook(staff_client):
    VolunteerApplicationFactory.create_batch(3, eligible=True)

    response = staff_client.get(
        reverse("admin:volunteers_volunteerapplication_export", args=["xlsx"])
    )

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 4


# --- Query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("as_reviewer", [False, True])
def test_the_changelist_pages_in_constant_queries(client, as_reviewer):
    """R5 at 100,000 applications: the query count does not grow with rows."""
    # given
    user = reviewer() if as_reviewer else UserFactory(superuser=True)
    client.force_login(user)
    call = CallFactory(volunteer=True)
    url = reverse(CHANGELIST)
    params = {"o": "-8", "call__id__exact": call.pk}

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries.captured_queries)

    ReviewFactory(application=VolunteerApplicationFactory(call=call, eligible=True))
    page_queries()  # warm the permission caches
    few = page_queries()

    # when
    other = UserFactory(staff=True)
    for application in VolunteerApplicationFactory.create_batch(60, call=call, eligible=True):
        ReviewFactory(application=application, reviewer=other)
        ReviewFactory(application=application, reviewer=user)
    many = page_queries()

    # then
    assert many == few


# --- Invitations -------------------------------------------------------------------------------


def test_inviting_preselected_applicants_emails_them_and_records_it(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    # given
    preselected = VolunteerApplicationFactory(status=Status.PRESELECTED, email="p@example.org")
    eligible = VolunteerApplicationFactory(eligible=True)
    data = {"action": "invite_to_interview", "_selected_action": [preselected.pk, eligible.pk]}

    # when: the first post asks for the message, the second sends
    form = staff_client.post(reverse(CHANGELIST), data)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse(CHANGELIST), data | {"apply": "1", "message": "Monday 10:00, video link"}
        )

    # then
    assert form.status_code == 200
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["p@example.org"]]
    assert "Monday 10:00" in mailoutbox[0].body
    preselected.refresh_from_db()
    assert preselected.invited_at is not None
    assert preselected.status == Status.PRESELECTED
    assert "Invited to the interview." in preselected.transitions.get().note
    eligible.refresh_from_db()
    assert eligible.invited_at is None
    assert any("Only a preselected applicant" in text for text in _messages(response))
