"""Check-in and attendance: the codes an organiser's phone scanned (perhaps offline, synced
later), and the attendance (present, absent, excused) organisers set for the minutes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from partnerstvo.core.audit import audit_log
from partnerstvo.core.permissions import require

from ..models import Event, Registration

SOURCES = set(Registration.CheckinSource.values)
MAX_BATCH = 500
# A phone's clock may be a little ahead; a scan "from the future" beyond this is clamped to now.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _scanned_at(value, *, now: datetime.datetime) -> datetime.datetime:
    try:
        moment = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:  # well formed but impossible (a 13th month): the time of the sync
        moment = None
    if moment is None:
        return now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return min(moment, now) if moment > now + CLOCK_SKEW else moment


@transaction.atomic
def checkin_sync(*, actor, event: Event, scans: Iterable[Mapping]) -> dict[str, list[str]]:
    """Record the check-ins an organiser's page scanned or picked by name: each scan is
    ``{"code": ..., "at": ISO time, "source": "scan" | "search"}``. The event's organisers.

    Idempotent: a code already checked in stays one check-in, whoever sends it again and however
    often; the earliest scan wins (its time, its organiser, its way). Returns the codes that
    were ``new``, ``duplicate``, ``unknown`` (not a code of this event) and ``refused`` (the
    registration is cancelled or on the waiting list). A confirmed participant checked in is
    present unless an organiser already set their attendance."""
    require(actor, "check_in", event)
    scans = list(scans)
    if len(scans) > MAX_BATCH:
        raise ValidationError(
            _("Send at most %(count)s check-ins at a time.") % {"count": MAX_BATCH},
            code="too_many",
        )
    now = timezone.now()
    earliest: dict[str, tuple[datetime.datetime, str]] = {}
    order: list[str] = []
    for scan in scans:
        if not isinstance(scan, Mapping) or not isinstance(scan.get("code"), str):
            raise ValidationError(_("Every check-in needs a code."), code="no_code")
        code = scan["code"].strip()[:64]
        source = scan.get("source")
        source = source if isinstance(source, str) and source in SOURCES else "scan"
        at = _scanned_at(scan.get("at"), now=now)
        if code not in earliest:
            order.append(code)
            earliest[code] = (at, source)
        elif at < earliest[code][0]:
            earliest[code] = (at, source)
    registrations = {
        registration.checkin_code: registration
        for registration in Registration.objects.select_for_update().filter(
            event=event, checkin_code__in=order
        )
    }
    result: dict[str, list[str]] = {"new": [], "duplicate": [], "unknown": [], "refused": []}
    checked_by = actor if getattr(actor, "pk", None) else None
    for code in order:
        registration = registrations.get(code)
        if registration is None:
            result["unknown"].append(code)
            continue
        if not registration.is_confirmed:
            result["refused"].append(code)
            continue
        at, source = earliest[code]
        if registration.checked_in_at is not None:
            result["duplicate"].append(code)
            if at >= registration.checked_in_at:
                continue
            action = "events.registration.checkin_earlier"
        else:
            result["new"].append(code)
            action = "events.registration.checked_in"
        before = registration.checked_in_at
        registration.checked_in_at = at
        registration.checked_in_by = checked_by
        registration.checkin_source = source
        fields = ["checked_in_at", "checked_in_by", "checkin_source"]
        if not registration.attendance:
            registration.attendance = Registration.Attendance.PRESENT
            fields.append("attendance")
        registration.save(update_fields=fields)
        audit_log(
            actor=actor,
            action=action,
            instance=registration,
            before={"checked_in_at": before.isoformat() if before else None},
            after={"checked_in_at": at.isoformat(), "source": source},
            data={"event": event.pk},
        )
    return result


@transaction.atomic
def attendance_set(*, actor, event: Event, marks: Mapping[int, str]) -> int:
    """Set the attendance of the event's confirmed participants (registration id -> present,
    absent, excused or "" for not marked). The event's organisers. Registrations of other
    events, or not confirmed, are refused and nothing changes. Returns the changed count."""
    require(actor, "manage_minutes", event)
    allowed = {"", *Registration.Attendance.values}
    if any(value not in allowed for value in marks.values()):
        raise ValidationError(_("Attendance is present, absent or excused."), code="attendance")
    registrations = {
        registration.pk: registration
        for registration in Registration.objects.select_for_update().filter(
            event=event, status=Registration.Status.CONFIRMED, pk__in=list(marks)
        )
    }
    if len(registrations) != len(marks):
        raise ValidationError(
            _("Some of the people marked are not confirmed participants of this event."),
            code="not_participant",
        )
    changed = 0
    for pk, value in marks.items():
        registration = registrations[pk]
        if registration.attendance == value:
            continue
        before = registration.attendance
        registration.attendance = value
        registration.save(update_fields=["attendance"])
        audit_log(
            actor=actor,
            action="events.registration.attendance",
            instance=registration,
            before={"attendance": before},
            after={"attendance": value},
            data={"event": event.pk},
        )
        changed += 1
    return changed
