"""Public pages of CSO sites served from the cache, invalidated the moment anything is published.

Each site has a *generation* token in the cache; every cached page's key contains it. Publishing,
unpublishing, moving or deleting a page, or changing the site's settings, replaces the token, so the
whole site (whose home page lists its news, whose menus list its sections) is fresh at once, on every
app server sharing the cache (Redis in production). Only anonymous GETs of cacheable pages are cached.
"""

from __future__ import annotations

import hashlib
import uuid

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

CACHE_SECONDS = 60 * 60 * 24
GENERATION_KEY = "websites:generation:{site_id}"


def site_generation(site_id: int) -> str:
    key = GENERATION_KEY.format(site_id=site_id)
    generation = cache.get(key)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(key, generation, None)
        generation = cache.get(key, generation)
    return generation


def invalidate_site(site_id: int | None) -> None:
    """Make every cached page of the site stale (O(1): a new generation token)."""
    if site_id is not None:
        cache.set(GENERATION_KEY.format(site_id=site_id), uuid.uuid4().hex, None)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # Previews, editing bars and flash messages are per person.
    return not getattr(request, "is_preview", False) and not request.COOKIES.get("messages")


def cache_key(page, request, site_id: int) -> str:
    path = request.get_full_path()
    digest = hashlib.sha256(f"{request.get_host()}|{path}".encode()).hexdigest()[:32]
    return f"websites:page:{site_id}:{site_generation(site_id)}:{get_language()}:{digest}"


def serve_cached(page, request, serve, *args, **kwargs):
    site = getattr(request, "_wagtail_site", None)
    if site is None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    if not page.cacheable or site is None or not _cacheable_request(request):
        return serve(request, *args, **kwargs)
    key = cache_key(page, request, site.pk)
    cached = cache.get(key)
    if cached is not None:
        content, content_type = cached
        response = HttpResponse(content, content_type=content_type)
        response["X-Cache"] = "HIT"
        return response
    response = serve(request, *args, **kwargs)
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.cookies:
        cache.set(key, (response.content, response["Content-Type"]), CACHE_SECONDS)
        response["X-Cache"] = "MISS"
    return response
