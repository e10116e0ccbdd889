"""Settings of the LOG Portal, read from environment variables (django-environ).

Development defaults are safe: with no ``.env`` and no variables, the portal runs in debug mode
on the embedded PostgreSQL and Redis under ``.data/``. ``DJANGO_DEBUG=0`` switches on the
production settings (``manage.py check --deploy`` is clean). See ``.env.example``.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from log_portal import embedded

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(environ.Env().str("LOG_PORTAL_DATA_DIR", default=str(BASE_DIR / ".data")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY",
    default="dev-only-insecure-key-change-me" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

INSTALLED_APPS = [
    "log_portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_countries",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "communes",
    "volunteers",
    "action_plans",
    "commitments",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "log_portal.accounts.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "log_portal.urls"
WSGI_APPLICATION = "log_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database: DATABASE_URL, or the embedded PostgreSQL under .data/pg -------------------------
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    DATABASES = {"default": env.db_url_config(embedded.database_url(DATA_DIR, "log_portal"))}
# A Celery worker started by the tests works on the test database (tests/conftest.py).
if env.str("LOG_PORTAL_DB_NAME", default=""):
    DATABASES["default"]["NAME"] = env.str("LOG_PORTAL_DB_NAME")
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=0)
DATABASES["default"]["TEST"] = {"NAME": env.str("LOG_PORTAL_TEST_DB", default="test_log_portal")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: REDIS_URL, or the embedded redis-server under .data/redis -------------------------
# Tests use another Redis database number so that they never share a queue or a cache with a
# running `make run` worker (a worker started by the tests gets REDIS_DB=1 explicitly).
RUNNING_TESTS = "pytest" in sys.modules
REDIS_DB = env.int("REDIS_DB", default=1 if RUNNING_TESTS else 0)
if env.str("REDIS_URL", default=""):
    REDIS_URL = env.str("REDIS_URL")
    CELERY_BROKER_URL = REDIS_URL
    CACHE_URL = REDIS_URL
else:
    _sock = embedded.redis_socket(DATA_DIR)
    REDIS_URL = f"unix://{_sock}?db={REDIS_DB}"
    CELERY_BROKER_URL = f"redis+socket://{_sock}?virtual_host={REDIS_DB}"
    CACHE_URL = REDIS_URL

# Public pages (log_portal/public/caching.py): how long an anonymous visitor's page is kept, and
# how long the data stamp is reused before the database is asked again (a citizen sees a change
# at most that late). Tests read the stamp fresh: they change data and look at once.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
PUBLIC_STAMP_SECONDS = env.int("PUBLIC_STAMP_SECONDS", default=0 if RUNNING_TESTS else 5)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="log"),
    }
}

# --- Celery ------------------------------------------------------------------------------------
CELERY_RESULT_BACKEND = CELERY_BROKER_URL  # "redis+socket://" selects the Redis backend too
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # R30: the inactivity check runs after each quarter's grace period, by default on the
    # 16th day of January, April, July and October.
    "inactivity-check": {
        "task": "monitoring.tasks.inactivity_check_task",
        "schedule": crontab(minute=0, hour=3, day_of_month=16, month_of_year="1,4,7,10"),
    },
}

# --- Auth --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "log_portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "public:home"
LOGOUT_REDIRECT_URL = "public:home"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before the password is checked.
    "log_portal.accounts.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and time ------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("pt", _("Portuguese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_MAX_AGE = 3600
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# R24: evidence files up to 10 MB by default.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024)
# R23: days after a quarter's end during which its update may still be filed.
UPDATE_GRACE_DAYS = env.int("UPDATE_GRACE_DAYS", default=15)
# Uploads (log_portal/uploads.py): office documents (zips) past these are refused as zip bombs.
UPLOAD_ZIP_LIMITS = {
    "max_uncompressed_bytes": 100 * 1024 * 1024,
    "max_ratio": 100,
    "max_members": 10_000,
}

# --- E-mail ------------------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="LOG Portal <noreply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST framework ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "log_portal.api.HarvestCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "log_portal.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "log_portal.api.AnonThrottle",
        "log_portal.api.UserThrottle",
    ],
    # Overridden under "# --- API ---" at the end of this file.
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute"},
}

# --- Security ----------------------------------------------------------------------------------
# docs/SECURITY.md says what each of these protects and which tests cover it.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy (django-csp 4): only this site's own files; no inline script or style,
# no eval, no plugin, no framing. Pages keep every script and style in static/. The API's
# Swagger page relaxes style-src for itself only (log_portal/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one e-mail address
# from one client address, that pair is locked out for AXES_COOLOFF_MINUTES; the site login,
# the admin login and the two-factor step all count. Attempts are kept in the database (visible
# and removable by staff in the admin) and expire with the cool-off. Successful logins are not
# logged (personal data kept to the minimum).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "log_portal.accounts.login_username"
# REMOTE_ADDR only, like the application rate limit: a forwarded header can be forged (behind a
# proxy, the proxy sets REMOTE_ADDR, e.g. gunicorn --forwarded-allow-ips).
AXES_CLIENT_IP_CALLABLE = "log_portal.accounts.client_address"
AXES_LOCKOUT_CALLABLE = "log_portal.accounts.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Masked in the stored attempts and the logs (the password always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "token", "csrfmiddlewaretoken"]

# Two-factor authentication (django-otp, TOTP): any user may enable it at /accounts/two-factor/;
# once a device is confirmed, the site and admin logins ask for its code. Staff are the target.
# OTP_REQUIRED_FOR_SUPERUSERS=1 makes it compulsory for superusers: one without a device is
# sent to the set-up page until they confirm one, one whose session was not verified with a
# code is logged out.
OTP_REQUIRED_FOR_SUPERUSERS = env.bool("OTP_REQUIRED_FOR_SUPERUSERS", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="LOG Portal")
# Wrong codes make the next try wait 1, 2, 4, 8... seconds (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
# Seconds between the password step and the code step of a two-factor login.
TWO_FACTOR_LOGIN_TIMEOUT = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "pgserver": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # lockouts and failures, not every successful login
    },
}

# --- API ---------------------------------------------------------------------------------------
# R32: public open data and authenticated updates under /api/v1/ (log_portal/api_urls.py).
# Throttles count in the default (Redis) cache; rates are per client IP for anonymous clients
# and per user for authenticated ones.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
    "user": env.str("API_THROTTLE_USER", default="600/minute"),
}
# --- Public site ---
# R32: the licence of the open data (Frictionless "licenses" entry); CC BY 4.0 unless set.
OPEN_DATA_LICENCE = {
    "name": env.str("OPEN_DATA_LICENCE_NAME", default="CC-BY-4.0"),
    "title": env.str("OPEN_DATA_LICENCE_TITLE", default="Creative Commons Attribution 4.0"),
    "path": env.str(
        "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
    ),
}

API_MAX_PAGE_SIZE = env.int("API_MAX_PAGE_SIZE", default=200)
SPECTACULAR_SETTINGS = {
    "TITLE": "LOG Portal API",
    "DESCRIPTION": (
        "Open data of the Local Open GovLab and OGP Local action plans (R32): cohorts, "
        "communes and their membership history, action plans, strategic visions, commitments, "
        "milestones, quarterly updates, evidence, approved comments and submitted assessments. "
        "Reading is public and anonymous. Points of contact file quarterly updates and evidence, "
        "and monitoring body members submit assessments, with a token "
        "(`Authorization: Token <key>`, created at /api/v1/tokens/) or the browser session. "
        "Lists use cursor pagination (follow `next`); harvest incrementally with "
        "`updated_since`. Data licence: " + OPEN_DATA_LICENCE["title"] + "."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "LICENSE": {"name": OPEN_DATA_LICENCE["title"], "url": OPEN_DATA_LICENCE["path"]},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "log_portal.api.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "MembershipStatusEnum": "communes.models.Commune.MembershipStatus",
        "PlanStatusEnum": "action_plans.models.ActionPlan.Status",
        "CommitmentStatusEnum": "commitments.models.Commitment.Status",
        "MilestoneStatusEnum": "commitments.models.Milestone.Status",
        "UpdateStatusEnum": "commitments.models.QuarterlyUpdate.Status",
        "UpdateCompletionLevelEnum": "commitments.models.CompletionLevel",
        "AssessmentStatusEnum": "monitoring.models.Assessment.Status",
        "AssessmentCompletionLevelEnum": "monitoring.models.Assessment.CompletionLevel",
        "AssessmentKindEnum": "monitoring.models.Assessment.Kind",
        "EvidenceKindEnum": "commitments.models.Evidence.Kind",
    },
}

# --- Selection (communes, volunteers) ----------------------------------------------------------
# R3, R4: the largest CV or letter of support an applicant may upload.
APPLICATION_UPLOAD_MAX_BYTES = env.int("APPLICATION_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
# Spam (R45): application posts accepted per client address and per hour.
APPLICATION_RATE_LIMIT = env.int("APPLICATION_RATE_LIMIT", default=10)
APPLICATION_RATE_WINDOW_SECONDS = 3600
# R5: reviews wanted per eligible application (the dashboard counts those still missing).
REVIEWS_PER_APPLICATION = env.int("REVIEWS_PER_APPLICATION", default=2)
# R5: the largest CSV file of applications staff may import (10,000 rows are about 5 MB).
APPLICATION_IMPORT_MAX_BYTES = env.int("APPLICATION_IMPORT_MAX_BYTES", default=50 * 1024 * 1024)
# R8: personal data of applicants not selected is erased this many months after the call closes.
APPLICANT_DATA_RETENTION_MONTHS = env.int("APPLICANT_DATA_RETENTION_MONTHS", default=12)
CELERY_BEAT_SCHEDULE["applicant-erasure"] = {
    "task": "volunteers.tasks.applicant_data_erase_task",
    "schedule": crontab(minute=30, hour=2),
}

# --- Monitoring ----------------------------------------------------------------------------------
# R26: days the commune may reply to a draft assessment before the body submits it.
ASSESSMENT_REPLY_DAYS = env.int("ASSESSMENT_REPLY_DAYS", default=15)
CELERY_BEAT_SCHEDULE["overdue-assessments"] = {
    # R26: open due assessments and e-mail overdue ones to their body, once, every morning.
    "task": "monitoring.tasks.overdue_assessments_task",
    "schedule": crontab(minute=30, hour=6),
}
CELERY_BEAT_SCHEDULE["status-letters"] = {
    # R30: changes made outside the check (R28 reactivation in the workspace, staff) get their
    # letter too; the letter task is idempotent, so a change queued twice gets one letter.
    "task": "monitoring.tasks.status_letters_queue_missing_task",
    "schedule": crontab(minute="*/15"),
}

# --- Workspace (action_plans, commitments) ---
# After logging in, a point of contact or a volunteer lands on their commune's dashboard.
LOGIN_REDIRECT_URL = "action_plans:home"
CELERY_BEAT_SCHEDULE["update-reminders"] = {
    # R23: reminders two weeks before a quarter ends and on the grace period's last day; once.
    "task": "commitments.tasks.update_reminders_task",
    "schedule": crontab(minute=0, hour=7),
}

# --- Benchmark ---
# `make bench` (manage.py bench) sets LOG_PORTAL_BENCH=1 on the server it loads: it adds the
# minimal view at bench/minimal (log_portal/urls.py), the framework's ceiling to compare with.
LOG_PORTAL_BENCH = env.bool("LOG_PORTAL_BENCH", default=False)
