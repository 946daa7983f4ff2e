"""Emptying the cache of this deployment only."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def cache_clear_own_keys() -> None:
    """Delete every key under this deployment's ``KEY_PREFIX``, in every version (Wagtail keeps
    its site root paths under version 2). With Redis, ``cache.clear()`` would send FLUSHDB and
    empty every other user of that database too (parallel test workers, the bench, another
    deployment); without a prefix, or without Redis, it is what ``clear()`` does."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if prefix and hasattr(cache, "delete_pattern"):
        client = cache.client.get_client(write=True)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
