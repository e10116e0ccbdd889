"""OpenAPI schema and docs (self-hosted), the one error shape, and throttling."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.communes.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_schema_is_openapi_3_and_every_field_is_described(api):
    response = api.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    undescribed = [
        f"{name}.{prop}"
        for name, component in schema["components"]["schemas"].items()
        for prop, spec in component.get("properties", {}).items()
        if not spec.get("description") and "allOf" not in spec
    ]
    assert undescribed == []
    parameters = [
        f"{path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert parameters == []


def test_every_operation_documents_the_error_shape(api):
    schema = api.get(reverse("api:schema"), {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("400", "404", "429"):
                ref = operation["responses"][code]["content"]["application/json"]["schema"]
                assert ref == {"$ref": "#/components/schemas/Error"}, (path, method, code)


def test_docs_are_served_without_a_cdn(api):
    response = api.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html
    assert "unpkg" not in html


def test_any_other_api_address_answers_the_json_error_shape(api, db):
    for url in ("/api/v1/nothing-here/", "/api/v1/commitments/not-an-id/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_anonymous_clients_are_throttled_with_the_error_shape(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    url = reverse("api:cohort-list")
    codes = [api.get(url).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    body = api.get(url).json()
    assert body["status"] == 429
    assert body["code"] == "throttled"


def test_authenticated_clients_have_their_own_higher_limit(api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "5/minute"},
    }
    token = Token.objects.create(user=UserFactory())
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    url = reverse("api:cohort-list")
    codes = [api.get(url).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]


def test_a_wrong_token_is_refused_even_on_public_reads(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get(reverse("api:cohort-list"))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
