"""Projects: the list of a CSO's projects and each project's page (EU-funded ones carry the
visibility block)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES
from .pages import NEWS_PER_PAGE, CsoPage


class ProjectIndexPage(CsoPage):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["websites.CsoHomePage"]
    subpage_types = ["websites.ProjectPage"]
    max_count_per_parent = 1
    template = "websites/project_index_page.html"

    class Meta:
        verbose_name = _("projects index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        projects = ProjectPage.objects.live().child_of(self).order_by("-start_date", "-pk")
        context["page_obj"] = Paginator(projects, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return context


class ProjectPage(CsoPage):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")

    class Currency(models.TextChoices):
        BGN = "BGN", _("Bulgarian lev (BGN)")
        EUR = "EUR", _("Euro (EUR)")

    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BGN
    )
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    partners = ParentalManyToManyField(
        "directory.Organisation", verbose_name=_("partners"), blank=True, related_name="+"
    )
    target_groups = models.TextField(_("target groups"), blank=True)
    summary = RichTextField(_("summary"), features=RICH_TEXT_FEATURES, blank=True)
    results = RichTextField(_("results"), features=RICH_TEXT_FEATURES, blank=True)
    documents = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        verbose_name=_("documents"),
        blank=True,
    )
    eu_funded = models.BooleanField(
        _("EU-funded"), default=False, help_text=_("Adds the EU visibility block to the page.")
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("status"),
                FieldRowPanel([FieldPanel("budget"), FieldPanel("currency")]),
                FieldRowPanel([FieldPanel("funder"), FieldPanel("programme")]),
                FieldPanel("eu_funded"),
            ],
            heading=_("Project"),
        ),
        FieldPanel("partners"),
        FieldPanel("target_groups"),
        FieldPanel("summary"),
        FieldPanel("results"),
        FieldPanel("documents"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["websites.ProjectIndexPage"]
    subpage_types: list[str] = []
    template = "websites/project_page.html"

    class Meta:
        verbose_name = _("project")

    @property
    def status_variant(self) -> str:
        """The tag variant of the status (includes/components/tag.html)."""
        return {self.Status.RUNNING: "success", self.Status.COMPLETED: "muted"}.get(self.status, "")

    @property
    def card_tags(self) -> list[str]:
        """The labels on the project's card in the projects list."""
        tags = [self.get_status_display()]
        if self.eu_funded:
            tags.append(str(_("EU-funded")))
        return tags

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The project cannot end before it starts.")})
