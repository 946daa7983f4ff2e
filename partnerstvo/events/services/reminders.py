"""Reminders: a day before an event, everyone with a confirmed place is reminded of it."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import user_can

from .. import emails
from ..models import Event, Registration


@transaction.atomic
def registration_reminders_send(*, actor, now=None, ahead=datetime.timedelta(hours=24)) -> int:
    """Remind the confirmed participants of each published event that starts within ``ahead``
    and has had no reminder yet (each event once). Run hourly by the scheduler as SYSTEM.
    Returns the number of events reminded."""
    if not user_can(actor, "manage_registrations", Event):
        raise PermissionDenied
    now = now or timezone.now()
    events = list(
        Event.objects.select_for_update(skip_locked=True).filter(
            status=Event.Status.PUBLISHED,
            starts_at__gt=now,
            starts_at__lte=now + ahead,
            reminder_sent_at__isnull=True,
        )
    )
    for event in events:
        registration_ids = list(
            Registration.objects.filter(
                event_id=event.pk, status=Registration.Status.CONFIRMED
            ).values_list("pk", flat=True)
        )
        event.reminder_sent_at = now
        event.save(update_fields=["reminder_sent_at"])
        Registration.objects.filter(pk__in=registration_ids).update(reminder_sent_at=now)
        audit_log(
            actor=actor,
            action="events.event.reminded",
            instance=event,
            data={"recipients": len(registration_ids)},
        )
        # Notices, recorded in this transaction and e-mailed (or queued for a digest) on commit.
        emails.send_reminders(event.pk, registration_ids)
    return len(events)
