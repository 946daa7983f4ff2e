"""Background work of events (django-tasks): the reminders a day before an event."""

from __future__ import annotations

from django_tasks import task

from partnerstvo.core.permissions import SYSTEM

from .services import registration_reminders_send


@task()
def send_registration_reminders() -> int:
    """Remind the confirmed participants of the events starting within a day (each event
    once). Enqueued hourly by the scheduler (``manage.py run_scheduler``); returns how many
    events."""
    return registration_reminders_send(actor=SYSTEM)


@task()
def announce_new_event(event_id: int) -> int:
    """Tell the people subscribed to new events near it that ``event_id`` is published; enqueued
    when the transaction that publishes it commits. Returns how many were told."""
    from .services.events import event_announce

    return event_announce(event_id=event_id)
