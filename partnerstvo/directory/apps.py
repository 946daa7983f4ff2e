from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "partnerstvo.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from . import policies  # noqa: F401
