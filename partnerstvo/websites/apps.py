from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsitesConfig(AppConfig):
    name = "partnerstvo.websites"
    label = "websites"
    verbose_name = _("CSO websites")

    def ready(self):
        from . import policies, signals  # noqa: F401
