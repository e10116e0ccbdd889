"""The shared layout in a real browser: language, small screens, keyboard, accessibility, weight."""

import pytest

from communes.models import Commune

from .a11y import assert_no_serious_accessibility_violations
from .conftest import MOBILE
from .weight import page_weight

MAX_HOME_BYTES = 100 * 1024


@pytest.fixture
def member_commune(transactional_db):
    """A member commune, so that the home page shows a card with its status badge."""
    return Commune.objects.create(
        name="Dan-Kassari",
        slug="dan-kassari",
        country="NE",
        membership_status=Commune.MembershipStatus.ACTIVE,
    )


def test_home_page_is_in_french_by_default(live_server, page, member_commune):
    page.goto(live_server.url + "/")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("#language-select").input_value() == "fr"
    assert page.get_by_text("Dan-Kassari").is_visible()


def test_language_form_switches_to_english_without_javascript(live_server, new_page):
    # given: a French visitor whose browser runs no JavaScript
    page = new_page(java_script_enabled=False)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fr"

    # when
    page.locator("#language-select").select_option("en")
    page.locator("form.language-switch button[type=submit]").click()

    # then: back on the same page, in English, and it stays in English
    assert page.url == live_server.url + "/"
    assert page.locator("html").get_attribute("lang") == "en"
    page.reload()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#language-select").input_value() == "en"


def test_no_horizontal_scroll_at_360_px(live_server, mobile_page, member_commune):
    mobile_page.goto(live_server.url + "/")

    scroll_width = mobile_page.evaluate("document.documentElement.scrollWidth")

    assert scroll_width <= MOBILE["width"]


def test_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(live_server, new_page):
    page = new_page(locale="en-GB")
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")

    focused = page.evaluate("[document.activeElement.textContent, document.activeElement.hash]")
    assert focused == ["Skip to content", "#main"]
    assert page.locator(".skip-link").evaluate("link => link.getBoundingClientRect().left") >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, MOBILE], indirect=True)
def test_home_page_has_no_serious_accessibility_violation(live_server, page, member_commune):
    page.goto(live_server.url + "/")

    assert_no_serious_accessibility_violations(page)


def test_home_page_weighs_less_than_100_kb(live_server, page, member_commune):
    weight = page_weight(page, live_server.url + "/")

    assert 0 < weight < MAX_HOME_BYTES
