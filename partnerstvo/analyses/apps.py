from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysesConfig(AppConfig):
    name = "partnerstvo.analyses"
    label = "analyses"
    verbose_name = _("Analyses of local problems")

    def ready(self):
        from . import contributions, policies  # noqa: F401
