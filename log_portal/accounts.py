"""Accounts: login throttling (django-axes) and two-factor authentication (django-otp, TOTP).

Logging in takes two steps for a user with a confirmed TOTP device: the password (site or admin
login), then the six-digit code (``two-factor-verify``). Users without a device log in as
before. Wrong passwords and wrong codes count towards the same lockout (username + client
address, ``AXES_*`` settings). See docs/SECURITY.md.
"""

from __future__ import annotations

import re
import secrets
import time
from base64 import b32encode
from importlib import import_module
from typing import Any
from urllib.parse import urlencode

import django_otp
import qrcode
import qrcode.image.svg
from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from log_portal.errors import ApplicationError

PENDING_SESSION_KEY = "two_factor_pending"
SETUP_SESSION_KEY = "two_factor_setup_key"

# --- login throttling (django-axes) --------------------------------------------------------------


def client_address(request: HttpRequest) -> str | None:
    """The client address the lockout counts: REMOTE_ADDR only (a forwarded header is forgeable)."""
    return request.META.get("REMOTE_ADDR") or None


def login_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The login name the lockout counts, lower-cased: logins ignore case (User manager)."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) else None


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The lockout page in the site layout, with 429 Too Many Requests."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(
        request, "registration/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


class LoginThrottleBackend(AxesStandaloneBackend):
    """Refuses a locked-out login before its password is checked.

    Only logins made through a request are throttled: ``authenticate()`` called without one
    (the shell, a management command, a test) never comes from a client, so it is let through
    to the next backend instead of raising as django-axes does.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def _record_failed_code(request: HttpRequest, user: Any) -> None:
    """A wrong two-factor code counts as a failed login of that user from this address."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


# --- two-factor devices ------------------------------------------------------------------------


def confirmed_device(user: Any) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if they turned two-factor authentication on."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def _digits(token: str) -> int | None:
    token = re.sub(r"\s+", "", token or "")
    return int(token) if re.fullmatch(r"\d{6}", token) else None


def sessions_end_others(*, user: Any, keep: str | None) -> int:
    """Logs the user out everywhere but in the session ``keep``; returns how many were ended.

    Turning two-factor on must end the sessions opened with the password alone (a stolen
    password's session included). Django offers this only for a password change (the session
    auth hash derives from the password hash, and ``update_session_auth_hash`` keeps the
    current session), and django-otp offers nothing. So the user's sessions are found and
    deleted: sessions live in the database (``SESSION_ENGINE`` db, the default, or cached_db:
    ``SessionStore.delete`` clears the cache too), and their rows do not name the user, so the
    unexpired rows are read and decoded. That costs a pass over the live sessions, once per
    two-factor set-up, and no query on any other request; the alternatives were a query on
    every request (a middleware comparing each session with the user's devices) or a new
    column on the user or the session row.
    """
    engine = import_module(settings.SESSION_ENGINE)
    if not hasattr(engine.SessionStore, "get_model_class"):
        raise ImproperlyConfigured(
            "Two-factor set-up ends the user's other sessions: SESSION_ENGINE must keep them "
            "in the database (db or cached_db)."
        )
    model = engine.SessionStore.get_model_class()
    user_id = str(user.pk)
    ended = 0
    live = model.objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    for session in live.only("session_key", "session_data").iterator(chunk_size=500):
        if session.get_decoded().get(SESSION_KEY) == user_id:
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    return ended


def two_factor_enable(
    *, user: Any, key: str, token: str, keep_session: str | None = None
) -> TOTPDevice:
    """Turns two-factor authentication on once the user proves their app holds ``key``.

    The user's other sessions end (``sessions_end_others``): only ``keep_session``, the one
    that turned it on, stays logged in. Their API tokens are deleted too: they make a new one.
    """
    code = _digits(token)
    totp = TOTP(bytes.fromhex(key))
    totp.time = time.time()
    if code is None or not totp.verify(code, tolerance=1):
        raise ApplicationError(
            gettext("This code is not valid. Check the time of your phone and try again."),
            field="token",
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user,
            name=gettext("Authenticator app"),
            key=key,
            confirmed=True,
            last_t=totp.t(),
            drift=totp.drift,
        )
        sessions_end_others(user=user, keep=keep_session)
        # An API token made with the password alone would outlive those sessions.
        Token.objects.filter(user=user).delete()
        return device


def two_factor_check(*, user: Any, token: str) -> TOTPDevice:
    """The user's device if ``token`` is its current code; wrong codes are throttled per device."""
    device = confirmed_device(user)
    code = _digits(token)
    verified = None
    if device is not None and code is not None:
        verified = django_otp.verify_token(user, device.persistent_id, str(code))
    elif device is not None:
        device.throttle_increment(commit=True)
    if verified is None:
        raise ApplicationError(gettext("This code is not valid."), field="token")
    return verified


def two_factor_disable(*, user: Any, token: str) -> None:
    """Turns two-factor authentication off; only with a current code of the device."""
    two_factor_check(user=user, token=token)
    TOTPDevice.objects.filter(user=user).delete()


def qr_code_svg(data: str) -> str:
    """An inline SVG QR code of ``data``, made on the server (no script, no external image)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    return re.sub(r'^<svg width="[^"]*" height="[^"]*"', "<svg", svg, count=1)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- forms ---------------------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        help_text=_("The code your authenticator app shows now."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8}
        ),
    )


# --- views: login ---------------------------------------------------------------------------------


def _start_two_factor(request: HttpRequest, user: Any, next_url: str) -> HttpResponse:
    """The password was right and the user has a device: remember them and ask for the code."""
    request.session[PENDING_SESSION_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "next": next_url,
        "at": time.time(),
    }
    return redirect("two-factor-verify")


@method_decorator(sensitive_post_parameters(), name="dispatch")
class LoginView(DjangoLoginView):
    """The site login: the password, then the code if the user turned two-factor on."""

    def form_valid(self, form: forms.Form) -> HttpResponse:
        user = form.get_user()
        if confirmed_device(user) is not None:
            return _start_two_factor(self.request, user, self.get_success_url())
        return super().form_valid(form)


@never_cache
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin login (admin.site.login's context and form) with the two-factor step."""
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return HttpResponseRedirect(reverse("admin:index", current_app=site.name))
    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=site.name)
    request.current_app = site.name
    return LoginView.as_view(
        extra_context=context,
        authentication_form=site.login_form or AdminAuthenticationForm,
        template_name=site.login_template or "admin/login.html",
    )(request)


def _pending_user(request: HttpRequest) -> tuple[Any, dict[str, Any]] | None:
    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending["at"] > settings.TWO_FACTOR_LOGIN_TIMEOUT:
        request.session.pop(PENDING_SESSION_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class TwoFactorVerifyView(FormView):
    """Second login step: the code of the user's device; wrong codes count as failed logins."""

    form_class = TokenForm
    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = _pending_user(request)
        if found is None:
            messages.info(request, gettext("Your login took too long. Please log in again."))
            return redirect(settings.LOGIN_URL)
        self.user, self.pending = found
        credentials = {"username": self.user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING_SESSION_KEY, None)
            return lockout_response(request, None, credentials)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: TokenForm) -> HttpResponse:
        try:
            device = two_factor_check(user=self.user, token=form.cleaned_data["token"])
        except ApplicationError as error:
            _record_failed_code(self.request, self.user)
            if getattr(self.request, "axes_locked_out", False):
                self.request.session.pop(PENDING_SESSION_KEY, None)
                credentials = {"username": self.user.get_username()}
                return lockout_response(self.request, None, credentials)
            form.add_error("token", error.message)
            return self.form_invalid(form)
        next_url = self.pending["next"]
        del self.request.session[PENDING_SESSION_KEY]
        auth_login(self.request, self.user, backend=self.pending["backend"])
        django_otp.login(self.request, device)
        if not url_has_allowed_host_and_scheme(
            next_url, {self.request.get_host()}, require_https=self.request.is_secure()
        ):
            next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
        return HttpResponseRedirect(next_url)


# --- views: turning two-factor on and off ---------------------------------------------------------


@method_decorator([sensitive_post_parameters(), never_cache], name="dispatch")
class TwoFactorView(LoginRequiredMixin, View):
    """Any logged-in user (staff above all) turns two-factor on with a scanned key, or off."""

    template_name = "registration/two_factor.html"

    def _setup_key(self) -> str:
        key = self.request.session.get(SETUP_SESSION_KEY)
        if not key:
            key = secrets.token_hex(20)
            self.request.session[SETUP_SESSION_KEY] = key
        return key

    def _render(self, form: TokenForm, status: int = 200) -> HttpResponse:
        device = confirmed_device(self.request.user)
        context: dict[str, Any] = {"form": form, "device": device}
        if device is None:
            setup = TOTPDevice(user=self.request.user, key=self._setup_key())
            context["otpauth_url"] = setup.config_url
            context["secret"] = _grouped(b32encode(setup.bin_key).decode())
            context["qr_svg"] = mark_safe(qr_code_svg(setup.config_url))  # noqa: S308 - our SVG
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._render(TokenForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        token = form.cleaned_data["token"]
        try:
            if request.POST.get("action") == "disable":
                two_factor_disable(user=request.user, token=token)
                messages.success(request, gettext("Two-factor authentication is off."))
            elif confirmed_device(request.user) is None:
                device = two_factor_enable(
                    user=request.user,
                    key=self._setup_key(),
                    token=token,
                    keep_session=request.session.session_key,
                )
                request.session.pop(SETUP_SESSION_KEY, None)
                django_otp.login(request, device)
                messages.success(
                    request,
                    gettext(
                        "Two-factor authentication is on: logging in will ask for a code from "
                        "your app. Your other sessions and your API tokens have ended."
                    ),
                )
            else:
                return HttpResponse(status=400)
        except ApplicationError as error:
            form.add_error("token", error.message)
            return self._render(form, status=400)
        return redirect("two-factor")


# --- compulsory two-factor for superusers ------------------------------------------------------


class TwoFactorRequiredMiddleware:
    """OTP_REQUIRED_FOR_SUPERUSERS: a superuser uses the site only in a session verified by a code.

    Without a device, they are sent to the set-up page; with one but an unverified session (one
    opened before the device existed), they are logged out and log in again with a code.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.OTP_REQUIRED_FOR_SUPERUSERS:
            response = self._enforce(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _enforce(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not (user.is_authenticated and user.is_superuser) or user.is_verified():
            return None
        setup = reverse("two-factor")
        allowed = (setup, reverse("logout"), reverse("set_language"), settings.STATIC_URL)
        if request.path.startswith(allowed):
            return None
        if confirmed_device(user) is not None:
            auth_logout(request)
            login_url = resolve_url(settings.LOGIN_URL)
            return redirect(f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: request.path})}")
        messages.warning(
            request, gettext("Turn on two-factor authentication to use your administrator account.")
        )
        return redirect(setup)
