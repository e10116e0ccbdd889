"""The public tracker in a real browser: home → commune → plan → commitment, language, comment."""

import pytest

from commitments.models import Comment
from tests.public.world import build_world

from .a11y import assert_no_serious_accessibility_violations
from .conftest import BOTH_VIEWPORTS, MOBILE
from .weight import page_weight

MAX_PAGE_BYTES = 100 * 1024


@pytest.fixture
def world(transactional_db):
    return build_world()


@BOTH_VIEWPORTS
def test_browse_home_commune_plan_commitment_switch_language_and_comment(
    live_server, new_page, viewport, world
):
    page = new_page(viewport=viewport)
    weights = {}

    def first_load_weight(url: str) -> int:
        """Bytes of a first visit: a fresh browser context, so nothing comes from its cache."""
        return page_weight(new_page(), url)

    # home: the programme in numbers, then into the commune
    page.goto(live_server.url + "/")
    weights["home"] = first_load_weight(page.url)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Communes", exact=True).first.click()
    page.get_by_role("link", name="Rufisque").click()

    # commune page (R31)
    weights["commune"] = first_load_weight(page.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Rufisque"
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Plan Rufisque ouvert").first.click()

    # plan page
    weights["plan"] = first_load_weight(page.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Plan Rufisque ouvert"
    assert_no_serious_accessibility_violations(page)
    page.get_by_role("link", name="Budget participatif").first.click()

    # commitment page
    weights["commitment"] = first_load_weight(page.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Budget participatif"
    assert_no_serious_accessibility_violations(page)

    # switch to English: same page, in English
    commitment_url = page.url
    page.locator("#language-select").select_option("en")
    page.locator("form.language-switch button[type=submit]").click()
    assert page.url == commitment_url
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Quarterly progress updates").is_visible()

    # post a comment on the update; it waits for moderation
    page.get_by_text("Comment on this update").click()
    page.get_by_label("Your name").fill("Aminata")
    page.get_by_label("Your e-mail").fill("aminata@example.org")
    page.get_by_label("Your comment").fill("Quand la formation commence-t-elle ?")
    page.get_by_role("button", name="Send the comment").click()
    assert page.get_by_role("status").get_by_text("moderated").is_visible()
    comment = Comment.objects.get(author_name="Aminata")
    assert comment.status == Comment.Status.PENDING
    assert "Quand la formation" not in page.content()

    assert all(weight <= MAX_PAGE_BYTES for weight in weights.values()), weights


def test_public_pages_work_without_javascript_on_a_small_phone(live_server, new_page, world):
    page = new_page(viewport=MOBILE, java_script_enabled=False)
    urls = [
        "/",
        "/communes/",
        f"/communes/{world.commune.slug}/",
        f"/plans/{world.plan.pk}/",
        f"/commitments/{world.commitment.pk}/",
        "/commitments/?q=budget",
        "/data/",
    ]
    for url in urls:
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1, url
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], url
