"""R23, R24, R41: the demo point of contact files a quarterly update with evidence (desktop, phone)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from commitments.models import Evidence, QuarterlyUpdate
from log_portal.quarters import Quarter

from .a11y import assert_no_serious_accessibility_violations
from .conftest import BOTH_VIEWPORTS

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True  # the command refuses to run in production
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False


@BOTH_VIEWPORTS
def test_point_of_contact_files_an_update_with_evidence(live_server, page, viewport, demo_data):
    quarter = Quarter.containing(timezone.localdate())
    # given: the demo point of contact logs in
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=username]", "pc.rufisque@example.org")
    page.fill("input[name=password]", "demo-password-2021")
    page.locator("main button[type=submit]").click()
    # then: the dashboard of Rufisque, with the update due
    assert "/workspace/commitments/communes/" in page.url
    assert page.locator("h1").inner_text().endswith("Rufisque")
    page.locator(f"a[href$='/updates/{quarter.year}/{quarter.number}/']").click()

    # when: the first commitment's update is filled, with a PDF, and submitted
    block = page.locator("fieldset.ws-block").first
    block_id = block.get_attribute("id").removeprefix("commitment-")
    page.fill(f"textarea[name=c{block_id}-progress]", "Le budget 2026 est publié en ligne.")
    page.select_option(f"select[name=c{block_id}-completion_level]", "substantial")
    block.locator("details.ws-evidence summary").click()
    page.set_input_files(
        f"input[name=e{block_id}-file]",
        files=[{"name": "compte-rendu.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.fill(f"input[name=e{block_id}-title]", "Compte rendu de la réunion publique")
    page.select_option(f"select[name=e{block_id}-kind]", "minutes")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert_no_serious_accessibility_violations(page)
    page.locator("button[name=submit]").click()

    # then: published, with its evidence
    assert page.locator(".message-success").count() == 1
    update = QuarterlyUpdate.objects.get(
        commitment_id=block_id, year=quarter.year, quarter=quarter.number
    )
    assert update.status == QuarterlyUpdate.Status.SUBMITTED
    assert Evidence.objects.get(update=update).content_type == "application/pdf"

    # and the public page of the commitment shows it
    page.goto(f"{live_server.url}/commitments/{block_id}/")
    assert page.get_by_text("Le budget 2026 est publié en ligne.").count() >= 1
