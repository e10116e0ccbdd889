"""Page weight: the bytes a browser really transfers (compressed) to show a page."""

COUNTED_TYPES = {"document", "stylesheet", "script", "font"}


def page_weight(page, url: str) -> int:
    """Loads ``url`` and returns the bytes transferred (headers + encoded bodies) for HTML, CSS,
    JS and fonts. Playwright's ``Request.sizes()`` gives the body as sent on the wire, i.e.
    gzip- or brotli-compressed when the server compresses."""
    finished = []

    def record(request):
        finished.append(request)

    page.on("requestfinished", record)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", record)
    total = 0
    for request in finished:
        if request.resource_type in COUNTED_TYPES:
            sizes = request.sizes()
            total += sizes["responseHeadersSize"] + sizes["responseBodySize"]
    return total
