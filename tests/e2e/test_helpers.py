"""The e2e helpers themselves: page weight counts compressed bytes, axe really fails, a failing
test leaves screenshots."""

import gzip
import http.server
import threading
from types import SimpleNamespace

import pytest

from .a11y import assert_no_serious_accessibility_violations
from .conftest import ARTIFACTS, MOBILE, save_screenshots_if_failed
from .weight import page_weight

HTML = (
    '<!doctype html><html lang="en"><title>Weight</title><link rel="stylesheet" href="/site.css">'
    + "<p>Open local government, commitment after commitment.</p>" * 2000
).encode()
CSS = b"body { color: #1b1f23; }\n" * 40


@pytest.fixture
def gzip_server():
    """Serves HTML gzip-compressed and a stylesheet uncompressed."""
    compressed_html = gzip.compress(HTML)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # http.server API
            if self.path == "/site.css":
                body, headers = CSS, {"Content-Type": "text/css"}
            else:
                body = compressed_html
                headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            self.send_response(200)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", len(compressed_html)
    server.shutdown()
    server.server_close()


def test_page_weight_counts_compressed_bodies_and_headers(page, gzip_server):
    url, compressed_html_size = gzip_server

    weight = page_weight(page, url)

    bodies = compressed_html_size + len(CSS)
    assert len(HTML) > 100_000 > bodies  # the page only stays light if compression is counted
    assert bodies < weight < bodies + 2_000  # plus two responses' headers


def test_accessibility_check_fails_listing_serious_violations(page):
    page.set_content('<html lang="en"><title>Bad</title><main><img src="x.png"></main></html>')

    with pytest.raises(AssertionError, match=r"\[critical\] image-alt") as failure:
        assert_no_serious_accessibility_violations(page)

    assert "img" in str(failure.value)


def test_accessibility_check_ignores_minor_violations(page):
    # given: only a moderate violation (no level-one heading)
    page.set_content('<html lang="en"><title>Fine</title><main><p>Text</p></main></html>')

    assert_no_serious_accessibility_violations(page)


def test_a_failed_test_leaves_a_screenshot_of_each_open_page(browser, request):
    # given: pages open in two contexts, as a test's new_page fixture holds them
    contexts = [browser.new_context(viewport=MOBILE), browser.new_context()]
    for context, title in zip(contexts, ("First", "Second"), strict=True):
        context.new_page().set_content(f'<html lang="en"><title>{title}</title><h1>{title}</h1>')
    node = SimpleNamespace(nodeid=f"{request.node.nodeid}[probe]")
    try:
        # when: the test passed, nothing is written
        node.rep_setup = node.rep_call = SimpleNamespace(failed=False)
        assert save_screenshots_if_failed(node, contexts) == []
        # when: its call failed
        node.rep_call = SimpleNamespace(failed=True)
        paths = save_screenshots_if_failed(node, contexts)
    finally:
        for context in contexts:
            context.close()

    # then: one PNG per page (none overwritten), in test-artifacts/, named after the test
    try:
        assert len({path.name for path in paths}) == 2
        assert [path.parent for path in paths] == [ARTIFACTS, ARTIFACTS]
        assert all("test_helpers.py" in path.name for path in paths)
        assert all(path.read_bytes().startswith(b"\x89PNG") for path in paths)
    finally:
        for path in paths:
            path.unlink(missing_ok=True)
