"""Absolute URLs with the scheme and port the platform is really served on.

Wagtail builds a page's absolute URL from its ``Site`` record: the hostname, the port, and
``http`` unless the port is 443. But every site of the platform is served by the same servers on
the same scheme and port (``runserver`` on :8000 in the demo, HTTPS behind a proxy in production),
so a site record is only trusted for its hostname. Scheme and port come from the request
(``request.scheme`` honours ``SECURE_PROXY_SSL_HEADER``; the Host header carries the port the
visitor used), or, where there is no request (e-mails, tasks, commands, Wagtail's admin links),
from the one configured base, ``settings.PLATFORM_BASE_URL``. The default site (the portal)
answers every host nobody else claims, so its own hostname means nothing: it is reached at the
request's host when it serves the request, at the base URL's host otherwise.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.http.request import split_domain_port

DEFAULT_PORTS = {"http": "80", "https": "443"}
REQUEST_DEFAULT_SITE = "_partnerstvo_default_site_id"


def _join(scheme: str, hostname: str, port: str | None) -> str:
    if port and port != DEFAULT_PORTS.get(scheme):
        return f"{scheme}://{hostname}:{port}"
    return f"{scheme}://{hostname}"


def _base() -> tuple[str, str, str | None]:
    """(scheme, hostname, port) of ``PLATFORM_BASE_URL``."""
    parts = urlsplit(settings.PLATFORM_BASE_URL)
    port = str(parts.port) if parts.port else None
    return parts.scheme or "http", parts.hostname or settings.PLATFORM_DOMAIN, port


def platform_url(path: str = "/") -> str:
    """An address on the portal where there is no request (e-mails, tasks, commands)."""
    scheme, hostname, port = _base()
    return _join(scheme, hostname, port) + path


def portal_url(path: str = "/", request=None) -> str:
    """An address on the portal (the default site), e.g. a platform record linked from a CSO
    site: the portal's host with the request's scheme and port. Absolute URLs pass through."""
    if path.startswith(("http://", "https://")):
        return path
    request = request if isinstance(request, HttpRequest) else None
    if request is None:
        return platform_url(path)
    site_id = _default_site_id(request)
    return site_origin(site_id=site_id, hostname="", request=request, is_default=True) + path


def request_origin(request: HttpRequest) -> str:
    """``scheme://host[:port]`` exactly as the visitor reached this request."""
    return f"{request.scheme}://{request.get_host()}"


def _default_site_id(request) -> int | None:
    from wagtail.models import Site

    if request is not None and hasattr(request, REQUEST_DEFAULT_SITE):
        return getattr(request, REQUEST_DEFAULT_SITE)
    site_id = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    if request is not None:
        setattr(request, REQUEST_DEFAULT_SITE, site_id)
    return site_id


def site_origin(
    *, site_id: int, hostname: str, request=None, is_default: bool | None = None
) -> str:
    """``scheme://host[:port]`` of a Wagtail site, for links made while serving ``request``."""
    from wagtail.models import Site

    request = request if isinstance(request, HttpRequest) else None
    if request is not None:
        serving = Site.find_for_request(request)
        if serving is not None and serving.pk == site_id:
            return request_origin(request)
    if is_default is None:
        is_default = site_id == _default_site_id(request)
    if is_default:
        hostname = _base()[1]
    return host_origin(hostname, request)


def host_origin(hostname: str, request=None) -> str:
    """``scheme://hostname[:port]`` with the scheme and port of ``request``, or of
    ``PLATFORM_BASE_URL`` without one: every host of the platform is served on both."""
    if not isinstance(request, HttpRequest):
        base_scheme, _hostname, base_port = _base()
        return _join(base_scheme, hostname, base_port)
    _domain, port = split_domain_port(request.get_host())
    return _join(request.scheme, hostname, port or None)


def site_root_url(site, request=None) -> str:
    """The home address of ``site`` (with the trailing slash its home page has)."""
    origin = site_origin(
        site_id=site.pk, hostname=site.hostname, request=request, is_default=site.is_default_site
    )
    return origin + "/"


REQUEST_SITE_INDEX = "_partnerstvo_site_index"
# Replaced whenever the sites' root paths may change (``sites_changed``): a site saved or deleted,
# a page moved or its slug changed (its url_path, and its descendants', follow). Each process keeps
# the index it built under the token it read first, so a request costs one small cache read
# instead of unpickling every site's root path, and an index built before a change is never used
# after it.
SITES_TOKEN_KEY = "core:sites:token"  # noqa: S105 - a cache key, not a password
_process_index: tuple[str, SiteIndex] | None = None


def sites_token() -> str:
    token = cache.get(SITES_TOKEN_KEY)
    if token is None:
        cache.add(SITES_TOKEN_KEY, uuid.uuid4().hex, None)
        token = cache.get(SITES_TOKEN_KEY)
    return token


def _replace_sites_token() -> None:
    cache.set(SITES_TOKEN_KEY, uuid.uuid4().hex, None)


def sites_changed(**kwargs) -> None:
    """Every process's index of the sites is stale: now, and again when the transaction commits
    (a process that read the database before the commit may have built one from the old state
    under the token of now). A signal receiver (``CoreConfig.ready``)."""
    _replace_sites_token()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_replace_sites_token)


def _site_root_paths() -> list:
    """Wagtail's ``Site.get_site_root_paths()``, read from the database: Wagtail's own cached copy
    is cleared inside the transaction that changes a site, so a process reading it between then
    and the commit could store the old list again, and this index would keep it."""
    from wagtail.models import Site
    from wagtail.models.sites import SiteRootPath

    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Site.get_site_root_paths()
    rows = Site.objects.order_by(
        "-root_page__url_path", "-is_default_site", "hostname"
    ).values_list(
        "pk", "hostname", "port", "root_page__url_path", "root_page__locale__language_code"
    )
    return [
        SiteRootPath(pk, url_path, Site(hostname=hostname, port=port).root_url, language)
        for pk, hostname, port, url_path, language in rows
    ]


class SiteIndex:
    """``Site.get_site_root_paths()`` arranged by root path, so that a page's sites are found by
    looking up the prefixes of its own path (as many lookups as the page is deep) instead of
    scanning every site for every link, which is what Wagtail's ``get_url_parts`` does: with
    1,000 sites and some twenty links a page, 20,000 comparisons per render, growing with every
    CSO that joins."""

    def __init__(self, root_paths):
        self.by_root_path: dict[str, list] = {}
        for root_path in root_paths:
            self.by_root_path.setdefault(root_path.root_path, []).append(root_path)
        self.site_count = len({root_path.site_id for root_path in root_paths})

    def sites_of(self, url_path: str) -> list:
        """The site root paths ``url_path`` lies under, most specific first, in the order of
        ``Site.get_site_root_paths()`` (which sorts by root path, descending: of two prefixes of
        one path, the longer sorts first)."""
        found = []
        end = len(url_path)
        while end > 0:
            found.extend(self.by_root_path.get(url_path[:end], ()))
            end = url_path.rfind("/", 0, end - 1) + 1
        return found

    @classmethod
    def current(cls) -> SiteIndex:
        """This process's index, rebuilt when the sites' token has been replaced since."""
        global _process_index  # one per process, replaced whole (so thread-safe)
        token = sites_token()
        kept = _process_index
        if kept is not None and kept[0] == token:
            return kept[1]
        index = cls(_site_root_paths())
        _process_index = (token, index)
        return index

    @classmethod
    def for_request(cls, request=None, holder=None) -> SiteIndex:
        """One index per request (or per page object, without a request), as Wagtail keeps its
        list of root paths: the same one for the whole request, whatever changes meanwhile. A
        request (a page being served, the hot path) takes this process's index; without one
        (signals, commands, e-mails) the index is built from Wagtail's ``get_site_root_paths``."""
        from wagtail.models import Site

        key_holder = request if request is not None else holder
        index = getattr(key_holder, REQUEST_SITE_INDEX, None)
        if index is None:
            index = cls.current() if request is not None else cls(Site.get_site_root_paths())
            setattr(key_holder, REQUEST_SITE_INDEX, index)
        return index


class RequestOriginPageMixin:
    """For page models: absolute URLs (``full_url``, ``get_full_url``, sitemaps, feeds, links to
    other sites) with the scheme and port of the request or of ``PLATFORM_BASE_URL`` instead of
    the port stored on the ``Site`` (Wagtail's documented hook for custom URLs), and the page's
    site found through a ``SiteIndex``. ``get_url_parts`` and ``get_url`` are Wagtail's public,
    overridable methods; they follow Wagtail 7's own, with the index in place of the scan (with
    Wagtail's internationalisation on, which the platform does not use, Wagtail's own run)."""

    def _site_parts(self, request=None):
        from django.urls import NoReverseMatch, reverse
        from wagtail.coreutils import WAGTAIL_APPEND_SLASH
        from wagtail.models import Site

        possible_sites = SiteIndex.for_request(request, holder=self).sites_of(self.url_path)
        if not possible_sites:
            return None
        site_id, root_path, root_url, _language = possible_sites[0]
        if len({values[0] for values in possible_sites}) > 1 and isinstance(request, HttpRequest):
            site = Site.find_for_request(request)
            if site:
                for values in possible_sites:
                    if values[0] == site.pk:
                        site_id, root_path, root_url, _language = values
                        break
        try:
            page_path = reverse("wagtail_serve", args=(self.url_path[len(root_path) :],))
        except NoReverseMatch:
            return (site_id, None, None)
        if not WAGTAIL_APPEND_SLASH and page_path != "/":
            page_path = page_path.rstrip("/")
        return (site_id, root_url, page_path)

    def get_url_parts(self, request=None):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            parts = super().get_url_parts(request=request)
        else:
            parts = self._site_parts(request)
        if parts is None or parts[1] is None:
            return parts
        site_id, root_url, page_path = parts
        hostname = urlsplit(root_url).hostname or ""
        return site_id, site_origin(site_id=site_id, hostname=hostname, request=request), page_path

    def get_url(self, request=None, current_site=None):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            return super().get_url(request=request, current_site=current_site)
        from wagtail.models import Site

        if current_site is None and request is not None:
            current_site = Site.find_for_request(request)
        parts = self.get_url_parts(request=request)
        if parts is None or (parts[1] is None and parts[2] is None):
            return None
        site_id, root_url, page_path = parts
        one_site = SiteIndex.for_request(request, holder=self).site_count == 1
        if (current_site is not None and site_id == current_site.id) or one_site:
            return page_path
        return root_url + page_path

    url = property(get_url)
