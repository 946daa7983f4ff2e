"""A website for every CSO: Wagtail sites with structured page types, per-site settings, an inbox.

The tree of each site is constrained: a ``CsoHomePage`` at the top, and below it news, projects,
partnerships, activities, documents, contact and standard pages, each only where it belongs.
"""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from partnerstvo.core.absolute_urls import RequestOriginPageMixin, site_root_url

from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .validators import validate_primary_colour

NEWS_PER_PAGE = 12
# The dark scheme's page and raised-surface colours (cso-site.css, section "dark scheme").
DARK_BACKGROUND = "#14181d"
DARK_SURFACE = "#27303a"
IMAGE_ALT_REQUIRED = _(
    "Say what the image shows, for people who cannot see it, or mark it as decorative."
)


class CsoWebsite(models.Model):
    """The website of one CSO: its Wagtail site, editors' group, collections and settings."""

    class Theme(models.TextChoices):
        ASSOCIATION = "association", _("Modern association: bold hero, rounded cards")
        COMMUNITY = "community", _("Community centre: warm, serif headings, framed photos")
        INSTITUTIONAL = "institutional", _("Institutional: plain, sober, light header")

    class Language(models.TextChoices):
        BULGARIAN = "bg", _("Bulgarian only")
        BILINGUAL = "bg+en", _("Bulgarian and English")

    organisation = models.OneToOneField(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="cso_website",
    )
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="cso_website",
    )
    editors_group = models.OneToOneField(
        "auth.Group", verbose_name=_("editors"), on_delete=models.PROTECT, related_name="+"
    )
    image_collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )
    document_collection = models.ForeignKey(
        "wagtailcore.Collection", on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("online"), default=True, db_index=True)
    custom_domain = models.CharField(
        _("own domain"),
        max_length=200,
        blank=True,
        help_text=_("For example www.iskar-bg.org; the platform address then redirects to it."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    header_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("header image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0b4f8a",
        validators=[validate_primary_colour],
        help_text=_("Carries white text, so it must be dark enough (WCAG AA contrast 4.5:1)."),
    )
    theme = models.CharField(
        _("theme"),
        max_length=20,
        choices=Theme.choices,
        default=Theme.ASSOCIATION,
        help_text=_("The look of the site; each theme uses the logo, header image and colour."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_address = models.CharField(_("contact address"), max_length=255, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    languages = models.CharField(
        _("languages"), max_length=5, choices=Language.choices, default=Language.BULGARIAN
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("pages are stale after (days)"), default=180
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("CSO website")
        verbose_name_plural = _("CSO websites")
        ordering = ["organisation__name"]

    def __str__(self):
        return str(self.organisation)

    @property
    def hostname(self) -> str:
        return self.site.hostname

    def get_root_url(self, request=None) -> str:
        """The site's home address, on the scheme and port the platform is served on."""
        return site_root_url(self.site, request)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        return [
            (label, url)
            for label, url in (
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
                ("YouTube", self.youtube_url),
                ("LinkedIn", self.linkedin_url),
            )
            if url
        ]

    @property
    def palette(self) -> dict[str, str]:
        """The site's colours as the design system's tokens: the primary colour (which carries
        white text, see ``validate_primary_colour``), a darker shade for hover and a light tint for
        backgrounds that carry dark text."""
        from .validators import dark_scheme_tint, mix

        return {
            "brand": self.primary_colour,
            "brand_strong": mix(self.primary_colour, "#000000", 0.25),
            "brand_soft": mix(self.primary_colour, "#ffffff", 0.88),
            # The dark scheme (cso-site.css): a dark tint for backgrounds, and a light tint that
            # carries text (links, tags) on every dark background, that tint included, at 4.5:1.
            "dark_soft": mix(self.primary_colour, DARK_BACKGROUND, 0.78),
            "dark_text": dark_scheme_tint(
                self.primary_colour,
                backgrounds=(DARK_SURFACE, mix(self.primary_colour, DARK_BACKGROUND, 0.78)),
            ),
        }

    @property
    def stale_before(self) -> datetime.datetime:
        return timezone.now() - datetime.timedelta(days=self.stale_after_days)


class ContactMessage(models.Model):
    """A message sent through a CSO's contact page: kept in its inbox and e-mailed to it."""

    website = models.ForeignKey(
        CsoWebsite, verbose_name=_("website"), on_delete=models.CASCADE, related_name="messages"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    is_read = models.BooleanField(_("read"), default=False)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["website", "-created_at"])]

    def __str__(self):
        return f"{self.subject} — {self.name}"


# --- Pages -------------------------------------------------------------------------------------


class CsoPage(RequestOriginPageMixin, Page):
    """Base of every page of a CSO site (abstract): the site's website, freshness and absolute
    URLs on the scheme and port the platform is really served on."""

    cacheable = True

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        from .caching import serve_cached

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
        from .sanitising import sanitise_page_rich_text

        sanitise_page_rich_text(self)
        super().clean()

    def get_context(self, request, *args, **kwargs):
        from .selectors import website_for_request, website_news_index, website_sections

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
        return context

    def route(self, request, path_components):
        """Wagtail's routing, with the pages a deeper path names (a news item under its index)
        read in one query, each as its own page type, instead of two queries per level. A page
        on the way with routes of its own (``RoutablePageMixin``) still answers first when one of
        them matches, as in Wagtail; anything unusual (a missing page, another page type) takes
        Wagtail's own path, so the answer, a 404 included, is the same."""
        from wagtail.contrib.routable_page.models import RoutablePageMixin

        from .selectors import within_tree

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

        from .selectors import home_context

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


class NewsTag(TaggedItemBase):
    content_object = ParentalKey(
        "websites.NewsItemPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsIndexPage(RoutablePageMixin, CsoPage):
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["websites.CsoHomePage"]
    subpage_types = ["websites.NewsItemPage"]
    max_count_per_parent = 1
    template = "websites/news_index_page.html"

    class Meta:
        verbose_name = _("news index")

    def news(self):
        from .selectors import news_with_images

        return news_with_images(NewsItemPage.objects.live().child_of(self).order_by("-date", "-pk"))

    @path("")
    def index_route(self, request):
        page = Paginator(self.news(), NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"page_obj": page})

    @path("tag/<str:tag>/")
    def tag_route(self, request, tag):
        news = self.news().filter(tags__name=tag)
        page = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
        return self.render(request, context_overrides={"page_obj": page, "tag": tag})

    @path("rss/")
    def rss_route(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("atom/")
    def atom_route(self, request):
        from .feeds import AtomNewsFeed

        return AtomNewsFeed(self)(request)


class NewsItemPage(CsoPage):
    date = models.DateField(_("date"), default=datetime.date.today)
    lead = models.TextField(_("lead"), max_length=400, help_text=_("One or two sentences."))
    body = StreamField(BodyBlock(), verbose_name=_("content"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The image's text alternative, as Wagtail's ImageBlock asks for one in the body: the image's
    # own description (Wagtail's default alt text) unless the editor says what it shows here, or
    # nothing when it is marked decorative. Required: see clean().
    image_alt = models.CharField(
        _("image alt text"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Leave empty to use the "
            "image's description."
        ),
    )
    image_decorative = models.BooleanField(
        _("the image is decorative"),
        default=False,
        help_text=_("It adds nothing to the text; screen readers skip it."),
    )
    tags = ClusterTaggableManager(through=NewsTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("tags")]),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("image"), FieldPanel("image_alt"), FieldPanel("image_decorative")],
            heading=_("Image"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["websites.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "websites/news_item_page.html"

    class Meta:
        verbose_name = _("news item")
        indexes = [models.Index(fields=["-date"])]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        self.image_alt = self.image_alt.strip()
        described = self.image_id and (self.image.description or "").strip()
        if self.image_id and not (self.image_decorative or self.image_alt or described):
            raise ValidationError({"image_alt": IMAGE_ALT_REQUIRED})

    @property
    def image_alt_text(self) -> str:
        """The ``alt`` of the news item's image: empty when decorative, else the text given here
        or the image's description (an image saved before alt text was required: its title)."""
        if not self.image_id or self.image_decorative:
            return ""
        return self.image_alt or self.image.default_alt_text

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The index whose tag pages the item's tags link to: the site's news index (already
        # read for the feeds) when it is the parent, as it is unless the item was moved.
        index = context["news_index"]
        if index is None or index.path != self.path[: -self.steplen]:
            index = self.get_parent().specific
        context["parent_index"] = index
        return context


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
        from .selectors import website_contributions

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
        from .selectors import home_partners

        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent().specific
        context["partners"] = home_partners(home=home) if isinstance(home, CsoHomePage) else []
        return context


class ActivitiesPage(SectionPage):
    contribution_kinds = ("events", "trainings", "consultations", "practices")
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
        from .views import contact_page_serve

        return contact_page_serve(self, request, super().serve, *args, **kwargs)


CSO_PAGE_MODELS = (
    CsoHomePage, StandardPage, NewsIndexPage, NewsItemPage, ProjectIndexPage, ProjectPage,
    PartnershipsPage, ActivitiesPage, DocumentsPage, ContactPage,
)  # fmt: skip
