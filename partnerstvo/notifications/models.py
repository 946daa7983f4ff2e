"""A person's choice of how notices reach them, and the notices themselves (kept once sent)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately, one e-mail per notice")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest (on Mondays)")


class NotificationPreference(models.Model):
    """How a person gets their notices; a person without one gets them immediately."""

    Frequency = Frequency

    person = models.OneToOneField(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    frequency = models.CharField(
        _("how to get notices"),
        max_length=20,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATE,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        indexes = [models.Index(fields=["frequency"], name="notif_pref_frequency_idx")]

    def __str__(self):
        return f"{self.person}: {self.get_frequency_display()}"


class Notification(models.Model):
    """One notice to one person. ``sent_at`` is set when the e-mail that carries it (alone or in
    a digest) is claimed for sending; ``digest_key`` names that e-mail."""

    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    digest_key = models.UUIDField(_("e-mail"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The digest query: the unsent notices, per person.
            models.Index(
                fields=["person", "created_at"],
                condition=Q(sent_at__isnull=True),
                name="notif_unsent_person_idx",
            ),
            models.Index(fields=["digest_key"], name="notif_digest_key_idx"),
            models.Index(fields=["person", "-created_at"], name="notif_person_recent_idx"),
        ]

    def __str__(self):
        return self.subject
