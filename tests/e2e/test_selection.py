"""R2-R7 in a real browser: a volunteer applies; staff preselect, score, interview, select and
assign the volunteer to a selected commune."""

import datetime as dt

import pytest
from django.utils import timezone

from communes.models import CommuneApplication
from tests.communes.factories import (
    CallFactory,
    CohortFactory,
    CommuneApplicationFactory,
    CommuneFactory,
    UserFactory,
)
from volunteers.models import Mission, VolunteerApplication

from .a11y import assert_no_serious_accessibility_violations
from .conftest import BOTH_VIEWPORTS

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def selection(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    cohort = CohortFactory(
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=400)
    )
    call = CallFactory(
        cohort=cohort,
        volunteer=True,
        title="VAGOA call",
        opens_at=today - dt.timedelta(days=2),
        closes_at=today + dt.timedelta(days=30),
        mission_start=today + dt.timedelta(days=90),
    )
    commune = CommuneFactory(name="Kouroussa", country="GN")
    CommuneApplicationFactory(
        call=CallFactory(cohort=cohort, opens_at=call.opens_at, closes_at=call.closes_at),
        commune=commune,
        status=CommuneApplication.Status.SELECTED,
    )
    staff = UserFactory(superuser=True, email="staff@example.org")
    return {"call": call, "commune": commune, "staff": staff}


def _run_action(page, base, action):
    page.goto(base + "/admin/volunteers/volunteerapplication/")
    page.locator("input.action-select").first.check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index]").click()


@BOTH_VIEWPORTS
def test_apply_preselect_score_select_and_assign(live_server, new_page, viewport, selection):
    base = live_server.url
    call = selection["call"]

    # an applicant applies from the list of open calls (on a desktop, then on a phone)
    applicant = new_page(locale="en-US", viewport=viewport)
    applicant.goto(base + "/calls/")
    applicant.get_by_role("link", name="VAGOA call").click()
    applicant.get_by_role("link", name="Apply").click()
    assert_no_serious_accessibility_violations(applicant)
    # the form fits the screen (360 px on a phone): nothing scrolls sideways
    assert applicant.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    applicant.fill("#id_first_name", "Awa")
    applicant.fill("#id_last_name", "Ndiaye")
    applicant.fill("#id_email", "awa@example.org")
    applicant.select_option("#id_nationality", "SN")
    applicant.select_option("#id_country_of_residence", "SN")
    applicant.select_option("#id_gender", "female")
    applicant.check("input[name=languages][value=fr]")
    applicant.fill("#id_competence_domain", "Open data")
    applicant.check("#id_available_for_mission")
    applicant.fill(
        "#id_passport_expires_on", (call.mission_start + dt.timedelta(days=500)).isoformat()
    )
    applicant.fill("#id_motivation", "Open government")
    applicant.set_input_files(
        "#id_cv", files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    applicant.get_by_role("button", name="Send my application").click()
    applicant.get_by_role("heading", name="Application received").wait_for()
    assert_no_serious_accessibility_violations(applicant)
    application = VolunteerApplication.objects.get()
    assert application.receipt_number in applicant.locator(".receipt-number").inner_text()
    assert application.status == VolunteerApplication.Status.ELIGIBLE

    # staff log in and preselect (on a desktop, then on a phone)
    page = new_page(locale="en-US", viewport=viewport)
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "staff@example.org")
    page.fill("#id_password", "pw")
    page.locator("input[type=submit]").click()
    _run_action(page, base, "mark_preselected")
    page.get_by_text("1 application(s) moved.").wait_for()

    # staff score the application
    page.goto(base + f"/admin/volunteers/volunteerapplication/{application.pk}/change/")
    for name in (
        "languages_score",
        "competence_score",
        "open_data_score",
        "training_score",
        "local_governance_score",
        "civic_tech_score",
    ):
        page.fill(f"#id_reviews-0-{name}", "4")
    page.locator("input[name=_save]").click()
    page.locator(".messagelist").wait_for()
    assert application.reviews.get().reviewer == selection["staff"]

    # staff record the interview, then mark interviewed and select
    page.goto(base + "/admin/volunteers/interview/add/")
    page.fill("#id_application", str(application.pk))
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.fill("#id_notes", "Convincing")
    page.locator("input[name=_save]").click()
    page.locator(".messagelist").wait_for()
    _run_action(page, base, "mark_interviewed")
    page.get_by_text("1 application(s) moved.").wait_for()
    _run_action(page, base, "mark_selected")
    page.get_by_text("1 application(s) moved.").wait_for()

    # staff assign the volunteer to the selected commune
    _run_action(page, base, "assign_to_communes")
    page.select_option(f"#id_commune_{application.pk}", str(selection["commune"].pk))
    page.fill(f"#id_roadmap_{application.pk}", "Open the budget")
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("1 mission(s) created.").wait_for()

    mission = Mission.objects.get()
    assert mission.commune == selection["commune"]
    assert mission.volunteer.application == application
    assert mission.roadmap == "Open the budget"
    statuses = list(application.transitions.values_list("to_status", flat=True))
    assert statuses == ["eligible", "preselected", "interviewed", "selected"]


def test_a_rejected_form_keeps_the_answers_and_shows_the_errors_without_javascript(
    live_server, new_page, selection
):
    page = new_page(locale="en-US", java_script_enabled=False)
    page.goto(live_server.url + f"/volunteers/calls/{selection['call'].pk}/apply/")
    page.fill("#id_first_name", "Awa")
    page.get_by_role("button", name="Send my application").click()

    assert page.locator("#id_first_name").input_value() == "Awa"
    assert page.locator("#id_last_name_errors").is_visible()
    assert not VolunteerApplication.objects.exists()
