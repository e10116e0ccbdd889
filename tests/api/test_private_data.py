"""R8, R24, R25: no personal data, draft, restricted record or commenter's e-mail in any response."""

import json

import pytest
from django.urls import reverse

from tests.api.conftest import PRIVATE

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "cohort",
    "commune",
    "plan",
    "vision",
    "commitment",
    "milestone",
    "update",
    "evidence",
    "comment",
    "assessment",
]
# Keys that would carry personal data or who did what inside the portal.
FORBIDDEN_KEYS = {
    "author_email",
    "ip_hash",
    "date_of_birth",
    "passport_expires_on",
    "cv",
    "phone",
    "author",
    "submitted_by",
    "uploaded_by",
    "changed_by",
    "moderated_by",
    "replied_by",
    "point_of_contact",
    "members",
    "scores",
}


def keys_of(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def every_response(client) -> list[str]:
    """Every list and every detail of every public endpoint, as text."""
    bodies = []
    for name in ENDPOINTS:
        listing = client.get(reverse(f"api:{name}-list"), {"page_size": 200})
        assert listing.status_code == 200
        bodies.append(listing.content.decode())
        for row in listing.json()["results"]:
            detail = client.get(reverse(f"api:{name}-detail", args=[row["id"]]))
            assert detail.status_code == 200
            bodies.append(detail.content.decode())
    return bodies


@pytest.mark.parametrize("who", ["anonymous", "pc", "member", "staff"])
def test_no_private_value_appears_in_any_response(api, world, who):
    # given a client that may be logged in: logging in never unveils more on public endpoints
    if who == "pc":
        api.force_authenticate(world.pc)
    elif who == "member":
        api.force_authenticate(world.member)
    elif who == "staff":
        from tests.communes.factories import UserFactory

        api.force_authenticate(UserFactory(staff=True))
    bodies = every_response(api)
    text = "\n".join(bodies)
    # then the public records are there...
    assert "Budget participatif" in text
    assert "Merci pour cette mise à jour." in text
    # ...and nothing private is
    for name, value in vars(PRIVATE).items():
        assert value not in text, name
    for body in bodies:
        assert not keys_of(json.loads(body)) & FORBIDDEN_KEYS


def test_the_schema_describes_no_private_field(api, db):
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()
    properties = {
        prop
        for component in schema["components"]["schemas"].values()
        for prop in component.get("properties", {})
    }
    assert not properties & FORBIDDEN_KEYS
