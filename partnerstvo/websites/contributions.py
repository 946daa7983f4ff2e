"""What the platform already knows about a CSO, shown on its website by itself.

Each app registers a contributor: ``@register("events")`` on a function
``(organisation, *, limit) -> list[Contribution]``. The website's activities and partnerships
sections ask ``contributions_for(organisation, kinds=...)``; nothing is copied, so the site is
current the moment the record changes. Kinds: events, trainings, consultations, practices
(activities) and agreements (partnerships).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete, post_save

ACTIVITY_KINDS = ("events", "trainings", "consultations", "practices")
PARTNERSHIP_KINDS = ("agreements",)


@dataclass(frozen=True)
class Contribution:
    kind: str
    title: str
    date: datetime.date | None
    url: str = ""
    summary: str = ""


Contributor = Callable[..., list[Contribution]]
_contributors: dict[str, list[Contributor]] = {}


def register(kind: str, *, sources: tuple[type[models.Model], ...] = ()):
    """Register a contributor of ``kind``. ``sources``: the models it reads; a save or delete
    of any of them purges every site's cached pages (which show contributions), so the site stays
    "current the moment the record changes" with the cache as without it."""

    def decorator(function: Contributor) -> Contributor:
        _contributors.setdefault(kind, [])
        if function not in _contributors[kind]:
            _contributors[kind].append(function)
        for model in sources:
            for signal in (post_save, post_delete):
                signal.connect(
                    _source_changed, sender=model, dispatch_uid=f"websites-contributions-{model}"
                )
        return function

    return decorator


def _source_changed(sender, **kwargs) -> None:
    from .caching import purge_all_sites

    purge_all_sites()


def unregister(kind: str, function: Contributor) -> None:
    if function in _contributors.get(kind, []):
        _contributors[kind].remove(function)


def contributions_for(organisation, *, kinds=None, limit: int = 20) -> list[Contribution]:
    """The newest contributions of the given kinds (all when None), newest first."""
    items: list[Contribution] = []
    for kind, functions in _contributors.items():
        if kinds is not None and kind not in kinds:
            continue
        for function in functions:
            items.extend(function(organisation, limit=limit))
    items.sort(key=lambda item: item.date or datetime.date.min, reverse=True)
    return items[:limit]
