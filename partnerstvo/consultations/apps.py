from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "partnerstvo.consultations"
    label = "consultations"
    verbose_name = _("Public consultations")

    def ready(self):
        from . import policies  # noqa: F401
