"""Helpers shared by the services modules: counting seats and giving free ones to the waiting
list (registration cancels and event changes both free seats)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from partnerstvo.core.audit import audit_log, snapshot

from .. import emails
from ..models import Event, Registration

Status = Registration.Status


def seats_taken(event: Event) -> int:
    return Registration.objects.filter(event_id=event.pk, status=Status.CONFIRMED).count()


def has_free_seat(event: Event) -> bool:
    return event.capacity is None or seats_taken(event) < event.capacity


def promote_waiting(*, event: Event, actor) -> list[Registration]:
    """Give the free seats to the waiting list, first come first served, and e-mail each person
    promoted their confirmation. Call with the event row locked (``select_for_update``)."""
    waiting = Registration.objects.filter(event_id=event.pk, status=Status.WAITING).order_by(
        "waiting_since", "pk"
    )
    if event.capacity is not None:
        free = event.capacity - seats_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_for_update())
    now = timezone.now()
    for registration in promoted:
        before = snapshot(registration, ["status"])
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        audit_log(
            actor=actor,
            action="events.registration.promoted",
            instance=registration,
            before=before,
            after=snapshot(registration, ["status"]),
        )
        transaction.on_commit(lambda pk=registration.pk: emails.send_promotion(pk))
    return promoted
