from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    name = "partnerstvo.practices"
    label = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        from . import contributions, policies  # noqa: F401
