"""Public consultations of municipal draft acts and policies (Закон за нормативните актове, чл. 26).

A consultation belongs to one municipal administration, whose officers publish it and answer
its proposals. It is public from the moment it is published; its status follows from the dates
(planned, open, closed) and from the work after them: the справка (the summary of proposals and
answers) published makes it answered, the municipal council's decision makes it adopted.

The draft's text is kept as versions (``DraftVersion``) of numbered sections (``Section``: an
article "Чл. N" or a heading), so that a proposal (``Comment``) can address the whole draft, one
section or a quoted passage of one. A proposal carries its one answer (accepted, partly
accepted, not accepted, with the reasons): the справка is read from these rows. A hidden
proposal still counts and must still be answered; its page shows why it was hidden.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.files import RandomName, private_storage
from partnerstvo.core.jobs import BackgroundJob

from .validators import validate_document

MINIMUM_DAYS = 30
SHORTENED_MINIMUM_DAYS = 14


class Consultation(models.Model):
    class Kind(models.TextChoices):
        ORDINANCE = "ordinance", _("Ordinance")
        STRATEGY = "strategy", _("Strategy")
        PLAN = "plan", _("Plan")
        BUDGET = "budget", _("Budget")
        DECISION = "decision", _("Decision")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for comments")
        CLOSED = "closed", _("Closed, being answered")
        ANSWERED = "answered", _("Answered")
        ADOPTED = "adopted", _("Adopted")

    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What the draft is about and what it changes.")
    )
    responsible_name = models.CharField(_("responsible person"), max_length=200)
    responsible_email = models.EmailField(_("responsible person's e-mail"))
    responsible_phone = models.CharField(_("responsible person's phone"), max_length=40, blank=True)
    target_groups = models.TextField(
        _("target groups"), help_text=_("Who the act concerns, one group a line.")
    )
    areas = models.ManyToManyField(
        "directory.AreaOfWork", verbose_name=_("areas"), related_name="consultations", blank=True
    )
    starts_on = models.DateField(_("comments from"))
    ends_on = models.DateField(_("comments until"), help_text=_("The last day for comments."))
    short_period_reason = models.TextField(
        _("reason for a period shorter than 30 days"),
        blank=True,
        help_text=_("Required for a period of 14 to 29 days; shown publicly (чл. 26, ал. 4 ЗНА)."),
    )
    summary_published_at = models.DateTimeField(
        _("справка published"), null=True, blank=True, editable=False
    )
    adopted_on = models.DateField(_("adopted"), null=True, blank=True, editable=False)
    decision_number = models.CharField(
        _("council decision number"), max_length=50, blank=True, editable=False
    )
    decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    reminded_closing_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("public consultation")
        verbose_name_plural = _("public consultations")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["administration", "-starts_on"]),
            models.Index(fields=["ends_on"]),
            models.Index(fields=["starts_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("consultations:detail", kwargs={"slug": self.slug})

    @property
    def municipality(self):
        return self.administration.municipality

    @property
    def period_days(self) -> int:
        return (self.ends_on - self.starts_on).days

    def status_on(self, today: datetime.date) -> str:
        if self.adopted_on:
            return self.Status.ADOPTED
        if self.summary_published_at:
            return self.Status.ANSWERED
        if today < self.starts_on:
            return self.Status.PLANNED
        if today <= self.ends_on:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def has_ended(self) -> bool:
        return timezone.localdate() > self.ends_on


class ConsultationDocument(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("Draft act")
        MOTIVES = "motives", _("Motives or report")
        IMPACT = "impact", _("Preliminary impact assessment")
        ADOPTED = "adopted", _("Adopted act")
        OTHER = "other", _("Other document")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=RandomName("consultations/documents"),
        validators=[validate_document],
        help_text=_("PDF, DOCX or ODT, up to 20 MB."),
    )
    filename = models.CharField(max_length=255, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultation document")
        verbose_name_plural = _("consultation documents")
        ordering = ["consultation", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "consultations:document", kwargs={"slug": self.consultation.slug, "pk": self.pk}
        )


class DraftVersion(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.TextField(_("what changed"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version of the draft")
        verbose_name_plural = _("versions of the draft")
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "number"], name="consultations_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.consultation} — {self.number}"


class Section(models.Model):
    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("section of the draft")
        verbose_name_plural = _("sections of the draft")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "order"], name="consultations_section_unique_order"
            )
        ]

    def __str__(self):
        return self.heading


class Comment(models.Model):
    """A proposal or comment, with its one answer."""

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("On the platform")
        EMAIL = "email", _("By e-mail")
        REGISTRY = "registry", _("Through the registry office")

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("Empty for a comment on the whole draft."),
    )
    quote = models.TextField(_("quoted passage"), blank=True)
    text = models.TextField(_("proposal"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    author_name = models.CharField(_("author's name"), max_length=200, blank=True)
    show_name = models.BooleanField(
        _("my name may be shown"),
        default=False,
        help_text=_("Otherwise the comment is shown as from “a citizen”."),
    )
    on_behalf_of = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_comments",
    )
    organisation_name = models.CharField(
        _("organisation"),
        max_length=300,
        blank=True,
        help_text=_("For a submission from an organisation not on the platform."),
    )
    channel = models.CharField(
        _("received"), max_length=10, choices=Channel.choices, default=Channel.PLATFORM
    )
    incoming_number = models.CharField(_("incoming number"), max_length=50, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answer_reasons = models.TextField(_("reasons"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["consultation", "created_at", "pk"]
        indexes = [
            models.Index(fields=["consultation", "created_at"]),
            models.Index(fields=["consultation", "answer"]),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_hidden(self) -> bool:
        return bool(self.hidden_at)

    @property
    def public_author(self) -> str:
        """The author as consented: an organisation by name; a citizen by name only if they
        agreed when commenting, otherwise "a citizen"."""
        if self.on_behalf_of_id:
            return self.on_behalf_of.name
        if self.organisation_name:
            return self.organisation_name
        if self.show_name and self.author_name:
            return self.author_name
        return str(_("A citizen"))


class AnswerTemplate(models.Model):
    """A reusable reason text of one administration's answers."""

    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        related_name="answer_templates",
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("reasons"))

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["administration", "title"]

    def __str__(self):
        return self.title


class SummaryPdf(BackgroundJob):
    """The справка as PDF, laid out by a worker (a ``core.jobs.BackgroundJob``): a thousand
    proposals take WeasyPrint tens of seconds, too long for a request. One file per content
    (``content_key``: the published state, the hidden proposals and, for a draft, its answers)
    and language; asking again for the same content reuses the job and its file. A published
    справка's file is public like the справка; a draft's is for the administration's officers."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("public consultation"),
        on_delete=models.CASCADE,
        related_name="summary_pdfs",
    )
    content_key = models.CharField(_("content"), max_length=100)
    draft = models.BooleanField(_("not published yet"), default=False)

    files_prefix = "consultations/spravka"
    content_type = "application/pdf"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("справка PDF")
        verbose_name_plural = _("справка PDFs")
        indexes = [
            # Is the file of this content and language ready, or being built (asking reuses it)?
            models.Index(
                fields=["consultation", "content_key", "language", "status"],
                name="consultations_pdf_key",
            ),
        ]

    def __str__(self):
        return f"{self.consultation} — {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def download_name(self) -> str:
        return f"spravka-{self.consultation.slug}.pdf"
