"""Certificates and the background job that archives a course's certificates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.jobs import BackgroundJob

from .catalogue import Course
from .enrolment import Enrolment


class Certificate(models.Model):
    """A certificate of completion. What it certifies is kept as issued, so the verification page
    keeps saying the same thing even if the course is edited later."""

    code = models.CharField(_("verification code"), max_length=20, unique=True)
    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    holder_name = models.CharField(_("holder"), max_length=255)
    course_title = models.CharField(_("course"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("hours"))
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("until"))
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return f"{self.code} — {self.holder_name}"

    def get_absolute_url(self):
        return reverse("trainings:certificate-verify", kwargs={"code": self.code})

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateArchive(BackgroundJob):
    """A ZIP of all certificates of a course, built in the background with visible progress
    (a ``core.jobs.BackgroundJob``: claimed atomically, re-checked when it runs, kept private)."""

    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="certificate_archives",
    )

    files_prefix = "trainings/certificate-archives"
    permission_action = "add"
    content_type = "application/zip"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("certificate archive")
        verbose_name_plural = _("certificate archives")

    def __str__(self):
        return f"{self.course} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self) -> str:
        return f"certificates-{self.course.slug}.zip"
