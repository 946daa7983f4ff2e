"""Public pages of CSO sites served from the cache, invalidated the moment anything is published.

Each site has a *generation* token in the cache; every cached page's key contains it. Publishing,
unpublishing, moving, deleting or restricting a page, or changing the site, its settings or its CSO
(``signals.py``), replaces the token, so the whole site (whose home page lists its news, whose menus
list its sections) is fresh at once, in every process sharing the cache (Redis in production, files
under var/cache/ otherwise). A second token, shared by all sites, is replaced when a record of
another app that sites show changes (``contributions.register(..., sources=...)``).

Pages are stored by ``serve_cached`` (called from ``CsoPage.serve``) and answered by
``CachedPageApplication`` around the WSGI application (wsgi.py), before Django's request handling,
or else by ``PageCacheMiddleware`` before URL routing: a hit costs one cache round trip and no
database query. Only anonymous GETs (no session cookie) of cacheable pages are cached.
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


def _generation(key: str) -> str:
    generation = cache.get(key)
    if generation is None:
        cache.add(key, uuid.uuid4().hex, None)
        generation = cache.get(key)
    return generation


def site_generation(site_id: int) -> str:
    """The token every cached page of the site is stored under (its own and every site's): one
    cache round trip when both exist."""
    site_key = GENERATION_KEY.format(site_id=site_id)
    found = cache.get_many([site_key, ALL_SITES_GENERATION_KEY])
    own = found.get(site_key) or _generation(site_key)
    every = found.get(ALL_SITES_GENERATION_KEY) or _generation(ALL_SITES_GENERATION_KEY)
    return f"{own}.{every}"


REQUEST_GENERATION = "_partnerstvo_site_generation"


def request_site_generation(request, site_id: int) -> str:
    """``site_generation`` as it was when this request started rendering, read once: the page is
    stored under it, and the site's chrome fragments (``chrome_cache``) are read and stored under
    it. Read before the database is, so that a change committed while the page renders (which
    replaces the token after its commit) leaves whatever this render stores stale, never current."""
    kept = getattr(request, REQUEST_GENERATION, None)
    if kept is not None and kept[0] == site_id:
        return kept[1]
    generation = site_generation(site_id)
    setattr(request, REQUEST_GENERATION, (site_id, generation))
    return generation


CHROME_KEY = "websites:chrome:{name}:{digest}"


def chrome_key(request, site_id: int) -> str | None:
    """What a site's chrome (header, menu, footer: ``{% chrome_cache %}``) is cached under for this
    request: the site, its generation token (replaced by anything published on it, or any change
    to the site, the website or its CSO), the language, and the scheme and host the links are made
    for. None for a preview, whose page is a draft."""
    from django.utils.translation import get_language

    if getattr(request, "is_preview", False):
        return None
    generation = request_site_generation(request, site_id)
    return f"{site_id}|{generation}|{get_language()}|{request.scheme}|{request.get_host()}"


def cached_fragment(name: str, key: str, render) -> str:
    """The fragment ``name`` stored under ``key``, rendered (and stored) when it is not there."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = CHROME_KEY.format(name=name, digest=digest)
    html = cache.get(cache_key)
    if html is None:
        html = render()
        cache.set(cache_key, html, CACHE_SECONDS)
    return html


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


def _page_key(host: str, path: str) -> str:
    digest = hashlib.sha256(f"{host}|{path}".encode()).hexdigest()[:32]
    return f"websites:page:{digest}"


# Which site each host's pages belong to, as this process last saw it: a guess that lets a hit
# read the page and both of its site's tokens in one round trip. The page itself says which site
# it is of; a wrong guess costs a second read, never a wrong page.
_HOST_SITES: dict[str, int] = {}


def cached_page(host: str, path: str) -> tuple[bytes, str, str] | None:
    """The stored response for ``host`` and ``path`` (with its query), if it is still current:
    ``(content, content type, content language)``. A page counts only if it was stored under its
    site's tokens that are current now, so publishing anything on the site (or changing the site,
    its hostname included) makes it stale at once."""
    page_key = _page_key(host, path)
    guess = _HOST_SITES.get(host)
    keys = [page_key, ALL_SITES_GENERATION_KEY]
    if guess is not None:
        keys.append(GENERATION_KEY.format(site_id=guess))
    found = cache.get_many(keys)
    stored = found.get(page_key)
    if stored is None or ALL_SITES_GENERATION_KEY not in found:
        return None
    site_id, generation, content, content_type, language = stored
    site_key = GENERATION_KEY.format(site_id=site_id)
    if site_id != guess:
        _HOST_SITES[host] = site_id
        site_generation_now = cache.get(site_key)
    else:
        site_generation_now = found.get(site_key)
    if generation != f"{site_generation_now}.{found[ALL_SITES_GENERATION_KEY]}":
        return None
    return content, content_type, language


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
    generation = None if site is None else request_site_generation(request, site.pk)
    response = serve(request, *args, **kwargs)
    if site is None:
        return response
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    if response.status_code == 200 and not response.cookies:
        host = request.get_host()
        key = _page_key(host, request.get_full_path())
        cache.set(
            key,
            (site.pk, generation, response.content, response["Content-Type"],
             response.get("Content-Language", "")),
            CACHE_SECONDS,
        )  # fmt: skip
        response["X-Cache"] = "MISS"
    return response


def hit_response(content: bytes, content_type: str, language: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if language:
        response["Content-Language"] = language
    # What the middlewares skipped by this early answer would have added.
    response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    response["X-Cache"] = "HIT"
    return response


class PageCacheMiddleware:
    """Answer anonymous GETs of cached CSO pages before any URL routing or database query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _anonymous_request(request):
            cached = cached_page(request.get_host(), request.get_full_path())
            if cached is not None:
                return hit_response(*cached)
        return self.get_response(request)


class CachedPageApplication:
    """WSGI: answer a cached CSO page before Django's request handling starts.

    The same lookup as ``PageCacheMiddleware`` (which stays, for the requests this does not take),
    without what a hit does not need: the request signals (which check every database connection),
    the middleware chain and its own cache reads (host check, own-domain redirect). Only what the
    full path would have answered identically is taken here: a GET or HEAD with a host that a
    stored page was served under (so it passed the host check then; changing a site's hostname or
    domain replaces its token), without a session or messages cookie, and not a plain-HTTP request
    that would be redirected to HTTPS. The response passes through Django's own
    ``SecurityMiddleware`` for the same headers; anything unusual goes to Django."""

    def __init__(self, application):
        from django.middleware.security import SecurityMiddleware

        self.application = application
        self.security = SecurityMiddleware(lambda request: None)

    def __call__(self, environ, start_response):
        response = self._hit(environ) if environ.get("HTTP_HOST") else None
        if response is None:
            return self.application(environ, start_response)
        status = f"{response.status_code} {response.reason_phrase}"
        headers = [*response.items()]
        start_response(status, headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [response.content]

    def _hit(self, environ):
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        from django.core.handlers.wsgi import WSGIRequest

        request = WSGIRequest(environ)
        if not _anonymous_request(request):
            return None
        if self.security.process_request(request) is not None:
            return None  # the HTTPS redirect: Django answers it
        try:
            host = request.get_host()
        except Exception:  # noqa: BLE001 - DisallowedHost and the like: Django answers it
            return None
        cached = cached_page(host, request.get_full_path())
        if cached is None:
            return None
        response = hit_response(*cached)
        response["Content-Length"] = str(len(response.content))
        return self.security.process_response(request, response)
