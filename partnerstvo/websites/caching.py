"""Public pages of CSO sites served from the cache, invalidated the moment anything is published.

Each site has a *generation* token in the cache; every cached page's key contains it. Publishing,
unpublishing, moving, deleting or restricting a page, or changing the site, its settings or its CSO
(``signals.py``), replaces the token, so the whole site (whose home page lists its news, whose menus
list its sections) is fresh at once, in every process sharing the cache (Redis in production, files
under var/cache/ otherwise). A second token, shared by all sites, is replaced when a record of
another app that sites show changes (``contributions.register(..., sources=...)``).

Pages are stored by ``serve_cached`` (called from ``CsoPage.serve``) and answered by
``PageCacheMiddleware`` before URL routing, so a hit costs cache reads and no database query. Only
anonymous GETs (no session cookie) of cacheable pages are cached.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse

CACHE_SECONDS = 60 * 60 * 24
GENERATION_KEY = "websites:generation:{site_id}"
# Records of other apps shown on every site (``contributions``) change all sites at once.
ALL_SITES_GENERATION_KEY = "websites:generation:all"
HOST_KEY = "websites:host-site:{host}"


def _generation(key: str) -> str:
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, None)
        generation = cache.get(key)
    return generation


def site_generation(site_id: int) -> str:
    """The token every cached page of the site is stored under (its own and every site's)."""
    return f"{_generation(GENERATION_KEY.format(site_id=site_id))}." + _generation(
        ALL_SITES_GENERATION_KEY
    )


def all_sites_generation() -> str:
    """The token replaced whenever a record of another app that sites show changes."""
    return _generation(ALL_SITES_GENERATION_KEY)


def invalidate_all_sites() -> None:
    """Make every cached page of every site stale (O(1))."""
    cache.set(ALL_SITES_GENERATION_KEY, uuid.uuid4().hex, None)


def purge_all_sites() -> None:
    """``invalidate_all_sites`` now and again when the current transaction commits."""
    invalidate_all_sites()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(invalidate_all_sites)


def invalidate_site(site_id: int | None) -> None:
    """Make every cached page of the site stale (O(1): a new generation token)."""
    if site_id is not None:
        cache.set(GENERATION_KEY.format(site_id=site_id), uuid.uuid4().hex, None)


def purge_site(site_id: int | None) -> None:
    """Invalidate the site's cached pages now, and again when the current transaction commits.

    Now, so that nothing cached before the change is served once it is visible; at commit, because
    a visitor served between the change and the commit still read (and cached) the old state.
    """
    if site_id is None:
        return
    invalidate_site(site_id)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: invalidate_site(site_id))


def _anonymous_request(request) -> bool:
    if not settings.PARTNERSTVO_PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _page_key(host: str, path: str, site_id: int, generation: str) -> str:
    digest = hashlib.sha256(f"{host}|{path}".encode()).hexdigest()[:32]
    return f"websites:page:{site_id}:{generation}:{digest}"


def serve_cached(page, request, serve, *args, **kwargs):
    """Serve ``page`` and keep the response when it may be shared with every visitor."""
    if (
        not page.cacheable
        or not _anonymous_request(request)
        or getattr(request, "is_preview", False)
    ):
        return serve(request, *args, **kwargs)
    from wagtail.models import Site

    site = Site.find_for_request(request)
    response = serve(request, *args, **kwargs)
    if site is None:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.cookies:
        host = request.get_host()
        key = _page_key(host, request.get_full_path(), site.pk, site_generation(site.pk))
        cache.set_many(
            {key: (response.content, response["Content-Type"],
                   response.get("Content-Language", "")),
             HOST_KEY.format(host=host): site.pk},
            CACHE_SECONDS,
        )  # fmt: skip
        response["X-Cache"] = "MISS"
    return response


class PageCacheMiddleware:
    """Answer anonymous GETs of cached CSO pages before any URL routing or database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _anonymous_request(request):
            host = request.get_host()
            site_id = cache.get(HOST_KEY.format(host=host))
            if site_id is not None:
                site_key = GENERATION_KEY.format(site_id=site_id)
                generations = cache.get_many([site_key, ALL_SITES_GENERATION_KEY])
                if len(generations) == 2:
                    generation = f"{generations[site_key]}.{generations[ALL_SITES_GENERATION_KEY]}"
                    cached = cache.get(
                        _page_key(host, request.get_full_path(), site_id, generation)
                    )
                    if cached is not None:
                        content, content_type, language = cached
                        response = HttpResponse(content, content_type=content_type)
                        if language:
                            response["Content-Language"] = language
                        # What the middlewares skipped by this early answer would have added.
                        response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
                        response["X-Cache"] = "HIT"
                        return response
        return self.get_response(request)
