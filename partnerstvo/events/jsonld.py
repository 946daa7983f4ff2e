"""schema.org ``Event`` of an event's public page, written with ``core.jsonld``: its status, how
one attends, where (a ``Place`` or a ``VirtualLocation``, never the online link itself: that is
for confirmed participants) and who organises it. Nothing about participants."""

from __future__ import annotations

from django.conf import settings
from django.utils.text import Truncator

from partnerstvo.core.dates import machine_datetime

from .models import Event

SCHEMA = "https://schema.org/"

ATTENDANCE_MODES = {
    Event.Format.IN_PERSON: "OfflineEventAttendanceMode",
    Event.Format.ONLINE: "OnlineEventAttendanceMode",
    Event.Format.HYBRID: "MixedEventAttendanceMode",
}


def _place(event: Event) -> dict:
    place = {"@type": "Place", "name": event.venue}
    if event.municipality_id:
        place["address"] = {
            "@type": "PostalAddress",
            "addressLocality": event.municipality.name,
            "addressCountry": "BG",
        }
    return place


def _location(event: Event, *, url: str):
    virtual = {"@type": "VirtualLocation", "url": url}
    if event.format == Event.Format.ONLINE or not event.venue:
        return virtual
    if event.format == Event.Format.HYBRID:
        return [_place(event), virtual]
    return _place(event)


def _organizer(organiser, *, request) -> dict:
    if organiser.organisation_id:
        organisation = organiser.organisation
        return {
            "@type": "Organization",
            "name": organisation.name,
            "url": request.build_absolute_uri(organisation.get_absolute_url()),
        }
    return {"@type": "GovernmentOrganization", "name": organiser.administration.name}


def event_data(event: Event, *, request) -> dict:
    """``Event`` for one event (its organisers prefetched)."""
    url = request.build_absolute_uri(event.get_absolute_url())
    organizers = [_organizer(o, request=request) for o in event.organisers.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": Truncator(event.summary or event.description).chars(500),
        "startDate": machine_datetime(event.starts_at),
        "endDate": machine_datetime(event.ends_at),
        "eventStatus": f"{SCHEMA}{'EventCancelled' if event.is_cancelled else 'EventScheduled'}",
        "eventAttendanceMode": f"{SCHEMA}{ATTENDANCE_MODES[event.format]}",
        "location": _location(event, url=url),
        "url": url,
        "inLanguage": settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
    }
    if organizers:
        data["organizer"] = organizers if len(organizers) > 1 else organizers[0]
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    return data
