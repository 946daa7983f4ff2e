"""The client's address, as far as the platform can trust it."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def client_address(request) -> str:
    """The address of the client that sent ``request``.

    ``X-Forwarded-For`` is written by whoever sends the request, so it is believed only hop by hop
    from the right, and only while the hop that wrote it is one of ``TRUSTED_PROXIES``
    (addresses or networks of our own reverse proxies). With none configured, the address is the
    peer's (``REMOTE_ADDR``), whatever the headers say. The login throttle (django-axes) and the
    contact form's rate limit both key on this.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    address = _parse(remote)
    if address is None or not trusted:
        return remote

    def is_trusted(candidate) -> bool:
        return any(candidate in network for network in trusted)

    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    while is_trusted(address) and hops:
        previous = _parse(hops.pop())
        if previous is None:
            break  # a malformed entry: the last hop we trust is the client as far as we know
        address = previous
    return str(address)


def raw_host(request) -> str:
    """The host the client asked for, before any ``ALLOWED_HOSTS`` check: what Django's
    ``HttpRequest.get_host`` reads (``X-Forwarded-Host`` when ``USE_X_FORWARDED_HOST``, then
    ``Host``, then the server's name and port as PEP 3333 says), for a caller that validates it
    itself (``core.middleware.SiteHostMiddleware``)."""
    meta = request.META
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in meta:
        return meta["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in meta:
        return meta["HTTP_HOST"]
    host = meta["SERVER_NAME"]
    port = request.get_port()
    if port != ("443" if request.is_secure() else "80"):
        host = f"{host}:{port}"
    return host
