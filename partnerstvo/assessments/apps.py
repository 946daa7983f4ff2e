from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "partnerstvo.assessments"
    label = "assessments"
    verbose_name = _("Capacity assessments")

    def ready(self):
        from . import policies  # noqa: F401
