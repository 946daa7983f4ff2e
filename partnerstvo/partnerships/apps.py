from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "partnerstvo.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships and coordination councils")

    def ready(self):
        from partnerstvo.events import managers

        from . import contributions, policies, tasks  # noqa: F401

        # A council's managers (its secretaries too) run its meetings' events.
        managers.register(policies.managed_meeting_event_ids)
