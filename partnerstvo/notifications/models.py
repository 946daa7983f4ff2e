"""A person's choice of how notices reach them, what they subscribe to, and the notices
themselves (kept once sent)."""

from django.core.exceptions import ValidationError
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
    # Small text files the e-mail carries (a reminder's .ics): [{"name", "content", "mimetype"}].
    attachments = models.JSONField(_("attachments"), default=list, blank=True, editable=False)

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


class Subscription(models.Model):
    """A person asks to be told of new things of one topic (``topics``): in one municipality or
    in all (``municipality`` empty), in one area of the topic or in all (``area`` blank)."""

    person = models.ForeignKey(
        "directory.Person",
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("person"),
    )
    topic = models.CharField(_("topic"), max_length=60)
    municipality = models.ForeignKey(
        "directory.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
        help_text=_("Empty: all municipalities."),
    )
    area = models.CharField(_("area"), max_length=60, blank=True, help_text=_("Empty: all areas."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["topic", "municipality__name", "area", "pk"]
        constraints = [
            # Two constraints, as NULLs are distinct in a unique index on every database.
            models.UniqueConstraint(
                fields=["person", "topic", "municipality", "area"],
                condition=Q(municipality__isnull=False),
                name="notif_subscription_once",
                violation_error_message=_("You are already subscribed to this."),
            ),
            models.UniqueConstraint(
                fields=["person", "topic", "area"],
                condition=Q(municipality__isnull=True),
                name="notif_subscription_all_once",
                violation_error_message=_("You are already subscribed to this."),
            ),
        ]
        indexes = [
            # ``selectors.subscribers``: who is subscribed to a topic, here or everywhere.
            models.Index(fields=["topic", "municipality", "area"], name="notif_sub_topic_mun_idx"),
        ]

    def __str__(self):
        return f"{self.person}: {self.topic}"

    @property
    def topic_entry(self):
        from . import topics

        return topics.get(self.topic)

    @property
    def topic_label(self):
        entry = self.topic_entry
        return entry.label if entry else self.topic

    @property
    def area_label(self):
        entry = self.topic_entry
        return entry.area_label(self.area) if entry and self.area else ""

    def clean(self):
        from . import topics

        topic = topics.get(self.topic)
        if topic is None:
            raise ValidationError({"topic": _("Choose one of the topics offered.")})
        if self.area and self.area not in dict(topic.areas):
            raise ValidationError({"area": _("Choose one of this topic's areas, or all of them.")})
