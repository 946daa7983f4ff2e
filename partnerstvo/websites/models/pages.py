"""The page types every CSO site is made of: the common base (``CsoPage``), the home page,
standard pages, the sections that show what other apps record (partnerships, activities) and
the documents and contact pages."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from partnerstvo.core.absolute_urls import RequestOriginPageMixin

from ..blocks import RICH_TEXT_FEATURES, BodyBlock

# Items per page of a site's lists (news, projects).
NEWS_PER_PAGE = 12


class CsoPage(RequestOriginPageMixin, Page):
    """Base of every page of a CSO site (abstract): the site's website, freshness and absolute
    URLs on the scheme and port the platform is really served on."""

    cacheable = True

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        from ..caching import serve_cached

        return serve_cached(self, request, super().serve, *args, **kwargs)

    def full_clean(self, *args, **kwargs):
        # Slugs by the Transliteration Act: a Cyrillic slug (Wagtail's editor proposes one from the
        # title) or a missing one becomes its official Latin form, unique among its siblings.
        from partnerstvo.core.transliteration import slugify_bg

        if self.slug and not self.slug.isascii():
            self.slug = self.unique_sibling_slug(slugify_bg(self.slug.replace("-", " ")))
        elif not self.slug and self.title:
            self.slug = self.unique_sibling_slug(slugify_bg(self.title))
        super().full_clean(*args, **kwargs)

    def unique_sibling_slug(self, base: str) -> str:
        """``base``, or ``base-2``, ``base-3``… : the first that no sibling page uses (what
        Wagtail proposes for a new page, through public tree queries)."""
        parent = self.get_parent()
        if parent is None:
            return base
        siblings = parent.get_children()
        if self.pk:
            siblings = siblings.not_page(self)
        taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
        slug, suffix = base, 1
        while slug in taken:
            suffix += 1
            slug = f"{base}-{suffix}"
        return slug

    def clean(self):
        # Rich text is cleaned to the editor's features however it arrives (admin, import, API):
        # no script, no event handlers, no javascript: links.
        from ..sanitising import sanitise_page_rich_text

        sanitise_page_rich_text(self)
        super().clean()

    def get_context(self, request, *args, **kwargs):
        from ..caching import chrome_key
        from ..selectors import website_for_request, website_news_index, website_sections

        context = super().get_context(request, *args, **kwargs)
        website = website_for_request(request)
        context["website"] = website
        context["menu"] = [
            section
            for section in website_sections(website=website, request=request)
            if section.show_in_menus
        ]
        # Every page advertises its site's feeds (<link rel="alternate"> in websites/base.html).
        context["news_index"] = website_news_index(website=website, request=request)
        context["chrome_key"] = chrome_key(request, website.site.pk) if website else None
        return context

    def route(self, request, path_components):
        """Wagtail's routing, with the pages a deeper path names (a news item under its index)
        read in one query, each as its own page type, instead of two queries per level. A page
        on the way with routes of its own (``RoutablePageMixin``) still answers first when one of
        them matches, as in Wagtail; anything unusual (a missing page, another page type) takes
        Wagtail's own path, so the answer, a 404 included, is the same."""

        from ..selectors import within_tree
        from . import CSO_PAGE_MODELS

        if len(path_components) < 2:
            return super().route(request, path_components)
        url_paths = [
            self.url_path + "/".join(path_components[:end]) + "/"
            for end in range(1, len(path_components) + 1)
        ]
        accessors = [
            model.__name__.lower() for model in CSO_PAGE_MODELS if model is not CsoHomePage
        ]
        chain = list(
            within_tree(Page.objects.filter(url_path__in=url_paths), self)
            .select_related(*accessors)
            .order_by("depth")
        )
        if [page.depth for page in chain] != list(
            range(self.depth + 1, self.depth + 1 + len(path_components))
        ):
            return super().route(request, path_components)
        for level, page in enumerate(chain, 1):
            page = next((found for name in accessors if (found := getattr(page, name, None))), None)
            if page is None:
                return super().route(request, path_components)
            remaining = path_components[level:]
            if not remaining:
                return page.route(request, [])
            if isinstance(page, RoutablePageMixin) and page.live:
                try:
                    page.resolve_subpage("/" + "/".join(remaining) + "/")
                except Http404:
                    pass
                else:
                    return page.route(request, remaining)
            elif type(page).route is not CsoPage.route:
                return page.route(request, remaining)
        raise AssertionError("unreachable")  # pragma: no cover

    def get_view_restrictions(self):
        """Wagtail's rule (the restrictions of this page and of its ancestors, an alias's taken from
        its source page) in one query: the ancestors' paths are prefixes of this page's path."""
        from django.db.models import Q
        from wagtail.models import PageViewRestriction

        paths = [self.path[:end] for end in range(self.steplen, len(self.path) + 1, self.steplen)]
        lineage = Page.objects.filter(path__in=paths)
        return PageViewRestriction.objects.filter(
            Q(page__in=lineage.filter(alias_of__isnull=True))
            | Q(page__in=lineage.filter(alias_of__isnull=False).values("alias_of"))
        )

    @property
    def updated_on(self):
        return self.last_published_at or self.latest_revision_created_at or self.first_published_at


class CsoHomePage(CsoPage):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    partners = ParentalManyToManyField(
        "directory.Organisation",
        verbose_name=_("partners"),
        blank=True,
        related_name="+",
        help_text=_("Organisations from the directory the CSO works with."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("partners")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "websites.StandardPage", "websites.NewsIndexPage", "websites.ProjectIndexPage",
        "websites.PartnershipsPage", "websites.ActivitiesPage", "websites.DocumentsPage",
        "websites.ContactPage",
    ]  # fmt: skip
    template = "websites/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from django.contrib.contenttypes.models import ContentType

        from ..selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(home=self, website=context["website"]))
        contact_type = ContentType.objects.get_for_model(ContactPage).pk  # cached by Django
        context["contact_page"] = next(
            (section for section in context["menu"] if section.content_type_id == contact_type),
            None,
        )
        return context


class StandardPage(CsoPage):
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["websites.CsoHomePage", "websites.StandardPage"]
    subpage_types = ["websites.StandardPage"]
    template = "websites/standard_page.html"

    class Meta:
        verbose_name = _("standard page")


class SectionPage(CsoPage):
    """A section filled by the platform's records, with an editable introduction (abstract)."""

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["websites.CsoHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    contribution_kinds: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        from ..selectors import website_contributions

        context = super().get_context(request, *args, **kwargs)
        website = context["website"]
        context["contributions"] = (
            website_contributions(website.organisation, kinds=self.contribution_kinds, limit=50)
            if website
            else []
        )
        return context


class PartnershipsPage(SectionPage):
    contribution_kinds = ("agreements",)
    template = "websites/partnerships_page.html"

    class Meta:
        verbose_name = _("partnerships")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import home_partners

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent().specific
        context["partners"] = home_partners(home=home) if isinstance(home, CsoHomePage) else []
        return context


class ActivitiesPage(SectionPage):
    contribution_kinds = ("events", "trainings", "consultations", "practices", "analyses")
    template = "websites/activities_page.html"

    class Meta:
        verbose_name = _("activities")


class DocumentsPage(SectionPage):
    template = "websites/documents_page.html"

    class Meta:
        verbose_name = _("documents")

    def get_context(self, request, *args, **kwargs):
        from wagtail.documents import get_document_model

        context = super().get_context(request, *args, **kwargs)
        website = context["website"]
        documents = (
            get_document_model().objects.filter(collection=website.document_collection)
            if website
            else get_document_model().objects.none()
        ).order_by("-created_at", "-pk")
        context["page_obj"] = Paginator(documents, 25).get_page(request.GET.get("page"))
        return context


class ContactPage(CsoPage):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you = models.CharField(_("thank-you text"), max_length=255, default="", blank=True)

    cacheable = False  # the form carries a per-visitor CSRF token
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("thank_you")]
    parent_page_types = ["websites.CsoHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "websites/contact_page.html"

    class Meta:
        verbose_name = _("contact")

    def serve(self, request, *args, **kwargs):
        from ..views import contact_page_serve

        return contact_page_serve(self, request, super().serve, *args, **kwargs)
