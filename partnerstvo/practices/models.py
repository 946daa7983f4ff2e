"""Good practices: what a CSO did that worked, told so that others can do it too.

A practice belongs to the CSO that submits it (``organisation``, non-null: its admins and editors
write it) and goes draft → submitted → published, or back to the authors with the coordinator's
note (changes_requested), or is rejected with a reason. Results with numbers are rows of their
own (``PracticeResult``), so they can be shown and compared as numbers. Attachments are kept in
private storage and leave only through a view that checks the practice's policy: a draft's files
must not be reachable by anyone else.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.files import RandomName, private_storage

from .validators import validate_attachment


class Practice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="practices",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in the list."),
    )
    problem = models.TextField(_("problem"), help_text=_("What problem did the practice address?"))
    approach = models.TextField(_("approach"), help_text=_("What was done, by whom and how?"))
    results = models.TextField(
        _("results"), blank=True, help_text=_("What changed? The figures go in the results table.")
    )
    partners = models.TextField(
        _("partners"), blank=True, help_text=_("Partners not listed on the platform, one a line.")
    )
    partner_organisations = models.ManyToManyField(
        "directory.Organisation",
        verbose_name=_("partner organisations on the platform"),
        related_name="partner_practices",
        blank=True,
    )
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("People, time, equipment and money it took.")
    )
    cost_eur = models.DecimalField(
        _("cost (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    cost_note = models.CharField(_("about the cost"), max_length=300, blank=True)
    transferability = models.TextField(
        _("transferability"),
        blank=True,
        help_text=_("What another municipality or CSO needs to do the same."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(
        _("contact e-mail"), help_text=_("Not shown publicly: messages are sent to it.")
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    themes = models.ManyToManyField(
        "directory.AreaOfWork", verbose_name=_("themes"), related_name="practices", blank=True
    )
    municipalities = models.ManyToManyField(
        "directory.Municipality",
        verbose_name=_("municipalities"),
        related_name="practices",
        blank=True,
    )
    presented_at = models.ManyToManyField(
        "events.Event",
        verbose_name=_("presented at events"),
        related_name="practices_presented",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    review_note = models.TextField(_("note from the review"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    replication_count = models.PositiveIntegerField(
        _("organisations that want to replicate it"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:practice-detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_editable_by_authors(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class PracticeResult(models.Model):
    """One result with a number: "142 families reached", "38 % fewer complaints"."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="result_rows"
    )
    indicator = models.CharField(_("indicator"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("result with a number")
        verbose_name_plural = _("results with numbers")
        ordering = ["practice", "order", "pk"]

    def __str__(self):
        return f"{self.indicator}: {self.display_value}"

    @property
    def display_value(self) -> str:
        """The value as people write it here ("1 250", "38,5") with its unit."""
        value = self.value
        if value == value.to_integral_value():
            value = int(value)
        return f"{number_format(value, force_grouping=True)} {self.unit}".strip()


class PracticeImage(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("practice image")
        verbose_name_plural = _("practice images")
        ordering = ["practice", "order", "pk"]

    def __str__(self):
        return self.alt_text


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=RandomName("practices/attachments"),
        validators=[validate_attachment],
        help_text=_("PDF, Word, Excel or PowerPoint, up to 10 MB."),
    )
    filename = models.CharField(max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("practice attachment")
        verbose_name_plural = _("practice attachments")
        ordering = ["practice", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "practices:attachment",
            kwargs={"slug": self.practice.slug, "pk": self.pk},
        )


class ReplicationRequest(models.Model):
    """ "We want to replicate this": one organisation's interest, counted once per practice."""

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="replication_requests",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="replication_requests",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("replication request")
        verbose_name_plural = _("replication requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"], name="practices_one_request_per_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} → {self.practice}"


PUBLISHED = Q(status=Practice.Status.PUBLISHED)
