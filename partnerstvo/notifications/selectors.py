"""Reads of the notifications app: who is subscribed to what."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Model, Q, QuerySet

from partnerstvo.directory.models import Municipality, Person

from .models import Subscription


def _ids(municipality):
    """The municipalities' ids: a list, or a subquery when given a queryset (still one query)."""
    if municipality is None:
        return []
    if isinstance(municipality, QuerySet):
        return municipality.values("pk")
    if isinstance(municipality, (Model, int)):
        municipality = [municipality]
    return [m.pk if isinstance(m, Municipality) else int(m) for m in municipality if m is not None]


def subscribers(
    *,
    topic: str,
    municipality: Municipality | int | Iterable | None,
    area: str | Iterable[str] = "",
) -> QuerySet[Person]:
    """The people subscribed to ``topic`` for ``municipality`` (a municipality, its id, several
    of them meaning "any of these", or ``None`` for a thing in no municipality) or for all
    municipalities, and for ``area`` (one, or several meaning "any of these") or all areas. One
    query when evaluated; each person once, however many of their subscriptions match."""
    where = Q(municipality__isnull=True)
    ids = _ids(municipality)
    if isinstance(ids, QuerySet) or ids:
        where |= Q(municipality_id__in=ids)
    wanted = [area] if isinstance(area, str) else [a for a in area if a]
    areas = Q(area="")
    if any(wanted):
        areas |= Q(area__in=[a for a in wanted if a])
    # A semi-join driven by the subscriptions' (topic, municipality) index, not a scan of people.
    matching = Subscription.objects.filter(where, areas, topic=topic).values("person_id")
    return Person.objects.filter(pk__in=matching)


def subscriptions_of(person: Person) -> QuerySet[Subscription]:
    """A person's subscriptions, with their municipalities."""
    return Subscription.objects.filter(person=person).select_related("municipality")


__all__ = ["subscribers", "subscriptions_of"]
