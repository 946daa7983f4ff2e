"""Reads of registrations: one's own registration for an event, and "My events"."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Registration


def registration_of(*, event, person_id: int | None) -> Registration | None:
    """``person_id``'s current (not cancelled) registration for ``event``, if any."""
    if not person_id:
        return None
    return (
        Registration.objects.active()
        .filter(event_id=event.pk, person_id=person_id)
        .select_related("on_behalf_of")
        .first()
    )


def person_registrations(*, person_id: int | None) -> QuerySet[Registration]:
    """A person's registrations, the coming events first (theirs only: the person's own)."""
    if not person_id:
        return Registration.objects.none()
    return (
        Registration.objects.filter(person_id=person_id)
        .select_related("event", "event__municipality", "on_behalf_of")
        .order_by("-event__starts_at", "-pk")
    )
