"""Login throttling (issue #8, django-axes): 5 failed logins for one e-mail from one address lock
that pair out for 15 minutes, on the site login, the admin login and so the API token page."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from tests.communes.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def post_login(client, email, password, *, url=LOGIN, ip="203.0.113.7", **extra):
    return client.post(url, {"username": email, "password": password, **extra}, REMOTE_ADDR=ip)


def fail(client, email, times, **kwargs):
    for _ in range(times):
        response = post_login(client, email, "wrong-password", **kwargs)
    return response


def assert_logged_out(client):
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_logs_in(client):
    user = UserFactory(email="pc@example.org")
    response = fail(client, user.email, 4)
    assert response.status_code == 200  # the form again, with its error
    response = post_login(client, user.email, "pw")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    # a success clears the count
    assert not AccessAttempt.objects.exists()


def test_five_failures_lock_out_even_the_right_password(client):
    # given
    user = UserFactory(email="pc@example.org")
    fifth = fail(client, user.email, 5)
    # then the fifth failure already answers the lockout page
    assert fifth.status_code == 429
    # when the right password comes next
    response = post_login(client, user.email, "pw")
    # then
    assert response.status_code == 429
    assert_logged_out(client)
    html = response.content.decode()
    assert "Too many failed logins" in html
    assert "blocked after 5 failed attempts" in html
    assert "try again in 15 minutes" in html
    assert 'class="site-header"' in html  # in the site layout
    assert reverse("password_reset") in html
    assert response.headers["Content-Security-Policy"]


def test_the_lockout_ignores_the_case_of_the_address(client):
    user = UserFactory(email="pc@example.org")
    for email in ("PC@example.org", "pc@EXAMPLE.org", "Pc@example.org", "pc@example.org "):
        post_login(client, email, "wrong-password")
    response = post_login(client, "PC@Example.org", "wrong-password")
    assert response.status_code == 429
    assert post_login(client, user.email, "pw").status_code == 429


def test_another_user_from_the_same_address_is_not_locked(client):
    locked = UserFactory(email="locked@example.org")
    other = UserFactory(email="other@example.org")
    fail(client, locked.email, 5)
    response = post_login(client, other.email, "pw")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_the_same_user_from_another_address_is_not_locked(client):
    user = UserFactory(email="pc@example.org")
    fail(client, user.email, 5, ip="203.0.113.7")
    response = post_login(client, user.email, "pw", ip="198.51.100.20")
    assert response.status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, settings):
    user = UserFactory(email="pc@example.org")
    fail(client, user.email, 5)
    # when the attempts are older than 15 minutes
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    # then
    assert post_login(client, user.email, "pw").status_code == 302


def test_the_limit_and_cool_off_come_from_settings(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=60)
    user = UserFactory(email="pc@example.org")
    response = fail(client, user.email, 2)
    assert response.status_code == 429
    assert "try again in 60 minutes" in response.content.decode()


def test_the_admin_login_is_throttled_too(client):
    staff = UserFactory(email="staff@example.org", staff=True)
    fail(client, staff.email, 5, url=ADMIN_LOGIN)
    response = post_login(client, staff.email, "pw", url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert_logged_out(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_failures_on_the_site_and_admin_logins_add_up(client):
    staff = UserFactory(email="staff@example.org", staff=True)
    fail(client, staff.email, 3, url=ADMIN_LOGIN)
    fail(client, staff.email, 2)
    assert post_login(client, staff.email, "pw", url=ADMIN_LOGIN).status_code == 429


def test_a_locked_out_user_cannot_reach_the_api_token_page(client):
    """The API token is created only on /api/v1/tokens/ behind the (throttled) session login;
    the API itself takes tokens, never passwords (no basic authentication)."""
    user = UserFactory(email="pc@example.org")
    tokens = reverse("api:tokens")
    fail(client, user.email, 5, next=tokens)
    response = post_login(client, user.email, "pw", next=tokens)
    assert response.status_code == 429
    assert client.get(tokens).status_code == 302
    assert client.post(tokens, {"action": "create"}).status_code == 302
    assert not Token.objects.exists()


def test_the_api_does_not_accept_passwords(client):
    UserFactory(email="pc@example.org")
    response = client.get(
        reverse("api:tokens"), HTTP_AUTHORIZATION="Basic cGNAZXhhbXBsZS5vcmc6cHc="
    )
    assert response.status_code == 302  # to the login page: basic authentication is not enabled


def test_authenticate_without_a_request_is_not_throttled():
    """The shell, commands and tests call authenticate() without a request: no client to count."""
    user = UserFactory(email="pc@example.org")
    assert authenticate(username=user.email, password="pw") == user


def test_force_login_still_works(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("api:tokens")).status_code == 200
