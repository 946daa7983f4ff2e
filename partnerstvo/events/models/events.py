"""Events: conferences, round tables and working meetings, who organises them, and their agenda.

Coordination councils hold their meetings as events too, so nothing here is specific to one
kind of meeting."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.parties import OneParty, one_party_constraints

from ..validators import validate_public_document

# Addresses under /events/ that are not events' pages: no event may take them as its slug.
RESERVED_SLUGS = frozenset(
    {"my", "calendar", "registrations", "municipality", "organisation", "actions", "feed-ics"}
)


class EventQuerySet(models.QuerySet):
    def published(self):
        """Published and cancelled events, listed or not (see ``public``)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def listed(self):
        """Events that may appear in lists: not the closed (unlisted) ones."""
        return self.filter(is_listed=True)

    def public(self):
        """What everyone may read and every public list, feed, sitemap, API and announcement
        shows: published (or cancelled) and listed. A closed event is published (registration,
        attendance and minutes work) but seen only by its organisers and participants."""
        return self.published().listed()

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        ROUND_TABLE = "round_table", _("Round table")
        WORKING_MEETING = "working_meeting", _("Working meeting")
        OTHER = "other", _("Other event")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    class Registration(models.TextChoices):
        OPEN = "open", _("Open to everyone")
        INVITATION = "invitation", _("By invitation only")
        CLOSED = "closed", _("Closed")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    description = models.TextField(_("description"), blank=True)
    audience = models.TextField(_("audience"), blank=True, help_text=_("Who the event is for."))
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    municipality = models.ForeignKey(
        "directory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to confirmed participants.")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration = models.CharField(
        _("registration"), max_length=10, choices=Registration.choices, default=Registration.OPEN
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    is_listed = models.BooleanField(
        _("listed"),
        default=True,
        help_text=_(
            "Unticked: a closed meeting, seen only by its organisers and participants and never "
            "in the calendar, the feeds or the API."
        ),
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["municipality", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
            models.Index(fields=["status", "kind", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="events_event_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is taken by the calendar; choose another.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event must end after it starts.")
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID):
            if not self.venue:
                errors["venue"] = _("Say where the event takes place.")
            if not self.municipality_id:
                errors["municipality"] = _("Say in which municipality the venue is.")
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            errors["online_url"] = _("Give the link participants join by.")
        if (
            self.registration_closes_at
            and self.starts_at
            and self.registration_closes_at > self.starts_at
        ):
            errors["registration_closes_at"] = _("Registration must close by the start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def is_in_person(self) -> bool:
        return self.format in (self.Format.IN_PERSON, self.Format.HYBRID)

    @property
    def registration_deadline(self):
        return self.registration_closes_at or self.starts_at

    def registration_is_open(self, now=None) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.registration != self.Registration.CLOSED
            and (now or timezone.now()) < self.registration_deadline
        )


class EventOrganiser(OneParty, models.Model):
    """One party organising an event: a CSO or a municipal administration."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="organisers"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="organised_events",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="organised_events",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        ordering = ["event_id", "order", "pk"]
        constraints = one_party_constraints(
            owner="event",
            exactly_one="events_organiser_exactly_one_party",
            organisation_once="events_organiser_organisation_once",
            administration_once="events_organiser_administration_once",
        )
        indexes = [
            models.Index(fields=["organisation", "event"]),
            models.Index(fields=["administration", "event"]),
        ]

    def __str__(self):
        return str(self.party)

    def clean(self):
        if bool(self.organisation_id) == bool(self.administration_id):
            raise ValidationError(_("Choose either an organisation or an administration."))


class AgendaItem(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=255)
    speakers = models.TextField(_("speakers"), blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["event_id", "starts_at", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="events_agenda_item_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("An agenda item must end after it starts.")})


class AgendaDocument(models.Model):
    """A public document of an agenda item (a presentation, a draft under discussion)."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        upload_to="events/agenda/%Y/%m",
        max_length=255,
        validators=[validate_public_document],
        help_text=_("PDF, Word, Excel or PowerPoint. It is public: nothing personal in it."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda document")
        verbose_name_plural = _("agenda documents")
        ordering = ["item_id", "pk"]

    def __str__(self):
        return self.title
