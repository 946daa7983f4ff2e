"""Reads of events. Each takes the user (or a person) and shows only what the policies allow.

One module per subdomain; every public name is importable from here: ``calendar`` (the list,
the month grid, an event's page, feeds, sitemap) and ``registration`` (one's own
registrations)."""

from .calendar import (
    MONTH_LIMIT,
    PER_DAY_SHOWN,
    Day,
    MonthGrid,
    Places,
    event_get_for_page,
    event_list,
    event_places,
    feed_events,
    listed_events,
    month_bounds,
    month_grid,
    public_event_list,
    visible_events,
)
from .registration import person_registrations, registration_of

__all__ = [
    "MONTH_LIMIT",
    "PER_DAY_SHOWN",
    "Day",
    "MonthGrid",
    "Places",
    "event_get_for_page",
    "event_list",
    "event_places",
    "feed_events",
    "listed_events",
    "month_bounds",
    "month_grid",
    "person_registrations",
    "public_event_list",
    "registration_of",
    "visible_events",
]
