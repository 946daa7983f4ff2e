"""The catalogue: programmes, courses with their modules and sessions, and what a course asks
of its participants in the evaluation (its items)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.files import RandomName, private_storage
from partnerstvo.core.transliteration import transliterate

from ..validators import validate_pdf_scan


class Programme(models.Model):
    """A training programme: a group of courses under one plan."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Course(models.Model):
    class TargetGroup(models.TextChoices):
        CSO = "cso", _("CSO representatives")
        MUNICIPAL = "municipal", _("Municipal administration staff")
        MIXED = "mixed", _("Mixed (CSOs and municipal staff)")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("What participants will know and be able to do.")
    )
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveSmallIntegerField(
        _("hours"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    target_group = models.CharField(
        _("target group"), max_length=10, choices=TargetGroup.choices, default=TargetGroup.MIXED
    )
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainers"),
        related_name="trained_courses",
        blank=True,
        limit_choices_to={"platform_roles__role": "trainer"},
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance needed for completion (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
    )
    requires_post_test = models.BooleanField(_("completion needs the post-test"), default=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown in the public training calendar.")
    )
    enrolment_open = models.BooleanField(_("enrolment open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]
        indexes = [models.Index(fields=["is_published", "title"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:course-detail", kwargs={"slug": self.slug})


class Module(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.title


class Session(models.Model):
    """One meeting of a course: a time, and a venue in a municipality or an online link."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    municipality = models.ForeignKey(
        "directory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
        null=True,
        blank=True,
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        related_name="training_sessions",
        null=True,
        blank=True,
        limit_choices_to={"platform_roles__role": "trainer"},
    )
    signed_sheet = models.FileField(
        _("signed signature sheet"),
        storage=private_storage,
        upload_to=RandomName("trainings/signature-sheets"),
        max_length=255,
        blank=True,
        validators=[validate_pdf_scan],
    )
    signed_sheet_name = models.CharField(_("signed sheet file name"), max_length=255, blank=True)
    signed_sheet_uploaded_at = models.DateTimeField(_("sheet uploaded"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["course", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="trainings_session_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.course} — {self.starts_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("trainings:session-detail", kwargs={"pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        if not self.online_url and not (self.municipality_id and self.venue):
            errors["venue"] = _("Give a venue and its municipality, or an online link.")
        if self.venue and not self.municipality_id:
            errors["municipality"] = _("Say in which municipality the venue is.")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        """Venue and municipality in one script: as typed in Bulgarian; in other languages the
        venue transliterated and the municipality's Latin name (never "Ловеч, Lovech"). The
        municipality is not repeated when the venue already ends with it."""
        if not (self.venue and self.municipality_id):
            return self.online_url or self.venue
        municipality = self.municipality
        venue = self.venue.strip()
        if (get_language() or "bg").startswith("bg"):
            town = municipality.name
        else:
            venue = transliterate(venue)
            town = municipality.display_name
        if venue.casefold().endswith(town.casefold()):
            return venue
        return f"{venue}, {town}"


class EvaluationItem(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Rating from 1 (strongly disagree) to 5 (strongly agree)")
        TEXT = "text", _("Free text")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="evaluation_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("statement or question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.LIKERT)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        ordering = ["course", "order", "pk"]

    def __str__(self):
        return self.text
