from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogPortalConfig(AppConfig):
    name = "log_portal"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from log_portal.public import caching

        caching.connect_signals()
