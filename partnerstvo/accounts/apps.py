from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partnerstvo.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import audit_policy, policies  # noqa: F401
