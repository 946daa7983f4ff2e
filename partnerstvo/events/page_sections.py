"""What other parts of the product add to an event's page, told by the apps that know it.

The event's page is this app's, and the apps above it (good practices presented at the event,
later a council's decisions) may not be imported by it; so the reader owns the registry, as the
CSO websites own theirs (``core.contributions``). An app registers in its ``AppConfig.ready``::

    @page_sections.register("practices", heading=_("Good practices presented"))
    def practices_presented(event) -> list[SectionItem]: ...

Each function costs the page at most one query, whatever the number of items it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SectionItem:
    title: str
    url: str = ""
    summary: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    items: list[SectionItem]


_providers: dict[str, tuple[object, Callable[..., list[SectionItem]]]] = {}


def register(key: str, *, heading):
    """Register ``function(event) -> list[SectionItem]`` under ``key`` (once; a second
    registration of the same key replaces the first, so a reloaded app does not show twice)."""

    def decorator(function):
        _providers[key] = (heading, function)
        return function

    return decorator


def sections_for(event) -> list[Section]:
    """The sections other apps add to ``event``'s page, in registration order; empty ones left
    out."""
    sections = []
    for key, (heading, function) in _providers.items():
        items = function(event)
        if items:
            sections.append(Section(key=key, heading=str(heading), items=list(items)))
    return sections
