"""After the event: the minutes (with their revisions and the participants' comments), the
decisions taken and the follow-up actions they set, and the photos and documents of the event.

Nothing here is specific to one kind of meeting: a coordination council's meeting is an event,
so councils reuse the minutes, decisions and actions as they are."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.validators import validate_image_file

from ..validators import validate_public_document
from .events import AgendaItem, Event


class Minutes(models.Model):
    """The minutes of one event: drafted by its organisers, circulated to its participants for
    comments, approved, then published on the event's page."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comments")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published for everyone")

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    body = models.TextField(_("text of the minutes"), blank=True)
    circulated_at = models.DateTimeField(_("circulated"), null=True, blank=True)
    comments_until = models.DateTimeField(_("comments until"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        indexes = [models.Index(fields=["status", "event"])]

    def __str__(self):
        return str(_("Minutes: %(event)s") % {"event": self.event})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_circulated(self) -> bool:
        return self.status == self.Status.CIRCULATED

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in (self.body or "").split("\n\n") if part.strip()]


class MinutesRevision(models.Model):
    """What the minutes said at one change: their text and the attendance table as it was."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=12, choices=Minutes.Status.choices)
    body = models.TextField(_("text of the minutes"), blank=True)
    attendance = models.JSONField(_("attendance"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("revision of the minutes")
        verbose_name_plural = _("revisions of the minutes")
        ordering = ["minutes_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"], name="events_minutes_revision_number_once"
            )
        ]

    def __str__(self):
        return f"{self.minutes} #{self.number}"


class MinutesComment(models.Model):
    """A participant's comment on circulated minutes (on the revision they read)."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="comments"
    )
    revision = models.ForeignKey(
        MinutesRevision,
        verbose_name=_("revision"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="minutes_comments",
    )
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on the minutes")
        verbose_name_plural = _("comments on the minutes")
        ordering = ["minutes_id", "created_at", "pk"]

    def __str__(self):
        return f"{self.person} — {self.minutes}"


class Decision(models.Model):
    """A decision recorded in the minutes, numbered in them."""

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="decisions"
    )
    # The minutes' event, kept on the decision so that lists of decisions need no join.
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="decisions",
        null=True,
        blank=True,
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("decision"))
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        related_name="decisions",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["minutes_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "number"], name="events_decision_number_once"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Action.OPEN_STATUSES)


class Action(models.Model):
    """A follow-up action a decision sets: who does it (an organisation, an administration or a
    person), by when, and how far it is."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=500)
    owner_organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="event_actions",
        null=True,
        blank=True,
    )
    owner_administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("responsible administration"),
        on_delete=models.PROTECT,
        related_name="event_actions",
        null=True,
        blank=True,
    )
    owner_person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="event_actions",
        null=True,
        blank=True,
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reminded_before_at = models.DateTimeField(
        _("reminded before the deadline"), null=True, blank=True
    )
    reminded_after_at = models.DateTimeField(
        _("reminded after the deadline"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner_organisation__isnull=False)
                    | Q(owner_administration__isnull=False)
                    | Q(owner_person__isnull=False)
                ),
                name="events_action_has_owner",
            )
        ]
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["owner_organisation", "status", "deadline"]),
            models.Index(fields=["owner_administration", "status", "deadline"]),
            models.Index(fields=["owner_person", "status", "deadline"]),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not (self.owner_organisation_id or self.owner_administration_id or self.owner_person_id):
            raise ValidationError(
                _("Say who is responsible: an organisation, an administration or a person.")
            )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def owner(self):
        return self.owner_organisation or self.owner_administration or self.owner_person


class EventDocument(models.Model):
    """A public document of the event after it took place (a presentation, a report)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to="events/documents/%Y/%m",
        max_length=255,
        validators=[validate_public_document],
        help_text=_("PDF, Word, Excel or PowerPoint. It is public: nothing personal in it."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")
        ordering = ["event_id", "pk"]

    def __str__(self):
        return self.title


class EventPhoto(models.Model):
    """A public photo of the event: an image of the Wagtail library, or an uploaded image file
    (checked to really be an image)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    file = models.ImageField(
        _("image file"),
        upload_to="events/photos/%Y/%m",
        max_length=255,
        validators=[validate_image_file],
        blank=True,
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=255,
        blank=True,
        help_text=_("What the photo shows, for those who cannot see it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")
        ordering = ["event_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    (Q(image__isnull=False) & Q(file="")) | (Q(image__isnull=True) & ~Q(file=""))
                ),
                name="events_photo_image_or_file",
            )
        ]

    def __str__(self):
        return self.caption or str(self.event)

    def clean(self):
        if bool(self.image_id) == bool(self.file):
            raise ValidationError(_("Choose an image from the library or upload a file, not both."))
