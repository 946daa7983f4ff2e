"""Host validation that knows the CSO sites' own domains.

Django's ALLOWED_HOSTS is a fixed list, but every CSO may bring its own domain. Django's own check
is therefore opened (ALLOWED_HOSTS = ["*"]) and this middleware, first in the chain, enforces the
real rule: the platform's hosts (PARTNERSTVO_ALLOWED_HOSTS, same syntax as ALLOWED_HOSTS) or the
hostname of a Wagtail site. Unknown hosts get 400, as Django would answer.
"""

from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest
from django.http.request import split_domain_port, validate_host
from django.utils.translation import gettext_lazy as _

from .http import raw_host

CACHE_SECONDS = 60


def _is_site_hostname(domain: str) -> bool:
    key = f"core:site-host:{domain}"
    known = cache.get(key)
    if known is None:
        from wagtail.models import Site

        known = Site.objects.filter(hostname=domain).exists()
        cache.set(key, known, CACHE_SECONDS)
    return known


def forget_site_hostname(domain: str) -> None:
    cache.delete(f"core:site-host:{domain}")


class SiteHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        domain, _port = split_domain_port(raw_host(request))
        allowed = settings.PARTNERSTVO_ALLOWED_HOSTS
        if not domain or not (validate_host(domain, allowed) or _is_site_hostname(domain)):
            return HttpResponseBadRequest("Bad Request (400)", content_type="text/plain")
        return self.get_response(request)


class NulByteMiddleware:
    """A NUL byte in the address is never legitimate, and PostgreSQL refuses it in text: answer
    400 at the door instead of a database error deep inside any view that looks it up.

    It raises BadRequest rather than answering itself, so the answer is the URLconf's
    ``handler400``: the API's JSON error under /api/, the site's page elsewhere."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote_plus(request.META.get("QUERY_STRING", "")):
            raise BadRequest(_("The address contains a NUL character, which is never valid."))
        return self.get_response(request)
