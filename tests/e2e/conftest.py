"""Browser journeys: headless Chromium (Debian's package, no download) driven by Playwright.

Pages run against pytest-django's ``live_server`` on the real PostgreSQL test database. Every
test in this folder is marked ``e2e`` (``pytest -m "not e2e"`` leaves them out). When a test
fails, a screenshot of each page it opened goes to ``test-artifacts/``.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Issue #8: each journey runs on a desktop screen and on a 360-pixel-wide phone.
BOTH_VIEWPORTS = pytest.mark.parametrize(
    "viewport", [DESKTOP, MOBILE], ids=["desktop", "360px"], indirect=True
)
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the item (rep_setup, rep_call...) for the screenshots."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the whole of tests/e2e, stopped (with its event loop) when they end."""
    if not os.path.exists(CHROMIUM_PATH):
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: run `make browser` (apt-get install chromium)"
            " or set CHROMIUM_PATH"
        )
    # Playwright's sync API keeps an asyncio event loop running in the test thread while it
    # lives, so Django believes the tests (and the fixtures creating their data) run in async
    # context and refuses database access (SynchronousOnlyOperation). Nothing is really
    # concurrent here: allow it, but only while the browser lives. It must not leak further:
    # subprocesses inherit it (`check --deploy` fails on it: async.E001), hence package scope.
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
def viewport(request):
    """The page's size; parametrise with ``indirect=["viewport"]`` to change it."""
    return getattr(request, "param", DESKTOP)


@pytest.fixture
def new_page(browser, request):
    """Factory opening a page in a fresh browser context (own cookies), closed after the test."""
    contexts = []

    def open_page(*, viewport=DESKTOP, locale="fr-FR", **context_options):
        context = browser.new_context(viewport=viewport, locale=locale, **context_options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    save_screenshots_if_failed(request.node, contexts)
    for context in contexts:
        context.close()


def save_screenshots_if_failed(node, contexts) -> list[Path]:
    """When the test's set-up or call failed, a full-page PNG of each open page in test-artifacts/
    (numbered across the test's browser contexts)."""
    reports = [getattr(node, f"rep_{when}", None) for when in ("setup", "call")]
    if not any(report is not None and report.failed for report in reports):
        return []
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", node.nodeid)
    pages = [page for context in contexts for page in context.pages]
    paths = []
    for index, page in enumerate(pages):
        path = ARTIFACTS / f"{name}-{index}.png"
        try:
            page.screenshot(path=path, full_page=True)
        except Exception as error:  # a screenshot must never hide the failure
            print(f"screenshot of {page.url} failed: {error}")
        else:
            paths.append(path)
    return paths


@pytest.fixture
def page(new_page, viewport):
    """A page in French (the portal's default), on a desktop screen unless parametrised."""
    return new_page(viewport=viewport)


@pytest.fixture
def mobile_page(new_page):
    """A page in French on a small phone (360 x 740)."""
    return new_page(viewport=MOBILE)
