"""Helpers to POST admin add forms the way a browser would, inline management forms included."""

import html
import re

MANAGEMENT_FIELD = re.compile(
    r'name="([^"]+-(?:TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)"[^>]*?value="([^"]*)"'
)


def management_data(client, url: str) -> dict[str, str]:
    """The inline formsets' management fields of the admin page at ``url``."""
    page = client.get(url)
    assert page.status_code == 200
    return dict(MANAGEMENT_FIELD.findall(page.content.decode()))


def page_text(response) -> str:
    return html.unescape(response.content.decode())
