"""Accessibility check with axe-core (bundled by axe-playwright-python: works offline)."""

from axe_playwright_python.sync_playwright import Axe

BLOCKING_IMPACTS = {"serious", "critical"}

_axe = Axe()


def assert_no_serious_accessibility_violations(page) -> None:
    """Runs axe-core on the page as it is now; fails listing every serious/critical violation."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious accessibility violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
            lines.extend(
                f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}"
                for node in violation["nodes"][:5]
            )
        raise AssertionError("\n".join(lines))


def assert_no_serious_accessibility_violations_in_copy(page, twin) -> None:
    """The same check for a page whose browser runs no JavaScript (axe cannot run there): its
    HTML as it is now, served at its own address to ``twin`` (a page with JavaScript, for axe
    only; the site's own scripts are blocked so that the copy stays as the user sees it)."""
    html, url = page.content(), page.url
    twin.route("**/*.js", lambda route: route.abort())
    twin.route(url, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    try:
        twin.goto(url)
        assert_no_serious_accessibility_violations(twin)
    finally:
        twin.unroute_all()
