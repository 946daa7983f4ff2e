from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "partnerstvo.consultations"
    label = "consultations"
    verbose_name = _("Public consultations")

    def ready(self):
        import datetime

        from partnerstvo.notifications import topics
        from partnerstvo.scheduling.registry import register

        from . import notices, policies  # noqa: F401
        from .tasks import send_consultation_announcements, send_unanswered_reminders

        # People subscribe on their notifications page, by municipality and kind of act.
        topics.register(notices.TOPIC, label=notices.TOPIC_LABEL, areas=notices.topic_areas)
        register(
            name="consultations.announcements",
            task=send_consultation_announcements,
            every=datetime.timedelta(hours=1),
        )
        register(
            name="consultations.unanswered-reminders",
            task=send_unanswered_reminders,
            at=datetime.time(8),
        )
