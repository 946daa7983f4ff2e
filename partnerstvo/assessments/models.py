"""Capacity assessments: configurable, versioned instruments (dimensions, weighted questions, a
scale whose every level is described), rounds in which the people of a CSO or of a municipal
administration unit answer one published version, the scores computed when the round closes
(stored as rows, so that averages over peers are one aggregate query), the recommendations of
its weak dimensions and the action plan made of them.

A round's subject is one CSO or one administration unit; a unit's round also names the unit's
administration, whose officers run it (the tenant every query is scoped by)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The widest scale an instrument may have; the database refuses any answer outside 1..MAX_SCALE
# and the services refuse any value outside the version's own levels.
MAX_SCALE = 10
WEAK_SHARE = Decimal("0.6")  # a dimension scoring below 60 % of the scale's top is weak


class SubjectKind(models.TextChoices):
    ORGANISATION = "organisation", _("Civil society organisation")
    UNIT = "unit", _("Municipal administration unit")


class Instrument(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    subject_kind = models.CharField(
        _("assessed subject"), max_length=12, choices=SubjectKind.choices
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment instrument")
        verbose_name_plural = _("assessment instruments")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("assessments:instrument-detail", kwargs={"slug": self.slug})


class InstrumentVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    notes = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "number"], name="assessments_version_unique_number"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="assessments_version_published_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.instrument} — v{self.number}"

    def get_absolute_url(self):
        return reverse(
            "assessments:version-detail",
            kwargs={"slug": self.instrument.slug, "number": self.number},
        )

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def has_answers(self) -> bool:
        return Answer.objects.filter(question__dimension__version=self).exists()

    def is_frozen(self) -> bool:
        """A published version that has answers is never changed: answers keep its meaning.
        Changes go to a new version copied from it."""
        return self.is_published and self.has_answers()


class ScaleLevel(models.Model):
    """One level of a version's scale (every question of the version uses it)."""

    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="levels",
    )
    value = models.PositiveSmallIntegerField(
        _("value"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SCALE)]
    )
    label = models.CharField(_("label"), max_length=80)
    description = models.TextField(_("description"), max_length=1000)

    class Meta:
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="assessments_level_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=MAX_SCALE), name="assessments_level_range"
            ),
        ]

    def __str__(self):
        return f"{self.value} — {self.label}"


class Dimension(models.Model):
    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stays the same across versions, so rounds of several versions compare."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    recommendation = models.TextField(
        _("recommendation when weak"),
        help_text=_("Shown when the dimension scores below the threshold."),
    )
    strength = models.TextField(
        _("note when strong"),
        blank=True,
        help_text=_("Shown when the dimension scores well: what to keep doing."),
    )

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="assessments_dimension_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="assessments_dimension_weight_non_negative"
            ),
        ]

    def __str__(self):
        return self.name


class Question(models.Model):
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=500)
    help = models.TextField(_("help"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal(0))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["dimension", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="assessments_question_weight_non_negative"
            ),
        ]

    def __str__(self):
        return self.text


class RoundQuerySet(models.QuerySet):
    def closed(self):
        return self.filter(status=Round.Status.CLOSED)


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    version = models.ForeignKey(
        InstrumentVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField(_("assessed subject"), max_length=12, choices=SubjectKind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="assessment_rounds",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "directory.AdministrationUnit",
        verbose_name=_("administration unit"),
        on_delete=models.CASCADE,
        related_name="assessment_rounds",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("administration"),
        on_delete=models.CASCADE,
        related_name="assessment_rounds",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    overall_score = models.DecimalField(
        _("overall score"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    # The subject's latest closed round of this instrument: the one peers are compared with.
    is_latest = models.BooleanField(_("latest of its subject"), default=False)
    is_published = models.BooleanField(_("results published"), default=False)
    published_at = models.DateTimeField(_("results published on"), null=True, blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment round")
        verbose_name_plural = _("assessment rounds")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "instrument", "status"]),
            models.Index(fields=["unit", "instrument", "status"]),
            models.Index(fields=["administration", "status"]),
            models.Index(fields=["is_published", "closed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="organisation", organisation__isnull=False, unit__isnull=True)
                    & Q(administration__isnull=True)
                )
                | Q(kind="unit", organisation__isnull=True, unit__isnull=False)
                & Q(administration__isnull=False),
                name="assessments_round_one_subject",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False),
                name="assessments_round_closed_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.subject}"

    def get_absolute_url(self):
        return reverse("assessments:round-detail", kwargs={"pk": self.pk})

    def get_results_url(self):
        return reverse("assessments:round-results", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.organisation if self.kind == SubjectKind.ORGANISATION else self.unit

    @property
    def subject_name(self) -> str:
        if self.kind == SubjectKind.ORGANISATION:
            return self.organisation.short_name or self.organisation.name
        return f"{self.unit.name} — {self.administration.name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def subject_filter(self, prefix: str = "") -> Q:
        """The rows of this round's subject (its organisation or its unit)."""
        if self.kind == SubjectKind.ORGANISATION:
            return Q(**{f"{prefix}organisation_id": self.organisation_id})
        return Q(**{f"{prefix}unit_id": self.unit_id})


class Respondent(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="respondents"
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="assessment_respondents",
    )
    submitted_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        ordering = ["round", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="assessments_respondent_unique"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.round}"


class Answer(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="answers"
    )
    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        _("answer"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SCALE)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["respondent", "question__dimension__order", "question__order"]
        constraints = [
            # Each respondent answers each question once: a second submission cannot be stored.
            models.UniqueConstraint(
                fields=["respondent", "question"], name="assessments_answer_once"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=MAX_SCALE), name="assessments_answer_range"
            ),
        ]
        indexes = [models.Index(fields=["round", "question"])]

    def __str__(self):
        return f"{self.question}: {self.value}"


class DimensionScore(models.Model):
    """A dimension's score in a closed round: the weighted mean of its questions' means. The
    instrument, the dimension's code, the subject and whether the round is its subject's latest
    are copied here, so the average of peers is one aggregate over this table alone."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scores"
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="scores"
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    unit = models.ForeignKey(
        "directory.AdministrationUnit",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    is_latest = models.BooleanField(default=False)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=3)
    respondents = models.PositiveIntegerField(_("respondents"), default=0)

    class Meta:
        verbose_name = _("dimension score")
        verbose_name_plural = _("dimension scores")
        ordering = ["round", "dimension__order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "dimension"], name="assessments_score_unique"),
        ]
        indexes = [models.Index(fields=["instrument", "is_latest", "code"])]

    def __str__(self):
        return f"{self.dimension}: {self.score}"


class Recommendation(models.Model):
    """What a weak dimension of a closed round calls for (the dimension's text, copied so that a
    later version does not change what was recommended)."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="recommendations"
    )
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=3)
    text = models.TextField(_("recommendation"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["round", "score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "dimension"], name="assessments_recommendation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.dimension}: {self.text[:60]}"


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="actions"
    )
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("recommendation"),
        on_delete=models.SET_NULL,
        related_name="actions",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    owner = models.ForeignKey(
        "directory.Person",
        verbose_name=_("responsible"),
        on_delete=models.PROTECT,
        related_name="assessment_actions",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["round", "deadline", "pk"]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self):
        return self.title
