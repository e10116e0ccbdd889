"""Security headers (issue #8): Content-Security-Policy on every page, and HSTS, secure cookies,
nosniff, Referrer-Policy and X-Frame-Options under the production settings (DJANGO_DEBUG=0)."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.communes.factories import UserFactory
from tests.public.world import build_world

BASE_DIR = Path(__file__).resolve().parents[2]

EXPECTED_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def policy(response) -> dict[str, set[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: set(values) for name, *values in directives}


def assert_strict(directives: dict[str, set[str]]) -> None:
    for name, values in EXPECTED_POLICY.items():
        assert directives.get(name) == values, name
    every_value = set().union(*directives.values())
    assert not every_value & {"'unsafe-inline'", "'unsafe-eval'", "*"}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/communes/",
        "/accounts/login/",
        "/admin/login/",
        "/api/v1/communes/",
        "/no-such-page/",
    ],
)
def test_every_response_carries_the_strict_content_security_policy(client, db, url):
    response = client.get(url)
    assert_strict(policy(response))


def test_progress_bars_need_no_style_attribute_nor_inline_script(client, db):
    # given a commune with a plan half done: progress used to be drawn with style="width: 50%"
    world = build_world()
    for url in (
        reverse("public:communes"),
        reverse("public:commune", args=[world.commune.slug]),
        reverse("public:commitment", args=[world.commitment.pk]),
    ):
        # when
        response = client.get(url)
        html = response.content.decode()
        # then
        assert_strict(policy(response))
        assert '<progress class="progress" max="100" value="50"' in html
        assert " style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_the_admin_keeps_the_strict_policy(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_strict(policy(response))


def test_only_the_swagger_page_may_use_inline_styles(client, db):
    response = client.get(reverse("api:docs"))
    directives = policy(response)
    assert directives["style-src"] == {"'self'", "'unsafe-inline'"}
    assert directives["script-src"] == {"'self'"}
    # its set-up script is a file of its own, not an inline script
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.content.decode())
    script = client.get(reverse("api:docs") + "?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


TEMPLATES_DIR = BASE_DIR / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>"), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "on* event handler attribute"),
    (re.compile(r"\sstyle\s*=", re.IGNORECASE), "style attribute"),
    (re.compile(r"<style", re.IGNORECASE), "<style> element"),
    (re.compile(r"javascript:", re.IGNORECASE), "javascript: URL"),
]


def test_no_template_needs_inline_script_or_style():
    """The policy forbids them; PDF templates are exempt (WeasyPrint, not a browser)."""
    found = []
    for path in sorted(TEMPLATES_DIR.rglob("*.html")):
        if path.relative_to(TEMPLATES_DIR).parts[0] == "pdf":
            continue
        text = path.read_text()
        found += [f"{path.relative_to(BASE_DIR)}: {what}" for rx, what in INLINE if rx.search(text)]
    assert found == []


# --- production settings --------------------------------------------------------------------

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings

# The static files manifest comes from collectstatic at deployment: plain storage here.
storages = settings.STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
with override_settings(STORAGES=storages):
    response = Client().get("/accounts/login/", secure=True, HTTP_HOST="portal.example.org")
    insecure = Client().get("/accounts/login/", HTTP_HOST="portal.example.org")
cookie = response.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "csrf_cookie": {"secure": cookie["secure"], "samesite": cookie["samesite"]},
    "insecure": [insecure.status_code, insecure.headers.get("Location")],
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY],
}))
"""


@pytest.fixture(scope="module")
def production():
    """One page served by the production settings (DJANGO_DEBUG=0), as a client would get it."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "log_portal.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains(production):
    assert production["status"] == 200
    hsts = production["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert "preload" in hsts


def test_production_redirects_plain_http_to_https(production):
    status, location = production["insecure"]
    assert status == 301
    assert location == "https://portal.example.org/accounts/login/"


def test_production_cookies_are_secure(production):
    assert production["csrf_cookie"] == {"secure": True, "samesite": "Lax"}
    assert production["session_cookie"] == [True, True]


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
)
def test_production_sends_the_protective_headers(production, header, value):
    assert production["headers"][header] == value


def test_production_sends_the_strict_content_security_policy(production):
    header = production["headers"]["Content-Security-Policy"]
    directives = {
        name: set(values)
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }
    assert_strict(directives)


# --- CSRF --------------------------------------------------------------------------------------


def test_a_form_posted_without_its_csrf_token_is_refused(db):
    user = UserFactory(email="pc@example.org")
    browser = Client(enforce_csrf_checks=True)
    # a forged cross-site login
    response = browser.post("/accounts/login/", {"username": user.email, "password": "pw"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
    # a forged request in a logged-in session
    browser.force_login(user)
    response = browser.post(reverse("api:tokens"), {"action": "create"})
    assert response.status_code == 403
    assert not Token.objects.filter(user=user).exists()
