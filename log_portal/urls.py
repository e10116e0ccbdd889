"""Root URLs: the admin, accounts, the language switch, then each part of the portal."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from log_portal import accounts, admin_files, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/login/", accounts.admin_login, name="admin-login"),
    path(
        "admin/files/<str:app_label>/<str:model_name>/<int:pk>/<str:field_name>/",
        admin_files.admin_file,
        name="admin-file",
    ),
    path("admin/", admin.site.urls),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/login/code/", accounts.TwoFactorVerifyView.as_view(), name="two-factor-verify"),
    path("accounts/two-factor/", accounts.TwoFactorView.as_view(), name="two-factor"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("log_portal.api_urls")),
    path("calls/", include("communes.urls")),
    path("volunteers/", include("volunteers.urls")),
    path("workspace/", include("action_plans.urls")),
    path("workspace/commitments/", include("commitments.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("", include("log_portal.public.urls")),
]

if getattr(settings, "LOG_PORTAL_BENCH", False):
    # The benchmark's minimal view (make bench): a constant answer, only when the flag is on.
    from log_portal.bench.views import minimal

    urlpatterns.insert(0, path("bench/minimal", minimal, name="bench-minimal"))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
