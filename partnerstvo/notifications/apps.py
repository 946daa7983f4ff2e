from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "partnerstvo.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        import datetime

        from partnerstvo.scheduling.registry import register

        from . import policies  # noqa: F401
        from .tasks import send_daily_digests, send_weekly_digests

        register(name="notifications.daily-digest", task=send_daily_digests, at=datetime.time(7))
        # The scheduler knows daily jobs only: this one runs every morning and sends on Mondays.
        register(name="notifications.weekly-digest", task=send_weekly_digests, at=datetime.time(7))
