"""Who else manages an event, as the domain apps say (events imports none of them).

Events are managed by their organisers (see ``policies.managed_events``). A domain app whose
records hold events may name more managers: coordination councils' secretaries run their
councils' meetings, for example. It registers, from its ``AppConfig.ready``, a callable that
takes the user and returns a queryset of the ids of the events they manage (``values("pk")``
of events or ``values("event_id")`` of the app's rows), or ``None`` for none. Each is a
subquery: checking one event or scoping a list still costs one query."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

Provider = Callable[[object], QuerySet | None]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add ``provider`` (once, however often the app is readied); usable as a decorator."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def extra_managed_event_ids(user) -> list[QuerySet]:
    """The subqueries of the registered providers that give ``user`` any event."""
    return [ids for ids in (provider(user) for provider in _providers) if ids is not None]
