from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsitesConfig(AppConfig):
    name = "partnerstvo.websites"
    label = "websites"
    verbose_name = _("CSO websites")

    def ready(self):
        import datetime

        from partnerstvo.scheduling.registry import register

        from . import policies, signals  # noqa: F401
        from .tasks import send_stale_site_reminders

        register(
            name="websites.stale-site-reminders",
            task=send_stale_site_reminders,
            at=datetime.time(7, 0),
        )
