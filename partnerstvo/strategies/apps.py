from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "partnerstvo.strategies"
    label = "strategies"
    verbose_name = _("Local development strategies")

    def ready(self):
        from . import patterns, policies  # noqa: F401
