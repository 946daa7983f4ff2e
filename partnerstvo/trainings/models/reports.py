"""Report exports built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.jobs import BackgroundJob

from .catalogue import Course


class ReportExport(BackgroundJob):
    """The knowledge-gain report as XLSX, built in the background with visible progress (a
    ``core.jobs.BackgroundJob``). Its rows are those its requester may report on when it is
    built; a course narrows it to that course, none means every course (the whole programme)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,  # the indexes below start with it
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="report_exports",
        null=True,
        blank=True,
        help_text=_("Empty: every course the requester may report on."),
    )

    files_prefix = "trainings/report-exports"
    permission_action = "add"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [
            # A person's exports, newest first (the exports page).
            models.Index(fields=["requested_by", "-created_at"], name="trainings_export_by_user"),
            # Is one of theirs already waiting or being built (asking twice reuses it)?
            models.Index(fields=["requested_by", "status"], name="trainings_export_user_status"),
        ]

    def __str__(self):
        return f"{self.course or _('All courses')} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self) -> str:
        suffix = f"-{self.course.slug}" if self.course_id else ""
        return f"knowledge-gain{suffix}.xlsx"
