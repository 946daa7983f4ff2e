"""iCalendar (RFC 5545) files of events, written with the ``icalendar`` package: one event's
file (the confirmation e-mail's attachment, the event page's "add to calendar") and the feeds
(everything, per municipality, per organisation). The online link is written only into the file
a confirmed participant receives, never into a public one."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.text import Truncator

from .models import Event

if TYPE_CHECKING:
    import icalendar

# icalendar is imported when a file is written, not when the app loads (about 10 MB per web
# worker that only the feeds and confirmations need).

PRODUCT_ID = "-//Partnerstvo//Events//BG"
MIMETYPE = "text/calendar; charset=utf-8"


def location_of(event: Event) -> str:
    """Where, in words: the venue and its municipality; "Online" for an online event."""
    if event.venue:
        town = event.municipality.name if event.municipality_id else ""
        if town and not event.venue.casefold().endswith(town.casefold()):
            return f"{event.venue}, {town}"
        return event.venue
    return "Online"


def event_component(
    event: Event, *, base_url: str, with_online_url: bool = False, stamp=None
) -> icalendar.Event:
    import icalendar

    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{settings.PLATFORM_DOMAIN}")
    component.add("dtstamp", stamp or event.updated_at or timezone.now())
    component.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    component.add("dtend", event.ends_at.astimezone(datetime.UTC))
    component.add("summary", event.title)
    component.add("location", location_of(event))
    url = f"{base_url.rstrip('/')}{event.get_absolute_url()}"
    component.add("url", url)
    description = [Truncator(event.summary or event.description).chars(1000)]
    if with_online_url and event.online_url:
        description.append(event.online_url)
    description.append(url)
    component.add("description", "\n\n".join(part for part in description if part))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if event.is_cancelled and event.cancellation_reason:
        component.add("comment", event.cancellation_reason)
    return component


def calendar(
    events: Iterable[Event], *, base_url: str, name: str = "", with_online_url: bool = False
) -> bytes:
    """A VCALENDAR with one VEVENT per event (their municipality loaded), as bytes."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for event in events:
        cal.add_component(
            event_component(event, base_url=base_url, with_online_url=with_online_url, stamp=stamp)
        )
    return cal.to_ical()
