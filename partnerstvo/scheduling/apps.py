from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "partnerstvo.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduled jobs")

    def ready(self):
        import datetime

        from .registry import register
        from .tasks import prune_job_files

        register(name="core.prune-job-files", task=prune_job_files, at=datetime.time(3, 30))
