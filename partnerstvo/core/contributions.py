"""What the platform already knows about an organisation, told by the apps that know it.

Each app registers a contributor in its ``AppConfig.ready``: ``@register("events")`` on a function
``(organisation, *, limit) -> list[Contribution]``. Readers (the CSO websites' activities and
partnerships sections, ``websites.contributions.contributions_for``) ask the registry, so a
contributing app never imports its readers and nothing is copied: a site is current the moment
the record changes. Kinds: events, trainings, consultations, practices (activities) and
agreements (partnerships).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

# Sent (sender: the model) when a record that a contributor reads is saved or deleted, so that
# readers holding copies (the CSO websites' page cache) can refresh them at once.
contributions_changed = Signal()


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
    """Register a contributor of ``kind``. ``sources``: the models it reads; a save or delete of
    any of them sends ``contributions_changed``, so a reader that caches (the CSO websites) stays
    "current the moment the record changes"."""

    def decorator(function: Contributor) -> Contributor:
        _contributors.setdefault(kind, [])
        if function not in _contributors[kind]:
            _contributors[kind].append(function)
        for model in sources:
            for signal in (post_save, post_delete):
                signal.connect(
                    _source_changed, sender=model, dispatch_uid=f"contributions-{model._meta.label}"
                )
        return function

    return decorator


def _source_changed(sender, **kwargs) -> None:
    contributions_changed.send(sender=sender)


def unregister(kind: str, function: Contributor) -> None:
    if function in _contributors.get(kind, []):
        _contributors[kind].remove(function)


def contributors(kinds=None) -> list[Contributor]:
    """The registered contributors of the given kinds (all when None)."""
    return [
        function
        for kind, functions in _contributors.items()
        if kinds is None or kind in kinds
        for function in functions
    ]
