"""Two-factor authentication (issue #8, django-otp TOTP): turning it on and off at
/accounts/two-factor/, then the site and admin logins asking for the code."""

import base64
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from tests.communes.factories import UserFactory

pytestmark = pytest.mark.django_db

SETUP = "/accounts/two-factor/"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
VERIFY = "/accounts/login/code/"


def code(key_hex: str, *, offset: int = 0) -> str:
    """The app's code for the key at this moment (``offset`` steps of 30 s away)."""
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + 30 * offset
    return f"{totp.token():06d}"


def wrong(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


def device_for(user, *, confirmed=True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=confirmed)


def log_in(client, user, *, url=LOGIN, **extra):
    return client.post(url, {"username": user.email, "password": "pw", **extra})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- turning it on and off --------------------------------------------------------------------


def test_the_page_needs_a_login(client):
    response = client.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_navigation_links_the_page_for_logged_in_users_only(client):
    link = f'href="{SETUP}"'
    assert link not in client.get("/").content.decode()
    client.force_login(UserFactory())
    assert link in client.get("/").content.decode()


def test_the_admin_user_tools_link_the_page_and_keep_djangos_links(client):
    client.force_login(UserFactory(staff=True))
    html = client.get(reverse("admin:index")).content.decode()
    tools = html[html.index('id="user-tools"') :]
    assert f'href="{SETUP}"' in tools
    assert f'href="{reverse("admin:password_change")}"' in tools
    assert f'action="{reverse("admin:logout")}"' in tools


def test_the_page_shows_the_key_as_text_and_as_an_inline_svg_qr_code(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    response = client.get(SETUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert "<path" in html
    assert "<img" not in html
    key = client.session["two_factor_setup_key"]
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert base64.b32decode(secret.replace(" ", "")) == bytes.fromhex(key)
    # nothing is stored before the code confirms it
    assert not TOTPDevice.objects.exists()
    # the same key while the set-up lasts
    client.get(SETUP)
    assert client.session["two_factor_setup_key"] == key


def test_a_right_code_turns_it_on(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    client.get(SETUP)
    key = client.session["two_factor_setup_key"]
    response = client.post(SETUP, {"action": "enable", "token": code(key)}, follow=True)
    device = TOTPDevice.objects.get(user=staff)
    assert device.confirmed
    assert device.key == key
    assert "Two-factor authentication is on" in response.content.decode()
    # the session that turned it on counts as verified
    assert client.session["otp_device_id"] == device.persistent_id


def test_a_wrong_code_does_not_turn_it_on(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    client.get(SETUP)
    key = client.session["two_factor_setup_key"]
    for token in (wrong(code(key)), "abc", "12345"):
        response = client.post(SETUP, {"action": "enable", "token": token})
        assert response.status_code == 400
        assert "This code is not valid." in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_turning_it_off_needs_a_right_code(client):
    staff = UserFactory(staff=True)
    device = device_for(staff)
    client.force_login(staff)
    response = client.post(SETUP, {"action": "disable", "token": wrong(code(device.key))})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    # the throttle of the device makes the next try wait: start it again for this test
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(SETUP, {"action": "disable", "token": code(device.key)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()


def test_a_point_of_contact_may_turn_it_on_too(client):
    """Staff are the target, but any logged-in user may protect their account."""
    contact = UserFactory()
    client.force_login(contact)
    client.get(SETUP)
    key = client.session["two_factor_setup_key"]
    client.post(SETUP, {"action": "enable", "token": code(key)})
    assert TOTPDevice.objects.filter(user=contact, confirmed=True).exists()


def test_turning_it_on_logs_the_user_out_of_their_other_sessions():
    # given: the same user logged in on a laptop and a phone, another user elsewhere
    staff, colleague = UserFactory(staff=True), UserFactory(staff=True)
    laptop, phone, other = Client(), Client(), Client()
    for browser, user in ((laptop, staff), (phone, staff), (other, colleague)):
        assert log_in(browser, user).status_code == 302
    phone_key = phone.session.session_key
    # when: the laptop turns two-factor on
    laptop.get(SETUP)
    key = laptop.session["two_factor_setup_key"]
    assert laptop.post(SETUP, {"action": "enable", "token": code(key)}).status_code == 302
    # then: the phone's next request is logged out
    response = phone.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Session.objects.filter(session_key=phone_key).exists()
    # the laptop stays logged in, verified; the other user is untouched
    assert laptop.get(SETUP).status_code == 200
    assert logged_in_user_id(laptop) == str(staff.pk)
    assert laptop.session["otp_device_id"] == TOTPDevice.objects.get(user=staff).persistent_id
    assert other.get(SETUP).status_code == 200
    assert logged_in_user_id(other) == str(colleague.pk)


def test_turning_it_on_deletes_the_users_api_tokens_only(client):
    # given: a token made with the password alone, and a colleague's token
    staff, colleague = UserFactory(staff=True), UserFactory(staff=True)
    Token.objects.create(user=staff)
    kept = Token.objects.create(user=colleague)
    log_in(client, staff)
    # when
    client.get(SETUP)
    key = client.session["two_factor_setup_key"]
    assert client.post(SETUP, {"action": "enable", "token": code(key)}).status_code == 302
    # then
    assert not Token.objects.filter(user=staff).exists()
    assert Token.objects.filter(pk=kept.pk).exists()


def test_sessions_outside_the_database_are_refused_loudly(settings):
    from django.core.exceptions import ImproperlyConfigured

    from log_portal.accounts import sessions_end_others

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    with pytest.raises(ImproperlyConfigured):
        sessions_end_others(user=UserFactory(), keep=None)


def test_a_refused_code_ends_no_session():
    staff = UserFactory(staff=True)
    laptop, phone = Client(), Client()
    log_in(laptop, staff)
    log_in(phone, staff)
    laptop.get(SETUP)
    key = laptop.session["two_factor_setup_key"]
    response = laptop.post(SETUP, {"action": "enable", "token": wrong(code(key))})
    assert response.status_code == 400
    assert phone.get(SETUP).status_code == 200
    assert logged_in_user_id(phone) == str(staff.pk)


# --- the site login ---------------------------------------------------------------------------


def test_staff_without_a_device_log_in_as_before(client):
    staff = UserFactory(staff=True)
    response = log_in(client, staff)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(staff.pk)


def test_an_unconfirmed_device_does_not_ask_for_a_code(client):
    staff = UserFactory(staff=True)
    device_for(staff, confirmed=False)
    log_in(client, staff)
    assert logged_in_user_id(client) == str(staff.pk)


def test_with_a_device_the_password_alone_does_not_log_in(client):
    staff = UserFactory(staff=True)
    device_for(staff)
    response = log_in(client, staff)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert logged_in_user_id(client) is None
    page = client.get(VERIFY)
    assert "Two-factor code" in page.content.decode()
    assert logged_in_user_id(client) is None
    # nor does going elsewhere
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("api:tokens")).status_code == 302


def test_a_wrong_code_is_refused(client):
    staff = UserFactory(staff=True)
    device = device_for(staff)
    log_in(client, staff)
    response = client.post(VERIFY, {"token": wrong(code(device.key))})
    assert response.status_code == 200
    assert "This code is not valid." in response.content.decode()
    assert logged_in_user_id(client) is None


def test_a_right_code_logs_in_and_goes_to_next(client):
    staff = UserFactory(staff=True)
    device = device_for(staff)
    log_in(client, staff, next="/api/v1/tokens/")
    response = client.post(VERIFY, {"token": code(device.key)})
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/tokens/"
    assert logged_in_user_id(client) == str(staff.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    # a code is used once
    client.logout()
    log_in(client, staff)
    assert client.post(VERIFY, {"token": code(device.key)}).status_code == 200
    assert logged_in_user_id(client) is None


def test_the_code_step_without_a_password_step_goes_back_to_login(client):
    staff = UserFactory(staff=True)
    device = device_for(staff)
    response = client.post(VERIFY, {"token": code(device.key)})
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert logged_in_user_id(client) is None


def test_the_code_step_expires(client, settings):
    settings.TWO_FACTOR_LOGIN_TIMEOUT = 0
    staff = UserFactory(staff=True)
    device = device_for(staff)
    log_in(client, staff)
    time.sleep(0.01)
    response = client.post(VERIFY, {"token": code(device.key)})
    assert response.status_code == 302
    assert logged_in_user_id(client) is None


def test_wrong_codes_count_towards_the_lockout(client):
    staff = UserFactory(staff=True)
    device = device_for(staff)
    log_in(client, staff)
    for _ in range(4):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        response = client.post(VERIFY, {"token": wrong(code(device.key))})
        assert response.status_code == 200
    response = client.post(VERIFY, {"token": wrong(code(device.key))})
    assert response.status_code == 429
    # then even the password and a right code are refused
    assert log_in(client, staff).status_code == 429
    assert logged_in_user_id(client) is None


def test_non_staff_without_a_device_are_unaffected(client):
    contact = UserFactory()
    response = log_in(client, contact)
    assert response.status_code == 302
    assert response["Location"] == reverse("action_plans:home")
    assert logged_in_user_id(client) == str(contact.pk)


# --- the admin login ---------------------------------------------------------------------------


def test_the_admin_login_asks_for_the_code(client):
    staff = UserFactory(staff=True)
    device = device_for(staff)
    response = log_in(client, staff, url=ADMIN_LOGIN, next="/admin/")
    assert response["Location"] == VERIFY
    assert client.get("/admin/").status_code == 302
    response = client.post(VERIFY, {"token": wrong(code(device.key))})
    assert logged_in_user_id(client) is None
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    response = client.post(VERIFY, {"token": code(device.key)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_without_a_device_is_unchanged(client):
    staff = UserFactory(staff=True)
    response = client.get(ADMIN_LOGIN)
    assert 'id="id_username"' in response.content.decode()
    response = log_in(client, staff, url=ADMIN_LOGIN, next="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_still_refuses_non_staff(client):
    contact = UserFactory()
    response = log_in(client, contact, url=ADMIN_LOGIN, next="/admin/")
    assert response.status_code == 200
    assert logged_in_user_id(client) is None


# --- OTP_REQUIRED_FOR_SUPERUSERS -----------------------------------------------------------------


def test_by_default_a_superuser_without_a_device_works_as_before(client):
    superuser = UserFactory(superuser=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


def test_required_for_superusers_sends_one_without_a_device_to_set_up(client, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(superuser=True)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    key = client.session["two_factor_setup_key"]
    client.post(SETUP, {"action": "enable", "token": code(key)})
    assert client.get("/admin/").status_code == 200


def test_required_for_superusers_logs_out_an_unverified_session(client, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    superuser = UserFactory(superuser=True)
    device_for(superuser)
    client.force_login(superuser)  # a session opened without the code
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert logged_in_user_id(client) is None


def test_required_for_superusers_leaves_other_staff_alone(client, settings):
    settings.OTP_REQUIRED_FOR_SUPERUSERS = True
    staff = UserFactory(staff=True)
    client.force_login(staff)
    assert client.get(reverse("api:tokens")).status_code == 200
