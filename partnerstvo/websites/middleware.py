"""A CSO that brought its own domain is still reachable at its platform address, by redirect."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect
from django.http.request import split_domain_port

from partnerstvo.core.absolute_urls import host_origin

CACHE_SECONDS = 300
KEY = "websites:own-domain:{slug}"


def forget_own_domain(slug: str) -> None:
    cache.delete(KEY.format(slug=slug))


def _own_domain(slug: str) -> str:
    key = KEY.format(slug=slug)
    domain = cache.get(key)
    if domain is None:
        from .models import CsoWebsite

        domain = (
            CsoWebsite.objects.filter(organisation__slug=slug)
            .values_list("custom_domain", flat=True)
            .first()
        ) or ""
        cache.set(key, domain, CACHE_SECONDS)
    return domain


class OwnDomainRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        domain, _port = split_domain_port(request.get_host())
        suffix = f".{settings.PLATFORM_DOMAIN}"
        if domain.endswith(suffix):
            slug = domain.removesuffix(suffix)
            if slug and "." not in slug:
                own = _own_domain(slug)
                if own and own != domain:
                    return HttpResponsePermanentRedirect(
                        f"{host_origin(own, request)}{request.get_full_path()}"
                    )
        return self.get_response(request)
