"""Property-based run of schemathesis against the OpenAPI schema, on a small data set.

Every operation gets generated requests, valid ones and invalid ones; the run asserts no server
error and that every response conforms to the schema (status code, content type, body).
Bounded: at most 8 examples per operation and mode (under a minute in all), no shrinking, no example database.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=8,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(world, settings):
    """The schema served by the portal itself, on the small data set of ``world``."""
    # Generated requests come fast: lift throttling for this run (it is tested on its own).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }
    # Like Django's test client: the WSGI app must not close the test's connection (and its
    # transaction) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    ("mode", "who"),
    [
        # valid requests with a point of contact's token reach reads and writes
        (GenerationMode.POSITIVE, "point_of_contact"),
        # invalid requests, anonymous: refused with the documented errors, never a 5xx
        (GenerationMode.NEGATIVE, "anonymous"),
    ],
)
def test_api_conforms_to_its_schema(api_schema, world, mode, who):
    # The WSGI test client does not decode GZipMiddleware's compressed bodies.
    headers = {"Accept-Encoding": "identity"}
    if who == "point_of_contact":
        token, _ = Token.objects.get_or_create(user=world.pc)
        headers["Authorization"] = f"Token {token.key}"
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @BOUNDED
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Unsatisfiable:
            # Nothing invalid can be generated for this operation (e.g. no input at all).
            assert mode == GenerationMode.NEGATIVE
