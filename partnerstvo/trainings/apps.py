from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "partnerstvo.trainings"
    label = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from . import contributions, policies  # noqa: F401
