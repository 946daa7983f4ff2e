from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """When a registered job (``scheduling.registry``) is next due and when it last ran.

    The row is the only state of the scheduler: a scheduler that restarts, or several running at
    once, read it and claim a run by moving ``next_run_at`` forward in one conditional update, so
    a job is enqueued once per due time however many schedulers see it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_task_id = models.CharField(_("last task"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
