"""Reads of CSO websites."""

from __future__ import annotations

from django.db.models import Count, Max, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from partnerstvo.core.permissions import scope

from .models import CsoWebsite, NewsIndexPage, NewsItemPage

REQUEST_CACHE = "_partnerstvo_website"
REQUEST_SECTIONS = "_partnerstvo_sections"
SECTIONS_KEY = "websites:sections:{site}:{generation}"
CONTRIBUTIONS_KEY = "websites:contributions:{generation}:{day}:{organisation}:{kinds}:{limit}"
# The renditions the news templates show; fetched with the news so each image costs no query.
PARTNER_RENDITIONS = ("fill-96x96",)
NEWS_RENDITIONS = ("fill-480x270|format-webp", "fill-960x540|format-webp")


def within_tree(queryset, root, *, inclusive: bool = False):
    """``descendant_of(root)`` plus the same condition as a path range, which an index can serve
    (SQLite's LIKE is case-insensitive and cannot use the path index; paths are 0-9A-Z only, so
    every descendant sorts between ``root.path`` and ``root.path + "~"``)."""
    return queryset.descendant_of(root, inclusive=inclusive).filter(
        path__gte=root.path, path__lt=root.path + "~"
    )


def news_with_images(queryset):
    """News with their images (joined) and the images' card renditions (one query for all):
    Wagtail's ``get_rendition`` reads renditions prefetched as ``renditions``."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=NEWS_RENDITIONS)
    )
    return queryset.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=renditions)
    )


def website_for_request(request) -> CsoWebsite | None:
    """The CSO website serving this request (one query, then cached on the request)."""
    if hasattr(request, REQUEST_CACHE):
        return getattr(request, REQUEST_CACHE)
    site = Site.find_for_request(request)
    website = None
    if site is not None:
        from django.db.models import Exists

        from .models import ProjectPage

        # The root page's path as a constant (Wagtail found the site with its root page): a
        # prefix the page tree's index can range over, where one read from the outer row
        # would scan every funded project of every site.
        funded = ProjectPage.objects.live().filter(
            eu_funded=True, path__startswith=site.root_page.path
        )
        website = (
            CsoWebsite.objects.select_related(
                "organisation", "organisation__seat", "logo", "header_image"
            )
            .annotate(has_funded_content=Exists(funded))
            .filter(site=site)
            .first()
        )
        if website is not None:
            # The site Wagtail found for the request, with its root page (the menu and the feeds
            # start there): not a second copy fetched again.
            website.site = site
    setattr(request, REQUEST_CACHE, website)
    return website


def website_sections(*, website: CsoWebsite | None, request=None) -> list[Page]:
    """The live pages right under the site's home page, in menu order, the news index among them
    as a ``NewsIndexPage`` (its feeds are linked from every page): one query once per publication
    (then read from the cache), kept on the request. The menu is those of them shown in menus."""
    if website is None:
        return []
    if request is not None and hasattr(request, REQUEST_SECTIONS):
        return getattr(request, REQUEST_SECTIONS)
    sections = None
    if request is not None:
        # Kept in the cache under the site's generation token, like the pages that show them:
        # publishing, unpublishing or moving anything on the site replaces it.
        from django.core.cache import cache

        from .caching import CACHE_SECONDS, request_site_generation

        key = SECTIONS_KEY.format(
            site=website.site.pk, generation=request_site_generation(request, website.site.pk)
        )
        sections = cache.get(key)
    if sections is None:
        # Each as its own type (the news index a NewsIndexPage), with only the page fields read:
        # no query per type, and every link made by the platform's pages
        # (``RequestOriginPageMixin``).
        sections = list(website.site.root_page.get_children().live().specific(defer=True))
        if request is not None:
            cache.set(key, sections, CACHE_SECONDS)
    if request is not None:
        setattr(request, REQUEST_SECTIONS, sections)
    return sections


def website_news_index(*, website: CsoWebsite | None, request=None) -> NewsIndexPage | None:
    """The site's live news index, whose RSS and Atom feeds every page of the site advertises."""
    sections = website_sections(website=website, request=request)
    return next((page for page in sections if isinstance(page, NewsIndexPage)), None)


def website_contributions(organisation, *, kinds, limit: int) -> list:
    """``contributions_for``, kept in the cache like the pages that show them: under the token
    that any change to a record they come from replaces (``caching.ALL_SITES_GENERATION_KEY``),
    and for the day at most, so a page rendered after a news item is published does not read
    every other app again."""
    from django.core.cache import cache

    from .caching import CACHE_SECONDS, all_sites_generation
    from .contributions import contributions_for

    key = CONTRIBUTIONS_KEY.format(
        generation=all_sites_generation(),
        day=timezone.localdate().isoformat(),
        organisation=organisation.pk,
        kinds=",".join(kinds),
        limit=limit,
    )
    items = cache.get(key)
    if items is None:
        items = contributions_for(organisation, kinds=kinds, limit=limit)
        cache.set(key, items, CACHE_SECONDS)
    return items


def home_partners(*, home) -> QuerySet:
    """The partners shown on the home and partnerships pages, with their seats, their own sites'
    logos and the logos' renditions (one query for all)."""
    return (
        home.partners.select_related("seat", "cso_website__logo")
        .prefetch_related(
            Prefetch(
                "cso_website__logo__renditions",
                queryset=get_image_model()
                .get_rendition_model()
                .objects.filter(filter_spec__in=PARTNER_RENDITIONS),
            )
        )
        .order_by("name")
    )


def home_context(*, home, website) -> dict:
    from .contributions import ACTIVITY_KINDS

    latest_news = news_with_images(
        within_tree(NewsItemPage.objects.live(), home).order_by("-date", "-pk")
    )[:4]
    today = timezone.localdate()
    coming = [
        item
        for item in website_contributions(website.organisation, kinds=ACTIVITY_KINDS, limit=20)
        if item.date is None or item.date >= today
    ][:5] if website else []  # fmt: skip
    return {
        "latest_news": latest_news,
        "coming_activities": coming,
        "partners": home_partners(home=home),
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
    # The site's pages as a range of the page tree's index (tree paths are 0-9A-Z, so every
    # descendant sorts between the root's path and that path followed by Zs), not as a LIKE on
    # the outer row's path, which no index can answer: each site row scanned every page.
    root_path = OuterRef("site__root_page__path")
    pages = Page.objects.filter(
        live=True,
        path__gte=root_path,
        path__lte=Concat(root_path, Value("Z" * Page._meta.get_field("path").max_length)),
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


def latest_public_news(*, limit: int) -> list[NewsItemPage]:
    """The newest news items of the CSO websites that are online and public, with their images
    and card renditions; for the platform's home page. The sites' root paths are matched by
    prefix of the same length (one indexed query whatever the number of sites)."""
    from django.db.models.functions import Substr

    roots = set(
        Site.objects.filter(
            cso_website__is_active=True, cso_website__organisation__is_public=True
        ).values_list("root_page__path", flat=True)
    )
    if not roots:
        return []
    condition = Q()
    for length in {len(path) for path in roots}:
        condition |= Q(**{f"root_{length}__in": [path for path in roots if len(path) == length]})
    queryset = (
        NewsItemPage.objects.live()
        .public()
        .annotate(
            **{f"root_{length}": Substr("path", 1, length) for length in {len(p) for p in roots}}
        )
    )
    return list(news_with_images(queryset.filter(condition)).order_by("-date", "-pk")[:limit])
