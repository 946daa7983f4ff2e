from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "partnerstvo.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        import datetime

        from partnerstvo.notifications import topics
        from partnerstvo.scheduling.registry import register

        from . import contributions, policies, policies_meetings, tasks_meetings  # noqa: F401
        from .tasks import send_registration_reminders

        # People subscribe on their notifications page; ``services.events`` tells them.
        topics.register("events", label=_("New events"))
        register(
            name="events.registration-reminders",
            task=send_registration_reminders,
            every=datetime.timedelta(hours=1),
        )
