"""Reads of CSO websites."""

from __future__ import annotations

from django.db.models import Count, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from wagtail.models import Page, Site

from partnerstvo.core.permissions import scope

from .models import CsoWebsite, NewsIndexPage, NewsItemPage

REQUEST_CACHE = "_partnerstvo_website"
REQUEST_NEWS_INDEX = "_partnerstvo_news_index"
# The renditions the news templates show; fetched with the news so each image costs no query.
NEWS_RENDITIONS = ("fill-480x270",)


def within_tree(queryset, root, *, inclusive: bool = False):
    """``descendant_of(root)`` plus the same condition as a path range, which an index can serve
    (SQLite's LIKE is case-insensitive and cannot use the path index; paths are 0-9A-Z only, so
    every descendant sorts between ``root.path`` and ``root.path + "~"``)."""
    return queryset.descendant_of(root, inclusive=inclusive).filter(
        path__gte=root.path, path__lt=root.path + "~"
    )


def news_with_images(queryset):
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    return queryset.prefetch_related(
        Prefetch("image", queryset=get_image_model().objects.prefetch_renditions(*NEWS_RENDITIONS))
    )


def website_for_request(request) -> CsoWebsite | None:
    """The CSO website serving this request (one query, then cached on the request)."""
    if hasattr(request, REQUEST_CACHE):
        return getattr(request, REQUEST_CACHE)
    site = Site.find_for_request(request)
    website = None
    if site is not None:
        website = (
            CsoWebsite.objects.select_related(
                "organisation", "organisation__seat", "site", "logo", "header_image"
            )
            .filter(site=site)
            .first()
        )
    setattr(request, REQUEST_CACHE, website)
    return website


def website_news_index(*, website: CsoWebsite | None, request=None) -> NewsIndexPage | None:
    """The site's live news index, whose RSS and Atom feeds every page of the site advertises
    (one query, then cached on the request)."""
    if website is None:
        return None
    if request is not None and hasattr(request, REQUEST_NEWS_INDEX):
        return getattr(request, REQUEST_NEWS_INDEX)
    index = NewsIndexPage.objects.live().child_of(website.site.root_page).first()
    if request is not None:
        setattr(request, REQUEST_NEWS_INDEX, index)
    return index


def home_context(*, home, website) -> dict:
    from .contributions import ACTIVITY_KINDS, contributions_for

    latest_news = news_with_images(
        within_tree(NewsItemPage.objects.live(), home).order_by("-date", "-pk")
    )[:4]
    today = timezone.localdate()
    coming = [
        item
        for item in contributions_for(website.organisation, kinds=ACTIVITY_KINDS, limit=20)
        if item.date is None or item.date >= today
    ][:5] if website else []  # fmt: skip
    return {
        "latest_news": latest_news,
        "coming_activities": coming,
        "partners": home.partners.select_related("seat").order_by("name"),
        "sections": home.get_children().live().in_menu().specific(),
    }


def website_list(*, user, active_only: bool = False) -> QuerySet[CsoWebsite]:
    queryset = scope(user, "view", CsoWebsite.objects.all())
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.select_related("organisation", "organisation__seat", "site").order_by(
        "organisation__name"
    )


def public_website_list() -> QuerySet[CsoWebsite]:
    return (
        CsoWebsite.objects.filter(is_active=True, organisation__is_public=True)
        .select_related("organisation", "organisation__seat", "site")
        .order_by("organisation__name")
    )


def stale_pages(*, website: CsoWebsite) -> QuerySet[Page]:
    """Live pages of the site not published since the site's staleness limit, oldest first."""
    return (
        within_tree(Page.objects.live(), website.site.root_page, inclusive=True)
        .filter(Q(last_published_at__lt=website.stale_before) | Q(last_published_at__isnull=True))
        .order_by("last_published_at", "pk")
    )


def website_freshness(*, user) -> QuerySet[CsoWebsite]:
    """Every website the user may see, with its page count, stale page count and last update,
    computed in SQL (one query for the whole list page)."""
    pages = Page.objects.filter(
        live=True,
        path__startswith=OuterRef("site__root_page__path"),
    )
    return (
        website_list(user=user)
        .annotate(
            page_count=Subquery(
                pages.order_by().values("live").annotate(n=Count("pk")).values("n")[:1]
            ),
            last_update=Subquery(
                pages.order_by().values("live").annotate(m=Max("last_published_at")).values("m")[:1]
            ),
            oldest_update=Subquery(
                pages.order_by().values("live").annotate(m=Min("last_published_at")).values("m")[:1]
            ),
        )
        .order_by("last_update", "organisation__name")
    )
