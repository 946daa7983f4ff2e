from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "partnerstvo.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        import datetime

        from partnerstvo.scheduling.registry import register

        from . import contributions, policies  # noqa: F401
        from .tasks import send_session_reminders

        register(
            name="trainings.session-reminders",
            task=send_session_reminders,
            every=datetime.timedelta(hours=1),
        )
