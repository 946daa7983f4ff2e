"""News: the site's news index (paginated, by tag, with RSS and Atom feeds) and its items."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import RICH_TEXT_FEATURES, BodyBlock
from .pages import NEWS_PER_PAGE, CsoPage

IMAGE_ALT_REQUIRED = _(
    "Say what the image shows, for people who cannot see it, or mark it as decorative."
)


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
        from ..selectors import news_with_images

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
        from ..feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("atom/")
    def atom_route(self, request):
        from ..feeds import AtomNewsFeed

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
