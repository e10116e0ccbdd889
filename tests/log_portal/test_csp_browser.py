"""The Content-Security-Policy breaks nothing (issue #8): Chromium opens public, workspace,
two-factor and admin pages and the API documentation, and reports no CSP violation.

It drives the same Chromium as tests/e2e (constants from tests/e2e/conftest.py) with a browser of
its own for this module, so that the browser's event loop ends with the module (see the comment
in tests/e2e/conftest.py about DJANGO_ALLOW_ASYNC_UNSAFE).
"""

import os

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from commitments.models import Commitment
from communes.models import Commune
from tests.e2e.conftest import CHROMIUM_ARGS, CHROMIUM_PATH

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM_PATH):
        pytest.fail(f"Chromium not found at {CHROMIUM_PATH}: run `make browser`")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True  # the command refuses to run in production
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False


def open_as(chromium, base_url, email):
    """A logged-in page that records every console message about the policy."""
    context = chromium.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    violations = []

    def record(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", record)
    if email:
        page.goto(base_url + "/accounts/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", "demo-password-2021")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
    return context, page, violations


def visit(page, url):
    response = page.goto(url)
    assert response.status < 400, url
    page.wait_for_load_state("networkidle")


def test_no_page_breaks_the_content_security_policy(chromium, live_server, demo):
    base = live_server.url
    rufisque = Commune.objects.get(slug="rufisque")
    commitment = Commitment.objects.filter(plan__communes=rufisque).first()
    checked = []

    # a citizen
    context, page, citizen = open_as(chromium, base, None)
    for url in ("/", "/communes/", f"/communes/{rufisque.slug}/", "/commitments/"):
        visit(page, base + url)
    visit(page, base + f"/commitments/{commitment.pk}/")
    assert page.locator("progress.progress").count() >= 1
    # the API documentation (Swagger UI) draws itself
    visit(page, base + "/api/v1/docs/")
    page.locator(".swagger-ui .information-container").wait_for()
    checked.append(len(citizen))
    context.close()

    # the point of contact in the workspace (its forms use static/js/workspace.js)
    context, page, contact = open_as(chromium, base, "pc.rufisque@example.org")
    assert "/workspace/" in page.url
    page.wait_for_load_state("networkidle")
    for link in page.locator("main a[href^='/workspace/']").all()[:6]:
        href = link.get_attribute("href")
        visit(page, base + href)
        page.go_back()
    visit(page, base + "/accounts/two-factor/")
    assert page.locator(".qr-code svg").is_visible()
    context.close()

    # staff in the admin: index, a list with filters and actions, a change form with widgets
    context, page, staff = open_as(chromium, base, "staff@example.org")
    visit(page, base + "/admin/")
    for url in (
        "/admin/communes/commune/",
        f"/admin/communes/commune/{rufisque.pk}/change/",
        "/admin/volunteers/volunteerapplication/",
        "/admin/commitments/commitment/",
        f"/admin/commitments/commitment/{commitment.pk}/change/",
        "/admin/communes/call/add/",
        "/admin/axes/accessattempt/",
    ):
        visit(page, base + url)
    context.close()

    assert citizen + contact + staff == []
