"""Analyses of concrete local problems: a functional or organisational analysis of one problem
area in one or more municipalities, owned by one party (a CSO or a municipal administration),
possibly written with co-authoring parties. Its parts are rows of their own (stakeholders,
findings with figures, SWOT items, recommendations, documents, authors), each ordered, so that
they render as tables on the page, in the PDF report and in the API.

An analysis is a draft (seen by its party and the coordinator) until it is published; it can be
unpublished again. Documents are kept in private storage: a public one is served with the
published analysis, an internal one only to the analysis's own people."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerstvo.core.files import RandomName, private_storage
from partnerstvo.core.validators import OFFICE_DOCUMENTS, UploadValidator
from partnerstvo.directory.parties import OneParty, one_party_constraints

validate_analysis_document = UploadValidator(
    types=OFFICE_DOCUMENTS,
    max_bytes_setting="PARTNERSTVO_MAX_SCAN_BYTES",
    code_prefix="document",
    type_message=_("Upload a PDF, Word, Excel or PowerPoint file; “%(name)s” is none of them."),
)


class ProblemAnalysisQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ProblemAnalysis.Status.PUBLISHED)

    def covering_year(self, year: int):
        """The analyses whose period includes some day of ``year``."""
        return self.filter(period_start__year__lte=year, period_end__year__gte=year)


class ProblemAnalysis(OneParty, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="problem_analyses",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="problem_analyses",
        null=True,
        blank=True,
    )
    problem = models.TextField(_("problem statement"), max_length=10000)
    areas = models.ManyToManyField(
        "directory.AreaOfWork",
        verbose_name=_("areas of work"),
        related_name="problem_analyses",
        blank=True,
    )
    municipalities = models.ManyToManyField(
        "directory.Municipality",
        verbose_name=_("territory"),
        related_name="problem_analyses",
        help_text=_("The municipalities the analysis covers."),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    methodology = models.TextField(_("methodology"), max_length=10000, blank=True)
    summary = models.TextField(_("summary"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
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

    objects = ProblemAnalysisQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem analysis")
        verbose_name_plural = _("problem analyses")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            models.Index(fields=["status", "period_start", "period_end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, administration__isnull=True)
                    | Q(organisation__isnull=True, administration__isnull=False)
                ),
                name="analyses_analysis_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="analyses_analysis_period",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="analyses_analysis_published_at",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("analyses:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period of the analysis cannot end before it starts.")
        if bool(self.organisation_id) == bool(self.administration_id):
            errors["organisation"] = _(
                "An analysis belongs to one organisation or one municipal administration."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class AnalysisPartner(OneParty, models.Model):
    """A co-authoring party: a CSO or an administration that wrote the analysis with its owner."""

    analysis = models.ForeignKey(
        ProblemAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="analysis_partnerships",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="analysis_partnerships",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("co-authoring party")
        verbose_name_plural = _("co-authoring parties")
        ordering = ["analysis_id", "pk"]
        constraints = one_party_constraints(
            owner="analysis",
            exactly_one="analyses_partner_exactly_one",
            organisation_once="analyses_partner_organisation_once",
            administration_once="analyses_partner_administration_once",
        )
        indexes = [
            models.Index(fields=["organisation", "analysis"]),
            models.Index(fields=["administration", "analysis"]),
        ]

    def __str__(self):
        return str(self.party)


class _Row(models.Model):
    """A row of an analysis, kept in the order its authors gave."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["analysis_id", "order", "pk"]


class Level(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Stakeholder(_Row):
    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        CSO = "cso", _("Civil society organisation")
        BUSINESS = "business", _("Business")
        CITIZENS = "citizens", _("Citizens' group")
        OTHER = "other", _("Other")

    analysis = models.ForeignKey(
        ProblemAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.CASCADE,
        related_name="stakeholders",
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation in the directory"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("administration in the directory"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    interest = models.TextField(_("interest"), max_length=2000, blank=True)
    influence = models.CharField(_("influence"), max_length=6, choices=Level.choices)
    role = models.CharField(_("role"), max_length=500, blank=True)

    class Meta(_Row.Meta):
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation__isnull=False, administration__isnull=False),
                name="analyses_stakeholder_one_link",
            ),
        ]

    def __str__(self):
        return self.display_name

    def clean(self):
        if not (self.name.strip() or self.organisation_id or self.administration_id):
            raise ValidationError(
                {"name": _("Name the stakeholder or choose it from the directory.")}
            )
        if self.organisation_id and self.administration_id:
            raise ValidationError(
                {"name": _("Link a stakeholder to an organisation or an administration, not both.")}
            )

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        linked = self.organisation if self.organisation_id else self.administration
        return str(linked) if linked else ""


class Finding(_Row):
    """A finding with the data behind it; with a figure (value, unit, year) it is a row of the
    analysis's data table."""

    analysis = models.ForeignKey(
        ProblemAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    text = models.TextField(_("finding"), max_length=3000)
    source = models.CharField(_("data source"), max_length=500, blank=True)
    value = models.DecimalField(_("figure"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta(_Row.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="analyses_finding_year",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        if self.value is None and (self.unit or self.year):
            raise ValidationError(
                {"value": _("A unit or a year describes a figure: give the figure too.")}
            )
        if self.year is not None and not 1900 <= self.year <= 2100:
            raise ValidationError({"year": _("Give a year between 1900 and 2100.")})


class SwotItem(_Row):
    class Quadrant(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        WEAKNESS = "weakness", _("Weakness")
        OPPORTUNITY = "opportunity", _("Opportunity")
        THREAT = "threat", _("Threat")

    analysis = models.ForeignKey(
        ProblemAnalysis, verbose_name=_("analysis"), on_delete=models.CASCADE, related_name="swot"
    )
    quadrant = models.CharField(_("quadrant"), max_length=12, choices=Quadrant.choices)
    text = models.CharField(_("text"), max_length=1000)

    class Meta(_Row.Meta):
        verbose_name = _("SWOT item")
        verbose_name_plural = _("SWOT items")
        ordering = ["analysis_id", "quadrant", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quadrant__in=["strength", "weakness", "opportunity", "threat"]),
                name="analyses_swot_quadrant",
            ),
        ]

    def __str__(self):
        return f"{self.get_quadrant_display()}: {self.text[:60]}"


class Recommendation(_Row):
    class Timeframe(models.TextChoices):
        SHORT = "short", _("Short term (up to a year)")
        MEDIUM = "medium", _("Medium term (one to three years)")
        LONG = "long", _("Long term (over three years)")

    analysis = models.ForeignKey(
        ProblemAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"), max_length=3000)
    addressee = models.CharField(_("addressed to"), max_length=255, blank=True)
    priority = models.CharField(
        _("priority"), max_length=6, choices=Level.choices, default=Level.MEDIUM
    )
    timeframe = models.CharField(
        _("timeframe"), max_length=6, choices=Timeframe.choices, default=Timeframe.MEDIUM
    )

    class Meta(_Row.Meta):
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        return self.text[:80]


class AnalysisAuthor(_Row):
    """An author: a person of the directory, or an external author named in free text."""

    analysis = models.ForeignKey(
        ProblemAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.CASCADE,
        related_name="authors",
    )
    person = models.ForeignKey(
        "directory.Person",
        verbose_name=_("person in the directory"),
        on_delete=models.PROTECT,
        related_name="analysis_authorships",
        null=True,
        blank=True,
    )
    name = models.CharField(_("external author"), max_length=255, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=255, blank=True)

    class Meta(_Row.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(name=""),
                name="analyses_author_named",
            ),
        ]
        indexes = [models.Index(fields=["person", "analysis"])]

    def __str__(self):
        return self.display_name

    def clean(self):
        if not self.person_id and not self.name.strip():
            raise ValidationError(
                {"name": _("Choose a person from the directory or name an external author.")}
            )

    @property
    def display_name(self) -> str:
        if self.person_id:
            return f"{self.person.first_name} {self.person.last_name}"
        return self.name


class AnalysisDocument(models.Model):
    """A file of the analysis. Public ones are served with the published analysis; internal ones
    only to its own people. Both are in private storage, through a permission-checked view."""

    analysis = models.ForeignKey(
        ProblemAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=RandomName("analyses/documents"),
        max_length=255,
        validators=[validate_analysis_document],
        help_text=_("PDF, Word, Excel or PowerPoint."),
    )
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_(
            "A public document is shown with the published analysis; an internal one "
            "only to its authors' parties and the coordinator."
        ),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["analysis_id", "pk"]
        indexes = [models.Index(fields=["analysis", "is_public"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("analyses:document", kwargs={"slug": self.analysis.slug, "pk": self.pk})
